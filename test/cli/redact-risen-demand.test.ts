/**
 * Redaction reaches a demand's words on the council it rose to, from the command line: the
 * depot adopts a demand whose title and text hold an address, its attester forwards it to the
 * town council, the depot's chair redacts the motion, and `kenges attest` carries the
 * redaction up. The council's demand stands with its support and no words; no byte of the store
 * (read through its key, free pages included) holds them, and `kenges verify` passes.
 */
import {
  copyFileSync,
  existsSync,
  mkdtempSync,
  readFileSync,
  rmSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3-multiple-ciphers";
import { afterAll, expect, it } from "vitest";
import { dataSubkey, unwrapDataKey } from "../../src/at-rest/index.js";
import { dataDirStoreCipher } from "../../src/cli/data-key.js";
import { applyCipher } from "../../src/store/sqlite/sqlite-cipher.js";
import { rawKey } from "../../src/store/sqlite/sqlite-encrypt.js";
import { inProcessCli } from "./support/in-process-cli.js";

const work = mkdtempSync(join(tmpdir(), "kenges-risen-demand-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const dir = join(work, "data");
const run = inProcessCli(work, { prefix: ["--data", dir] });

const TITLE = "Punish the foreman Zhaksylykov";
const TEXT = "He lives at 7 Zheltoksan Street, flat 12.";
const SECRETS = ["Zhaksylykov", "Zheltoksan"];

async function at(who: string | null, ...args: string[]): Promise<string> {
  const r = await run([...(who ? ["--as", who] : []), ...args, "--quiet"]);
  if (r.code !== 0) throw new Error(`${args.join(" ")}: ${r.stderr}`);
  return r.stdout.trim();
}

/** Every page of a copy of the store as plain bytes (the cipher's rekey to no key rewrites all). */
async function storeBytes(): Promise<string> {
  const key = await unwrapDataKey(dir, process.env.KENGES_DATA_PASSPHRASE!);
  const copy = join(work, `copy-${Date.now()}.sqlite`);
  copyFileSync(join(dir, "kenges.sqlite"), copy);
  if (existsSync(join(dir, "kenges.sqlite-wal")))
    copyFileSync(join(dir, "kenges.sqlite-wal"), `${copy}-wal`);
  const db = new Database(copy);
  applyCipher(db, dataDirStoreCipher(dir));
  db.pragma(`key = "${rawKey(dataSubkey(key, "sqlite"))}"`);
  db.pragma("journal_mode = DELETE");
  db.pragma(`rekey = ''`);
  db.close();
  return readFileSync(copy).toString("latin1");
}

it("kenges attest carries the depot's redaction to the council, which keeps the demand without words", async () => {
  await at(null, "init", "--name", "Test");
  const town = await at(
    null,
    "body",
    "create",
    "--kind",
    "council",
    "--name",
    "Town",
  );
  await at(null, "key", "create", "--label", "aigerim");
  const depot = await at(
    "aigerim",
    "body",
    "create",
    "--name",
    "Depot",
    "--founder-name",
    "Aigerim",
    "--endorsements",
    "1",
  );
  await at(null, "body", "link", depot, town, "--attester", "aigerim");
  const motion = await at(
    "aigerim",
    "motion",
    "open",
    depot,
    "--kind",
    "demand",
    "--title",
    TITLE,
    "--text",
    TEXT,
  );
  await at("aigerim", "vote", motion, "yes");
  await at("aigerim", "close", motion);
  await at("aigerim", "demand", "forward", motion, "--council", town);
  const list = JSON.parse(
    (await run(["demand", "list", town, "--json"])).stdout,
  );
  expect(JSON.stringify(list)).toContain("Zheltoksan");

  await at("aigerim", "redact", motion, "--reason", "an address");
  // The depot's own copy is gone; the council's is still there until the redaction rises.
  const before = await storeBytes();
  expect(before).toContain("Zheltoksan");
  const dry = JSON.parse(
    (await run(["--as", "aigerim", "attest", depot, "--dry-run", "--json"]))
      .stdout,
  );
  expect(dry.pending.map((p: { kind: string }) => p.kind)).toContain(
    "redaction",
  );
  const attested = JSON.parse(
    (await run(["--as", "aigerim", "attest", depot, "--json"])).stdout,
  ).attested as { kind: string; effective: boolean; refused: unknown }[];
  expect(attested.find((o) => o.kind === "redaction")).toMatchObject({
    effective: true,
    refused: null,
  });

  const after = JSON.parse(
    (await run(["demand", "list", town, "--json"])).stdout,
  );
  for (const s of SECRETS) expect(JSON.stringify(after)).not.toContain(s);
  expect(after[0]).toMatchObject({ redacted: true, title: {}, text: {} });
  // A member reads that the words were removed, not an empty line.
  const shown = await run(["demand", "list", town]);
  expect(shown.stdout).toContain("(words removed by redaction)");
  const verify = await run(["verify"]);
  expect(verify.code, verify.stderr).toBe(0);
  const bytes = await storeBytes();
  for (const s of SECRETS) expect(bytes).not.toContain(s);
  // Nothing more to carry: the redaction is in effect.
  const left = JSON.parse(
    (await run(["--as", "aigerim", "attest", depot, "--dry-run", "--json"]))
      .stdout,
  );
  expect(left.pending).toEqual([]);
}, 120_000);
