/**
 * Frozen event vectors (test/vectors/events/): bytes, ids and signatures written once and
 * never regenerated. Any change to the encoding, hashing or signing breaks these tests —
 * which is the point: other implementations verify logs against the same bytes.
 */
import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  type CanonicalValue,
  fromHex,
  keyPairFromSecret,
  nobleBackend,
  sha256,
  toHex,
} from "../../crypto/index.js";
import { nodeCryptoBackend } from "../../crypto/node.js";
import { decodeEnvelope, encodeEnvelope } from "./envelope.js";
import { eventFromParts, signEvent, verifySignature } from "./signed-event.js";

interface Vector {
  description: string;
  secretKey: string;
  publicKey: string;
  envelope: string;
  signature: string;
  payload: string | null;
  id: string;
  decoded: {
    fed: string | null;
    author: string;
    seq: number;
    prev: string | null;
    deps: string[];
    time: number;
    type: string;
    payloadHash: string;
    payloadSize: number;
    payload: CanonicalValue | null;
  };
}

const dir = new URL("../../../test/vectors/events/", import.meta.url);
const vectors: [string, Vector][] = readdirSync(dir)
  .filter((f) => f.endsWith(".json"))
  .sort()
  .map((f) => [f, JSON.parse(readFileSync(new URL(f, dir), "utf8")) as Vector]);

describe("frozen event vectors", () => {
  it("exist, including a redacted event", () => {
    expect(vectors.length).toBeGreaterThanOrEqual(4);
    expect(vectors.some(([, v]) => v.payload === null)).toBe(true);
  });

  it.each(vectors)(
    "%s: id, envelope fields, payload hash and signature verify",
    (_name, v) => {
      const envelope = fromHex(v.envelope)!;
      const event = eventFromParts(
        envelope,
        fromHex(v.signature)!,
        v.payload === null ? null : fromHex(v.payload)!,
      );
      expect(event.ok).toBe(true);
      if (!event.ok) return;
      expect(event.value.id).toBe(v.id);
      expect(toHex(sha256(envelope))).toBe(v.id);
      for (const backend of [nodeCryptoBackend, nobleBackend])
        expect(
          backend.verify(
            fromHex(v.publicKey)!,
            envelope,
            fromHex(v.signature)!,
          ),
        ).toBe(true);
      expect(verifySignature(event.value)).toBe(true);
      const decoded = decodeEnvelope(envelope);
      expect(decoded.ok).toBe(true);
      if (!decoded.ok) return;
      const d = decoded.value;
      expect({
        fed: d.fed ? toHex(d.fed) : null,
        author: toHex(d.author),
        seq: d.seq,
        prev: d.prev ? toHex(d.prev) : null,
        deps: d.deps.map(toHex),
        time: d.time,
        type: d.type,
        payloadHash: toHex(d.payloadHash),
        payloadSize: d.payloadSize,
      }).toEqual({
        fed: v.decoded.fed,
        author: v.decoded.author,
        seq: v.decoded.seq,
        prev: v.decoded.prev,
        deps: v.decoded.deps,
        time: v.decoded.time,
        type: v.decoded.type,
        payloadHash: v.decoded.payloadHash,
        payloadSize: v.decoded.payloadSize,
      });
      expect(toHex(encodeEnvelope(d))).toBe(v.envelope);
      if (v.payload !== null)
        expect(toHex(sha256(fromHex(v.payload)!))).toBe(v.decoded.payloadHash);
    },
  );

  it.each(vectors.filter(([, v]) => v.payload !== null))(
    "%s: signing the decoded draft again gives the same bytes (Ed25519 is deterministic)",
    (_name, v) => {
      const key = keyPairFromSecret(fromHex(v.secretKey)!);
      expect(toHex(key.publicKey)).toBe(v.publicKey);
      const again = signEvent(key, {
        federation: v.decoded.fed,
        seq: v.decoded.seq,
        prev: v.decoded.prev,
        deps: v.decoded.deps,
        time: v.decoded.time,
        type: v.decoded.type,
        payload: v.decoded.payload!,
      });
      expect(toHex(again.envelopeBytes)).toBe(v.envelope);
      expect(toHex(again.signature)).toBe(v.signature);
      expect(toHex(again.payloadBytes!)).toBe(v.payload);
    },
  );
});
