/**
 * Issue 12, the store's cipher: a new data directory's store is encrypted with AEGIS-256, and
 * its key file says so; a directory made before the cipher was recorded (a key file naming
 * none, a store in SQLCipher 4's format) keeps opening and reading, and a wrong passphrase is
 * still refused with its code.
 */
import {
  copyFileSync,
  cpSync,
  existsSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3-multiple-ciphers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createDataKeyFile,
  DATA_KEY_FILE,
  dataSubkey,
  unwrapDataKey,
} from "../../src/at-rest/index.js";
import { dataDirStoreCipher } from "../../src/cli/data-key.js";
import { FOLD_IMAGE_FILE } from "../../src/replica/index.js";
import { encryptSqliteFile, openSqliteStore } from "../../src/store/index.js";
import {
  applyCipher,
  type StoreCipher,
} from "../../src/store/sqlite/sqlite-cipher.js";
import { rawKey } from "../../src/store/sqlite/sqlite-encrypt.js";
import { inProcessCli } from "./support/in-process-cli.js";

const work = mkdtempSync(join(tmpdir(), "kenges-store-cipher-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const fresh = join(work, "fresh");
const older = join(work, "older");
const PASSPHRASE = process.env.KENGES_DATA_PASSPHRASE!;
const BODY_NAME = "Aktau bus depot assembly";

const cliIn = (dir: string, env: Record<string, string> = {}) => {
  const cli = inProcessCli(work, { prefix: ["--data", dir], env });
  return (...args: string[]) => cli(args);
};

async function ok(dir: string, ...args: string[]): Promise<string> {
  const r = await cliIn(dir)(...args, "--quiet");
  if (r.code !== 0) throw new Error(`${args.join(" ")}: ${r.stderr}`);
  return r.stdout.trim();
}

function keyFileJson(dir: string): Record<string, unknown> {
  return JSON.parse(readFileSync(join(dir, DATA_KEY_FILE), "utf8"));
}

/** Decrypts the store file of `dir` in place (rekey to no key): every page rewritten plain. */
function decryptInPlace(file: string, key: Uint8Array, cipher: StoreCipher) {
  const db = new Database(file);
  applyCipher(db, cipher);
  db.pragma(`key = "${rawKey(key)}"`);
  db.pragma("journal_mode = DELETE");
  db.pragma(`rekey = ''`);
  db.close();
}

/**
 * Turns a directory into what an older Kenges made: its store decrypted, then encrypted again
 * in SQLCipher 4's format under a new data key whose key file names no cipher (as older key
 * files did). The fold image, sealed under the old key, goes: it is a cache.
 */
async function asOlderVersionMadeIt(dir: string): Promise<void> {
  const file = join(dir, "kenges.sqlite");
  const key = await unwrapDataKey(dir, PASSPHRASE);
  decryptInPlace(file, dataSubkey(key, "sqlite"), dataDirStoreCipher(dir));
  expect(readFileSync(file).includes(BODY_NAME)).toBe(true);
  rmSync(join(dir, DATA_KEY_FILE));
  rmSync(join(dir, FOLD_IMAGE_FILE), { force: true });
  const old = await createDataKeyFile(dir, PASSPHRASE, {
    scryptN: Number(process.env.KENGES_DATA_SCRYPT_N ?? 2 ** 14),
  });
  encryptSqliteFile(file, dataSubkey(old, "sqlite"), "sqlcipher-4");
}

let body = "";
beforeAll(async () => {
  for (const dir of [fresh, older]) {
    await ok(dir, "init", "--name", "Cipher test", "--founder-name", "Zhanar");
    body = await ok(dir, "body", "create", "--name", BODY_NAME);
  }
  await asOlderVersionMadeIt(older);
}, 120_000);

describe("the store's cipher", () => {
  it("a new directory's key file names AEGIS-256, and its store opens only so", async () => {
    expect(keyFileJson(fresh).storeCipher).toBe("aegis-256");
    expect(dataDirStoreCipher(fresh)).toBe("aegis-256");
    const file = join(fresh, "kenges.sqlite");
    expect(readFileSync(file).subarray(0, 16).toString("latin1")).not.toBe(
      "SQLite format 3\0",
    );
    expect(readFileSync(file).includes(BODY_NAME)).toBe(false);
    const sub = dataSubkey(await unwrapDataKey(fresh, PASSPHRASE), "sqlite");
    // A copy, so that nothing here touches the directory's own files.
    const copy = join(work, "fresh-copy.sqlite");
    copyFileSync(file, copy);
    if (existsSync(`${file}-wal`)) copyFileSync(`${file}-wal`, `${copy}-wal`);
    await expect(
      openSqliteStore(copy, { key: sub, cipher: "sqlcipher-4" }),
    ).rejects.toMatchObject({ code: "SQLITE_NOTADB" });
    const store = await openSqliteStore(copy, {
      key: sub,
      cipher: "aegis-256",
    });
    expect(await store.count()).toBeGreaterThan(0);
    await store.close();
    expect(await ok(fresh, "body", "list")).toContain(BODY_NAME);
  });

  it("a directory an older version made (no cipher in its key file, SQLCipher 4) opens and reads", async () => {
    expect(keyFileJson(older)).not.toHaveProperty("storeCipher");
    expect(dataDirStoreCipher(older)).toBe("sqlcipher-4");
    const file = join(older, "kenges.sqlite");
    expect(readFileSync(file).includes(BODY_NAME)).toBe(false);
    expect(await ok(older, "body", "list")).toContain(BODY_NAME);
    expect(await ok(older, "body", "show", body)).toContain(BODY_NAME);
    // It still writes, in its own cipher.
    await ok(older, "body", "create", "--name", "Second depot");
    expect(await ok(older, "body", "list")).toContain("Second depot");
    expect(dataDirStoreCipher(older)).toBe("sqlcipher-4");
    expect(readFileSync(file).includes("Second depot")).toBe(false);
  });

  it("a changed passphrase keeps the directory's cipher", async () => {
    const cli = cliIn(older, {
      KENGES_DATA_NEW_PASSPHRASE: "a new one, long enough",
    });
    const r = await cli("data", "passphrase", "--quiet");
    if (r.code !== 0) return expect.fail(r.stderr);
    expect(keyFileJson(older)).not.toHaveProperty("storeCipher");
    const again = cliIn(older, {
      KENGES_DATA_PASSPHRASE: "a new one, long enough",
    });
    const list = await again("body", "list");
    expect(list.stdout).toContain(BODY_NAME);
  });

  it("a key file naming a cipher this version does not know is refused with its code", async () => {
    const odd = join(work, "odd");
    cpSync(fresh, odd, { recursive: true });
    const path = join(odd, DATA_KEY_FILE);
    writeFileSync(
      path,
      JSON.stringify({ ...keyFileJson(odd), storeCipher: "rot13" }),
    );
    const r = await cliIn(odd)("body", "list");
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain("DATA_KEY_FILE_MALFORMED");
  });

  it("a wrong passphrase is refused with DATA_PASSPHRASE_WRONG, old directory or new", async () => {
    for (const dir of [fresh, older]) {
      const r = await cliIn(dir, {
        KENGES_DATA_PASSPHRASE: "not the passphrase",
      })("body", "list");
      expect(r.code).toBe(6);
      expect(r.stderr).toContain("DATA_PASSPHRASE_WRONG");
    }
  });
});
