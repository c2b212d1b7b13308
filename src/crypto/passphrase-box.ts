/**
 * @module Secrets sealed with a passphrase: scrypt derives a key, XChaCha20-Poly1305
 * encrypts. Pure JavaScript (noble), so the CLI and the browser read each other's files.
 */
import { xchacha20poly1305 } from "@noble/ciphers/chacha.js";
import { scrypt } from "@noble/hashes/scrypt.js";
import { cryptoBackend } from "./backend.js";
import { utf8 } from "./bytes.js";
import {
  type CanonicalValue,
  decodeCanonical,
  encodeCanonical,
} from "./canonical.js";

/** scrypt cost: 2^15 × 8 × 1 takes ~0.1 s and 32 MiB, the common interactive setting. */
const SCRYPT = { N: 2 ** 15, r: 8, p: 1, dkLen: 32 } as const;

export type OpenErrorCode = "PASSPHRASE_WRONG" | "SEALED_BOX_MALFORMED";

/** Encrypts bytes under a passphrase; the result is self-describing canonical bytes. */
export function sealWithPassphrase(
  plaintext: Uint8Array,
  passphrase: string,
  cost: { N: number } = SCRYPT,
): Uint8Array {
  const backend = cryptoBackend();
  const salt = backend.randomBytes(16);
  const nonce = backend.randomBytes(24);
  const key = scrypt(utf8(passphrase.normalize("NFC")), salt, {
    ...SCRYPT,
    N: cost.N,
  });
  const ciphertext = xchacha20poly1305(key, nonce).encrypt(plaintext);
  const box: CanonicalValue = {
    kind: "kenges-sealed",
    v: 1,
    kdf: { name: "scrypt", N: cost.N, r: SCRYPT.r, p: SCRYPT.p, salt },
    cipher: "xchacha20poly1305",
    nonce,
    ciphertext,
  };
  return encodeCanonical(box);
}

/** Decrypts a sealed box; a wrong passphrase and a damaged box are told apart where possible. */
export function openWithPassphrase(
  sealed: Uint8Array,
  passphrase: string,
):
  | { ok: true; value: Uint8Array }
  | { ok: false; error: { code: OpenErrorCode; details: object } } {
  const decoded = decodeCanonical(sealed);
  const malformed = {
    ok: false as const,
    error: { code: "SEALED_BOX_MALFORMED" as const, details: {} },
  };
  if (!decoded.ok) return malformed;
  const box = decoded.value as Record<string, CanonicalValue>;
  const kdf = box.kdf as Record<string, CanonicalValue> | undefined;
  if (
    box.kind !== "kenges-sealed" ||
    box.v !== 1 ||
    box.cipher !== "xchacha20poly1305" ||
    !kdf ||
    kdf.name !== "scrypt" ||
    typeof kdf.N !== "number" ||
    kdf.N < 2 ** 10 ||
    kdf.N > 2 ** 20 ||
    kdf.r !== SCRYPT.r ||
    kdf.p !== SCRYPT.p ||
    !(kdf.salt instanceof Uint8Array) ||
    !(box.nonce instanceof Uint8Array) ||
    box.nonce.length !== 24 ||
    !(box.ciphertext instanceof Uint8Array)
  )
    return malformed;
  const key = scrypt(utf8(passphrase.normalize("NFC")), kdf.salt, {
    ...SCRYPT,
    N: kdf.N,
  });
  try {
    return {
      ok: true,
      value: xchacha20poly1305(key, box.nonce).decrypt(box.ciphertext),
    };
  } catch {
    return { ok: false, error: { code: "PASSPHRASE_WRONG", details: {} } };
  }
}
