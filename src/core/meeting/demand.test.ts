/**
 * A meeting convened by the rules: a voter demands it, others join, and the signature that
 * brings ceil(voters × percent / 100) distinct voters into its causal past convenes it —
 * checked against hand counts, and the same state in any delivery order.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Rules } from "../body/model.js";
import type { SignedEvent } from "../event/signed-event.js";
import { EVENT_HANDLERS } from "../event-handlers.js";
import { FoldEngine } from "../fold/fold.js";
import {
  deliverOneByOne,
  idOf,
  replicaOf,
  replicasAgree,
  TestFederation,
} from "../testing.js";
import { meetingDemandNeeded } from "./model.js";

const LABELS = ["ana", "bek", "cem", "dana", "eli", "fur", "gul"] as const;

/** An assembly of eight voters: the chair and seven. */
function assembly(rules: Partial<Rules> = {}) {
  const t = new TestFederation();
  const chair = t.founders[0]!;
  const b = t.createBody(chair, {
    rules: { admission: { method: "endorsements", endorsements: 1 }, ...rules },
  });
  const v = LABELS.map((l) => t.key(l));
  for (const k of v) t.admit(b, k, [chair]);
  const outsider = t.key("outsider");
  return { t, chair, b, v, outsider };
}

const code = (t: TestFederation, e: SignedEvent) =>
  t.fold.invalidReason(e.id)?.code ?? null;

const demandPayload = {
  title: { en: "Wages", ru: "Зарплата" },
  when: "Friday at noon",
  place: "the canteen",
};

describe("a meeting demanded by the members", () => {
  it("needs ceil(voters × percent / 100) signatures", () => {
    // By hand: 8 × 25 % = 2; 8 × 30 % = 2.4 → 3; 3 × 25 % = 0.75 → 1; 8 × 100 % = 8.
    expect(meetingDemandNeeded(8, 25)).toBe(2);
    expect(meetingDemandNeeded(8, 30)).toBe(3);
    expect(meetingDemandNeeded(3, 25)).toBe(1);
    expect(meetingDemandNeeded(8, 100)).toBe(8);
    expect(meetingDemandNeeded(0, 25)).toBe(1);
  });

  it("is convened by the rules when the second of eight voters joins (25 %, the default)", () => {
    const { t, chair, b, v, outsider } = assembly();
    const [ana, bek, cem] = v as [(typeof v)[0], (typeof v)[0], (typeof v)[0]];
    const demand = t.sign(ana, b, "meeting.demanded", demandPayload);
    expect(code(t, demand)).toBeNull();
    expect(t.fold.state.meetings.has(demand.id)).toBe(false);
    expect(t.fold.state.meetingDemands.get(demand.id)).toMatchObject({
      signers: [idOf(ana)],
      convened: false,
      demandedBy: idOf(ana),
    });
    // Nothing can use the meeting before it is convened.
    const early = t.sign(chair, b, "meeting.item-proposed", {
      meeting: demand.id,
      kind: "point",
      title: { en: "Too early" },
    });
    expect(code(t, early)).toBe("MEETING_NOT_FOUND");

    const byOutsider = t.sign(outsider, b, "meeting.demand-joined", {
      demand: demand.id,
    });
    expect(code(t, byOutsider)).toBe("NOT_A_MEMBER");
    const again = t.sign(ana, b, "meeting.demand-joined", {
      demand: demand.id,
    });
    expect(code(t, again)).toBe("MEETING_DEMAND_ALREADY_JOINED");
    const unknown = t.sign(bek, b, "meeting.demand-joined", {
      demand: early.id,
    });
    expect(code(t, unknown)).toBe("MEETING_DEMAND_NOT_FOUND");
    expect(t.fold.state.meetings.has(demand.id)).toBe(false);

    const join = t.sign(bek, b, "meeting.demand-joined", { demand: demand.id });
    expect(code(t, join)).toBeNull();
    const m = t.fold.state.meetings.get(demand.id)!;
    expect(m).toMatchObject({
      id: demand.id,
      body: b,
      title: demandPayload.title,
      when: "Friday at noon",
      place: "the canteen",
      door: null,
      convenedBy: idOf(ana),
      convenedAt: join.envelope.time,
      status: "open",
    });
    expect(t.fold.state.meetingDemands.get(demand.id)).toMatchObject({
      signers: [idOf(ana), idOf(bek)].sort(),
      convened: true,
    });

    // A join after the convening is valid and convenes nothing again.
    const late = t.sign(cem, b, "meeting.demand-joined", { demand: demand.id });
    expect(code(t, late)).toBeNull();
    expect(t.fold.state.meetings.get(demand.id)!.convenedAt).toBe(
      join.envelope.time,
    );

    // The meeting works as any other: an agenda item, a chair's check-in, the close.
    const item = t.sign(chair, b, "meeting.item-proposed", {
      meeting: demand.id,
      kind: "point",
      title: { en: "Wages" },
    });
    expect(code(t, item)).toBeNull();
    const checkIn = t.sign(chair, b, "meeting.checked-in", {
      meeting: demand.id,
      member: idOf(bek),
    });
    expect(code(t, checkIn)).toBeNull();
    // No door key: a member cannot check themselves in without the chair.
    const self = t.sign(cem, b, "meeting.checked-in", {
      meeting: demand.id,
      member: idOf(cem),
    });
    expect(code(t, self)).not.toBeNull();
    const after = t.fold.state.meetings.get(demand.id)!;
    expect(after.agenda).toEqual([item.id]);
    expect(after.present).toEqual([idOf(bek)]);
    const close = t.sign(chair, b, "meeting.closed", { meeting: demand.id });
    expect(code(t, close)).toBeNull();
    expect(t.fold.state.meetings.get(demand.id)!.status).toBe("closed");
  });

  it("is convened exactly when the threshold is reached (50 % of 8: the fourth)", () => {
    const { t, b, v, outsider } = assembly({ meetingDemandPercent: 50 });
    const demand = t.sign(v[0]!, b, "meeting.demanded", demandPayload);
    for (const k of [v[1]!, v[2]!]) {
      t.sign(k, b, "meeting.demand-joined", { demand: demand.id });
      expect(t.fold.state.meetings.has(demand.id)).toBe(false);
    }
    const refused = t.sign(outsider, b, "meeting.demand-joined", {
      demand: demand.id,
    });
    expect(code(t, refused)).toBe("NOT_A_MEMBER");
    expect(t.fold.state.meetings.has(demand.id)).toBe(false);
    t.sign(v[3]!, b, "meeting.demand-joined", { demand: demand.id });
    expect(t.fold.state.meetings.get(demand.id)?.status).toBe("open");
  });

  it("is refused to a non-member, and by an invalid percent in the rules", () => {
    const { t, b, outsider, chair } = assembly();
    const e = t.sign(outsider, b, "meeting.demanded", demandPayload);
    expect(code(t, e)).toBe("NOT_A_MEMBER");
    const bad = t.sign(chair, null, "body.created", {
      name: { en: "Bad" },
      kind: "assembly",
      setting: "workplace",
      rules: {
        admission: { method: "vote" },
        quorumPercent: 20,
        majority: "simple",
        recallThreshold: "simple",
        redaction: "chairs",
        public: false,
        delegateWeight: "one",
        meetingDemandPercent: 0,
      },
      founderName: "F",
    });
    expect(code(t, bad)).not.toBeNull();
  });

  it("counts signatures made concurrently: one who signs again after seeing them all convenes", () => {
    const { t, b, v } = assembly({ meetingDemandPercent: 50 });
    const demand = t.sign(v[0]!, b, "meeting.demanded", demandPayload);
    // Three joins none of which saw the others: each knows two signatures at most.
    const joins = [v[1]!, v[2]!, v[3]!].map((k) =>
      t.sign(
        k,
        b,
        "meeting.demand-joined",
        { demand: demand.id },
        {
          deps: [demand.id],
        },
      ),
    );
    for (const j of joins) expect(code(t, j)).toBeNull();
    expect(t.fold.state.meetings.has(demand.id)).toBe(false);
    expect(t.fold.state.meetingDemands.get(demand.id)!.signers).toHaveLength(4);
    const again = t.sign(v[1]!, b, "meeting.demand-joined", {
      demand: demand.id,
    });
    expect(code(t, again)).toBeNull();
    expect(t.fold.state.meetings.get(demand.id)?.convenedAt).toBe(
      again.envelope.time,
    );
  });

  it("leaves the snapshot and hash of a body that demanded nothing as they were", () => {
    const { t, b } = assembly();
    const snap = t.fold.snapshot(b) as Record<string, unknown>;
    expect(Object.keys(snap)).not.toContain("meetingDemands");
    const rules = (snap.body as { rules: Record<string, unknown> }).rules;
    expect(Object.keys(rules)).not.toContain("meetingDemandPercent");
    // A demand adds its table to that body's snapshot only.
    const before = t.fold.scopeHashes();
    const { v } = { v: [t.key("ana")] };
    t.sign(v[0]!, b, "meeting.demanded", demandPayload);
    const snapAfter = t.fold.snapshot(b) as Record<string, unknown>;
    expect(Object.keys(snapAfter)).toContain("meetingDemands");
    const afterHashes = t.fold.scopeHashes();
    expect(afterHashes.get(b)).not.toBe(before.get(b));
    for (const [scope, h] of before)
      if (scope !== b) expect(afterHashes.get(scope)).toBe(h);
  });
});

/** A demand in an assembly of eight at 50 %, signed concurrently, then a meeting held on it. */
function demandedMeeting(): SignedEvent[] {
  const { t, chair, b, v } = assembly({ meetingDemandPercent: 50 });
  const demand = t.sign(v[0]!, b, "meeting.demanded", demandPayload);
  for (const k of [v[1]!, v[2]!, v[3]!])
    t.sign(
      k,
      b,
      "meeting.demand-joined",
      { demand: demand.id },
      {
        deps: [demand.id],
      },
    );
  t.sign(v[4]!, b, "meeting.demand-joined", { demand: demand.id });
  t.sign(v[5]!, b, "meeting.demand-joined", { demand: demand.id });
  t.sign(chair, b, "meeting.item-proposed", {
    meeting: demand.id,
    kind: "point",
    title: { en: "Wages" },
  });
  t.sign(chair, b, "meeting.checked-in", {
    meeting: demand.id,
    member: idOf(v[4]!),
  });
  // A second demand that never gathers enough stays a demand.
  t.sign(v[6]!, b, "meeting.demanded", {
    ...demandPayload,
    title: { en: "Other" },
  });
  return t.events;
}

describe("the demand's fold", () => {
  it("agrees across replicas", () => {
    const events = demandedMeeting();
    const { reference, disagreements } = replicasAgree(events);
    expect(disagreements).toEqual([]);
    expect(reference.state.meetings.size).toBe(1);
    expect(reference.state.meetingDemands.size).toBe(2);
    expect([...reference.state.meetings.values()][0]!.present).toHaveLength(1);
  });

  it("gives the same state hash in any delivery order (property)", () => {
    const events = demandedMeeting();
    const reference = replicaOf(events);
    const hash = reference.stateHash();
    fc.assert(
      fc.property(fc.integer(), (seed) => {
        const shuffled = fc.sample(
          fc.shuffledSubarray([...events], { minLength: events.length }),
          { seed, numRuns: 1 },
        )[0]!;
        const fold = new FoldEngine(EVENT_HANDLERS);
        deliverOneByOne(fold, shuffled);
        expect(fold.stateHash()).toBe(hash);
        expect(fold.state.meetings.size).toBe(1);
      }),
      { numRuns: 20 },
    );
  });
});
