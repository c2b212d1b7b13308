/**
 * One claim, two councils: a body linked to two councils carries the same claim to both (a
 * demand, a vacancy). The claim hash covers {body, claim} only, so the fold keys its claim
 * records by (council, hash): the claim takes effect on each council, a supersession on one
 * leaves the other alone, and a replica holding only one council folds the same records for it.
 */
import { describe, expect, it } from "vitest";
import type { KeyPair } from "../../crypto/index.js";
import { aggregateDemand } from "../demand/aggregate.js";
import { foldInputOf } from "../event/fold-input.js";
import type { SignedEvent } from "../event/signed-event.js";
import type { FoldEngine } from "../fold/fold.js";
import { pairKey } from "../fold/state.js";
import { idOf, replicasAgree, strictFold, TestFederation } from "../testing.js";
import { claimHash } from "./model.js";
import { demandClaim, pendingClaims } from "./pending.js";

/** The delegates of `body` on `council`, as the council holds them. */
function delegatesIn(fold: FoldEngine, council: string, body: string) {
  return fold.state.delegations.get(pairKey(council, body))?.delegates ?? [];
}

const ONE = {
  admission: { method: "endorsements", endorsements: 1 },
  quorumPercent: 25,
} as const;

/** An assembly (chair a, members m1, m2) linked to two municipal councils, attested by a. */
function twoCouncils() {
  const t = new TestFederation({ label: "two-councils" });
  const f = t.founders[0]!;
  const council = (name: string) =>
    t.createBody(f, {
      kind: "council",
      level: "municipal",
      name,
      rules: ONE as never,
    });
  const C1 = council("Town");
  const C2 = council("Transport workers");
  const [a, m1, m2] = ["a", "m1", "m2"].map((l) => t.key(l)) as [
    KeyPair,
    KeyPair,
    KeyPair,
  ];
  const A = t.createBody(a, { name: "Depot", rules: ONE as never });
  for (const k of [m1, m2]) t.admit(A, k, [a]);
  t.link(f, C1, A, { attesters: [a] });
  t.link(f, C2, A, { attesters: [a] });
  return { t, f, C1, C2, A, a, m1, m2 };
}

/** The events a reader of `scope` holds: the scope, the scopes above it, the federation scope. */
function partialFor(events: readonly SignedEvent[], scope: string) {
  const full = strictFold();
  full.add(events.map(foldInputOf));
  const closure = new Set([
    scope,
    full.federationScope!,
    ...full.scopesAbove(scope),
  ]);
  const partial = strictFold();
  partial.add(
    events.filter((e) => closure.has(full.scopeOf(e.id)!)).map(foldInputOf),
  );
  return { full, partial };
}

describe("the same claim on two councils", () => {
  it("a demand carried to both councils takes effect on each, with a record per council", () => {
    const { t, C1, C2, A, a, m1, m2 } = twoCouncils();
    const motion = t.sign(a, A, "motion.opened", {
      kind: "demand",
      title: { en: "Night buses" },
      text: { en: "Night buses on every line." },
    }).id;
    for (const v of [a, m1, m2]) t.vote(v, motion);
    t.close(a, motion);
    const claim = demandClaim(t.fold, A, motion);
    if (!claim.ok) throw new Error(claim.error.code);
    const hash = claimHash(A, claim.value);
    const on1 = t.attest(a, C1, A, claim.value);
    const on2 = t.attest(a, C2, A, claim.value);
    expect(t.fold.invalidReason(on1.id)).toBeNull();
    // Keyed by the hash alone, this was ALREADY_ATTESTED: the first council's record.
    expect(t.fold.invalidReason(on2.id)).toBeNull();
    const s = t.fold.state;
    expect(s.claims.get(pairKey(C1, hash))).toMatchObject({
      hash,
      council: C1,
      effectiveAt: on1.id,
    });
    expect(s.claims.get(pairKey(C2, hash))).toMatchObject({
      hash,
      council: C2,
      effectiveAt: on2.id,
    });
    // Each council opened its own demand, with the depot's three members behind it.
    expect(s.councilDemands.get(on1.id)?.council).toBe(C1);
    expect(s.councilDemands.get(on2.id)?.council).toBe(C2);
    expect(aggregateDemand(s, on1.id)?.members).toBe(3);
    expect(aggregateDemand(s, on2.id)?.members).toBe(3);

    // Withdrawn on the first council only: the second keeps the depot's support.
    const withdrawn = t.sign(a, C1, "attestation.superseded", {
      body: A,
      claim: hash,
    });
    expect(t.fold.invalidReason(withdrawn.id)).toBeNull();
    expect(aggregateDemand(s, on1.id)).toMatchObject({
      members: 0,
      bodies: [],
    });
    expect(aggregateDemand(s, on2.id)).toMatchObject({
      members: 3,
      bodies: [A],
    });
    expect(t.fold.invalidReason(on2.id)).toBeNull();

    // A replica holding only the second council folds the same records for it.
    const { full, partial } = partialFor(t.events, C2);
    expect(partial.heldScopes()).not.toContain(C1);
    expect(partial.invalidReason(on2.id)).toBeNull();
    expect(partial.state.claims.get(pairKey(C2, hash))).toEqual(
      full.state.claims.get(pairKey(C2, hash)),
    );
    expect(aggregateDemand(partial.state, on2.id)).toEqual(
      aggregateDemand(full.state, on2.id),
    );
    expect(partial.scopeHashes().get(C2)).toBe(full.scopeHashes().get(C2));
    const { disagreements } = replicasAgree(t.events);
    expect(disagreements).toEqual([]);
  });

  it("a delegate on both councils who leaves: one vacancy claim, pending and in effect on each", () => {
    const { t, C1, C2, A, a, m1, m2 } = twoCouncils();
    for (const council of [C1, C2]) {
      const election = t.sign(a, A, "motion.opened", {
        kind: "election",
        title: { en: "Delegate" },
        text: { en: "-" },
        method: "plurality",
        options: [{ label: "M1", member: idOf(m1) }],
        subject: { kind: "election", role: "delegate", council },
      }).id;
      for (const v of [a, m1, m2]) t.vote(v, election, { pick: 0 });
      t.close(a, election);
      for (const p of pendingClaims(t.fold, A, council))
        t.attest(a, council, A, p.claim);
    }
    expect(delegatesIn(t.fold, C1, A)).toEqual([idOf(m1)]);
    expect(delegatesIn(t.fold, C2, A)).toEqual([idOf(m1)]);

    t.sign(m1, A, "member.left", {});
    const vacancies = pendingClaims(t.fold, A).filter(
      (p) => p.claim.kind === "vacancy",
    );
    expect(vacancies.map((p) => p.council).sort()).toEqual([C1, C2].sort());
    expect(vacancies[0]!.hash).toBe(vacancies[1]!.hash);
    const signed = vacancies.map((p) => t.attest(a, p.council, A, p.claim));
    for (const e of signed) expect(t.fold.invalidReason(e.id)).toBeNull();
    expect(delegatesIn(t.fold, C1, A)).toEqual([]);
    expect(delegatesIn(t.fold, C2, A)).toEqual([]);
    expect(
      pendingClaims(t.fold, A).filter((p) => p.claim.kind === "vacancy"),
    ).toEqual([]);

    const { full, partial } = partialFor(t.events, C2);
    expect(delegatesIn(partial, C2, A)).toEqual([]);
    expect(partial.scopeHashes().get(C2)).toBe(full.scopeHashes().get(C2));
    expect(replicasAgree(t.events).disagreements).toEqual([]);
  });
});
