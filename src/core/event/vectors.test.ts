/**
 * Frozen event vectors (test/vectors/events/): bytes, ids and signatures written once and
 * never regenerated. Any change to the encoding, hashing or signing breaks these tests —
 * which is the point: other implementations verify logs against the same bytes.
 * `v2/` is the format in force; `v1/` (format 1, without scopes) must be refused whole.
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
import { EVENT_HANDLERS } from "../event-handlers.js";
import { strictFold } from "../testing.js";
import { checkEvent } from "./check.js";
import { decodeEnvelope, encodeEnvelope } from "./envelope.js";
import { foldInputOf } from "./fold-input.js";
import {
  decodeWireEvent,
  encodeWireEvent,
  eventFromParts,
  type SignedEvent,
  signEvent,
  verifySignature,
} from "./signed-event.js";

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
    scope?: string | null;
    author: string;
    seq: number;
    kseq?: number;
    prev: string | null;
    deps: string[];
    time: number;
    type: string;
    payloadHash: string;
    payloadSize: number;
    payload: CanonicalValue | null;
  };
}

function load(version: "v1" | "v2"): [string, Vector][] {
  const dir = new URL(
    `../../../test/vectors/events/${version}/`,
    import.meta.url,
  );
  return readdirSync(dir)
    .filter((f) => f.endsWith(".json"))
    .sort()
    .map((f) => [
      f,
      JSON.parse(readFileSync(new URL(f, dir), "utf8")) as Vector,
    ]);
}

const v2 = load("v2");
const v1 = load("v1");

function eventOf(v: Vector): SignedEvent {
  const e = eventFromParts(
    fromHex(v.envelope)!,
    fromHex(v.signature)!,
    v.payload === null ? null : fromHex(v.payload)!,
  );
  if (!e.ok) throw new Error(`vector does not decode: ${e.error.code}`);
  return e.value;
}

describe("frozen event vectors, format 2", () => {
  it("exist: a genesis, scopes founded, a link, a redacted event, an attestation, a revocation", () => {
    expect(v2.map(([, v]) => v.decoded.type)).toEqual([
      "federation.created",
      "body.created",
      "body.created",
      "body.linked",
      "comment.posted",
      "attestation.made",
      "key.revoked",
    ]);
    expect(v2.some(([, v]) => v.payload === null)).toBe(true);
  });

  it.each(v2)(
    "%s: id, envelope fields, payload hash and signature verify",
    (_name, v) => {
      const envelope = fromHex(v.envelope)!;
      const event = eventOf(v);
      expect(event.id).toBe(v.id);
      expect(toHex(sha256(envelope))).toBe(v.id);
      for (const backend of [nodeCryptoBackend, nobleBackend])
        expect(
          backend.verify(
            fromHex(v.publicKey)!,
            envelope,
            fromHex(v.signature)!,
          ),
        ).toBe(true);
      expect(verifySignature(event)).toBe(true);
      const decoded = decodeEnvelope(envelope);
      expect(decoded.ok).toBe(true);
      if (!decoded.ok) return;
      const d = decoded.value;
      expect({
        fed: d.fed ? toHex(d.fed) : null,
        scope: d.scope ? toHex(d.scope) : null,
        author: toHex(d.author),
        seq: d.seq,
        kseq: d.kseq,
        prev: d.prev ? toHex(d.prev) : null,
        deps: d.deps.map(toHex),
        time: d.time,
        type: d.type,
        payloadHash: toHex(d.payloadHash),
        payloadSize: d.payloadSize,
      }).toEqual({ ...v.decoded, payload: undefined });
      expect(toHex(encodeEnvelope(d))).toBe(v.envelope);
      if (v.payload !== null)
        expect(toHex(sha256(fromHex(v.payload)!))).toBe(v.decoded.payloadHash);
    },
  );

  it.each(v2.filter(([, v]) => v.payload !== null))(
    "%s: signing the decoded draft again gives the same bytes (Ed25519 is deterministic)",
    (_name, v) => {
      const key = keyPairFromSecret(fromHex(v.secretKey)!);
      expect(toHex(key.publicKey)).toBe(v.publicKey);
      const again = signEvent(key, {
        federation: v.decoded.fed,
        scope: v.decoded.scope ?? null,
        seq: v.decoded.seq,
        kseq: v.decoded.kseq!,
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

  it("are accepted, pass the chain and scope rules, and fold valid together", () => {
    const federation = v2[0]![1].id;
    const events = v2.map(([, v]) => eventOf(v));
    for (const e of events)
      expect(checkEvent(e, EVENT_HANDLERS, { federation })).toEqual({
        ok: true,
        value: undefined,
      });
    const fold = strictFold();
    const added = fold.add(events.map(foldInputOf));
    expect(added.rejected.size).toBe(0);
    expect(added.added).toHaveLength(events.length);
    expect([...fold.state.invalid.keys()]).toEqual([]);
    // The revocation cut the device key everywhere; the attestation took effect on the council.
    expect(fold.cutoffs().keys).toHaveLength(1);
    expect([...fold.state.claims.values()][0]?.effectiveAt).toBe(v2[5]![1].id);
  });
});

describe("format-1 vectors are refused whole", () => {
  it.each(v1)(
    "%s: its bytes and signature are intact, and it is refused as version 1",
    (_name, v) => {
      const envelope = fromHex(v.envelope)!;
      expect(toHex(sha256(envelope))).toBe(v.id);
      expect(
        nodeCryptoBackend.verify(
          fromHex(v.publicKey)!,
          envelope,
          fromHex(v.signature)!,
        ),
      ).toBe(true);
      expect(decodeEnvelope(envelope)).toEqual({
        ok: false,
        error: {
          code: "ENVELOPE_VERSION_UNSUPPORTED",
          details: { version: 1 },
        },
      });
      const payload = v.payload === null ? null : fromHex(v.payload)!;
      expect(
        eventFromParts(envelope, fromHex(v.signature)!, payload),
      ).toMatchObject({
        ok: false,
        error: { code: "ENVELOPE_VERSION_UNSUPPORTED" },
      });
    },
  );

  it("a format-1 event on the wire is refused as well", () => {
    const [, v] = v1[0]!;
    const e = eventOf(v2[0]![1]);
    const wire = encodeWireEvent({
      ...e,
      envelopeBytes: fromHex(v.envelope)!,
      signature: fromHex(v.signature)!,
      payloadBytes: fromHex(v.payload!)!,
    });
    expect(decodeWireEvent(wire)).toMatchObject({
      ok: false,
      error: { code: "ENVELOPE_VERSION_UNSUPPORTED" },
    });
  });
});
