/**
 * Redaction reaches a demand's words where they rose: an assembly adopted a demand whose title
 * and text an informer filled with an address, its attesters carried it to the council, and the
 * assembly's chair redacts the motion. The council cannot read the assembly, so the redaction
 * rises as the demand did — a claim signed by k of the assembly's attesters — and the council
 * drops the words from its demand, its claim record and the attestations that carried them. The
 * demand stands there with its support; every replica, full or holding the council alone, with
 * or without the dropped payloads, folds the same state.
 */
import { describe, expect, it } from "vitest";
import type { CanonicalValue, KeyPair } from "../../crypto/index.js";
import { decodeCanonical } from "../../crypto/index.js";
import { auditAttestations } from "../attestation/audit.js";
import { claimHash } from "../attestation/model.js";
import { demandClaim, pendingClaims } from "../attestation/pending.js";
import { aggregateDemand } from "../demand/aggregate.js";
import { foldInputOf } from "../event/fold-input.js";
import { type SignedEvent, withoutPayload } from "../event/signed-event.js";
import type { FoldEngine } from "../fold/fold.js";
import {
  replicaOf,
  replicasAgree,
  strictFold,
  TestFederation,
} from "../testing.js";
import { keptPartOf } from "./kept-part.js";

const TITLE = "Punish the foreman Zhaksylykov";
const TEXT = "He lives at 7 Zheltoksan Street, flat 12.";
const WORDS = ["Zhaksylykov", "Zheltoksan"];

const ONE = {
  admission: { method: "endorsements", endorsements: 1 },
  quorumPercent: 25,
} as const;

function stateText(fold: FoldEngine): string {
  return JSON.stringify([...fold.snapshots().values()]);
}

function payloadOf(e: SignedEvent): CanonicalValue {
  const d = decodeCanonical(e.payloadBytes!);
  if (!d.ok) throw new Error("undecodable payload");
  return d.value;
}

/** A depot assembly (chair a, members m1, m2) under a town council, two attesters of two. */
function adoptedAndRisen() {
  const t = new TestFederation({ label: "demand-words" });
  const f = t.founders[0]!;
  const C = t.createBody(f, {
    kind: "council",
    level: "municipal",
    name: "Town",
    rules: ONE as never,
  });
  const [a, m1, m2] = ["a", "m1", "m2"].map((l) => t.key(l)) as [
    KeyPair,
    KeyPair,
    KeyPair,
  ];
  const A = t.createBody(a, { name: "Depot", rules: ONE as never });
  for (const k of [m1, m2]) t.admit(A, k, [a]);
  t.link(f, C, A, { attesters: [a, m1], threshold: 2 });
  const motion = t.sign(a, A, "motion.opened", {
    kind: "demand",
    title: { en: TITLE },
    text: { en: TEXT },
  });
  for (const v of [a, m1, m2]) t.vote(v, motion.id);
  t.close(a, motion.id);
  const claim = demandClaim(t.fold, A, motion.id);
  if (!claim.ok) throw new Error(claim.error.code);
  const carried = [a, m1].map((k) => t.attest(k, C, A, claim.value));
  return { t, f, C, A, a, m1, m2, motion, claim: claim.value, carried };
}

/** The events a reader of the council holds (its scope, the federation scope). */
function councilOnly(events: readonly SignedEvent[], council: string) {
  const full = strictFold();
  full.add(events.map(foldInputOf));
  const closure = new Set([council, full.federationScope!]);
  const partial = strictFold();
  partial.add(
    events.filter((e) => closure.has(full.scopeOf(e.id)!)).map(foldInputOf),
  );
  return { full, partial };
}

describe("a demand's words removed below reach the council by attestation", () => {
  it("the council drops them from its demand, its claim and the attestations; the support stays", () => {
    const { t, C, A, a, m1, motion, claim, carried } = adoptedAndRisen();
    const demand = carried[1]!.id; // the signature that completed the claim opened it
    expect(t.fold.state.councilDemands.get(demand)?.title).toEqual({
      en: TITLE,
    });
    // The assembly redacts its motion: its own records lose the words…
    t.sign(a, A, "event.redacted", {
      event: motion.id,
      keep: keptPartOf("motion.opened", payloadOf(motion))!,
    });
    expect(t.fold.state.motions.get(motion.id)?.redacted).toBe(true);
    // …but the council's copy holds them until the redaction rises.
    expect(stateText(t.fold)).toContain("Zheltoksan");
    const pending = pendingClaims(t.fold, A, C).filter(
      (p) => p.claim.kind === "redaction",
    );
    expect(pending).toHaveLength(1);
    const redaction = pending[0]!.claim;
    expect(redaction).toMatchObject({
      kind: "redaction",
      claim: claimHash(A, claim),
      events: carried.map((e) => e.id).sort(),
    });
    const first = t.attest(a, C, A, redaction);
    expect(t.fold.invalidReason(first.id)).toBeNull();
    // One of two attesters: not yet.
    expect(stateText(t.fold)).toContain("Zheltoksan");
    const second = t.attest(m1, C, A, redaction);
    expect(t.fold.invalidReason(second.id)).toBeNull();
    for (const w of WORDS) expect(stateText(t.fold)).not.toContain(w);
    for (const e of carried)
      expect(t.fold.state.redactions.get(e.id)?.event).toBe(second.id);
    expect(t.fold.state.councilDemands.get(demand)).toMatchObject({
      title: {},
      text: {},
      redacted: true,
      origin: { body: A },
    });
    expect(aggregateDemand(t.fold.state, demand)?.members).toBe(3);
    expect(pendingClaims(t.fold, A, C).map((p) => p.claim.kind)).not.toContain(
      "redaction",
    );

    // Every replica agrees, with or without the dropped payloads, in any order.
    const dropped = [motion.id, ...carried.map((e) => e.id)];
    const { reference, disagreements } = replicasAgree(t.events);
    expect(disagreements).toEqual([]);
    const stripped = replicaOf(
      t.events.map((e) => (dropped.includes(e.id) ? withoutPayload(e) : e)),
    );
    expect(stripped.stateHash()).toBe(reference.stateHash());
    expect(stripped.state.councilDemands.get(demand)?.redacted).toBe(true);
    for (const w of WORDS) expect(stateText(reference)).not.toContain(w);

    // A reader of the council alone (a coordinator) folds the same council.
    const { full, partial } = councilOnly(t.events, C);
    expect(partial.invalidReason(second.id)).toBeNull();
    expect(partial.scopeHashes().get(C)).toBe(full.scopeHashes().get(C));
    expect(partial.state.councilDemands.get(demand)?.redacted).toBe(true);

    // The assembly's members see the council holds what their log says.
    const audit = auditAttestations(t.fold, A);
    expect(
      audit.filter((x) => x.council === C).map((x) => [x.kind, x.status]),
    ).toEqual(
      expect.arrayContaining([
        ["demand", "confirmed"],
        ["redaction", "confirmed"],
      ]),
    );
  });

  it("a redaction claim cannot change the demand's support while removing its words", () => {
    const { t, C, A, a, m1, motion, claim, carried } = adoptedAndRisen();
    t.sign(a, A, "event.redacted", {
      event: motion.id,
      keep: keptPartOf("motion.opened", payloadOf(motion))!,
    });
    const { title: _t, text: _x, ...keep } = claim;
    const forged = {
      kind: "redaction" as const,
      cites: motion.id,
      claim: claimHash(A, claim),
      events: carried.map((e) => e.id).sort(),
      keep: {
        ...keep,
        support: keep.support.map((s) => ({ ...s, members: s.members * 100 })),
      },
    };
    const bad = [a, m1].map((k) => t.attest(k, C, A, forged));
    expect(t.fold.invalidReason(bad[0]!.id)?.code).toBe(
      "REDACTION_KEEP_MISMATCH",
    );
    expect(stateText(t.fold)).toContain("Zheltoksan");
  });

  it("only attestations of this council can be named, and only by the body's attesters", () => {
    const { t, f, C, A, a, motion, claim } = adoptedAndRisen();
    const { title: _t, text: _x, ...keep } = claim;
    const naming = (events: string[]) => ({
      kind: "redaction" as const,
      cites: motion.id,
      claim: claimHash(A, claim),
      events,
      keep,
    });
    // The assembly's motion lies below the council, which cannot know it.
    const below = t.attest(a, C, A, naming([motion.id]));
    expect(t.fold.invalidReason(below.id)?.code).toBe(
      "REDACTION_TARGET_UNKNOWN",
    );
    // The council's own link is no attestation.
    const link = t.events.find(
      (e) => e.envelope.type === "body.linked" && t.fold.scopeOf(e.id) === C,
    )!;
    const wrong = t.attest(a, C, A, naming([link.id]));
    expect(t.fold.invalidReason(wrong.id)?.code).toBe("NOT_REDACTABLE");
    // A founder who is no attester of the assembly cannot sign for it.
    const outsider = t.attest(f, C, A, naming([motion.id]));
    expect(t.fold.invalidReason(outsider.id)?.code).toBe("NOT_AN_ATTESTER");
  });
});
