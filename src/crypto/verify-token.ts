/**
 * @module Checking a secret ballot's token, synchronously, as the fold does: an RFC 9474
 * RSABSSA-SHA384-PSS-Deterministic token is a plain RSASSA-PSS signature, verified through the
 * crypto backend. Making tokens is blind-token.ts.
 */
import { cryptoBackend } from "./backend.js";
import { readRsaPublicKey } from "./rsa-public-key.js";

/** The RFC 9474 variant every token uses. */
export const TOKEN_SUITE_NAME = "RSABSSA-SHA384-PSS-Deterministic";
/** The smallest registrar key Kenges accepts (RFC 9474 §8: 2048 bits or more). */
export const MIN_TOKEN_KEY_BITS = 2048;
/** The largest: a bound on what verifying a ballot's tokens may cost the fold. */
export const MAX_TOKEN_KEY_BITS = 4096;

/**
 * True when `token` is a valid token for `message` under the registrar key `publicKey` (SPKI
 * DER): RSASSA-PSS with SHA-384, MGF1-SHA-384, salt 48. Never throws for bad input; throws
 * only where the backend cannot answer (the noble backend without a recorded verdict).
 */
export function verifyToken(
  publicKey: Uint8Array,
  message: Uint8Array,
  token: Uint8Array,
): boolean {
  const info = readRsaPublicKey(publicKey);
  if (info === null || token.length !== info.modulusBytes) return false;
  return cryptoBackend().verifyRsaPssSha384(publicKey, message, token);
}
