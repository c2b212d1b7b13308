import { describe, expect, it } from "vitest";
import {
  deliverOneByOne,
  idOf,
  replicaOf,
  TestFederation,
} from "../testing.js";

describe("the fold", () => {
  it("builds an assembly, admits members by endorsement, and decides a motion", () => {
    const t = new TestFederation();
    const chair = t.founders[0]!;
    const body = t.createBody(chair, {
      rules: {
        admission: { method: "endorsements", endorsements: 1 },
        quorumPercent: 50,
      },
    });
    const a = t.key("a");
    const b = t.key("b");
    t.admit(body, a, [chair], "Aigerim");
    t.admit(body, b, [a], "Bolat");
    const motion = t.openMotion(a, body);
    t.sign(chair, "ballot.cast", { motion, choice: { vote: "yes" } });
    t.sign(a, "ballot.cast", { motion, choice: { vote: "yes" } });
    t.sign(b, "ballot.cast", { motion, choice: { vote: "no" } });
    t.sign(chair, "vote.closed", { motion });
    const state = t.fold.state;
    expect([...state.invalid.entries()]).toEqual([]);
    const m = state.motions.get(motion)!;
    expect(m.status).toBe("decided");
    expect(m.outcome).toBe("adopted");
    expect(m.result).toMatchObject({
      kind: "decision",
      decision: { yes: 2, no: 1, present: 3 },
    });
    expect(state.memberships.get(`${body} ${idOf(b)}`)?.status).toBe("member");
  });

  it("gives the same state hash for any arrival order", () => {
    const t = new TestFederation();
    const chair = t.founders[0]!;
    const body = t.createBody(chair);
    const a = t.key("a");
    t.admit(body, a, [chair]);
    const motion = t.openMotion(a, body);
    t.sign(a, "ballot.cast", { motion, choice: { vote: "yes" } });
    t.sign(chair, "vote.closed", { motion });
    const reference = t.fold.stateHash();
    expect(replicaOf(t.events).stateHash()).toBe(reference);
    expect(replicaOf([...t.events].reverse()).stateHash()).toBe(reference);
    const oneByOne = replicaOf([]);
    deliverOneByOne(oneByOne, [...t.events].reverse());
    expect(oneByOne.stateHash()).toBe(reference);
    expect(reference).toMatch(/^[0-9a-f]{64}$/);
  });

  it("rejects a ballot of a non-member as invalid and keeps it", () => {
    const t = new TestFederation();
    const chair = t.founders[0]!;
    const body = t.createBody(chair);
    const motion = t.openMotion(chair, body);
    const outsider = t.key("outsider");
    const ballot = t.sign(outsider, "ballot.cast", {
      motion,
      choice: { vote: "yes" },
    });
    expect(t.fold.invalidReason(ballot.id)?.code).toBe("NOT_A_MEMBER");
    expect(t.fold.has(ballot.id)).toBe(true);
  });
});

describe("late events", () => {
  it("a late ballot lands in its place in the order without a rewind, and the state equals a rebuild", () => {
    const t = new TestFederation();
    const chair = t.founders[0]!;
    const body = t.createBody(chair, {
      rules: { admission: { method: "endorsements", endorsements: 1 } },
    });
    const voters = ["a", "b", "c", "d"].map((l) => t.key(l));
    for (const v of voters) t.admit(body, v, [chair]);
    const motion = t.openMotion(chair, body);
    const early = t.fold.heads();
    // Many events happen; then a ballot made long ago on a disconnected phone arrives.
    for (let k = 0; k < 6; k++)
      for (const v of voters.slice(1))
        t.sign(v, "comment.posted", { motion, text: `here ${k}`, lang: "en" });
    const late = t.sign(
      voters[0]!,
      "ballot.cast",
      { motion, choice: { vote: "yes" } },
      { deps: early, detached: true },
    );
    const before = { ...t.fold.stats };
    t.deliver([late]);
    expect(t.fold.stats.rewinds).toBe(before.rewinds);
    expect(t.fold.stats.floating).toBe(before.floating + 1);
    expect(t.fold.orderedIds().indexOf(late.id)).toBeLessThan(
      t.fold.orderedIds().length - 1,
    );
    const rebuilt = replicaOf(t.events);
    expect(t.fold.stateHash()).toBe(rebuilt.stateHash());
    expect(t.fold.orderedIds()).toEqual(rebuilt.orderedIds());
    // A close that comes after counts it.
    t.sign(chair, "vote.closed", { motion });
    expect(t.fold.state.motions.get(motion)!.result).toMatchObject({
      decision: { yes: 1 },
    });
  });
});
