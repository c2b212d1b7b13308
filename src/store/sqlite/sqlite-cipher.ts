/** @module The cipher an encrypted store uses, set the same way wherever a file is keyed. */
import type { Database } from "better-sqlite3-multiple-ciphers";

/**
 * The ciphers a store file may be encrypted with (SQLite3 Multiple Ciphers' schemes), all
 * authenticated: a changed page is refused, not read.
 *  - `sqlcipher-4`: SQLCipher 4's format — AES-256-CBC pages, each with an HMAC-SHA512 tag,
 *    the header encrypted too. The format other SQLCipher tools read; every data directory
 *    made before the key file named a cipher is in it.
 *  - `aegis-256`: AEGIS-256 (an AES-round AEAD, IETF CFRG draft; 256-bit key, 256-bit nonce,
 *    a 128-bit tag per page), one pass per page instead of two (cipher, then HMAC), using
 *    the CPU's AES instructions where it has them. Chosen for new data directories
 *    (docs/benchmarks.md, "Encryption at rest").
 *  - `chacha20`: sqleet's ChaCha20-Poly1305, the library's own default (one pass too, no AES
 *    instructions needed); measured, kept so the benchmark can compare it.
 */
export const STORE_CIPHERS = ["sqlcipher-4", "aegis-256", "chacha20"] as const;
export type StoreCipher = (typeof STORE_CIPHERS)[number];

/** The cipher of a file whose owner named none: every store made before ciphers were named. */
export const LEGACY_STORE_CIPHER: StoreCipher = "sqlcipher-4";

/** The cipher new data directories take. */
export const NEW_STORE_CIPHER: StoreCipher = "aegis-256";

/** True for a name of a cipher this build can open. */
export function isStoreCipher(name: unknown): name is StoreCipher {
  return (STORE_CIPHERS as readonly unknown[]).includes(name);
}

const PRAGMAS: Record<StoreCipher, readonly string[]> = {
  "sqlcipher-4": ["cipher = 'sqlcipher'", "legacy = 4"],
  // The key given is raw (32 random bytes), so the scheme's Argon2 never runs.
  "aegis-256": ["cipher = 'aegis'", "algorithm = 'aegis-256'"],
  chacha20: ["cipher = 'chacha20'"],
};

/** The pragmas that select `cipher` on a connection, before its key. */
export function cipherPragmas(cipher: StoreCipher): readonly string[] {
  return PRAGMAS[cipher];
}

/** Selects `cipher` for the connection. Must run before the key is given. */
export function applyCipher(
  db: Pick<Database, "pragma">,
  cipher: StoreCipher = LEGACY_STORE_CIPHER,
): void {
  for (const pragma of PRAGMAS[cipher]) db.pragma(pragma);
}
