/**
 * @module Encrypting an unencrypted SQLite store in place (`kenges data encrypt`, for a data
 * directory an older Kenges made): SQLite3 Multiple Ciphers' rekey rewrites every page under the key.
 */
import Database from "better-sqlite3-multiple-ciphers";
import { applyCipher, type StoreCipher } from "./sqlite-cipher.js";

/**
 * Encrypts the plain store file `path` under the 32-byte `key` with `cipher` (the one its key
 * file records); it must not be open elsewhere.
 */
export function encryptSqliteFile(
  path: string,
  key: Uint8Array,
  cipher: StoreCipher,
): void {
  const db = new Database(path);
  try {
    // The library cannot rekey a database in WAL mode: checkpoint the WAL into the file and
    // leave WAL mode (the store turns it on again when it opens).
    db.pragma("journal_mode = DELETE");
    applyCipher(db, cipher);
    db.pragma(`rekey = "${rawKey(key)}"`);
  } finally {
    db.close();
  }
}

/** The key as SQLCipher's raw-key literal: x'…' (64 hex digits). */
export function rawKey(key: Uint8Array): string {
  if (key.length !== 32) throw new RangeError("sqlite store key: 32 bytes");
  return `x'${Buffer.from(key).toString("hex")}'`;
}
