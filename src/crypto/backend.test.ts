import { describe, expect, it } from "vitest";
import { nobleBackend } from "./backend.js";
import { toHex, utf8 } from "./bytes.js";
import { nodeCryptoBackend } from "./node.js";
import { openWithPassphrase, sealWithPassphrase } from "./passphrase-box.js";

describe("crypto backends", () => {
  it("node:crypto and noble derive the same keys and verify each other's signatures", () => {
    for (let i = 0; i < 20; i++) {
      const secret = nodeCryptoBackend.randomBytes(32);
      const message = nodeCryptoBackend.randomBytes(i * 7);
      const pubNode = nodeCryptoBackend.publicKeyOf(secret);
      expect(toHex(nobleBackend.publicKeyOf(secret))).toBe(toHex(pubNode));
      const sigNode = nodeCryptoBackend.sign(secret, message);
      const sigNoble = nobleBackend.sign(secret, message);
      expect(toHex(sigNoble)).toBe(toHex(sigNode)); // Ed25519 is deterministic
      expect(nobleBackend.verify(pubNode, message, sigNode)).toBe(true);
      expect(nodeCryptoBackend.verify(pubNode, message, sigNoble)).toBe(true);
      const forged = Uint8Array.from(sigNode);
      forged[5]! ^= 1;
      expect(nodeCryptoBackend.verify(pubNode, message, forged)).toBe(false);
      expect(nobleBackend.verify(pubNode, message, forged)).toBe(false);
    }
  });

  it("matches the RFC 8032 test vector 1", () => {
    const secret = Uint8Array.from(
      Buffer.from(
        "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60",
        "hex",
      ),
    );
    const expectedSig =
      "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b";
    for (const backend of [nodeCryptoBackend, nobleBackend]) {
      expect(toHex(backend.publicKeyOf(secret))).toBe(
        "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a",
      );
      expect(toHex(backend.sign(secret, new Uint8Array()))).toBe(expectedSig);
    }
  });

  it("hashes alike", () => {
    const data = utf8("abc");
    const expected =
      "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
    expect(toHex(nodeCryptoBackend.sha256(data))).toBe(expected);
    expect(toHex(nobleBackend.sha256(data))).toBe(expected);
  });

  it("rejects malformed keys and signatures without throwing", () => {
    const m = utf8("x");
    for (const backend of [nodeCryptoBackend, nobleBackend]) {
      expect(backend.verify(new Uint8Array(31), m, new Uint8Array(64))).toBe(
        false,
      );
      expect(
        backend.verify(new Uint8Array(32).fill(255), m, new Uint8Array(64)),
      ).toBe(false);
      expect(backend.verify(new Uint8Array(32), m, new Uint8Array(63))).toBe(
        false,
      );
    }
  });
});

describe("passphrase box", () => {
  it("opens with the right passphrase and refuses a wrong one or damage", () => {
    const secret = utf8("the key of a member");
    const sealed = sealWithPassphrase(secret, "correct horse", { N: 2 ** 10 });
    const opened = openWithPassphrase(sealed, "correct horse");
    expect(opened).toEqual({ ok: true, value: secret });
    const wrong = openWithPassphrase(sealed, "wrong horse");
    expect(wrong.ok).toBe(false);
    if (!wrong.ok) expect(wrong.error.code).toBe("PASSPHRASE_WRONG");
    const damaged = sealed.slice(0, sealed.length - 3);
    const bad = openWithPassphrase(damaged, "correct horse");
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.error.code).toBe("SEALED_BOX_MALFORMED");
  });
});
