/**
 * @module Encryption at rest of a data directory (issue 12): the key file that wraps the data
 * key under a passphrase, the keys derived from it, and files sealed under it. Node only.
 */
export { AtRestError, type AtRestErrorCode } from "./at-rest-error.js";
export {
  createDataKeyFile,
  DATA_KEY_FILE,
  DEFAULT_SCRYPT_N,
  DEMO_DATA_PASSPHRASE,
  destroyDataKeyFile,
  hasDataKeyFile,
  isDemoKeyFile,
  recordedStoreCipher,
  rewrapDataKey,
  unwrapDataKey,
  unwrapDataKeyEarly,
} from "./data-key-file.js";
export { type DataKeyUse, dataSubkey } from "./data-subkey.js";
export {
  type BundleSealer,
  isSealedBundle,
  openSealedBundle,
  sealBundle,
} from "./sealed-bundle.js";
export { isSealed, openSealedBytes, sealBytes } from "./sealed-bytes.js";
