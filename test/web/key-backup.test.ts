/** The browser's key backups and the CLI's key files are one format: each opens the other's. */
import { expect, it } from "vitest";
import {
  openSealedKey as cliOpen,
  sealKey as cliSeal,
} from "../../src/cli/keyring.js";
import { generateKeyPair, toHex } from "../../src/crypto/index.js";
import {
  backupFromText,
  backupText,
  openSealedKey as webOpen,
  sealKey as webSeal,
} from "../../web/src/identity/key-backup.js";

it("opens in the CLI what the browser sealed, and the other way round", () => {
  const key = generateKeyPair();
  const fromWeb = webSeal(key, "Nasreen", "a long passphrase");
  expect(toHex(cliOpen(fromWeb, "a long passphrase").publicKey)).toBe(
    toHex(key.publicKey),
  );
  const fromCli = cliSeal(key, "Nasreen", "a long passphrase", 2 ** 12);
  const opened = webOpen(fromCli, "a long passphrase");
  expect(opened.ok && toHex(opened.key.publicKey)).toBe(toHex(key.publicKey));
  expect(opened.ok && opened.label).toBe("Nasreen");
});

it("tells a wrong passphrase from a damaged backup", () => {
  const sealed = webSeal(generateKeyPair(), "x", "right passphrase");
  expect(webOpen(sealed, "wrong passphrase")).toEqual({
    ok: false,
    code: "PASSPHRASE_WRONG",
  });
  expect(webOpen(sealed.slice(0, 20), "right passphrase")).toEqual({
    ok: false,
    code: "SEALED_BOX_MALFORMED",
  });
});

it("carries a backup as text for QR codes and pasting", () => {
  const sealed = webSeal(generateKeyPair(), "x", "right passphrase");
  const text = backupText(sealed);
  expect(text).toMatch(/^kenges-key:[A-Za-z0-9_-]+$/);
  expect(text.length).toBeLessThan(400);
  expect(backupFromText(` ${text}\n`)).toEqual(sealed);
  expect(backupFromText("not a backup!")).toBeNull();
});
