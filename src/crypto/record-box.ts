/**
 * @module Records sealed one by one under a session key (the browser's replica, outbox and
 * saved pages). The key is derived once per session — with HKDF-SHA256 from a secret the
 * session already opened with the passphrase (the member's key, which scrypt unseals), so
 * unlocking costs one scrypt, not two — and each record is sealed with XChaCha20-Poly1305
 * under a fresh random 24-byte nonce, with the record's place as associated data: a record
 * copied to another place (another store, another key) does not open.
 */
import { xchacha20poly1305 } from "@noble/ciphers/chacha.js";
import { hkdf } from "@noble/hashes/hkdf.js";
import { hmac } from "@noble/hashes/hmac.js";
import { sha256 } from "@noble/hashes/sha2.js";
import { cryptoBackend } from "./backend.js";
import { concatBytes, toHex, utf8 } from "./bytes.js";

/** Bytes of a record key. */
export const RECORD_KEY_BYTES = 32;
const NONCE_BYTES = 24;
const SALT = utf8("kenges-record-key/1");

/**
 * The record key for `purpose` (e.g. "browser-replica") from a 32-byte secret the session
 * holds. Different purposes give unrelated keys; the secret cannot be recovered from a key.
 */
export function deriveRecordKey(
  secret: Uint8Array,
  purpose: string,
): Uint8Array {
  if (secret.length < 32) throw new RangeError("record key: short secret");
  return hkdf(sha256, secret, SALT, utf8(purpose), RECORD_KEY_BYTES);
}

/** Seals one record: nonce (24 bytes) ‖ ciphertext with its 16-byte tag. */
export function sealRecord(
  key: Uint8Array,
  plaintext: Uint8Array,
  place: string,
): Uint8Array {
  const nonce = cryptoBackend().randomBytes(NONCE_BYTES);
  const sealed = xchacha20poly1305(key, nonce, utf8(place)).encrypt(plaintext);
  return concatBytes(nonce, sealed);
}

/** Opens a sealed record; null when it is damaged, of another key, or of another place. */
export function openRecord(
  key: Uint8Array,
  sealed: Uint8Array,
  place: string,
): Uint8Array | null {
  if (sealed.length < NONCE_BYTES + 16) return null;
  try {
    return xchacha20poly1305(
      key,
      sealed.subarray(0, NONCE_BYTES),
      utf8(place),
    ).decrypt(sealed.subarray(NONCE_BYTES));
  } catch {
    return null;
  }
}

/**
 * An opaque name for a record (HMAC-SHA256 under the record key, hex), so what a store is
 * indexed by — a page's path, an event id — is not readable at rest either.
 */
export function recordTag(key: Uint8Array, name: string): string {
  return toHex(hmac(sha256, key, utf8(name)));
}
