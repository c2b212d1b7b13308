/**
 * The federation: delegates elected to council seats and recalled, mandates and deviations,
 * weighted council ballots, demands that rise and are endorsed along several paths, calls to
 * action answered and rolled up — each checked on every delivery order.
 */
import { describe, expect, it } from "vitest";
import type { CanonicalValue, KeyPair } from "../../crypto/index.js";
import { rollupCall } from "../action/rollup.js";
import { aggregateDemand } from "../demand/aggregate.js";
import type { SignedEvent } from "../event/signed-event.js";
import { EVENT_HANDLERS } from "../event-handlers.js";
import { FoldEngine } from "../fold/fold.js";
import {
  deliverOneByOne,
  idOf,
  replicaOf,
  TestFederation,
} from "../testing.js";
import { delegateViews } from "../views.js";

const ONE = {
  admission: { method: "endorsements", endorsements: 1 },
  quorumPercent: 25,
} as const;

function expectAllReplicasAgree(events: readonly SignedEvent[]): FoldEngine {
  const reference = replicaOf(events);
  for (const order of [
    [...events].reverse(),
    [...events].sort((x, y) => (x.id < y.id ? -1 : 1)),
  ]) {
    const f = new FoldEngine(EVENT_HANDLERS);
    deliverOneByOne(f, order);
    expect(f.stateHash()).toBe(reference.stateHash());
  }
  return reference;
}

function pass(
  t: TestFederation,
  motion: string,
  chair: KeyPair,
  voters: readonly KeyPair[],
  choice: CanonicalValue = { vote: "yes" },
): SignedEvent {
  for (const v of voters) t.sign(v, "ballot.cast", { motion, choice });
  return t.sign(chair, "vote.closed", { motion });
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
  const motion = t.sign(chair, "motion.opened", {
    body,
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

/** A municipal council with two assemblies: A1 (4 members, 1 seat), A2 (2 members, 1 seat). */
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
  t.sign(f, "body.linked", { child: A1, parent: council, seats: 1 });
  t.sign(f, "body.linked", { child: A2, parent: council, seats: 1 });
  electDelegates(t, A1, a1, [a1, m1, m2], [m1], council);
  electDelegates(t, A2, a2, [a2, n1], [a2], council);
  return { t, f, council, A1, A2, a1, m1, m2, m3, a2, n1 };
}

describe("delegates, mandates, recall", () => {
  it("elected delegates sit on the council and may vote there; others may not", () => {
    const { t, council, m1, m2, a2 } = fixture();
    const motion = t.openMotion(m1, council);
    const ok = t.sign(a2, "ballot.cast", { motion, choice: { vote: "yes" } });
    const outsider = t.sign(m2, "ballot.cast", {
      motion,
      choice: { vote: "yes" },
    });
    expect(t.fold.invalidReason(ok.id)).toBeNull();
    expect(t.fold.invalidReason(outsider.id)?.code).toBe("NOT_A_MEMBER");
  });

  it("a recall that passes leaves the seat vacant at once, and a by-election fills it", () => {
    const { t, council, A1, a1, m1, m2, m3 } = fixture();
    expect(t.fold.state.delegations.get(`${council} ${A1}`)?.delegates).toEqual(
      [idOf(m1)],
    );
    const recall = t.sign(m2, "motion.opened", {
      body: A1,
      kind: "recall",
      title: { en: "Recall" },
      text: { en: "He broke the mandate." },
      subject: { kind: "recall", council, member: idOf(m1) },
    }).id;
    pass(t, recall, a1, [a1, m2, m3]);
    expect(t.fold.state.delegations.get(`${council} ${A1}`)?.delegates).toEqual(
      [],
    );
    const after = t.sign(m1, "ballot.cast", {
      motion: t.openMotion(a1, A1),
      choice: { vote: "yes" },
    });
    expect(t.fold.invalidReason(after.id)).toBeNull(); // still a member of the assembly
    const cm = t.sign(t.founders[0]!, "motion.opened", {
      body: council,
      kind: "resolution",
      title: { en: "x" },
      text: { en: "x" },
    }).id;
    const late = t.sign(m1, "ballot.cast", {
      motion: cm,
      choice: { vote: "no" },
    });
    expect(t.fold.invalidReason(late.id)?.code).toBe("NOT_A_MEMBER");
    electDelegates(t, A1, a1, [a1, m2, m3], [m2], council);
    const fold = expectAllReplicasAgree(t.events);
    expect(fold.state.delegations.get(`${council} ${A1}`)?.delegates).toEqual([
      idOf(m2),
    ]);
    const record = delegateViews(fold.state).find(
      (d) => d.member === idOf(m1),
    )!;
    expect(record.recalls).toEqual([recall]);
    expect(record.terms[0]).toMatchObject({
      council,
      body: A1,
      ended: "recalled",
    });
  });

  it("a recall and the delegate's ballot made on disconnected replicas: merged in either order, the tally excludes the ballot", () => {
    const { t, council, A1, a1, m1, m2, m3, a2 } = fixture();
    const motion = t.openMotion(a2, council);
    const split = t.fold.heads();
    // Town side: the assembly recalls m1.
    const recallMotion = t.sign(
      m2,
      "motion.opened",
      {
        body: A1,
        kind: "recall",
        title: { en: "Recall" },
        text: { en: "-" },
        subject: { kind: "recall", council, member: idOf(m1) },
      },
      { deps: split },
    ).id;
    const recallClose = pass(t, recallMotion, a1, [a1, m2, m3]);
    const townSide = t.events.slice(
      t.events.findIndex((e) => e.id === recallMotion),
    );
    // Council side, not seeing the recall: m1 votes yes, a2 votes no.
    const ballot = t.sign(
      m1,
      "ballot.cast",
      { motion, choice: { vote: "yes" } },
      { deps: split, detached: true },
    );
    const other = t.sign(
      a2,
      "ballot.cast",
      { motion, choice: { vote: "no" } },
      { deps: [ballot.id], detached: true },
    );
    // Once both sides are merged, the council's chair closes having seen both.
    const base = t.events.slice(
      0,
      t.events.findIndex((e) => e.id === recallMotion),
    );
    for (const [first, second] of [
      [townSide, [ballot, other]],
      [[ballot, other], townSide],
    ] as const) {
      const replica = new FoldEngine(EVENT_HANDLERS);
      deliverOneByOne(replica, [...base, ...first, ...second]);
      expect(replica.invalidReason(ballot.id)).toBeNull(); // valid where cast: m1 did not know
    }
    t.deliver([ballot, other]);
    const close = t.sign(
      t.founders[0]!,
      "vote.closed",
      { motion },
      { deps: [recallClose.id, other.id] },
    );
    const fold = expectAllReplicasAgree(t.events);
    expect(fold.invalidReason(close.id)).toBeNull();
    expect(fold.state.motions.get(motion)!.result).toMatchObject({
      kind: "decision",
      decision: { yes: 0, no: 1 },
    });
  });

  it("a council can weigh delegates' ballots by the members their bodies represent", () => {
    const { t, council, m1, a2, f } = fixture({
      delegateWeight: "represented",
      quorumPercent: 10,
    });
    const motion = t.openMotion(f, council);
    t.sign(m1, "ballot.cast", { motion, choice: { vote: "yes" } }); // A1: 4 members, 1 seat
    t.sign(a2, "ballot.cast", { motion, choice: { vote: "no" } }); // A2: 2 members, 1 seat
    t.sign(f, "vote.closed", { motion });
    const fold = expectAllReplicasAgree(t.events);
    expect(fold.state.motions.get(motion)!.result).toMatchObject({
      kind: "decision",
      decision: { yes: 4, no: 2, outcome: "adopted" },
    });
  });

  it("a ballot that departs from the bound position is recorded as a mandate deviation", () => {
    const { t, council, A1, a1, m1, m2, m3, f } = fixture();
    const motion = t.openMotion(f, council);
    const mandate = t.sign(a1, "motion.opened", {
      body: A1,
      kind: "mandate",
      title: { en: "Mandate" },
      text: { en: "Vote yes on the strike." },
      subject: {
        kind: "mandate",
        council,
        positions: [{ motion, choice: { vote: "yes" } }],
      },
    }).id;
    pass(t, mandate, a1, [a1, m2, m3]);
    const deviating = t.sign(m1, "ballot.cast", {
      motion,
      choice: { vote: "no" },
    });
    const fold = expectAllReplicasAgree(t.events);
    expect(fold.state.deviations.get(A1)).toEqual([
      expect.objectContaining({
        ballot: deviating.id,
        delegate: idOf(m1),
        motion,
        bound: { vote: "yes" },
        cast: { vote: "no" },
        mandate,
      }),
    ]);
    expect(fold.state.mandates.get(`${council} ${A1}`)?.positions).toEqual([
      { motion, choice: { vote: "yes" } },
    ]);
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
  const motion = t.sign(chair, "motion.opened", {
    body,
    kind: "demand",
    title: { en: title },
    text: { en: title },
  }).id;
  pass(t, motion, chair, voters);
  return motion;
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
    t.sign(f, "body.linked", { child: council, parent: region, seats: 1 });
    t.sign(f, "body.linked", { child: A1, parent: region, seats: 1 });
    electDelegates(t, A1, a1, [a1, m1, m2], [m2], region);
    const d1 = adoptDemand(t, A1, a1, [a1, m1, m2]);
    const d2 = adoptDemand(t, A2, a2, [a2, n1]);
    const town = t.sign(a1, "demand.forwarded", { demand: d1, council }).id;
    t.sign(a2, "demand.forwarded", { demand: d2, council, into: town });
    // The town council's chair carries it up; A1's delegate to the region endorses it there directly.
    const regional = t.sign(f, "demand.forwarded", {
      demand: town,
      council: region,
    }).id;
    t.sign(m2, "demand.forwarded", {
      demand: d1,
      council: region,
      into: regional,
    });
    const dup = t.sign(a1, "demand.forwarded", { demand: d1, council });
    expect(t.fold.invalidReason(dup.id)?.code).toBe("DEMAND_ALREADY_FORWARDED");
    const fold = expectAllReplicasAgree(t.events);
    const agg = aggregateDemand(fold.state, regional)!;
    expect(agg.members).toBe(6); // A1's 4 and A2's 2, although A1 reached the region twice
    expect(agg.bodies).toEqual([A1, A2, council].sort());
    expect(agg.levels.find((l) => l.level === "assembly")).toMatchObject({
      members: 6,
    });
    expect(agg.path).toHaveLength(2);
    expect(aggregateDemand(fold.state, town)!.members).toBe(6);
  });

  it("a non-member cannot forward a body's demand; a body cannot forward a demand it did not adopt", () => {
    const { t, council, A1, a1, m1, m2, m3, a2 } = fixture();
    const d1 = adoptDemand(t, A1, a1, [a1, m1, m2]);
    const stranger = t.sign(a2, "demand.forwarded", { demand: d1, council });
    expect(t.fold.invalidReason(stranger.id)?.code).toBe("NOT_A_DELEGATE");
    const rejected = t.sign(a1, "motion.opened", {
      body: A1,
      kind: "demand",
      title: { en: "x" },
      text: { en: "x" },
    }).id;
    pass(t, rejected, a1, [a1, m1, m2, m3], { vote: "no" });
    const notAdopted = t.sign(a1, "demand.forwarded", {
      demand: rejected,
      council,
    });
    expect(t.fold.invalidReason(notAdopted.id)?.code).toBe(
      "DEMAND_NOT_ADOPTED",
    );
  });
});

describe("calls to action", () => {
  it("answers roll up per level and per day, and only chairs of bodies below may answer", () => {
    const { t, f, council, A1, A2, a1, a2, m1, n1 } = fixture();
    const region = t.createBody(f, {
      kind: "council",
      level: "regional",
      name: "Region",
      rules: ONE as never,
    });
    t.sign(f, "body.linked", { child: council, parent: region, seats: 1 });
    electDelegates(t, council, f, [f, m1, a2], [m1], region);
    const call = t.sign(f, "motion.opened", {
      body: region,
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
    // Answers on three days; TestFederation's clock runs from 1 November 2026, so we sign with explicit times.
    const answer = (
      who: KeyPair,
      body: string,
      answer: string,
      headcount: number,
      d: number,
    ) =>
      t.signAt(
        who,
        "action.answered",
        { call, body, answer, headcount },
        at(d),
      );
    answer(a1, A1, "will-join", 4, 0);
    answer(a2, A2, "will-not", 0, 0);
    answer(a1, A1, "started", 4, 1);
    answer(f, council, "started", 6, 1);
    answer(a2, A2, "started", 2, 2);
    const intruder = t.signAt(
      n1,
      "action.answered",
      { call, body: A2, answer: "ended", headcount: 0 },
      at(2),
    );
    expect(t.fold.invalidReason(intruder.id)?.code).toBe("NOT_A_CHAIR");
    const fold = expectAllReplicasAgree(t.events);
    const r = rollupCall(fold.state, call, region)!;
    expect(r.total.bodies).toEqual({
      "will-join": 0,
      "will-not": 0,
      started: 3,
      ended: 0,
    });
    expect(r.total.members.started).toBe(4 + 2 + 6);
    expect(r.levels.find((l) => l.level === "assembly")?.bodies.started).toBe(
      2,
    );
    expect(
      r.levels.find((l) => l.level === "municipal")?.headcount.started,
    ).toBe(6);
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
    // The town council sees only the bodies below it.
    expect(rollupCall(fold.state, call, council)!.total.bodies.started).toBe(2);
  });
});
