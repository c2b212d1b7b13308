/**
 * Reading an encrypted data directory from a test, as a command does: the key file unwrapped
 * with the passphrase vitest.config.ts gives every test (KENGES_DATA_PASSPHRASE).
 */
import { join } from "node:path";
import {
  createDataKeyFile,
  dataSubkey,
  unwrapDataKey,
} from "../../../src/at-rest/index.js";
import { dataDirStoreCipher } from "../../../src/cli/data-key.js";
import { readDemoKeysFile } from "../../../src/cli/demo-keys-file.js";
import { openSqliteStore, type Store } from "../../../src/store/index.js";
import { cipherPragmas } from "../../../src/store/sqlite/sqlite-cipher.js";

/** The test passphrase of every data directory the tests make. */
export function testDataPassphrase(): string {
  const passphrase = process.env.KENGES_DATA_PASSPHRASE;
  if (passphrase === undefined)
    throw new Error("KENGES_DATA_PASSPHRASE is not set (vitest.config.ts)");
  return passphrase;
}

/** The data key of a directory a test made. */
export function testDataKey(dir: string): Promise<Uint8Array> {
  return unwrapDataKey(dir, testDataPassphrase());
}

/** The content of a demo directory's sealed demo-keys.json. */
export async function readDemoKeys<T>(dir: string): Promise<T> {
  return readDemoKeysFile(dir, await testDataKey(dir)) as T;
}

/** Opens a store file of `dir` (or a copy of it, `file`) under the directory's key. */
export async function openDirStore(
  dir: string,
  file: string = join(dir, "kenges.sqlite"),
): Promise<Store> {
  return openSqliteStore(file, {
    key: dataSubkey(await testDataKey(dir), "sqlite"),
    cipher: dataDirStoreCipher(dir),
  });
}

/** Keys a raw SQLite connection (better-sqlite3-multiple-ciphers) to the store of `dir`. */
export async function keyRawDatabase(
  db: { pragma(source: string): unknown },
  dir: string,
): Promise<void> {
  const key = dataSubkey(await testDataKey(dir), "sqlite");
  for (const pragma of cipherPragmas(dataDirStoreCipher(dir)))
    db.pragma(pragma);
  db.pragma(`key = "x'${Buffer.from(key).toString("hex")}'"`);
}

/**
 * Makes `dir` (existing, empty) an encrypted data directory as `kenges init` would — a key
 * file under the test passphrase — and opens its new store, for tests that fill a store by hand.
 */
export async function createTestDataDir(dir: string): Promise<Store> {
  const key = await createDataKeyFile(dir, testDataPassphrase(), {
    scryptN: Number(process.env.KENGES_DATA_SCRYPT_N ?? 2 ** 14),
  });
  return openSqliteStore(join(dir, "kenges.sqlite"), {
    key: dataSubkey(key, "sqlite"),
    cipher: dataDirStoreCipher(dir),
  });
}
