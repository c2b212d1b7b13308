/**
 * Coordinating is not voting (#17): whoever founds a council or a committee convenes it —
 * chairs it, opens and closes its motions — but is no member of it: no ballot of theirs
 * counts, and they are in no electorate, quorum or member count. A council's voters are the
 * delegates seated from below; a committee's, those its parent elected. The founder of an
 * assembly stays one of its members.
 */
import { describe, expect, it } from "vitest";
import type { KeyPair } from "../../crypto/index.js";
import { deviceScopesOf } from "../key/device-scopes.js";
import type { CausalView } from "../member/authority.js";
import { membersIn } from "../member/authority.js";
import {
  isChairIn,
  representedIn,
  takesPartIn,
  votersIn,
} from "../seat/authority.js";
import { idOf, replicasAgree, TestFederation } from "../testing.js";

/** Every voter must be present: a coordinator counted in the electorate would block quorum. */
const ALL_PRESENT = {
  admission: { method: "endorsements", endorsements: 1 },
  quorumPercent: 100,
} as const;

/** The reference replica's present, seeing every scope. */
function presentOf(t: TestFederation): CausalView {
  return {
    state: t.fold.state,
    knows: () => true,
    precedes: (x, y) => t.fold.index.precedes(x, y),
    sees: () => true,
    canSee: () => true,
  };
}

/** A town council founded by the coordinator f, and one assembly below it whose member d sits on it. */
function town() {
  const t = new TestFederation();
  const f = t.founders[0]!;
  const council = t.createBody(f, {
    kind: "council",
    name: "Town council",
    rules: ALL_PRESENT as never,
  });
  const [a, d] = [t.key("a"), t.key("d")] as [KeyPair, KeyPair];
  const A = t.createBody(a, { name: "Depot", rules: ALL_PRESENT as never });
  t.admit(A, d, [a]);
  t.link(f, council, A, { attesters: [a], name: "Depot" });
  t.seatDelegate({
    body: A,
    council,
    chair: a,
    voters: [a, d],
    delegate: d,
    attesters: [a],
  });
  return { t, f, council, A, a, d };
}

describe("coordinating is not voting: a council's founder", () => {
  it("cannot cast a ballot in the council it founded", () => {
    const { t, f, council } = town();
    const motion = t.openMotion(f, council);
    expect(t.fold.invalidReason(motion)).toBeNull();
    const ballot = t.vote(f, motion);
    expect(t.fold.invalidReason(ballot.id)).toMatchObject({
      code: "NOT_A_MEMBER",
      details: { body: council, member: idOf(f) },
    });
  });

  it("is in no electorate, quorum or member count, and still opens, closes and comments as chair", () => {
    const { t, f, council, d } = town();
    const view = presentOf(t);
    expect(votersIn(view, council)).toEqual([idOf(d)]);
    expect(membersIn(view, council)).toEqual([]);
    expect(t.fold.state.memberships.get(`${council} ${idOf(f)}`)).toBe(
      undefined,
    );
    expect(isChairIn(view, council, idOf(f))).toBe(true);
    expect(takesPartIn(view, council, idOf(f))).toBe(true);
    // The council represents the members attested from below (the depot's two), not f.
    expect(representedIn(view, council)).toBe(2);

    const motion = t.openMotion(f, council);
    const comment = t.sign(f, council, "comment.posted", {
      motion,
      text: "The delegates decide.",
      lang: "en",
    });
    expect(t.fold.invalidReason(comment.id)).toBeNull();
    t.vote(d, motion);
    // Quorum is every voter: were f counted, d alone could not meet it.
    const close = t.close(f, motion);
    expect(t.fold.invalidReason(close.id)).toBeNull();
    const decided = t.fold.state.motions.get(motion)!;
    expect(decided.outcome).toBe("adopted");
    expect(decided.result).toMatchObject({
      kind: "decision",
      decision: { present: 1, quorumRequired: 1, yes: 1 },
    });
    expect(replicasAgree(t.events).disagreements).toEqual([]);
  });

  it("stops chairing once the delegates elect a chair of their own", () => {
    const { t, f, council, d } = town();
    const election = t.sign(f, council, "motion.opened", {
      kind: "election",
      title: { en: "Chair" },
      text: { en: "-" },
      method: "plurality",
      options: [{ label: "D", member: idOf(d) }],
      subject: { kind: "election", role: "chair" },
    }).id;
    t.vote(d, election, { pick: 0 });
    expect(t.fold.invalidReason(t.close(f, election).id)).toBeNull();
    const late = t.sign(f, council, "motion.opened", {
      kind: "resolution",
      title: { en: "Late" },
      text: { en: "-" },
    });
    expect(t.fold.invalidReason(late.id)?.code).toBe("NOT_A_MEMBER");
    const motion = t.openMotion(d, council);
    t.vote(d, motion);
    expect(t.fold.invalidReason(t.close(d, motion).id)).toBeNull();
  });

  it("registers a new device of theirs in the council and acts there with it", () => {
    const { t, f, council } = town();
    expect(deviceScopesOf(t.fold.state, idOf(f))).toContain(council);
    const phone = t.key("coordinator-phone");
    const added = t.sign(f, council, "key.added", t.keyAddedPayload(f, phone));
    expect(t.fold.invalidReason(added.id)).toBeNull();
    expect(t.fold.invalidReason(t.openMotion(phone, council))).toBeNull();
  });

  it("votes only when seated the ordinary way: elected delegate by an assembly they belong to", () => {
    const { t, f, council, A, a, d } = town();
    t.admit(A, f, [a], "Coordinator");
    t.seatDelegate({
      body: A,
      council,
      chair: a,
      voters: [a, d, f],
      delegate: f,
      attesters: [a],
    });
    const motion = t.openMotion(f, council);
    expect(t.fold.invalidReason(t.vote(f, motion).id)).toBeNull();
    expect(votersIn(presentOf(t), council)).toEqual([idOf(f)]);
  });
});

describe("coordinating is not voting: a committee's founder", () => {
  it("convenes the committee as the parent's chair but is not one of its members", () => {
    const t = new TestFederation();
    const c = t.key("c");
    const m = t.key("m");
    const P = t.createBody(c, { name: "Depot", rules: ALL_PRESENT as never });
    t.admit(P, m, [c]);
    const C = t.createBody(c, {
      kind: "committee",
      name: "Safety committee",
      accountableTo: P,
      rules: ALL_PRESENT as never,
    });
    const view = presentOf(t);
    expect(membersIn(view, P)).toEqual([idOf(c), idOf(m)].sort());
    expect(membersIn(view, C)).toEqual([]);
    expect(isChairIn(view, C, idOf(c))).toBe(true);
    const motion = t.openMotion(c, C);
    expect(t.fold.invalidReason(motion)).toBeNull();
    expect(t.fold.invalidReason(t.vote(c, motion).id)?.code).toBe(
      "NOT_A_MEMBER",
    );
  });
});
