/** Bad input before storage: each kind of damaged or foreign event is rejected with its code. */
import { describe, expect, it } from "vitest";
import {
  encodeCanonical,
  fromHex,
  sha256,
  signEd25519,
  toHex,
} from "../../crypto/index.js";
import { EVENT_HANDLERS } from "../event-handlers.js";
import { TestFederation } from "../testing.js";
import { checkEvent } from "./check.js";
import { encodeEnvelope } from "./envelope.js";
import {
  decodeWireEvent,
  encodeWireEvent,
  eventFromParts,
  type SignedEvent,
  signEvent,
} from "./signed-event.js";

function setup() {
  const t = new TestFederation();
  const founder = t.founders[0]!;
  const body = t.createBody(founder);
  return { t, founder, body };
}

function check(e: SignedEvent, federation: string) {
  return checkEvent(e, EVENT_HANDLERS, { federation });
}

function codeOf(r: {
  ok: boolean;
  error?: { code: string };
}): string | undefined {
  return r.ok ? undefined : r.error?.code;
}

describe("events rejected before storage", () => {
  it("accepts a well-formed event", () => {
    const { t, founder, body } = setup();
    const e = t.sign(founder, body, "body.renamed", {
      name: { en: "New name" },
    });
    expect(check(e, t.federation)).toEqual({ ok: true, value: undefined });
  });

  it("a forged signature", () => {
    const { t, founder, body } = setup();
    const e = t.sign(founder, body, "body.renamed", { name: { en: "x" } });
    const forged = Uint8Array.from(e.signature);
    forged[0]! ^= 0x80;
    expect(codeOf(check({ ...e, signature: forged }, t.federation))).toBe(
      "SIGNATURE_INVALID",
    );
    // Signed by another key than the author named in the envelope.
    const other = t.key("impostor");
    expect(
      codeOf(
        check(
          { ...e, signature: signEd25519(other.secretKey, e.envelopeBytes) },
          t.federation,
        ),
      ),
    ).toBe("SIGNATURE_INVALID");
  });

  it("a changed payload", () => {
    const { t, founder, body } = setup();
    const e = t.sign(founder, body, "body.renamed", { name: { en: "x" } });
    const changed = encodeCanonical({ name: { en: "y" } });
    expect(codeOf(eventFromParts(e.envelopeBytes, e.signature, changed))).toBe(
      "PAYLOAD_HASH_MISMATCH",
    );
    const longer = encodeCanonical({ name: { en: "yy" } });
    expect(codeOf(eventFromParts(e.envelopeBytes, e.signature, longer))).toBe(
      "PAYLOAD_SIZE_MISMATCH",
    );
  });

  it("a changed envelope changes the id and breaks the signature", () => {
    const { t, founder, body } = setup();
    const e = t.sign(founder, body, "body.renamed", { name: { en: "x" } });
    const bytes = Uint8Array.from(e.envelopeBytes);
    // Flip a bit inside the `time` field's 8-byte value: still canonical, but not what was signed.
    const timeAt = toHex(bytes).indexOf("6474696d651b") / 2 + 7;
    bytes[timeAt]! ^= 1;
    const parsed = eventFromParts(bytes, e.signature, e.payloadBytes);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.value.id).not.toBe(e.id);
    expect(codeOf(check(parsed.value, t.federation))).toBe("SIGNATURE_INVALID");
  });

  it("an unknown type", () => {
    const { t, founder, body } = setup();
    const e = t.sign(founder, body, "thing.happened", {}, { detached: true });
    expect(codeOf(check(e, t.federation))).toBe("TYPE_UNKNOWN");
  });

  it("a payload that does not fit its type", () => {
    const { t, founder, body } = setup();
    const e = t.sign(
      founder,
      body,
      "body.renamed",
      { name: { en: "x" }, body },
      { detached: true },
    );
    expect(check(e, t.federation)).toMatchObject({
      ok: false,
      error: {
        code: "PAYLOAD_INVALID",
        details: { problem: "unrecognized_keys" },
      },
    });
  });

  it("a type in the wrong scope: a founding event naming a scope, a revocation in a body, a body event in the federation scope", () => {
    const { t, founder, body } = setup();
    const founding = signEvent(founder, {
      federation: t.federation,
      scope: body,
      seq: 1,
      kseq: 90,
      prev: null,
      deps: [t.federation],
      time: 1,
      type: "body.created",
      payload: {},
    });
    expect(check(founding, t.federation)).toMatchObject({
      ok: false,
      error: { code: "SCOPE_INVALID", details: { reason: "founds-a-scope" } },
    });
    const revokedInBody = t.sign(
      founder,
      body,
      "key.revoked",
      { key: toHex(founder.publicKey), lastValidKseq: 99 },
      { detached: true },
    );
    expect(check(revokedInBody, t.federation)).toMatchObject({
      ok: false,
      error: { code: "SCOPE_INVALID", details: { reason: "body-scope" } },
    });
    const renamedInFederation = t.sign(
      founder,
      t.federation,
      "body.renamed",
      { name: { en: "x" } },
      { detached: true },
    );
    expect(check(renamedInFederation, t.federation)).toMatchObject({
      ok: false,
      error: { code: "SCOPE_INVALID", details: { reason: "federation-scope" } },
    });
    const noScope = signEvent(founder, {
      federation: t.federation,
      scope: null,
      seq: 1,
      kseq: 91,
      prev: null,
      deps: [body],
      time: 1,
      type: "body.renamed",
      payload: { name: { en: "x" } },
    });
    expect(check(noScope, t.federation)).toMatchObject({
      ok: false,
      error: { code: "SCOPE_INVALID", details: { reason: "scope-missing" } },
    });
  });

  it("an oversize event", () => {
    const { t, founder, body } = setup();
    const e = t.sign(
      founder,
      body,
      "comment.posted",
      { motion: body, text: "x".repeat(70_000), lang: "en" },
      { detached: true },
    );
    expect(
      codeOf(eventFromParts(e.envelopeBytes, e.signature, e.payloadBytes)),
    ).toBe("EVENT_TOO_LARGE");
    expect(codeOf(decodeWireEvent(encodeWireEvent(e)))).toBe("EVENT_TOO_LARGE");
  });

  it("too many deps, unsorted deps, prev without seq", () => {
    const { t, founder } = setup();
    const key = founder;
    const base = signEvent(key, {
      federation: t.federation,
      scope: t.federation,
      seq: 5,
      kseq: 5,
      prev: t.federation,
      deps: [],
      time: 1,
      type: "heads.merged",
      payload: {},
    });
    const deps = Array.from({ length: 17 }, (_, i) =>
      sha256(new Uint8Array([i])),
    ).sort((a, b) => (toHex(a) < toHex(b) ? -1 : 1));
    const tooMany = encodeEnvelope({ ...base.envelope, deps });
    expect(
      codeOf(eventFromParts(tooMany, base.signature, base.payloadBytes)),
    ).toBe("DEPS_TOO_MANY");
    const unsorted = encodeEnvelope({
      ...base.envelope,
      deps: [deps[1]!, deps[0]!],
    });
    expect(
      codeOf(eventFromParts(unsorted, base.signature, base.payloadBytes)),
    ).toBe("DEPS_NOT_SORTED");
    const noPrev = encodeEnvelope({ ...base.envelope, prev: null });
    expect(
      codeOf(eventFromParts(noPrev, base.signature, base.payloadBytes)),
    ).toBe("PREV_INVALID");
  });

  it("non-canonical bytes: the same envelope with a longer integer head, or unsorted keys", () => {
    const { t, founder, body } = setup();
    const e = t.sign(founder, body, "body.renamed", { name: { en: "x" } });
    const hex = toHex(e.envelopeBytes);
    // "v": 2 is 6176 02; write the 2 with a one-byte argument (1802) instead.
    const longHead = fromHex(hex.replace("617602", "61761802"))!;
    expect(codeOf(eventFromParts(longHead, e.signature, e.payloadBytes))).toBe(
      "CBOR_NON_CANONICAL",
    );
    // A map whose keys are out of order: {"name":…, "body":…} with "name" first.
    const bad = fromHex(
      `a2${toHex(encodeCanonical("name"))}${toHex(encodeCanonical({ en: "x" }))}${toHex(encodeCanonical("body"))}${toHex(encodeCanonical(body))}`,
    )!;
    const badEvent = signEvent(founder, {
      federation: t.federation,
      scope: body,
      seq: 99,
      kseq: 99,
      prev: e.id,
      deps: [],
      time: 1,
      type: "body.renamed",
      payload: {},
    });
    const withBadPayload = eventFromParts(
      encodeEnvelope({
        ...badEvent.envelope,
        payloadHash: sha256(bad),
        payloadSize: bad.length,
      }),
      badEvent.signature,
      bad,
    );
    expect(withBadPayload.ok).toBe(true);
    if (withBadPayload.ok)
      expect(codeOf(check(withBadPayload.value, t.federation))).toBe(
        "CBOR_NON_CANONICAL",
      );
  });

  it("an event of another federation", () => {
    const { t, founder, body } = setup();
    const other = new TestFederation({ label: "elsewhere" });
    const e = t.sign(founder, body, "body.renamed", { name: { en: "x" } });
    expect(codeOf(check(e, other.federation))).toBe("FEDERATION_MISMATCH");
    expect(codeOf(check(other.events[0]!, t.federation))).toBe(
      "FEDERATION_MISMATCH",
    );
  });

  it("a second genesis, or a genesis with deps", () => {
    const { t, founder } = setup();
    const g = signEvent(founder, {
      federation: null,
      scope: null,
      seq: 1,
      kseq: 1,
      prev: null,
      deps: [t.federation],
      time: 1,
      type: "federation.created",
      payload: {
        name: { en: "x" },
        founders: [{ key: toHex(founder.publicKey), name: "f" }],
      },
    });
    expect(codeOf(check(g, t.federation))).toBe("GENESIS_INVALID");
  });

  it("a missing payload of a type that cannot be redacted", () => {
    const { t, founder, body } = setup();
    const e = t.sign(founder, body, "body.renamed", { name: { en: "x" } });
    expect(codeOf(check({ ...e, payloadBytes: null }, t.federation))).toBe(
      "PAYLOAD_MISSING",
    );
  });

  it("a missing payload is pending where the replica takes it, except for types that shape scopes", () => {
    const { t, founder, body } = setup();
    const renamed = t.sign(founder, body, "body.renamed", {
      name: { en: "x" },
    });
    const pending = { federation: t.federation, payloadPending: true };
    expect(
      checkEvent({ ...renamed, payloadBytes: null }, EVENT_HANDLERS, pending)
        .ok,
    ).toBe(true);
    const founded = t.events.find((e) => e.id === body)!;
    const refused = checkEvent(
      { ...founded, payloadBytes: null },
      EVENT_HANDLERS,
      pending,
    );
    expect(refused.ok ? null : refused.error.code).toBe("PAYLOAD_MISSING");
  });
});
