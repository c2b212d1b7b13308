/** @module Ed25519 signatures over exact bytes. */
import { cryptoBackend } from "./backend.js";

/** Signs the message with a 32-byte secret seed; returns 64 bytes. */
export function signEd25519(
  secretKey: Uint8Array,
  message: Uint8Array,
): Uint8Array {
  return cryptoBackend().sign(secretKey, message);
}

/** True when the signature is valid for the message and public key. Never throws. */
export function verifyEd25519(
  publicKey: Uint8Array,
  message: Uint8Array,
  signature: Uint8Array,
): boolean {
  return cryptoBackend().verify(publicKey, message, signature);
}
