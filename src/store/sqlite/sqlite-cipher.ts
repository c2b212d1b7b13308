/** @module The cipher an encrypted store uses, set the same way wherever a file is keyed. */
import type { Database } from "better-sqlite3-multiple-ciphers";

/**
 * SQLCipher 4's format (AES-256-CBC pages with HMAC-SHA512, the header encrypted too), the
 * format other SQLCipher tools read. Must run before the key is given.
 */
export function applyCipher(db: Database): void {
  db.pragma("cipher = 'sqlcipher'");
  db.pragma("legacy = 4");
}
