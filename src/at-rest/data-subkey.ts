/**
 * @module One key per use, all from the data key: the store's SQLCipher key and the key that
 * seals each kind of file are unrelated (HKDF-SHA256 with the use as its info), so a key that
 * leaks from one use — SQLite keeps its key in memory in its own form — opens nothing else.
 */
import { hkdfSync } from "node:crypto";

/**
 * The uses of the data key. `registrar-key`: a registrar's private RSA key for one secret
 * motion; `secret-ballot`: a voter's one-time key, blinding secrets and tokens for one;
 * `door-key`: the door key of a meeting convened here (core/meeting/door.ts).
 */
export type DataKeyUse =
  | "sqlite"
  | "fold-image"
  | "demo-keys"
  | "export"
  | "registrar-key"
  | "secret-ballot"
  | "door-key";

const SALT = Buffer.from("kenges-data-key/1", "utf8");

/** The 32-byte key for `use`, derived from the 32-byte data key. */
export function dataSubkey(dataKey: Uint8Array, use: DataKeyUse): Uint8Array {
  if (dataKey.length !== 32) throw new RangeError("data key: 32 bytes");
  return new Uint8Array(hkdfSync("sha256", dataKey, SALT, use, 32));
}
