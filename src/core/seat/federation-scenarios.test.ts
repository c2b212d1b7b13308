/**
 * The federation across scopes: delegates elected in an assembly and seated on a council by
 * attestation, recalled and vacated, bound by mandates whose deviations the council judges,
 * weighted by attested member counts; demands that rise and are endorsed along several
 * paths; calls to action answered and rolled up; rogue attestations caught by the body's
 * members. Each scenario is checked on every delivery order and on partial replicas that
 * hold only the scopes one reader may read.
 */
import { describe, expect, it } from "vitest";
import type { CanonicalValue, KeyPair } from "../../crypto/index.js";
import { rollupCall } from "../action/rollup.js";
import { auditAttestations } from "../attestation/audit.js";
import type { Claim } from "../attestation/model.js";
import { demandClaim, pendingClaims } from "../attestation/pending.js";
import { aggregateDemand } from "../demand/aggregate.js";
import type { SignedEvent } from "../event/signed-event.js";
import type { FoldEngine } from "../fold/fold.js";
import { idOf, replicasAgree, TestFederation } from "../testing.js";
import { delegateViews } from "../views.js";

const ONE = {
  admission: { method: "endorsements", endorsements: 1 },
  quorumPercent: 25,
} as const;

/** Every delivery order and every reader's partial replica agree with the full rebuild. */
function expectAllReplicasAgree(events: readonly SignedEvent[]): FoldEngine {
  const { reference, disagreements } = replicasAgree(events);
  expect(disagreements).toEqual([]);
  return reference;
}

function pass(
  t: TestFederation,
  motion: string,
  chair: KeyPair,
  voters: readonly KeyPair[],
  choice: CanonicalValue = { vote: "yes" },
): SignedEvent {
  for (const v of voters) t.vote(v, motion, choice);
  return t.close(chair, motion);
}

/** Every claim about `body` pending on `council`, signed by `attester`. */
function attestAll(
  t: TestFederation,
  attester: KeyPair,
  body: string,
  council: string,
): SignedEvent[] {
  return pendingClaims(t.fold, body, council).map((p) =>
    t.attest(attester, council, body, p.claim),
  );
}

function electDelegates(
  t: TestFederation,
  body: string,
  chair: KeyPair,
  voters: readonly KeyPair[],
  candidates: readonly KeyPair[],
  council: string,
  seats = candidates.length,
): SignedEvent {
  const motion = t.sign(chair, body, "motion.opened", {
    kind: "election",
    title: { en: "Delegate" },
    text: { en: "Who goes to the council." },
    method: "approval",
    options: candidates.map((c, i) => ({ label: `C${i}`, member: idOf(c) })),
    seats,
    subject: { kind: "election", role: "delegate", council },
  }).id;
  return pass(t, motion, chair, voters, {
    approve: candidates.map((_, i) => i),
  });
}

/**
 * A municipal council with two assemblies: A1 (4 members, 1 seat, attested by its chair a1)
 * and A2 (2 members, 1 seat, attested by a2); each elected its delegate and told the council.
 */
function fixture(councilRules: Record<string, CanonicalValue> = {}) {
  const t = new TestFederation();
  const f = t.founders[0]!;
  const council = t.createBody(f, {
    kind: "council",
    level: "municipal",
    name: "Town council",
    rules: { ...ONE, ...councilRules } as never,
  });
  const [a1, m1, m2, m3, a2, n1] = ["a1", "m1", "m2", "m3", "a2", "n1"].map(
    (l) => t.key(l),
  ) as [KeyPair, KeyPair, KeyPair, KeyPair, KeyPair, KeyPair];
  const A1 = t.createBody(a1, { name: "Depot", rules: ONE as never });
  const A2 = t.createBody(a2, { name: "Hospital", rules: ONE as never });
  for (const k of [m1, m2, m3]) t.admit(A1, k, [a1]);
  t.admit(A2, n1, [a2]);
  t.link(f, council, A1, { attesters: [a1], name: "Depot" });
  t.link(f, council, A2, { attesters: [a2], name: "Hospital" });
  electDelegates(t, A1, a1, [a1, m1, m2], [m1], council);
  electDelegates(t, A2, a2, [a2, n1], [a2], council);
  attestAll(t, a1, A1, council);
  attestAll(t, a2, A2, council);
  return { t, f, council, A1, A2, a1, m1, m2, m3, a2, n1 };
}

describe("delegates, mandates, recall — across scopes", () => {
  it("a delegate sits on the council once the body's attesters carry the election up", () => {
    const t = new TestFederation();
    const f = t.founders[0]!;
    const council = t.createBody(f, { kind: "council", rules: ONE as never });
    const [a, m] = [t.key("a"), t.key("m")];
    const A = t.createBody(a, { rules: ONE as never });
    t.admit(A, m, [a]);
    t.link(f, council, A, { attesters: [a] });
    electDelegates(t, A, a, [a, m], [m], council);
    const motion = t.openMotion(f, council);
    const early = t.vote(m, motion);
    expect(t.fold.invalidReason(early.id)?.code).toBe("NOT_A_MEMBER");
    expect(pendingClaims(t.fold, A, council).map((p) => p.claim.kind)).toEqual([
      "seats",
      "members",
    ]);
    attestAll(t, a, A, council);
    const seated = t.vote(m, motion);
    expect(t.fold.invalidReason(seated.id)).toBeNull();
    expect(pendingClaims(t.fold, A, council)).toEqual([]);
    expectAllReplicasAgree(t.events);
  });

  it("elected delegates may vote on the council; members of the body below may not", () => {
    const { t, council, m1, m2, a2 } = fixture();
    const motion = t.openMotion(m1, council);
    const ok = t.vote(a2, motion);
    const outsider = t.vote(m2, motion);
    expect(t.fold.invalidReason(ok.id)).toBeNull();
    expect(t.fold.invalidReason(outsider.id)?.code).toBe("NOT_A_MEMBER");
    expectAllReplicasAgree(t.events);
  });

  it("a recall that passes leaves the seat vacant once attested, and a by-election fills it", () => {
    const { t, f, council, A1, a1, m1, m2, m3 } = fixture();
    expect(t.fold.state.delegations.get(`${council} ${A1}`)?.delegates).toEqual(
      [idOf(m1)],
    );
    const recall = t.sign(m2, A1, "motion.opened", {
      kind: "recall",
      title: { en: "Recall" },
      text: { en: "He broke the mandate." },
      subject: { kind: "recall", council, member: idOf(m1) },
    }).id;
    pass(t, recall, a1, [a1, m2, m3]);
    expect(
      t.fold.state.ownDelegations.get(`${A1} ${council}`)?.delegates,
    ).toEqual([]);
    const [recallClaim] = attestAll(t, a1, A1, council);
    expect(t.fold.state.delegations.get(`${council} ${A1}`)?.delegates).toEqual(
      [],
    );
    const after = t.vote(m1, t.openMotion(a1, A1));
    expect(t.fold.invalidReason(after.id)).toBeNull(); // still a member of the assembly
    const late = t.vote(m1, t.openMotion(f, council), { vote: "no" });
    expect(t.fold.invalidReason(late.id)?.code).toBe("NOT_A_MEMBER");
    electDelegates(t, A1, a1, [a1, m2, m3], [m2], council);
    attestAll(t, a1, A1, council);
    const fold = expectAllReplicasAgree(t.events);
    expect(fold.state.delegations.get(`${council} ${A1}`)?.delegates).toEqual([
      idOf(m2),
    ]);
    const record = delegateViews(fold.state).find(
      (d) => d.member === idOf(m1),
    )!;
    expect(record.council).toBe(council);
    expect(record.recalls).toEqual([recallClaim!.id]);
    expect(record.terms[0]).toMatchObject({ body: A1, ended: "recalled" });
  });

  it("a body unlinked from a council: its delegates sit there no more", () => {
    const { t, f, council, A1, m1 } = fixture();
    t.link(f, council, A1, { seats: 0 });
    expect(t.fold.state.delegations.get(`${council} ${A1}`)?.delegates).toEqual(
      [],
    );
    const record = t.fold.state.delegates.get(`${council} ${idOf(m1)}`)!;
    expect(record.terms[0]).toMatchObject({ body: A1, ended: "unlinked" });
    const late = t.vote(m1, t.openMotion(f, council));
    expect(t.fold.invalidReason(late.id)?.code).toBe("NOT_A_MEMBER");
    expectAllReplicasAgree(t.events);
  });

  it("a delegate who leaves the body leaves the seat vacant", () => {
    const { t, council, A1, a1, m1 } = fixture();
    t.sign(m1, A1, "member.left", {});
    expect(pendingClaims(t.fold, A1, council).map((p) => p.claim.kind)).toEqual(
      ["vacancy", "members"],
    );
    attestAll(t, a1, A1, council);
    expect(t.fold.state.delegations.get(`${council} ${A1}`)?.delegates).toEqual(
      [],
    );
    expectAllReplicasAgree(t.events);
  });

  it("a recall and the delegate's ballot made apart: the close that knows the recall does not count the ballot", () => {
    const { t, f, council, A1, a1, m1, m2, m3, a2 } = fixture();
    const motion = t.openMotion(a2, council);
    const councilHeads = t.fold.headsOf(council);
    const recallMotion = t.sign(m2, A1, "motion.opened", {
      kind: "recall",
      title: { en: "Recall" },
      text: { en: "-" },
      subject: { kind: "recall", council, member: idOf(m1) },
    }).id;
    pass(t, recallMotion, a1, [a1, m2, m3]);
    const [claim] = pendingClaims(t.fold, A1, council);
    // The council, not seeing the recall yet: m1 votes yes, a2 votes no.
    const ballot = t.vote(m1, motion, { vote: "yes" }, { deps: councilHeads });
    const other = t.vote(a2, motion, { vote: "no" }, { deps: [ballot.id] });
    expect(t.fold.invalidReason(ballot.id)).toBeNull(); // valid where cast: m1 did not know
    const attested = t.attest(a1, council, A1, claim!.claim, {
      deps: councilHeads,
    });
    const close = t.close(f, motion, { after: [attested.id, other.id] });
    const fold = expectAllReplicasAgree(t.events);
    expect(fold.invalidReason(close.id)).toBeNull();
    expect(fold.state.motions.get(motion)!.result).toMatchObject({
      kind: "decision",
      decision: { yes: 0, no: 1 },
    });
  });

  it("a council can weigh delegates' ballots by the member counts their bodies attested", () => {
    const { t, council, m1, a2, f } = fixture({
      delegateWeight: "represented",
      quorumPercent: 10,
    });
    const motion = t.openMotion(f, council);
    t.vote(m1, motion, { vote: "yes" }); // A1: 4 members, 1 seat
    t.vote(a2, motion, { vote: "no" }); // A2: 2 members, 1 seat
    t.close(f, motion);
    const fold = expectAllReplicasAgree(t.events);
    expect(fold.state.motions.get(motion)!.result).toMatchObject({
      kind: "decision",
      decision: { yes: 4, no: 2, outcome: "adopted" },
    });
  });

  it("a close stating another result than the count is invalid", () => {
    const { t, f, council, m1, a2 } = fixture();
    const motion = t.openMotion(f, council);
    t.vote(m1, motion, { vote: "no" });
    t.vote(a2, motion, { vote: "no" });
    const lie = t.close(f, motion, { result: { outcome: "adopted" } });
    expect(t.fold.invalidReason(lie.id)?.code).toBe("RESULT_MISMATCH");
    const truth = t.close(f, motion);
    expect(t.fold.invalidReason(truth.id)).toBeNull();
    expect(t.fold.state.motions.get(motion)?.outcome).toBe("rejected");
  });

  it("a ballot that departs from the attested mandate is a deviation the council records", () => {
    const { t, council, A1, a1, m1, m2, m3, f } = fixture();
    const motion = t.openMotion(f, council);
    const mandate = t.sign(a1, A1, "motion.opened", {
      kind: "mandate",
      title: { en: "Mandate" },
      text: { en: "Vote yes on the strike." },
      subject: {
        kind: "mandate",
        council,
        positions: [{ motion, choice: { vote: "yes" } }],
      },
    }).id;
    const close = pass(t, mandate, a1, [a1, m2, m3]);
    attestAll(t, a1, A1, council);
    const deviating = t.vote(m1, motion, { vote: "no" });
    const fold = expectAllReplicasAgree(t.events);
    expect(fold.state.deviations.get(council)).toEqual([
      expect.objectContaining({
        ballot: deviating.id,
        delegate: idOf(m1),
        body: A1,
        motion,
        bound: { vote: "yes" },
        cast: { vote: "no" },
        mandate: close.id,
      }),
    ]);
    expect(fold.state.mandates.get(`${council} ${A1}`)?.positions).toEqual([
      { motion, choice: { vote: "yes" } },
    ]);
    // The assembly's own record keeps the instructions; the council gets the positions.
    expect(
      fold.state.ownMandates.get(`${A1} ${council}`)?.instructions,
    ).toEqual({ en: "Vote yes on the strike." });
    expect(
      fold.state.mandates.get(`${council} ${A1}`)?.instructions,
    ).toBeNull();
  });
});

/** Adopts a demand motion in a body and returns its id. */
function adoptDemand(
  t: TestFederation,
  body: string,
  chair: KeyPair,
  voters: readonly KeyPair[],
  title = "Gas at the old price",
): string {
  const motion = t.sign(chair, body, "motion.opened", {
    kind: "demand",
    title: { en: title },
    text: { en: title },
  }).id;
  pass(t, motion, chair, voters);
  return motion;
}

function forward(
  t: TestFederation,
  attester: KeyPair,
  body: string,
  council: string,
  demand: string,
  into?: string,
): SignedEvent {
  const claim = demandClaim(t.fold, body, demand, into);
  if (!claim.ok) throw new Error(claim.error.code);
  return t.attest(attester, council, body, claim.value);
}

describe("demands that rise", () => {
  it("the same demand endorsed along two paths counts its members once", () => {
    const { t, f, council, A1, A2, a1, m1, m2, a2, n1 } = fixture();
    // A regional council above the town council; A1 also sends a seat straight to it.
    const region = t.createBody(f, {
      kind: "council",
      level: "regional",
      name: "Region",
      rules: ONE as never,
    });
    t.link(f, region, council, { attesters: [f], kind: "council" });
    t.link(f, region, A1, { attesters: [a1] });
    const d1 = adoptDemand(t, A1, a1, [a1, m1, m2]);
    const d2 = adoptDemand(t, A2, a2, [a2, n1]);
    const town = forward(t, a1, A1, council, d1).id;
    forward(t, a2, A2, council, d2, town);
    // The town council's attester carries it up; A1's attester endorses it there directly.
    const regional = forward(t, f, council, region, town).id;
    forward(t, a1, A1, region, d1, regional);
    const dup = t.attest(a1, council, A1, {
      ...(demandClaim(t.fold, A1, d1).ok
        ? (demandClaim(t.fold, A1, d1) as { value: Claim }).value
        : ({} as Claim)),
      into: town,
    } as Claim);
    expect(t.fold.invalidReason(dup.id)?.code).toBe("DEMAND_ALREADY_FORWARDED");
    const fold = expectAllReplicasAgree(t.events);
    const agg = aggregateDemand(fold.state, regional)!;
    expect(agg.members).toBe(6); // A1's 4 and A2's 2, although A1 reached the region twice
    expect(agg.bodies).toEqual([A1, A2, council].sort());
    expect(agg.levels.find((l) => l.level === "assembly")).toMatchObject({
      members: 6,
    });
    // The town council endorsed it too, as a body: its delegates are counted in A1 and A2.
    expect(agg.levels.find((l) => l.level === "municipal")).toMatchObject({
      bodies: [council],
      members: 0,
    });
    expect(agg.forwards).toHaveLength(2);
    expect(aggregateDemand(fold.state, town)!.members).toBe(6);
  });

  it("only an attester carries a demand up; a body cannot carry a demand it did not adopt", () => {
    const { t, council, A1, a1, m1, m2, m3, a2 } = fixture();
    const d1 = adoptDemand(t, A1, a1, [a1, m1, m2]);
    const claim = demandClaim(t.fold, A1, d1);
    const stranger = t.attest(
      a2,
      council,
      A1,
      (claim as { value: Claim }).value,
    );
    expect(t.fold.invalidReason(stranger.id)?.code).toBe("NOT_AN_ATTESTER");
    const rejected = t.sign(a1, A1, "motion.opened", {
      kind: "demand",
      title: { en: "x" },
      text: { en: "x" },
    }).id;
    pass(t, rejected, a1, [a1, m1, m2, m3], { vote: "no" });
    expect(demandClaim(t.fold, A1, rejected)).toMatchObject({
      ok: false,
      error: { code: "DEMAND_NOT_ADOPTED" },
    });
  });
});

describe("calls to action", () => {
  it("answers roll up by attestation per level and per day, people counted once, and only chairs answer", () => {
    const { t, f, council, A1, A2, a1, a2, m1, n1 } = fixture();
    const region = t.createBody(f, {
      kind: "council",
      level: "regional",
      name: "Region",
      rules: ONE as never,
    });
    t.link(f, region, council, { attesters: [f], kind: "council" });
    electDelegates(t, council, f, [f, m1, a2], [m1], region);
    attestAll(t, f, council, region);
    const call = t.sign(f, region, "motion.opened", {
      kind: "action",
      title: { en: "General strike" },
      text: { en: "All out from Monday." },
      subject: {
        kind: "action",
        action: "strike",
        startsAt: Date.UTC(2026, 10, 2),
        scope: "all",
      },
    }).id;
    pass(t, call, f, [f, m1]);
    const day = 86_400_000;
    const at = (d: number) => Date.UTC(2026, 10, 2) + d * day + 3600_000;
    const answer = (
      who: KeyPair,
      body: string,
      answer: string,
      headcount: number,
      d: number,
    ) =>
      t.signAt(
        who,
        body,
        "action.answered",
        { call, answer, headcount },
        at(d),
      );
    answer(a1, A1, "will-join", 4, 0);
    answer(a2, A2, "will-not", 0, 0);
    answer(a1, A1, "started", 4, 1);
    // A council has no members of its own: a headcount from it is refused, none is counted.
    const inflated = answer(f, council, "started", 6, 1);
    expect(t.fold.invalidReason(inflated.id)?.code).toBe("HEADCOUNT_INVALID");
    answer(f, council, "started", 0, 1);
    // Nor can an assembly report more people than it has members (A2 has two).
    const tooMany = answer(a2, A2, "started", 3, 2);
    expect(t.fold.invalidReason(tooMany.id)?.code).toBe("HEADCOUNT_INVALID");
    answer(a2, A2, "started", 2, 2);
    const intruder = t.signAt(
      n1,
      A2,
      "action.answered",
      { call, answer: "ended", headcount: 0 },
      at(2),
    );
    expect(t.fold.invalidReason(intruder.id)?.code).toBe("NOT_A_CHAIR");
    attestAll(t, a1, A1, council);
    attestAll(t, a2, A2, council);
    attestAll(t, f, council, region);
    const fold = expectAllReplicasAgree(t.events);
    const r = rollupCall(fold.state, call, region)!;
    expect(r.total.bodies).toEqual({
      "will-join": 0,
      "will-not": 0,
      started: 3,
      ended: 0,
    });
    // People count at the assemblies only: the town council's members are theirs.
    expect(r.total.members.started).toBe(4 + 2);
    expect(r.levels.find((l) => l.level === "assembly")?.bodies.started).toBe(
      2,
    );
    // Counted by hand: A1 (4 members) reported 4 on strike, A2 (2 members) 2, the council 0.
    expect(r.total.headcount.started).toBe(4 + 2);
    expect(
      r.levels.find((l) => l.level === "municipal")?.headcount.started,
    ).toBe(0);
    expect(
      r.days.map((d) => [
        d.day,
        d.bodies.started,
        d.bodies["will-join"],
        d.bodies["will-not"],
      ]),
    ).toEqual([
      ["2026-11-02", 0, 1, 1],
      ["2026-11-03", 2, 0, 1],
      ["2026-11-04", 3, 0, 0],
    ]);
    // The town council sees only the bodies below it, and its own answer.
    expect(rollupCall(fold.state, call, council)!.total.bodies.started).toBe(3);
    expect(r.children.map((c) => c.body)).toEqual([council]);
    // The town council reported upward the members its assemblies reported: 4 + 2; its own
    // audit (on a replica holding the council) confirms it.
    const counts = fold.state.memberCountFacts.get(`${region} ${council}`);
    expect(counts.at(-1)?.value).toBe(6);
    expect(
      auditAttestations(fold, council)
        .filter((a) => a.kind === "members")
        .map((a) => a.status),
    ).toEqual(["confirmed"]);
  });
});

describe("attestations under attack", () => {
  it("a rogue chair's invented election is flagged to the body's members, and the council's credentials vote replaces the attesters who supersede it", () => {
    const { t, f, council, A1, a1, a2, m1, m2, m3 } = fixture();
    // a1 (chair and sole attester) tells the council that m3 was elected: no close says so.
    const invented: Claim = {
      kind: "seats",
      cites: A1,
      elected: [{ member: idOf(m3), name: "Member" }],
      full: true,
    };
    t.attest(a1, council, A1, invented);
    expect(t.fold.state.delegations.get(`${council} ${A1}`)?.delegates).toEqual(
      [idOf(m3)],
    );
    const audit = auditAttestations(t.fold, A1);
    const flagged = audit.find((x) => x.status === "mismatch");
    expect(flagged).toMatchObject({
      council,
      kind: "seats",
      effective: true,
      problem: "ATTESTATION_CITES_UNKNOWN",
    });
    // The honest claim about the real election is confirmed.
    expect(
      audit.filter((x) => x.kind === "seats" && x.status === "confirmed"),
    ).toHaveLength(1);
    // The council's credentials vote makes m2 the attester; m2 supersedes the invented claim.
    const credentials = t.sign(f, council, "motion.opened", {
      kind: "credentials",
      title: { en: "New attesters for the depot" },
      text: {
        en: "The depot's chair attested an election that did not happen.",
      },
      subject: {
        kind: "credentials",
        body: A1,
        attesters: [idOf(m2)],
        threshold: 1,
      },
    }).id;
    // The council's voters are its seated delegates (its convener, f, has no vote): a2
    // sits for the hospital, while the depot's seat is held by the invented election.
    pass(t, credentials, f, [a2]);
    const old = t.attest(a1, council, A1, {
      kind: "members",
      cites: t.fold.headsOf(A1)[0]!,
      count: 99,
    });
    expect(t.fold.invalidReason(old.id)?.code).toBe("NOT_AN_ATTESTER");
    const hash = flagged!.hash;
    t.sign(m2, council, "attestation.superseded", { body: A1, claim: hash });
    const fold = expectAllReplicasAgree(t.events);
    // Without the invented full election, the honest one stands again: m1 sits.
    expect(fold.state.delegations.get(`${council} ${A1}`)?.delegates).toEqual([
      idOf(m1),
    ]);
    expect(
      auditAttestations(fold, A1).find((x) => x.hash === hash)?.superseded,
    ).toBe(true);
  });

  it("a delegate who is also the chair and an attester loses the seat on recall without cooperating", () => {
    const t = new TestFederation();
    const f = t.founders[0]!;
    const council = t.createBody(f, { kind: "council", rules: ONE as never });
    const [d, s, m] = [t.key("chair-delegate"), t.key("secretary"), t.key("m")];
    const A = t.createBody(d, { rules: ONE as never });
    t.admit(A, s, [d]);
    t.admit(A, m, [d]);
    // Two attesters, both needed.
    t.link(f, council, A, { attesters: [d, s], threshold: 2 });
    electDelegates(t, A, d, [d, s, m], [d], council);
    for (const p of pendingClaims(t.fold, A, council)) {
      t.attest(d, council, A, p.claim);
      t.attest(s, council, A, p.claim);
    }
    expect(t.fold.state.delegations.get(`${council} ${A}`)?.delegates).toEqual([
      idOf(d),
    ]);
    const recall = t.sign(m, A, "motion.opened", {
      kind: "recall",
      title: { en: "Recall" },
      text: { en: "-" },
      subject: { kind: "recall", council, member: idOf(d) },
    }).id;
    for (const v of [s, m]) t.vote(v, recall);
    // The chair will not close their own recall; a second chair is elected first.
    const chairElection = t.sign(m, A, "motion.opened", {
      kind: "election",
      title: { en: "Chair" },
      text: { en: "-" },
      method: "plurality",
      options: [{ label: "S", member: idOf(s) }],
      subject: { kind: "election", role: "chair" },
    }).id;
    for (const v of [s, m]) t.vote(v, chairElection, { pick: 0 });
    t.close(d, chairElection); // a chair may close their successor's election
    t.close(s, recall);
    const [claim] = pendingClaims(t.fold, A, council);
    expect(claim?.claim.kind).toBe("recall");
    // The recalled delegate's signature would not count; the secretary's alone suffices.
    const byD = t.attest(d, council, A, claim!.claim);
    expect(t.fold.invalidReason(byD.id)?.code).toBe("NOT_AN_ATTESTER");
    t.attest(s, council, A, claim!.claim);
    const fold = expectAllReplicasAgree(t.events);
    expect(fold.state.delegations.get(`${council} ${A}`)?.delegates).toEqual(
      [],
    );
  });

  it("two attesters who sign without seeing each other complete a claim that needs both; a late signature of a claim in effect is kept", () => {
    const t = new TestFederation();
    const f = t.founders[0]!;
    const council = t.createBody(f, { kind: "council", rules: ONE as never });
    const [c, s, m] = [t.key("chair"), t.key("secretary"), t.key("m")];
    const A = t.createBody(c, { rules: ONE as never });
    t.admit(A, s, [c]);
    t.admit(A, m, [c]);
    t.link(f, council, A, { attesters: [c, s], threshold: 2 });
    electDelegates(t, A, c, [c, s, m], [m], council);
    const blind = t.heads(council);
    for (const p of pendingClaims(t.fold, A, council)) {
      t.attest(c, council, A, p.claim, { deps: blind });
      t.attest(s, council, A, p.claim, { deps: blind });
    }
    expect(t.fold.state.delegations.get(`${council} ${A}`)?.delegates).toEqual([
      idOf(m),
    ]);
    // A third attester added by the council signs the seats claim after it took effect.
    const x = t.key("third");
    t.admit(A, x, [c]);
    const credentials = t.sign(f, council, "motion.opened", {
      kind: "credentials",
      title: { en: "Three attesters" },
      text: { en: "-" },
      subject: {
        kind: "credentials",
        body: A,
        attesters: [idOf(c), idOf(s), idOf(x)],
        threshold: 2,
      },
    }).id;
    pass(t, credentials, f, [m]); // m, the delegate, is the council's one voter
    expect(t.fold.state.links.get(`${council} ${A}`)?.attesters).toHaveLength(
      3,
    );
    const seats = [...t.fold.state.claims.values()].find(
      (r) => r.claim?.kind === "seats",
    )!;
    const late = t.attest(x, council, A, seats.claim!);
    expect(t.fold.invalidReason(late.id)).toBeNull();
    expectAllReplicasAgree(t.events);
  });

  it("only attesters named on the council sign for a body, once each", () => {
    const { t, council, A1, A2, a1, a2, m1 } = fixture();
    const claim: Claim = {
      kind: "members",
      cites: t.fold.headsOf(A1)[0]!,
      count: 4,
    };
    const intruder = t.attest(a2, council, A1, claim);
    expect(t.fold.invalidReason(intruder.id)?.code).toBe("NOT_AN_ATTESTER");
    const member = t.attest(m1, council, A1, claim);
    expect(t.fold.invalidReason(member.id)?.code).toBe("NOT_AN_ATTESTER");
    t.attest(a1, council, A1, { ...claim, count: 5 });
    const twice = t.attest(a1, council, A1, { ...claim, count: 5 });
    expect(t.fold.invalidReason(twice.id)?.code).toBe("ALREADY_ATTESTED");
    void A2;
  });
});
