/** @module The public surface of `src/crypto`: bytes, the canonical encoding, hashes, signatures, keys. */
export {
  type CryptoBackend,
  cryptoBackend,
  nobleBackend,
  useCryptoBackend,
} from "./backend.js";
export {
  type BlindedToken,
  blindToken,
  finalizeToken,
  generateTokenKey,
  MAX_TOKEN_KEY_BITS,
  MIN_TOKEN_KEY_BITS,
  signBlindedToken,
  TOKEN_SUITE_NAME,
  type TokenKeyPair,
  type TokenPrivateKey,
  verifyToken,
} from "./blind-token.js";
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
