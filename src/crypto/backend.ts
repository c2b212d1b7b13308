/**
 * @module The one seam between Kenges and its cryptographic primitives. The default
 * backend is pure JavaScript from audited libraries (noble), so core runs in a browser
 * without WebCrypto; Node entry points install the faster node:crypto backend.
 */
import { ed25519 } from "@noble/curves/ed25519.js";
import { sha256 as nobleSha256 } from "@noble/hashes/sha2.js";
import { randomBytes as nobleRandomBytes } from "@noble/hashes/utils.js";
import { recordedRsaPssVerdict } from "./rsa-pss-verdicts.js";

/** The primitives Kenges needs. Both backends must give identical bytes. */
export interface CryptoBackend {
  readonly name: string;
  sha256(data: Uint8Array): Uint8Array;
  /** Ed25519 signature by a 32-byte secret seed. */
  sign(secretKey: Uint8Array, message: Uint8Array): Uint8Array;
  /** Ed25519 verification; false for malformed keys or signatures. */
  verify(
    publicKey: Uint8Array,
    message: Uint8Array,
    signature: Uint8Array,
  ): boolean;
  /** The 32-byte public key of a 32-byte secret seed. */
  publicKeyOf(secretKey: Uint8Array): Uint8Array;
  randomBytes(length: number): Uint8Array;
  /**
   * RSASSA-PSS verification with SHA-384, MGF1-SHA-384 and a 48-byte salt, by an RSA public
   * key in SPKI DER: how the fold checks a secret ballot's tokens (RFC 9474
   * RSABSSA-SHA384-PSS-Deterministic signatures verify as plain RSA-PSS). Synchronous, as
   * the fold is; false for malformed keys or signatures.
   */
  verifyRsaPssSha384(
    publicKey: Uint8Array,
    message: Uint8Array,
    signature: Uint8Array,
  ): boolean;
  /**
   * RFC 9474 BlindSign on a platform with a native RSA private-key operation: RSASP1 of the
   * blinded message, checked by RSAVP1 (a fault must not leak the key). The registrar's key is
   * PKCS#8 DER. Absent where only pure JavaScript is available: blind-token.ts then signs with
   * the RFC 9474 library. Throws on a blinded message that is not below the modulus.
   */
  blindSignRsa?(privateKey: Uint8Array, blinded: Uint8Array): Uint8Array;
  /**
   * RFC 9474 Blind for RSABSSA-SHA384-PSS-Deterministic (a fresh salt and r) on a platform with
   * native hashing and RSA, by the registrar's public key in SPKI DER: the blinded message for
   * the registrar and the inverse the voter keeps. Absent where only pure JavaScript is
   * available: blind-token.ts then blinds with the RFC 9474 library (the same bytes for the
   * same salt and r).
   */
  blindRsaPssSha384?(
    publicKey: Uint8Array,
    message: Uint8Array,
  ): { blinded: Uint8Array; inverse: Uint8Array };
  /**
   * RFC 9474 Finalize for the same variant: unblinds a blind signature with the voter's inverse
   * into an RSASSA-PSS signature of `message`, and throws unless it verifies. Absent where
   * blindRsaPssSha384 is.
   */
  finalizeRsaPssSha384?(
    publicKey: Uint8Array,
    message: Uint8Array,
    blindSignature: Uint8Array,
    inverse: Uint8Array,
  ): Uint8Array;
}

/** The audited pure-JS backend (noble), used in browsers and wherever no other is installed. */
export const nobleBackend: CryptoBackend = {
  name: "noble",
  sha256: (data) => nobleSha256(data),
  sign: (secretKey, message) => ed25519.sign(message, secretKey),
  verify: (publicKey, message, signature) => {
    if (publicKey.length !== 32 || signature.length !== 64) return false;
    try {
      return ed25519.verify(signature, message, publicKey, { zip215: false });
    } catch {
      return false;
    }
  },
  publicKeyOf: (secretKey) => ed25519.getPublicKey(secretKey),
  randomBytes: (length) => nobleRandomBytes(length),
  // WebCrypto, the only RSA a browser has, is asynchronous: an async pre-pass records the
  // verdicts of the tokens about to be folded (rsa-pss-verdicts.ts), and this answers from
  // them. A token nobody checked beforehand is a bug in the caller, not bad input: it throws.
  verifyRsaPssSha384: (publicKey, message, signature) => {
    const verdict = recordedRsaPssVerdict(publicKey, message, signature);
    if (verdict === undefined)
      throw new Error(
        "crypto: no recorded RSA-PSS verdict for this token: call recordRsaPssVerdicts() on the events' tokens before folding them with the noble backend",
      );
    return verdict;
  },
};

let current: CryptoBackend = nobleBackend;

/** Installs the backend every later call uses. */
export function useCryptoBackend(backend: CryptoBackend): void {
  current = backend;
}

/** The backend in use. */
export function cryptoBackend(): CryptoBackend {
  return current;
}
