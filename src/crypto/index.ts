/**
 * @module The public surface of `src/crypto`: bytes, the canonical encoding, hashes,
 * signatures, keys, token verification. Two more entries stand beside it: `node.ts` (the
 * node:crypto backend) and `blind-token.ts` (making secret-ballot tokens).
 */
export {
  type CryptoBackend,
  cryptoBackend,
  nobleBackend,
  useCryptoBackend,
} from "./backend.js";
export {
  compareBytes,
  concatBytes,
  fromHex,
  fromUtf8,
  isEqualBytes,
  toHex,
  utf8,
} from "./bytes.js";
export {
  type CanonicalDecodeResult,
  type CanonicalErrorCode,
  type CanonicalValue,
  decodeCanonical,
  encodeCanonical,
  MAX_CANONICAL_DEPTH,
} from "./canonical.js";
export { sha256 } from "./hash.js";
export { hmacSha256 } from "./hmac.js";
export {
  deriveKeyPair,
  generateKeyPair,
  type KeyPair,
  keyPairFromSecret,
} from "./keys.js";
export {
  type OpenErrorCode,
  openWithPassphrase,
  sealWithPassphrase,
} from "./passphrase-box.js";
export {
  deriveRecordKey,
  openRecord,
  RECORD_KEY_BYTES,
  recordTag,
  sealRecord,
} from "./record-box.js";
export {
  type RsaPssCheck,
  recordRsaPssVerdicts,
} from "./rsa-pss-verdicts.js";
export {
  type RsaPublicKeyInfo,
  readRsaPublicKey,
} from "./rsa-public-key.js";
export { signEd25519, verifyEd25519 } from "./sign.js";
export {
  MAX_TOKEN_KEY_BITS,
  MIN_TOKEN_KEY_BITS,
  TOKEN_SUITE_NAME,
  verifyToken,
} from "./verify-token.js";
