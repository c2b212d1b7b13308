/** @module Ed25519 key pairs: made from randomness or, for demos and tests, from a seed. */
import { cryptoBackend } from "./backend.js";
import { concatBytes, utf8 } from "./bytes.js";
import { sha256 } from "./hash.js";

/** A member's device key: the secret never leaves the device. */
export interface KeyPair {
  readonly publicKey: Uint8Array;
  readonly secretKey: Uint8Array;
}

/** A key pair from a 32-byte secret seed. */
export function keyPairFromSecret(secretKey: Uint8Array): KeyPair {
  if (secretKey.length !== 32)
    throw new RangeError("an Ed25519 secret key has 32 bytes");
  return {
    publicKey: cryptoBackend().publicKeyOf(secretKey),
    secretKey: Uint8Array.from(secretKey),
  };
}

/** A fresh key pair from the backend's secure randomness. */
export function generateKeyPair(): KeyPair {
  return keyPairFromSecret(cryptoBackend().randomBytes(32));
}

/**
 * A key pair derived from a label and a number: the same inputs give the same key on
 * every machine. For demos and tests only — such keys are as secret as the label.
 */
export function deriveKeyPair(label: string, index: number): KeyPair {
  return keyPairFromSecret(
    sha256(
      concatBytes(
        utf8(`kenges-derived-key\u0000${label}\u0000`),
        utf8(String(index)),
      ),
    ),
  );
}
