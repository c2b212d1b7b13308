/** @module SHA-256, the hash of event ids, payloads and state. */
import { cryptoBackend } from "./backend.js";

/** SHA-256 of the bytes (32 bytes). */
export function sha256(data: Uint8Array): Uint8Array {
  return cryptoBackend().sha256(data);
}
