/**
 * @module Everything the app does with keys and events, in one chunk loaded on first use
 * (the first page needs none of it): make, seal and open keys, sign a login, and re-verify
 * events from the log. Events are signed by the offline machinery (offline/outbox.ts), in
 * their scope; signing uses src/core over the noble backend — never WebCrypto.
 */
import {
  decodeWireEvent,
  keyProofMessage,
  verifySignature,
} from "../../../src/core/index.js";
import {
  fromHex,
  generateKeyPair,
  type KeyPair,
  sha256,
  signEd25519,
  toHex,
} from "../../../src/crypto/index.js";
import { openSealedKey, sealKey, toBase64Url } from "./key-backup.js";
import type { StoredKey } from "./key-store.js";

export { backupFromText, backupText, fromBase64Url } from "./key-backup.js";
export { keyFromSecret, publicKeyOf, signLogin } from "./login-ops.js";

/** Makes a key and seals it for keeping in this browser. */
export function createKey(
  label: string,
  passphrase: string,
): { key: KeyPair; stored: StoredKey } {
  const key = generateKeyPair();
  return { key, stored: storedOf(key, label, passphrase) };
}

/** The record kept in storage for a key sealed under a passphrase. */
export function storedOf(
  key: KeyPair,
  label: string,
  passphrase: string,
): StoredKey {
  return {
    v: 1,
    publicKey: toHex(key.publicKey),
    label,
    sealed: toBase64Url(sealKey(key, label, passphrase)),
  };
}

/** Opens sealed bytes (a backup file or the kept key). */
export function openKey(
  sealed: Uint8Array,
  passphrase: string,
): { ok: true; key: KeyPair; label: string } | { ok: false; code: string } {
  return openSealedKey(sealed, passphrase);
}

/** A backup file's bytes: the key sealed under a (possibly new) passphrase. */
export function exportKey(
  key: KeyPair,
  label: string,
  passphrase: string,
): Uint8Array {
  return sealKey(key, label, passphrase);
}

/** This key's consent to act for `member` (hex): the proof a `key.added` for it carries. */
export function signDeviceConsent(
  key: KeyPair,
  federation: string,
  member: string,
): string {
  return toHex(
    signEd25519(
      key.secretKey,
      keyProofMessage(federation, member, toHex(key.publicKey)),
    ),
  );
}

/** Re-checks an event from the log: its id is the hash of its envelope, its signature holds. */
export function verifyWire(
  wire: Uint8Array,
  id: string,
): { id: boolean; signature: boolean } {
  const decoded = decodeWireEvent(wire);
  if (!decoded.ok) return { id: false, signature: false };
  const e = decoded.value;
  return {
    id: toHex(sha256(e.envelopeBytes)) === id,
    signature: verifySignature(e),
  };
}

/** Hex to bytes (null when not hex). */
export function bytesOfHex(hex: string): Uint8Array | null {
  return fromHex(hex);
}
