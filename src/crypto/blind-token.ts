/**
 * @module Making blind-signed tokens for secret ballots: RFC 9474 blind RSA, variant
 * RSABSSA-SHA384-PSS-Deterministic. A voter blinds a message, a registrar signs it without
 * seeing it, the voter unblinds the signature into a token that nobody can link to the
 * request. Each step goes through the backend's native RSA where there is one (Node:
 * blind-rsa-node.ts, and OpenSSL's private-key operation for the registrar), else through
 * `@cloudflare/blindrsa-ts` (WebCrypto, so asynchronous: browsers). A public entry of its own, beside `index.ts`: only the clients that vote or
 * register load the library; the fold needs only `verifyToken` (verify-token.ts).
 */
import { type BlindRSA, RSABSSA } from "@cloudflare/blindrsa-ts";
import { cryptoBackend } from "./backend.js";
import { readRsaPublicKey } from "./rsa-public-key.js";
import { MAX_TOKEN_KEY_BITS, MIN_TOKEN_KEY_BITS } from "./verify-token.js";

const suite = RSABSSA.SHA384.PSS.Deterministic();

/** A registrar's private key, as WebCrypto holds it (extractable: the library reads it). */
export type TokenPrivateKey = Parameters<BlindRSA["blindSign"]>[0];

/** A registrar's key for one motion: the public half as SPKI DER, the private half in WebCrypto. */
export interface TokenKeyPair {
  readonly publicKey: Uint8Array;
  readonly privateKey: TokenPrivateKey;
}

/** What a voter keeps between asking for a signature and unblinding it. */
export interface BlindedToken {
  /** Sent to the registrar. */
  readonly blinded: Uint8Array;
  /** Kept secret by the voter: it unblinds the registrar's answer. */
  readonly inverse: Uint8Array;
}

/** A copy backed by a plain ArrayBuffer, as WebCrypto's types ask. */
function plainBytes(bytes: Uint8Array): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(bytes.length);
  out.set(bytes);
  return out;
}

function checkKeySize(bits: number): void {
  if (bits < MIN_TOKEN_KEY_BITS || bits > MAX_TOKEN_KEY_BITS)
    throw new RangeError(
      `a token key has ${MIN_TOKEN_KEY_BITS} to ${MAX_TOKEN_KEY_BITS} bits, not ${bits}`,
    );
}

/** Refuses what is not an RSA public key of an accepted size. */
function checkPublicKey(spki: Uint8Array): void {
  const info = readRsaPublicKey(spki);
  if (info === null) throw new RangeError("not an RSA public key (SPKI DER)");
  checkKeySize(info.modulusBits);
}

/** The public key as the library takes it (extractable: it reads the modulus). */
async function importPublicKey(spki: Uint8Array) {
  checkPublicKey(spki);
  return crypto.subtle.importKey(
    "spki",
    plainBytes(spki),
    { name: "RSA-PSS", hash: "SHA-384" },
    true,
    ["verify"],
  );
}

/** A fresh registrar key (public exponent 65537). Refuses fewer than 2048 bits. */
export async function generateTokenKey(bits = 2048): Promise<TokenKeyPair> {
  checkKeySize(bits);
  const pair = await suite.generateKey({
    modulusLength: bits,
    publicExponent: Uint8Array.from([1, 0, 1]),
  });
  const spki = await crypto.subtle.exportKey("spki", pair.publicKey);
  return {
    publicKey: new Uint8Array(spki as ArrayBuffer),
    privateKey: pair.privateKey,
  };
}

/** The voter's step: blinds `message` for the registrar whose public key is `publicKey`. */
export async function blindToken(
  publicKey: Uint8Array,
  message: Uint8Array,
): Promise<BlindedToken> {
  const native = cryptoBackend().blindRsaPssSha384;
  if (native !== undefined) {
    checkPublicKey(publicKey);
    return native(publicKey, message);
  }
  const key = await importPublicKey(publicKey);
  // Deterministic variant: prepare() adds no prefix, so the token signs exactly `message`.
  const { blindedMsg, inv } = await suite.blind(key, suite.prepare(message));
  return { blinded: blindedMsg, inverse: inv };
}

/** The registrar's step: signs a blinded message, learning nothing of what it hides. */
export async function signBlindedToken(
  key: TokenKeyPair,
  blinded: Uint8Array,
): Promise<Uint8Array> {
  const info = readRsaPublicKey(key.publicKey);
  if (info === null) throw new RangeError("not an RSA public key (SPKI DER)");
  checkKeySize(info.modulusBits);
  if (blinded.length !== info.modulusBytes)
    throw new RangeError("a blinded message has the modulus's length");
  const native = cryptoBackend().blindSignRsa;
  if (native === undefined) return suite.blindSign(key.privateKey, blinded);
  let pkcs8 = exportedKeys.get(key.privateKey);
  if (pkcs8 === undefined) {
    pkcs8 = new Uint8Array(
      (await crypto.subtle.exportKey("pkcs8", key.privateKey)) as ArrayBuffer,
    );
    exportedKeys.set(key.privateKey, pkcs8);
  }
  return native(pkcs8, blinded);
}

// A registrar signs every voter's request with one key: export it for the native signer once
// (the export cost as much as the signature itself). Held only while the key is.
const exportedKeys = new WeakMap<TokenPrivateKey, Uint8Array>();

/**
 * The voter's last step: unblinds the registrar's answer into the token (an RSA-PSS
 * signature over `message`). Throws when the answer does not verify — a registrar that
 * answered wrongly gave no token.
 */
export async function finalizeToken(
  publicKey: Uint8Array,
  message: Uint8Array,
  blindSignature: Uint8Array,
  blinded: BlindedToken,
): Promise<Uint8Array> {
  const native = cryptoBackend().finalizeRsaPssSha384;
  if (native !== undefined) {
    checkPublicKey(publicKey);
    return native(publicKey, message, blindSignature, blinded.inverse);
  }
  const key = await importPublicKey(publicKey);
  return suite.finalize(key, message, blindSignature, blinded.inverse);
}
