import { generateKeyPairSync } from "node:crypto";
import { RSABSSA } from "@cloudflare/blindrsa-ts";
import { beforeAll, describe, expect, it } from "vitest";
import { nobleBackend, useCryptoBackend } from "./backend.js";
import {
  blindToken,
  finalizeToken,
  generateTokenKey,
  signBlindedToken,
  type TokenKeyPair,
} from "./blind-token.js";
import { utf8 } from "./bytes.js";
import { nodeCryptoBackend } from "./node.js";
import { recordRsaPssVerdicts } from "./rsa-pss-verdicts.js";
import { readRsaPublicKey } from "./rsa-public-key.js";
import { verifyToken } from "./verify-token.js";

const suite = RSABSSA.SHA384.PSS.Deterministic();

/** A token made entirely by the RFC 9474 library (its own pure-JS blind signing). */
async function libraryToken(
  key: TokenKeyPair,
  message: Uint8Array,
): Promise<Uint8Array> {
  const publicKey = await crypto.subtle.importKey(
    "spki",
    Uint8Array.from(key.publicKey),
    { name: "RSA-PSS", hash: "SHA-384" },
    true,
    ["verify"],
  );
  const { blindedMsg, inv } = await suite.blind(publicKey, message);
  const blindSig = await suite.blindSign(key.privateKey, blindedMsg);
  return suite.finalize(publicKey, message, blindSig, inv);
}

function flipped(bytes: Uint8Array, at: number): Uint8Array {
  const out = Uint8Array.from(bytes);
  out[at]! ^= 1;
  return out;
}

describe("blind tokens (RFC 9474 RSABSSA-SHA384-PSS-Deterministic)", () => {
  let key: TokenKeyPair;
  beforeAll(async () => {
    key = await generateTokenKey(2048);
  });

  it("a token made by blindrsa-ts verifies with the synchronous node:crypto verifier; a flipped bit does not", async () => {
    const message = utf8("kenges/secret-ballot/1 test message");
    const token = await libraryToken(key, message);
    expect(
      nodeCryptoBackend.verifyRsaPssSha384(key.publicKey, message, token),
    ).toBe(true);
    expect(verifyToken(key.publicKey, message, token)).toBe(true);
    expect(
      nodeCryptoBackend.verifyRsaPssSha384(
        key.publicKey,
        message,
        flipped(token, 100),
      ),
    ).toBe(false);
    expect(
      nodeCryptoBackend.verifyRsaPssSha384(
        key.publicKey,
        flipped(message, 3),
        token,
      ),
    ).toBe(false);
  });

  it("the native blind signature is byte for byte the library's, and finalizes into a valid token", async () => {
    const message = utf8("a one-time key's message");
    const blinded = await blindToken(key.publicKey, message);
    const native = await signBlindedToken(key, blinded.blinded);
    const library = await suite.blindSign(key.privateKey, blinded.blinded);
    expect(Buffer.from(native).toString("hex")).toBe(
      Buffer.from(library).toString("hex"),
    );
    const token = await finalizeToken(key.publicKey, message, native, blinded);
    expect(verifyToken(key.publicKey, message, token)).toBe(true);
    expect(verifyToken(key.publicKey, utf8("another message"), token)).toBe(
      false,
    );
  });

  it("signs with the library where the backend has no native RSA", async () => {
    const message = utf8("signed in a browser");
    const blinded = await blindToken(key.publicKey, message);
    useCryptoBackend(nobleBackend);
    let blindSignature: Uint8Array;
    try {
      blindSignature = await signBlindedToken(key, blinded.blinded);
    } finally {
      useCryptoBackend(nodeCryptoBackend);
    }
    const token = await finalizeToken(
      key.publicKey,
      message,
      blindSignature,
      blinded,
    );
    expect(verifyToken(key.publicKey, message, token)).toBe(true);
  });

  it("refuses registrar keys under 2048 bits", async () => {
    await expect(generateTokenKey(1024)).rejects.toThrow(RangeError);
    const small = generateKeyPairSync("rsa", {
      modulusLength: 1024,
    }).publicKey.export({ format: "der", type: "spki" });
    await expect(blindToken(small, utf8("m"))).rejects.toThrow(RangeError);
  });

  it("reads an RSA key's size and exponent, and nothing else as one", () => {
    expect(readRsaPublicKey(key.publicKey)).toEqual({
      modulusBits: 2048,
      modulusBytes: 256,
      exponent: 65537,
    });
    const trailing = new Uint8Array(key.publicKey.length + 1);
    trailing.set(key.publicKey);
    expect(readRsaPublicKey(trailing)).toBeNull();
    expect(readRsaPublicKey(key.publicKey.subarray(0, 100))).toBeNull();
    const ed = generateKeyPairSync("ed25519").publicKey.export({
      format: "der",
      type: "spki",
    });
    expect(readRsaPublicKey(ed)).toBeNull();
    const odd = generateKeyPairSync("rsa", {
      modulusLength: 3000,
      publicExponent: 3,
    }).publicKey.export({ format: "der", type: "spki" });
    expect(readRsaPublicKey(odd)).toEqual({
      modulusBits: 3000,
      modulusBytes: 375,
      exponent: 3,
    });
  });

  it("the noble backend answers from verdicts recorded by WebCrypto, and refuses to guess without one", async () => {
    const message = utf8("folded in a browser");
    const token = await libraryToken(key, message);
    const forged = flipped(token, 7);
    expect(() =>
      nobleBackend.verifyRsaPssSha384(key.publicKey, message, token),
    ).toThrow(/recordRsaPssVerdicts/);
    await recordRsaPssVerdicts([
      { publicKey: key.publicKey, message, signature: token },
      { publicKey: key.publicKey, message, signature: forged },
    ]);
    expect(nobleBackend.verifyRsaPssSha384(key.publicKey, message, token)).toBe(
      true,
    );
    expect(
      nobleBackend.verifyRsaPssSha384(key.publicKey, message, forged),
    ).toBe(false);
  });
});
