/**
 * @module The one seam between Kenges and its cryptographic primitives. The default
 * backend is pure JavaScript from audited libraries (noble), so core runs in a browser
 * without WebCrypto; Node entry points install the faster node:crypto backend.
 */
import { ed25519 } from "@noble/curves/ed25519.js";
import { sha256 as nobleSha256 } from "@noble/hashes/sha2.js";
import { randomBytes as nobleRandomBytes } from "@noble/hashes/utils.js";

/** The primitives Kenges needs. Both backends must give identical bytes. */
export interface CryptoBackend {
  readonly name: string;
  sha256(data: Uint8Array): Uint8Array;
  /** Ed25519 signature by a 32-byte secret seed. */
  sign(secretKey: Uint8Array, message: Uint8Array): Uint8Array;
  /** Ed25519 verification; false for malformed keys or signatures. */
  verify(
    publicKey: Uint8Array,
    message: Uint8Array,
    signature: Uint8Array,
  ): boolean;
  /** The 32-byte public key of a 32-byte secret seed. */
  publicKeyOf(secretKey: Uint8Array): Uint8Array;
  randomBytes(length: number): Uint8Array;
}

/** The audited pure-JS backend (noble), used in browsers and wherever no other is installed. */
export const nobleBackend: CryptoBackend = {
  name: "noble",
  sha256: (data) => nobleSha256(data),
  sign: (secretKey, message) => ed25519.sign(message, secretKey),
  verify: (publicKey, message, signature) => {
    if (publicKey.length !== 32 || signature.length !== 64) return false;
    try {
      return ed25519.verify(signature, message, publicKey, { zip215: false });
    } catch {
      return false;
    }
  },
  publicKeyOf: (secretKey) => ed25519.getPublicKey(secretKey),
  randomBytes: (length) => nobleRandomBytes(length),
};

let current: CryptoBackend = nobleBackend;

/** Installs the backend every later call uses. */
export function useCryptoBackend(backend: CryptoBackend): void {
  current = backend;
}

/** The backend in use. */
export function cryptoBackend(): CryptoBackend {
  return current;
}
