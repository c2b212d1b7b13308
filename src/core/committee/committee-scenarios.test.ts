/**
 * Committees elected by the body they are accountable to: the parent elects and recalls in
 * its own scope, and a committee.seated event in the committee's scope carries the close
 * out. Checked on every delivery order and on partial replicas.
 */
import { describe, expect, it } from "vitest";
import type { CanonicalValue, KeyPair } from "../../crypto/index.js";
import type { SignedEvent } from "../event/signed-event.js";
import { idOf, replicasAgree, TestFederation } from "../testing.js";

const ONE = {
  admission: { method: "endorsements", endorsements: 1 },
  quorumPercent: 25,
} as const;

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

function electCommittee(
  t: TestFederation,
  parent: string,
  chair: KeyPair,
  voters: readonly KeyPair[],
  candidates: readonly KeyPair[],
  approve: readonly number[],
  committee: string,
  seats: number,
): SignedEvent {
  const motion = t.sign(chair, parent, "motion.opened", {
    kind: "election",
    title: { en: "Committee" },
    text: { en: "Who sits on the committee." },
    method: "approval",
    options: candidates.map((c, i) => ({ label: `C${i}`, member: idOf(c) })),
    seats,
    subject: { kind: "election", role: "committee", committee },
  }).id;
  return pass(t, motion, chair, voters, { approve: [...approve] });
}

function recallFromCommittee(
  t: TestFederation,
  parent: string,
  chair: KeyPair,
  voters: readonly KeyPair[],
  committee: string,
  member: KeyPair,
  vote: "yes" | "no" = "yes",
): SignedEvent {
  const motion = t.openMotion(chair, parent, {
    kind: "recall",
    subject: { kind: "recall", committee, member: idOf(member) },
  });
  return pass(t, motion, chair, voters, { vote });
}

/** An assembly of six (chair c, members m1..m5) with a committee its chair founded. */
function fixture() {
  const t = new TestFederation();
  const c = t.key("c");
  const ms = ["m1", "m2", "m3", "m4", "m5"].map((l) => t.key(l)) as [
    KeyPair,
    KeyPair,
    KeyPair,
    KeyPair,
    KeyPair,
  ];
  const P = t.createBody(c, { name: "Depot", rules: ONE as never });
  for (const k of ms) t.admit(P, k, [c]);
  const C = t.createBody(c, {
    kind: "committee",
    name: "Safety committee",
    accountableTo: P,
    rules: ONE as never,
  });
  return { t, c, ms, P, C };
}

/** True when `key` may vote in `body` now (a fresh motion, a ballot judged by the fold). */
function mayVote(
  t: TestFederation,
  opener: KeyPair,
  body: string,
  key: KeyPair,
): string | null {
  const motion = t.openMotion(opener, body);
  return t.fold.invalidReason(t.vote(key, motion).id)?.code ?? "VALID";
}

describe("committees elected by their parent", () => {
  it("seats 3 elected of 5 candidates; they vote in the committee, the others do not", () => {
    const { t, c, ms, P, C } = fixture();
    const [m1, m2, m3, m4, m5] = ms;
    const close = electCommittee(t, P, c, [c, ...ms], ms, [0, 1, 2], C, 3);
    expect(t.fold.invalidReason(close.id)).toBeNull();
    // Before the seating, the elected are not members of the committee.
    expect(mayVote(t, c, C, m1)).toBe("NOT_A_MEMBER");
    const seated = t.sign(m2, C, "committee.seated", { close: close.id });
    expect(t.fold.invalidReason(seated.id)).toBeNull();
    for (const k of [m1, m2, m3]) expect(mayVote(t, c, C, k)).toBe("VALID");
    for (const k of [m4, m5]) expect(mayVote(t, c, C, k)).toBe("NOT_A_MEMBER");
    // The elected may open motions in the committee and decide them.
    const motion = t.openMotion(m1, C);
    expect(t.fold.invalidReason(motion)).toBeNull();
    // The founder (the parent's chair) convenes the committee — it opened the motions above
    // before anyone sat — but coordinating is not voting: no ballot of theirs counts.
    expect(mayVote(t, m1, C, c)).toBe("NOT_A_MEMBER");
    expect(t.fold.state.memberships.get(`${C} ${idOf(c)}`)).toBeUndefined();
    expect(t.fold.state.memberships.get(`${C} ${idOf(m3)}`)?.status).toBe(
      "member",
    );
    expect(replicasAgree(t.events).disagreements).toEqual([]);
  });

  it("a recall unseats one member; the others keep their seats", () => {
    const { t, c, ms, P, C } = fixture();
    const [m1, m2, m3] = ms;
    const close = electCommittee(t, P, c, [c, ...ms], ms, [0, 1, 2], C, 3);
    t.sign(m1, C, "committee.seated", { close: close.id });
    const recall = recallFromCommittee(t, P, c, [c, ...ms], C, m2);
    expect(t.fold.invalidReason(recall.id)).toBeNull();
    expect(mayVote(t, m1, C, m2)).toBe("VALID");
    const done = t.sign(c, C, "committee.seated", { close: recall.id });
    expect(t.fold.invalidReason(done.id)).toBeNull();
    expect(mayVote(t, m1, C, m2)).toBe("NOT_A_MEMBER");
    expect(mayVote(t, m1, C, m3)).toBe("VALID");
    expect(t.fold.state.memberships.get(`${C} ${idOf(m2)}`)?.status).toBe(
      "removed",
    );
    // Recalling a member who no longer sits does nothing: the seating is invalid.
    const again = recallFromCommittee(t, P, c, [c, ...ms], C, m2);
    const noop = t.sign(c, C, "committee.seated", { close: again.id });
    expect(t.fold.invalidReason(noop.id)?.code).toBe("NOT_A_MEMBER");
    expect(replicasAgree(t.events).disagreements).toEqual([]);
  });

  it("a new election replaces the elected members and keeps those admitted otherwise", () => {
    const { t, c, ms, P, C } = fixture();
    const [m1, m2, m3, m4, m5] = ms;
    const first = electCommittee(t, P, c, [c, ...ms], ms, [0, 1, 2], C, 3);
    t.sign(m1, C, "committee.seated", { close: first.id });
    // x joins the committee by its members' endorsement, not by an election.
    const x = t.key("x");
    t.admit(C, x, [m1]);
    const second = electCommittee(t, P, c, [c, ...ms], ms, [0, 3, 4], C, 3);
    const seated = t.sign(m4, C, "committee.seated", { close: second.id });
    expect(t.fold.invalidReason(seated.id)).toBeNull();
    for (const k of [m1, m4, m5, x]) expect(mayVote(t, m1, C, k)).toBe("VALID");
    for (const k of [m2, m3, c])
      expect(mayVote(t, m1, C, k)).toBe("NOT_A_MEMBER");
    // The earlier close is spent: carrying it out now would undo the later election.
    const stale = t.sign(m2, C, "committee.seated", { close: first.id });
    expect(t.fold.invalidReason(stale.id)?.code).toBe(
      "COMMITTEE_SEATING_STALE",
    );
    expect(mayVote(t, m1, C, m2)).toBe("NOT_A_MEMBER");
    expect(replicasAgree(t.events).disagreements).toEqual([]);
  });

  it("refuses forged seatings: a rejected recall, another body's close, another committee's, a stranger's", () => {
    const { t, c, ms, P, C } = fixture();
    const [m1, m2, m3, m4] = ms;
    const close = electCommittee(t, P, c, [c, ...ms], ms, [0, 1, 2], C, 3);
    // Someone neither elected nor the parent's chair may not carry it out.
    const stranger = t.sign(m4, C, "committee.seated", { close: close.id });
    expect(t.fold.invalidReason(stranger.id)?.code).toBe("NOT_A_CHAIR");
    t.sign(m1, C, "committee.seated", { close: close.id });
    // A recall the parent rejected.
    const rejected = recallFromCommittee(t, P, c, [c, ...ms], C, m2, "no");
    expect(
      t.fold.state.motions.get(t.fold.state.closedMotions.get(rejected.id)!)
        ?.outcome,
    ).toBe("rejected");
    const forged1 = t.sign(c, C, "committee.seated", { close: rejected.id });
    expect(t.fold.invalidReason(forged1.id)?.code).toBe(
      "COMMITTEE_CLOSE_INVALID",
    );
    // Another assembly's election naming this committee.
    const o = t.key("o");
    const Q = t.createBody(o, { name: "Other", rules: ONE as never });
    const foreign = electCommittee(t, Q, o, [o], [o], [0], C, 1);
    expect(t.fold.invalidReason(foreign.id)).toBeNull();
    const forged2 = t.sign(o, C, "committee.seated", { close: foreign.id });
    expect(t.fold.invalidReason(forged2.id)?.code).toBe(
      "COMMITTEE_CLOSE_INVALID",
    );
    // The parent's election for another of its committees.
    const C2 = t.createBody(c, {
      kind: "committee",
      name: "Other committee",
      accountableTo: P,
      rules: ONE as never,
    });
    const other = electCommittee(t, P, c, [c, ...ms], ms, [3], C2, 1);
    const forged3 = t.sign(m4, C, "committee.seated", { close: other.id });
    expect(t.fold.invalidReason(forged3.id)?.code).toBe(
      "COMMITTEE_CLOSE_INVALID",
    );
    // A motion that is not a close at all.
    const notClose = t.openMotion(c, P);
    const forged4 = t.sign(c, C, "committee.seated", { close: notClose });
    expect(t.fold.invalidReason(forged4.id)?.code).toBe(
      "COMMITTEE_CLOSE_INVALID",
    );
    // A seating in a body that is no committee.
    const forged5 = t.sign(c, P, "committee.seated", { close: close.id });
    expect(t.fold.invalidReason(forged5.id)?.code).toBe("BODY_KIND_INVALID");
    expect(mayVote(t, m1, C, m4)).toBe("NOT_A_MEMBER");
    expect(mayVote(t, m1, C, m3)).toBe("VALID");
    expect(replicasAgree(t.events).disagreements).toEqual([]);
  });
});
