/** Acting as demo people: their keys as backup files (the CLI's format), imported through the page. */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { sealKey } from "../../../src/cli/keyring.js";
import { fromHex, keyPairFromSecret } from "../../../src/crypto/index.js";
import type { DemoPerson } from "./hub-process.js";

export const PASSPHRASE = "correct horse battery";

/** The first demo person with a role containing `role`. */
export function personWith(
  people: readonly DemoPerson[],
  role: string,
): DemoPerson {
  const p = people.find((x) => x.roles.some((r) => r.includes(role)));
  if (!p) throw new Error(`no demo person with role ${role}`);
  return p;
}

/** Writes a demo person's key as a passphrase-sealed backup file, as `kenges key export` would. */
export function backupFile(dir: string, person: DemoPerson): string {
  const file = join(dir, `${person.label}.key`);
  writeFileSync(
    file,
    sealKey(
      keyPairFromSecret(fromHex(person.secretKey)!),
      person.name,
      PASSPHRASE,
      2 ** 12,
    ),
  );
  return file;
}

/** Brings a demo person's key into the browser through the identity page, and waits for the sign-in. */
export async function signInAs(
  page: Page,
  base: string,
  dir: string,
  person: DemoPerson,
): Promise<void> {
  await page.goto(`${base}/identity`);
  await page
    .locator('input[type="file"]')
    .first()
    .setInputFiles(backupFile(dir, person));
  const form = page
    .locator("form", { has: page.locator('input[type="file"]') })
    .first();
  await form.locator('input[type="password"]').fill(PASSPHRASE);
  await form.locator('button[type="submit"]').click();
  await page.locator(".who", { hasText: person.name }).waitFor();
}
