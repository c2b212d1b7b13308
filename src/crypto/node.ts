/**
 * @module The node:crypto backend — a second public entry of `src/crypto`, kept out of
 * `index.ts` so browser bundles never see node:crypto. Node entry points call
 * {@link installNodeCrypto} once at start.
 */
import {
  constants,
  createHash,
  createPrivateKey,
  createPublicKey,
  type KeyObject,
  privateDecrypt,
  publicEncrypt,
  randomBytes,
  sign,
  verify,
} from "node:crypto";
import { type CryptoBackend, useCryptoBackend } from "./backend.js";
import { blindRsaPssSha384, finalizeRsaPssSha384 } from "./blind-rsa-node.js";

const SPKI_PREFIX = Buffer.from("302a300506032b6570032100", "hex");
const PKCS8_PREFIX = Buffer.from("302e020100300506032b657004220420", "hex");

// Importing a raw key costs more than a verification: cache the KeyObjects.
const CACHE_LIMIT = 50_000;
const publicKeys = new Map<string, KeyObject>();
const privateKeys = new Map<string, KeyObject>();

function cached(
  cache: Map<string, KeyObject>,
  raw: Uint8Array,
  make: () => KeyObject,
): KeyObject {
  const id = Buffer.from(raw.buffer, raw.byteOffset, raw.length).toString(
    "latin1",
  );
  let key = cache.get(id);
  if (key === undefined) {
    key = make();
    if (cache.size >= CACHE_LIMIT) cache.clear();
    cache.set(id, key);
  }
  return key;
}

function publicKeyObject(raw: Uint8Array): KeyObject {
  return cached(publicKeys, raw, () =>
    createPublicKey({
      key: Buffer.concat([SPKI_PREFIX, raw]),
      format: "der",
      type: "spki",
    }),
  );
}

function privateKeyObject(raw: Uint8Array): KeyObject {
  return cached(privateKeys, raw, () =>
    createPrivateKey({
      key: Buffer.concat([PKCS8_PREFIX, raw]),
      format: "der",
      type: "pkcs8",
    }),
  );
}

// RSA keys (a registrar's, per motion) are few; their DER is the cache key.
const rsaPublicKeys = new Map<string, KeyObject | null>();
const rsaPrivateKeys = new Map<string, KeyObject>();

function rsaPublicKeyObject(spki: Uint8Array): KeyObject | null {
  const id = Buffer.from(spki.buffer, spki.byteOffset, spki.length).toString(
    "latin1",
  );
  let key = rsaPublicKeys.get(id);
  if (key === undefined) {
    try {
      key = createPublicKey({
        key: Buffer.from(spki),
        format: "der",
        type: "spki",
      });
      if (key.asymmetricKeyType !== "rsa") key = null;
    } catch {
      key = null;
    }
    if (rsaPublicKeys.size >= 10_000) rsaPublicKeys.clear();
    rsaPublicKeys.set(id, key);
  }
  return key;
}

function rsaPrivateKeyObject(pkcs8: Uint8Array): KeyObject {
  const id = Buffer.from(pkcs8.buffer, pkcs8.byteOffset, pkcs8.length).toString(
    "latin1",
  );
  let key = rsaPrivateKeys.get(id);
  if (key === undefined) {
    key = createPrivateKey({
      key: Buffer.from(pkcs8),
      format: "der",
      type: "pkcs8",
    });
    if (rsaPrivateKeys.size >= 1_000) rsaPrivateKeys.clear();
    rsaPrivateKeys.set(id, key);
  }
  return key;
}

function asBytes(buffer: Buffer): Uint8Array {
  return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.length);
}

/** node:crypto (OpenSSL): the same results as noble, several times faster. */
export const nodeCryptoBackend: CryptoBackend = {
  name: "node",
  sha256: (data) => asBytes(createHash("sha256").update(data).digest()),
  sign: (secretKey, message) =>
    asBytes(sign(null, message, privateKeyObject(secretKey))),
  verify: (publicKey, message, signature) => {
    if (publicKey.length !== 32 || signature.length !== 64) return false;
    try {
      return verify(null, message, publicKeyObject(publicKey), signature);
    } catch {
      return false;
    }
  },
  publicKeyOf: (secretKey) => {
    const der = createPublicKey(privateKeyObject(secretKey)).export({
      format: "der",
      type: "spki",
    });
    return asBytes(der.subarray(SPKI_PREFIX.length));
  },
  randomBytes: (length) => asBytes(randomBytes(length)),
  verifyRsaPssSha384: (publicKey, message, signature) => {
    const key = rsaPublicKeyObject(publicKey);
    if (key === null) return false;
    try {
      return verify(
        "sha384",
        message,
        {
          key,
          padding: constants.RSA_PKCS1_PSS_PADDING,
          saltLength: 48,
        },
        signature,
      );
    } catch {
      return false;
    }
  },
  // OpenSSL's RSA private operation (constant-time, blinded against timing) instead of the
  // RFC 9474 library's pure-JS big numbers, which take ~300 ms a signature and are not
  // constant-time (docs/toolchain facts). RSASP1 is deterministic, so the bytes are the
  // library's (src/crypto/blind-token.test.ts compares them).
  blindSignRsa: (privateKey, blinded) => {
    const key = rsaPrivateKeyObject(privateKey);
    const signature = privateDecrypt(
      { key, padding: constants.RSA_NO_PADDING },
      blinded,
    );
    // RFC 9474 §4.3 steps 3–4: m' = RSAVP1(pk, s); a fault must not send out a bad signature.
    const check = publicEncrypt(
      { key, padding: constants.RSA_NO_PADDING },
      signature,
    );
    if (Buffer.compare(check, Buffer.from(blinded)) !== 0)
      throw new Error("crypto: RSA blind signing failure");
    return asBytes(signature);
  },
  // The voter's steps likewise: node:crypto's hashing, randomness and raw RSA, BigInt for the
  // RFC's modular arithmetic (blind-rsa-node.ts), instead of the library's sjcl big numbers.
  blindRsaPssSha384,
  finalizeRsaPssSha384,
};

/** Makes every later crypto call in this process use node:crypto. */
export function installNodeCrypto(): void {
  useCryptoBackend(nodeCryptoBackend);
}
