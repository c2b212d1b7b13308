import {
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
} from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { RSABSSA } from "@cloudflare/blindrsa-ts";
import { beforeAll, describe, expect, it } from "vitest";
import { nobleBackend, useCryptoBackend } from "./backend.js";
import {
  blindRsaPssSha384,
  blindRsaPssSha384With,
  finalizeRsaPssSha384,
  inverseMod,
} from "./blind-rsa-node.js";
import {
  blindToken,
  finalizeToken,
  generateTokenKey,
  signBlindedToken,
  type TokenKeyPair,
} from "./blind-token.js";
import { fromHex, toHex, utf8 } from "./bytes.js";
import { nodeCryptoBackend } from "./node.js";
import { verifyToken } from "./verify-token.js";

const suite = RSABSSA.SHA384.PSS.Deterministic();

/** RFC 9474 Appendix A, RSABSSA-SHA384-PSS-Deterministic (test/vectors/crypto). */
const vector = JSON.parse(
  readFileSync(
    join(
      import.meta.dirname,
      "../../test/vectors/crypto/rfc9474-rsabssa-sha384-pss-deterministic.json",
    ),
    "utf8",
  ),
) as Record<
  | "n"
  | "e"
  | "d"
  | "p"
  | "q"
  | "msg"
  | "salt"
  | "inv"
  | "blinded_msg"
  | "blind_sig"
  | "sig",
  string
>;

const big = (hex: string) => BigInt(`0x${hex}`);
const bytes = (hex: string) => fromHex(hex)!;
const b64 = (x: bigint) => {
  let hex = x.toString(16);
  if (hex.length % 2) hex = `0${hex}`;
  return Buffer.from(hex, "hex").toString("base64url");
};

/** The vector's key pair as SPKI and PKCS#8 DER, built from its integers by node:crypto. */
function vectorKeys(): { spki: Uint8Array; pkcs8: Uint8Array } {
  const [n, e, d, p, q] = [
    vector.n,
    vector.e,
    vector.d,
    vector.p,
    vector.q,
  ].map(big) as [bigint, bigint, bigint, bigint, bigint];
  const jwk = {
    kty: "RSA",
    n: b64(n),
    e: b64(e),
    d: b64(d),
    p: b64(p),
    q: b64(q),
    dp: b64(d % (p - 1n)),
    dq: b64(d % (q - 1n)),
    qi: b64(inverseMod(q, p)),
  };
  const privateKey = createPrivateKey({ key: jwk, format: "jwk" });
  return {
    spki: createPublicKey(privateKey).export({ format: "der", type: "spki" }),
    pkcs8: privateKey.export({ format: "der", type: "pkcs8" }),
  };
}

function flipped(data: Uint8Array, at: number): Uint8Array {
  const out = Uint8Array.from(data);
  out[at]! ^= 1;
  return out;
}

async function libraryPublicKey(spki: Uint8Array) {
  return crypto.subtle.importKey(
    "spki",
    Uint8Array.from(spki),
    { name: "RSA-PSS", hash: "SHA-384" },
    true,
    ["verify"],
  );
}

describe("native RFC 9474 blinding and finalizing (node:crypto + BigInt)", () => {
  it("reproduces RFC 9474's test vector for RSABSSA-SHA384-PSS-Deterministic", () => {
    const { spki, pkcs8 } = vectorKeys();
    const message = bytes(vector.msg);
    // The vector gives inv = r⁻¹ mod n; its r is the inverse of that.
    const r = inverseMod(big(vector.inv), big(vector.n));
    const blinding = blindRsaPssSha384With(
      spki,
      message,
      bytes(vector.salt),
      r,
    );
    expect(toHex(blinding.blinded)).toBe(vector.blinded_msg);
    expect(toHex(blinding.inverse)).toBe(vector.inv);
    const blindSignature = nodeCryptoBackend.blindSignRsa!(
      pkcs8,
      blinding.blinded,
    );
    expect(toHex(blindSignature)).toBe(vector.blind_sig);
    const signature = finalizeRsaPssSha384(
      spki,
      message,
      bytes(vector.blind_sig),
      bytes(vector.inv),
    );
    expect(toHex(signature)).toBe(vector.sig);
    expect(verifyToken(spki, message, signature)).toBe(true);
  });

  it("refuses a wrong blind signature: a flipped bit, another message's, a wrong length, one not below n", () => {
    const { spki } = vectorKeys();
    const message = bytes(vector.msg);
    const blindSig = bytes(vector.blind_sig);
    const inv = bytes(vector.inv);
    expect(() =>
      finalizeRsaPssSha384(spki, message, flipped(blindSig, 200), inv),
    ).toThrow(/invalid blind signature/);
    expect(() =>
      finalizeRsaPssSha384(spki, flipped(message, 0), blindSig, inv),
    ).toThrow(/invalid blind signature/);
    expect(() =>
      finalizeRsaPssSha384(spki, message, blindSig, flipped(inv, 255)),
    ).toThrow(/invalid blind signature/);
    expect(() =>
      finalizeRsaPssSha384(spki, message, blindSig.subarray(1), inv),
    ).toThrow(/length/);
    expect(() =>
      finalizeRsaPssSha384(
        spki,
        message,
        new Uint8Array(blindSig.length).fill(0xff),
        inv,
      ),
    ).toThrow(/below the modulus/);
  });

  it("inverseMod inverts modulo n (random 2048-bit and small cases) and throws on a shared factor", () => {
    const n = big(vector.n);
    for (let i = 0; i < 200; i++) {
      const a =
        BigInt(`0x${toHex(nodeCryptoBackend.randomBytes(256 + (i % 3)))}`) % n;
      const inv = inverseMod(a, n);
      expect(inv > 0n && inv < n).toBe(true);
      expect((a * inv) % n).toBe(1n);
    }
    for (let m = 2n; m < 60n; m++)
      for (let a = 1n; a < m; a++) {
        let g = m;
        let h = a;
        while (h !== 0n) [g, h] = [h, g % h];
        if (g === 1n) expect((a * inverseMod(a, m)) % m).toBe(1n);
        else expect(() => inverseMod(a, m)).toThrow(/not invertible/);
      }
    expect(() => inverseMod(big(vector.q) * 12345n, n)).toThrow(
      /not invertible/,
    );
  });

  it("refuses an r outside [1, n) and an r that shares a factor with n", () => {
    const { spki } = vectorKeys();
    const message = bytes(vector.msg);
    const salt = bytes(vector.salt);
    expect(() => blindRsaPssSha384With(spki, message, salt, 0n)).toThrow(
      RangeError,
    );
    expect(() =>
      blindRsaPssSha384With(spki, message, salt, big(vector.n)),
    ).toThrow(RangeError);
    expect(() =>
      blindRsaPssSha384With(spki, message, salt, big(vector.p)),
    ).toThrow(/not invertible/);
  });

  describe("beside @cloudflare/blindrsa-ts, with a fresh key", () => {
    let key: TokenKeyPair;
    beforeAll(async () => {
      key = await generateTokenKey(2048);
    });

    it("finalizes the library's blinding byte for byte as the library does (same r, through its inv)", async () => {
      const publicKey = await libraryPublicKey(key.publicKey);
      for (let i = 0; i < 3; i++) {
        const message = utf8(`a one-time key's message ${i}`);
        const { blindedMsg, inv } = await suite.blind(publicKey, message);
        const blindSig = await signBlindedToken(key, blindedMsg);
        const library = await suite.finalize(publicKey, message, blindSig, inv);
        const native = finalizeRsaPssSha384(
          key.publicKey,
          message,
          blindSig,
          inv,
        );
        expect(toHex(native)).toBe(toHex(library));
      }
    });

    it("the library finalizes the native blinding into the same token as the native finalize", async () => {
      const publicKey = await libraryPublicKey(key.publicKey);
      const message = utf8("blinded natively");
      const blinding = blindRsaPssSha384(key.publicKey, message);
      const blindSig = await signBlindedToken(key, blinding.blinded);
      const library = await suite.finalize(
        publicKey,
        message,
        blindSig,
        blinding.inverse,
      );
      const native = finalizeRsaPssSha384(
        key.publicKey,
        message,
        blindSig,
        blinding.inverse,
      );
      expect(toHex(native)).toBe(toHex(library));
      expect(await suite.verify(publicKey, native, message)).toBe(true);
    });

    it("round trips through blindToken, signBlindedToken and finalizeToken verify with verifyToken; each blinding is fresh", async () => {
      const seen = new Set<string>();
      for (let i = 0; i < 10; i++) {
        const message = utf8(`kenges/secret-ballot/1 round trip ${i % 2}`);
        const blinded = await blindToken(key.publicKey, message);
        seen.add(toHex(blinded.blinded));
        const blindSig = await signBlindedToken(key, blinded.blinded);
        const token = await finalizeToken(
          key.publicKey,
          message,
          blindSig,
          blinded,
        );
        expect(verifyToken(key.publicKey, message, token)).toBe(true);
        expect(verifyToken(key.publicKey, utf8("another"), token)).toBe(false);
      }
      expect(seen.size).toBe(10);
    });

    it("finalizeToken rejects another registrar's answer", async () => {
      const other = await generateTokenKey(2048);
      const message = utf8("asked of two registrars");
      const blinded = await blindToken(key.publicKey, message);
      // The other registrar signs the blinding made for it: a valid answer, to another request.
      const forOther = await blindToken(other.publicKey, message);
      const wrong = await signBlindedToken(other, forOther.blinded);
      // Refused by the check, or, when it is not below this key's modulus, before it.
      await expect(
        finalizeToken(key.publicKey, message, wrong, blinded),
      ).rejects.toThrow(/invalid blind signature|below the modulus/);
      // The right registrar's answer to the other blinding is refused too.
      const crossed = await signBlindedToken(key, blinded.blinded);
      await expect(
        finalizeToken(other.publicKey, message, crossed, forOther),
      ).rejects.toThrow(/invalid blind signature|below the modulus/);
    });

    it("the browser's path (no native blinding) and the native path make tokens each other verifies", async () => {
      const message = utf8("blinded in a browser");
      useCryptoBackend(nobleBackend);
      let blinded: Awaited<ReturnType<typeof blindToken>>;
      let blindSig: Uint8Array;
      try {
        blinded = await blindToken(key.publicKey, message);
        blindSig = await signBlindedToken(key, blinded.blinded);
      } finally {
        useCryptoBackend(nodeCryptoBackend);
      }
      const token = await finalizeToken(
        key.publicKey,
        message,
        blindSig,
        blinded,
      );
      expect(verifyToken(key.publicKey, message, token)).toBe(true);
    });
  });

  it("handles a modulus whose bit length is not a multiple of 8 (2050 and 3000 bits)", async () => {
    for (const bits of [2050, 3000]) {
      const pair = generateKeyPairSync("rsa", { modulusLength: bits });
      expect(pair.publicKey.asymmetricKeyDetails?.modulusLength).toBe(bits);
      const key: TokenKeyPair = {
        publicKey: pair.publicKey.export({ format: "der", type: "spki" }),
        privateKey: await crypto.subtle.importKey(
          "pkcs8",
          Uint8Array.from(
            pair.privateKey.export({ format: "der", type: "pkcs8" }),
          ),
          { name: "RSA-PSS", hash: "SHA-384" },
          true,
          ["sign"],
        ),
      };
      const message = utf8(`a ${bits}-bit registrar`);
      const blinded = await blindToken(key.publicKey, message);
      const blindSig = await signBlindedToken(key, blinded.blinded);
      const token = await finalizeToken(
        key.publicKey,
        message,
        blindSig,
        blinded,
      );
      expect(token.length).toBe(Math.ceil(bits / 8));
      expect(verifyToken(key.publicKey, message, token)).toBe(true);
    }
  });
});
