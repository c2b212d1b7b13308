/**
 * Deadlines: a motion's closing time is data, never a clock. After it, k voters' attestations
 * (motion.deadline-passed) close the motion as a chair would, counting the ballots in the
 * closing attestation's causal past; of concurrent closes the first in fold order decides, so
 * every replica, whatever order the events reach it in, agrees.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { KeyPair } from "../../crypto/index.js";
import type { SignedEvent } from "../event/signed-event.js";
import { EVENT_HANDLERS } from "../event-handlers.js";
import { FoldEngine } from "../fold/fold.js";
import type { CausalView } from "../member/authority.js";
import {
  deliverOneByOne,
  idOf,
  replicasAgree,
  TestFederation,
} from "../testing.js";
import { DEADLINE_ATTESTERS, deadlineQuorum } from "./deadline-passed.js";
import { deadlineStatus } from "./deadline-status.js";

const OPENED = Date.UTC(2026, 11, 1, 9);
const CLOSES = OPENED + 2 * 3_600_000;
/** A claimed time after the deadline (each attestation a second later than the last). */
let after = CLOSES;
const later = () => (after += 1000);

/** A body chaired by the founder with `n` more members (labels m0…), quorum 25 %. */
function bodyWith(n: number, label = "test") {
  const t = new TestFederation({ label });
  const chair = t.founders[0]!;
  const body = t.createBody(chair, {
    rules: {
      admission: { method: "endorsements", endorsements: 1 },
      quorumPercent: 25,
    },
  });
  const m: KeyPair[] = [];
  for (let i = 0; i < n; i++) {
    const k = t.key(`${label}-m${i}`);
    t.admit(body, k, [chair]);
    m.push(k);
  }
  return { t, chair, body, m };
}

/** Opens a yes/no motion at OPENED closing at CLOSES. */
function timedMotion(t: TestFederation, by: KeyPair, body: string): string {
  return t.signAt(
    by,
    body,
    "motion.opened",
    {
      kind: "resolution",
      title: { en: "Timed" },
      text: { en: "We resolve by Friday." },
      closesAt: CLOSES,
    },
    OPENED,
  ).id;
}

function attest(
  t: TestFederation,
  key: KeyPair,
  body: string,
  motion: string,
  options: { deps?: readonly string[]; time?: number } = {},
): SignedEvent {
  return t.signAt(
    key,
    body,
    "motion.deadline-passed",
    { motion },
    options.time ?? later(),
    options.deps === undefined ? {} : { deps: options.deps },
  );
}

/** The present fold as a view: every held event known, every scope seen. */
function present(fold: FoldEngine): CausalView {
  return {
    state: fold.state,
    knows: () => true,
    precedes: (x, y) => fold.index.precedes(x, y),
    sees: () => true,
    canSee: () => true,
  };
}

function expectAllReplicasAgree(events: readonly SignedEvent[]): FoldEngine {
  const { reference, disagreements } = replicasAgree(events);
  expect(disagreements).toEqual([]);
  return reference;
}

describe("motion.opened with a closing time", () => {
  it("keeps the closing time; one not after the opening's own time is invalid", () => {
    const { t, chair, body } = bodyWith(1);
    const motion = timedMotion(t, chair, body);
    expect(t.fold.state.motions.get(motion)!.closesAt).toBe(CLOSES);
    const early = t.signAt(
      chair,
      body,
      "motion.opened",
      {
        kind: "resolution",
        title: { en: "Backwards" },
        text: { en: "Closes before it opens." },
        closesAt: OPENED + 3_600_000,
      },
      OPENED + 3_600_000,
    );
    expect(t.fold.invalidReason(early.id)).toEqual({
      code: "CLOSES_AT_INVALID",
      details: { closesAt: OPENED + 3_600_000, openedAt: OPENED + 3_600_000 },
    });
    // A motion without one has no closesAt at all (its snapshot row is unchanged).
    const plain = t.openMotion(chair, body);
    expect("closesAt" in t.fold.state.motions.get(plain)!).toBe(false);
  });

  it("the fold never closes a motion because time passed: ballots long after the deadline count", () => {
    const { t, chair, body, m } = bodyWith(3);
    const motion = timedMotion(t, chair, body);
    const late = t.signAt(
      m[0]!,
      body,
      "ballot.cast",
      { motion, choice: { vote: "yes" } },
      CLOSES + 86_400_000,
    );
    expect(t.fold.invalidReason(late.id)).toBeNull();
    expect(t.fold.state.motions.get(motion)!.status).toBe("open");
    t.close(chair, motion);
    expect(t.fold.state.motions.get(motion)!.result).toMatchObject({
      decision: { yes: 1, present: 1 },
    });
  });
});

describe("motion.deadline-passed", () => {
  it("k is 3, or every voter of a smaller body", () => {
    expect(DEADLINE_ATTESTERS).toBe(3);
    expect([1, 2, 3, 4, 40].map(deadlineQuorum)).toEqual([1, 2, 3, 3, 3]);
  });

  it("is refused before the closing time, on a motion without one, from a non-member, and twice from one voter", () => {
    const { t, chair, body, m } = bodyWith(4);
    const motion = timedMotion(t, chair, body);
    const early = attest(t, m[0]!, body, motion, { time: CLOSES - 1 });
    expect(t.fold.invalidReason(early.id)).toEqual({
      code: "DEADLINE_NOT_PASSED",
      details: { motion, closesAt: CLOSES, time: CLOSES - 1 },
    });
    const plain = t.openMotion(chair, body);
    const none = attest(t, m[0]!, body, plain);
    expect(t.fold.invalidReason(none.id)?.code).toBe("MOTION_HAS_NO_DEADLINE");
    const stranger = t.key("stranger");
    t.sign(stranger, body, "member.join-requested", { name: "S" });
    const outsider = attest(t, stranger, body, motion);
    expect(t.fold.invalidReason(outsider.id)?.code).toBe("NOT_A_MEMBER");
    const first = attest(t, m[0]!, body, motion);
    expect(t.fold.invalidReason(first.id)).toBeNull();
    const twice = attest(t, m[0]!, body, motion);
    expect(t.fold.invalidReason(twice.id)).toEqual({
      code: "DEADLINE_ALREADY_ATTESTED",
      details: { motion, attesters: 1, needed: 3 },
    });
    expect(t.fold.state.deadlineAttestations.get(motion)).toHaveLength(1);
    expect(t.fold.state.motions.get(motion)!.status).toBe("open");
  });

  it("the third voter's attestation closes the motion with the count in its causal past (hand count 2 yes, 1 no)", () => {
    const { t, chair, body, m } = bodyWith(5);
    const motion = timedMotion(t, chair, body);
    t.vote(m[0]!, motion, { vote: "yes" });
    t.vote(m[1]!, motion, { vote: "yes" });
    t.vote(m[2]!, motion, { vote: "no" });
    attest(t, m[3]!, body, motion);
    attest(t, m[4]!, body, motion);
    expect(t.fold.state.motions.get(motion)!.status).toBe("open");
    expect(deadlineStatus(present(t.fold), motion)).toMatchObject({
      closesAt: CLOSES,
      attesters: [idOf(m[3]!), idOf(m[4]!)].sort(),
      needed: 3,
      closedByDeadline: false,
    });
    const third = attest(t, m[0]!, body, motion);
    expect(deadlineStatus(present(t.fold), motion)).toMatchObject({
      attesters: [idOf(m[0]!), idOf(m[3]!), idOf(m[4]!)].sort(),
      closedByDeadline: true,
    });
    const decided = t.fold.state.motions.get(motion)!;
    expect(decided).toMatchObject({
      status: "decided",
      outcome: "adopted",
      closedBy: idOf(m[0]!),
      closedByDeadline: true,
      closedAt: t.fold.timeOf(third.id),
    });
    // 6 voters (the chair and five members), quorum 25 %: 3 present of 6.
    expect(decided.result).toMatchObject({
      kind: "decision",
      decision: { yes: 2, no: 1, abstain: 0, present: 3 },
    });
    // Closed: a ballot or a chair's close that has seen it is invalid.
    const ballot = t.vote(m[4]!, motion, { vote: "no" });
    expect(t.fold.invalidReason(ballot.id)?.code).toBe("BALLOT_AFTER_CLOSE");
    const close = t.close(chair, motion, { result: { outcome: "adopted" } });
    expect(t.fold.invalidReason(close.id)?.code).toBe("MOTION_NOT_OPEN");
    expectAllReplicasAgree(t.events);
  });

  it("in a body of two voters, both attestations close it", () => {
    const { t, chair, body, m } = bodyWith(1);
    const motion = timedMotion(t, chair, body);
    t.vote(m[0]!, motion, { vote: "no" });
    attest(t, m[0]!, body, motion);
    expect(t.fold.state.motions.get(motion)!.status).toBe("open");
    attest(t, chair, body, motion);
    expect(t.fold.state.motions.get(motion)).toMatchObject({
      status: "decided",
      outcome: "rejected",
      closedBy: idOf(chair),
    });
  });

  it("three concurrent attestations close nothing; once they are known, any of them signing again closes it", () => {
    const { t, chair, body, m } = bodyWith(4);
    const motion = timedMotion(t, chair, body);
    t.vote(m[3]!, motion, { vote: "yes" });
    t.vote(chair, motion, { vote: "yes" });
    const heads = t.heads(body);
    const a = m
      .slice(0, 3)
      .map((k) => attest(t, k, body, motion, { deps: heads }));
    for (const e of a) expect(t.fold.invalidReason(e.id)).toBeNull();
    expect(t.fold.state.motions.get(motion)!.status).toBe("open");
    // Seeing only its own: still once per voter.
    const alone = attest(t, m[0]!, body, motion, { deps: heads });
    expect(t.fold.invalidReason(alone.id)?.code).toBe(
      "DEADLINE_ALREADY_ATTESTED",
    );
    const again = attest(t, m[1]!, body, motion);
    expect(t.fold.invalidReason(again.id)).toBeNull();
    expect(t.fold.state.motions.get(motion)).toMatchObject({
      status: "decided",
      outcome: "adopted",
      closedBy: idOf(m[1]!),
    });
    expectAllReplicasAgree(t.events);
  });

  it("does not close while an amendment it knows is undecided; an attestation after the amendment's close does", () => {
    const { t, chair, body, m } = bodyWith(4);
    const motion = timedMotion(t, chair, body);
    const amendment = t.sign(m[0]!, body, "motion.opened", {
      kind: "amendment",
      amends: motion,
      title: { en: "Sharper" },
      text: { en: "We resolve by Thursday." },
    }).id;
    for (const k of m.slice(0, 3)) attest(t, k, body, motion);
    expect(t.fold.state.motions.get(motion)!.status).toBe("open");
    for (const k of m) t.vote(k, amendment, { vote: "yes" });
    t.close(chair, amendment);
    attest(t, m[0]!, body, motion);
    expect(t.fold.state.motions.get(motion)).toMatchObject({
      status: "decided",
      text: { en: "We resolve by Thursday." },
    });
  });
});

/**
 * Two closes of one motion that do not see each other, each with its own causal past: `x`
 * signed on `heads`, `y` after one more "no" ballot on a branch from the same heads.
 */
interface ConcurrentCloses {
  readonly t: TestFederation;
  readonly motion: string;
  readonly x: SignedEvent;
  readonly y: SignedEvent;
  /** The outcome each close's own past gives. */
  readonly outcomeOf: ReadonlyMap<string, string>;
}

/** The chair's close (x) concurrent with the third attestation (y). */
function chairVersusThird(label: string): ConcurrentCloses {
  const { t, chair, body, m } = bodyWith(5, label);
  const motion = timedMotion(t, chair, body);
  t.vote(m[0]!, motion, { vote: "yes" });
  t.vote(m[1]!, motion, { vote: "yes" });
  t.vote(m[2]!, motion, { vote: "no" });
  attest(t, m[3]!, body, motion);
  attest(t, m[4]!, body, motion);
  const heads = t.heads(body);
  const x = t.close(chair, motion, { deps: heads });
  const no1 = t.vote(m[3]!, motion, { vote: "no" }, { deps: heads });
  const no2 = t.vote(m[4]!, motion, { vote: "no" }, { deps: [no1.id] });
  const y = attest(t, m[0]!, body, motion, { deps: [no2.id] });
  return {
    t,
    motion,
    x,
    y,
    // x: 2 yes 1 no; y: 2 yes 3 no.
    outcomeOf: new Map([
      [x.id, "adopted"],
      [y.id, "rejected"],
    ]),
  };
}

/** Two different sets of three attestations, each completing on its own branch. */
function twoKSets(label: string): ConcurrentCloses {
  const { t, chair, body, m } = bodyWith(6, label);
  const motion = timedMotion(t, chair, body);
  t.vote(m[0]!, motion, { vote: "yes" });
  t.vote(m[1]!, motion, { vote: "yes" });
  const heads = t.heads(body);
  // Branch x: m0, m1, m2 attest; branch y: two "no" ballots, then m3, m4, m5 attest.
  let tip = heads;
  let x: SignedEvent | null = null;
  for (const k of m.slice(0, 3)) {
    x = attest(t, k, body, motion, { deps: tip });
    tip = [x.id];
  }
  const no1 = t.vote(m[3]!, motion, { vote: "no" }, { deps: heads });
  const no2 = t.vote(m[4]!, motion, { vote: "no" }, { deps: [no1.id] });
  const no3 = t.vote(m[5]!, motion, { vote: "no" }, { deps: [no2.id] });
  tip = [no3.id];
  let y: SignedEvent | null = null;
  for (const k of m.slice(3, 6)) {
    y = attest(t, k, body, motion, { deps: tip });
    tip = [y.id];
  }
  return {
    t,
    motion,
    x: x!,
    y: y!,
    outcomeOf: new Map([
      [x!.id, "adopted"],
      [y!.id, "rejected"],
    ]),
  };
}

/** Builds the scenario under labels until both orders of x and y in the fold have appeared. */
function bothOrders(build: (label: string) => ConcurrentCloses): {
  xFirst: ConcurrentCloses;
  yFirst: ConcurrentCloses;
} {
  let xFirst: ConcurrentCloses | null = null;
  let yFirst: ConcurrentCloses | null = null;
  for (let i = 0; i < 40 && (xFirst === null || yFirst === null); i++) {
    const c = build(`order-${i}`);
    const order = c.t.fold.orderedIds();
    if (order.indexOf(c.x.id) < order.indexOf(c.y.id)) xFirst ??= c;
    else yFirst ??= c;
  }
  if (xFirst === null || yFirst === null)
    throw new Error("no labels gave both fold orders");
  return { xFirst, yFirst };
}

describe("concurrent closes", () => {
  it("a chair's close concurrent with the third attestation: the first in fold order decides with its own past's count", () => {
    const { xFirst, yFirst } = bothOrders(chairVersusThird);
    // The chair's close first: the attestation stays valid and closes nothing.
    let f = expectAllReplicasAgree(xFirst.t.events);
    expect(f.invalidReason(xFirst.y.id)).toBeNull();
    expect(f.state.motions.get(xFirst.motion)).toMatchObject({
      outcome: "adopted",
      result: { decision: { yes: 2, no: 1, present: 3 } },
    });
    expect(
      f.state.motions.get(xFirst.motion)!.closedByDeadline,
    ).toBeUndefined();
    expect(f.state.closedMotions.get(xFirst.x.id)).toBe(xFirst.motion);
    // The attestation first: the chair's close is invalid, as any second close is.
    f = expectAllReplicasAgree(yFirst.t.events);
    expect(f.invalidReason(yFirst.x.id)?.code).toBe("MOTION_NOT_OPEN");
    expect(f.state.motions.get(yFirst.motion)).toMatchObject({
      outcome: "rejected",
      closedByDeadline: true,
      result: { decision: { yes: 2, no: 3, present: 5 } },
    });
  });

  it("two different sets of k attestations on two branches: the first completed in fold order decides", () => {
    const { xFirst, yFirst } = bothOrders(twoKSets);
    for (const c of [xFirst, yFirst]) {
      const f = expectAllReplicasAgree(c.t.events);
      const order = f.orderedIds();
      const first = order.indexOf(c.x.id) < order.indexOf(c.y.id) ? c.x : c.y;
      const second = first === c.x ? c.y : c.x;
      expect(f.invalidReason(first.id)).toBeNull();
      expect(f.invalidReason(second.id)).toBeNull();
      expect(f.state.closeFacts.get(c.motion)).toBe(f.index.indexOf(first.id));
      expect(f.state.motions.get(c.motion)!.outcome).toBe(
        c.outcomeOf.get(first.id),
      );
      // Every attestation is kept, from both sets.
      expect(f.state.deadlineAttestations.get(c.motion)).toHaveLength(6);
    }
  });

  it("the same events in any delivery order give the same state hash (property)", () => {
    const scenarios = [
      ...Object.values(bothOrders(chairVersusThird)),
      ...Object.values(bothOrders(twoKSets)),
    ];
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: scenarios.length - 1 }),
        fc.integer(),
        (which, seed) => {
          const { t } = scenarios[which]!;
          const shuffled = fc.sample(
            fc.shuffledSubarray([...t.events], {
              minLength: t.events.length,
            }),
            { seed, numRuns: 1 },
          )[0]!;
          const fold = new FoldEngine(EVENT_HANDLERS);
          deliverOneByOne(fold, shuffled);
          expect(fold.stateHash()).toBe(t.fold.stateHash());
        },
      ),
      { numRuns: 24 },
    );
  });
});
