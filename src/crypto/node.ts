/**
 * @module The node:crypto backend — a second public entry of `src/crypto`, kept out of
 * `index.ts` so browser bundles never see node:crypto. Node entry points call
 * {@link installNodeCrypto} once at start.
 */
import {
  createHash,
  createPrivateKey,
  createPublicKey,
  type KeyObject,
  randomBytes,
  sign,
  verify,
} from "node:crypto";
import { type CryptoBackend, useCryptoBackend } from "./backend.js";

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
};

/** Makes every later crypto call in this process use node:crypto. */
export function installNodeCrypto(): void {
  useCryptoBackend(nodeCryptoBackend);
}
