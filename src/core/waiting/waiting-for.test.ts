import { beforeAll, describe, expect, it } from "vitest";
import {
  generateTokenKey,
  type TokenKeyPair,
} from "../../crypto/blind-token.js";
import type { KeyPair } from "../../crypto/index.js";
import { readableScopes } from "../access/readable-scopes.js";
import { pendingClaims } from "../attestation/pending.js";
import { idOf, replicaOf, TestFederation } from "../testing.js";
import {
  newSinceSeen,
  type WaitingItem,
  waitingFor,
  waitingKey,
} from "./waiting-for.js";

const ONE = {
  admission: { method: "endorsements", endorsements: 1 },
  quorumPercent: 25,
} as const;

function attestAll(
  t: TestFederation,
  attester: KeyPair,
  body: string,
  council: string,
): void {
  for (const p of pendingClaims(t.fold, body, council))
    t.attest(attester, council, body, p.claim);
}

/**
 * A town council over two assemblies. `me` founded and chairs the hospital (A2), is its
 * delegate on the council, and is also a member of the depot (A1), whose delegate is m1. A
 * private body B elsewhere has its own open vote and join request.
 */
function town() {
  const t = new TestFederation();
  const f = t.founders[0]!;
  const [a1, m1, m2, me, n1, q, q2, z, zq] = [
    "a1",
    "m1",
    "m2",
    "me",
    "n1",
    "q",
    "q2",
    "z",
    "zq",
  ].map((l) => t.key(l)) as KeyPair[] as [
    KeyPair,
    KeyPair,
    KeyPair,
    KeyPair,
    KeyPair,
    KeyPair,
    KeyPair,
    KeyPair,
    KeyPair,
  ];
  const council = t.createBody(f, {
    kind: "council",
    name: "Town council",
    rules: ONE as never,
  });
  const A1 = t.createBody(a1, { name: "Depot", rules: ONE as never });
  const A2 = t.createBody(me, { name: "Hospital", rules: ONE as never });
  for (const k of [m1, m2, me]) t.admit(A1, k, [a1]);
  t.admit(A2, n1, [me]);
  t.link(f, council, A1, { attesters: [a1], name: "Depot" });
  t.link(f, council, A2, { attesters: [me], name: "Hospital" });
  t.seatDelegate({
    body: A1,
    council,
    chair: a1,
    voters: [a1, m1, m2],
    delegate: m1,
    attesters: [a1],
  });
  t.seatDelegate({
    body: A2,
    council,
    chair: me,
    voters: [me, n1],
    delegate: me,
    attesters: [me],
  });
  const B = t.createBody(z, { name: "Elsewhere", rules: ONE as never });
  return { t, f, council, A1, A2, B, a1, m1, m2, me, n1, q, q2, z, zq };
}

describe("waiting for a member", () => {
  it("lists each thing once, matching a hand count, for a member of two bodies who is a delegate", () => {
    const w = town();
    const { t, f, council, A1, A2, B, a1, m1, me, n1, q, q2, z, zq } = w;
    // Open votes: two in the depot (one already cast), one in the hospital, one closed.
    const x1 = t.openMotion(a1, A1, { title: { en: "Depot one" } });
    const x2 = t.openMotion(a1, A1, { title: { en: "Depot two" } });
    t.vote(me, x2);
    const x3 = t.openMotion(a1, A1, { title: { en: "Depot closed" } });
    t.vote(m1, x3);
    t.close(a1, x3);
    const y1 = t.openMotion(me, A2, { title: { en: "Hospital one" } });
    // On the council: a call to action the delegates adopt, and two open votes, one of them
    // bound by the hospital's mandate.
    const call = t.sign(f, council, "motion.opened", {
      kind: "action",
      title: { en: "General strike" },
      text: { en: "All out." },
      subject: { kind: "action", action: "strike", startsAt: 5, scope: "all" },
    }).id;
    t.vote(m1, call);
    t.vote(me, call);
    t.close(f, call);
    const k1 = t.openMotion(f, council, { title: { en: "Bound" } });
    const k2 = t.openMotion(f, council, { title: { en: "Free" } });
    t.vote(m1, k2, { vote: "no" });
    const mandate = t.sign(me, A2, "motion.opened", {
      kind: "mandate",
      title: { en: "Mandate" },
      text: { en: "Yes on the bound one." },
      subject: {
        kind: "mandate",
        council,
        positions: [{ motion: k1, choice: { vote: "yes" } }],
      },
    }).id;
    t.vote(me, mandate);
    t.vote(n1, mandate);
    t.close(me, mandate);
    attestAll(t, me, A2, council);
    // The depot answers the call; the hospital (which `me` chairs) has not.
    t.sign(a1, A1, "action.answered", {
      call,
      answer: "will-join",
      headcount: 3,
    });
    // Join requests: one to vouch for, one already vouched (and so admitted), one elsewhere.
    const r1 = t.sign(q, A1, "member.join-requested", { name: "Newcomer" }).id;
    t.admit(A2, q2, [me]);
    t.openMotion(z, B, { title: { en: "Not yours" } });
    t.sign(zq, B, "member.join-requested", { name: "Stranger" });

    const items = waitingFor(t.fold, idOf(me));
    // Hand count: mandate k1; votes x1, y1, k2; vouch r1; call for the hospital; m1's ballots.
    expect(items.map((i) => [i.kind, waitingKey(i)])).toEqual([
      ["mandate", `motion ${k1}`],
      ["vote", `motion ${k2}`],
      ["vote", `motion ${y1}`],
      ["vote", `motion ${x1}`],
      ["vouch", `request ${r1}`],
      ["call", `call ${call} ${A2}`],
      ["delegate-ballots", `delegate ${council} ${idOf(m1)}`],
    ]);
    expect(items.length).toBe(7);
    expect(new Set(items.map(waitingKey)).size).toBe(items.length);
    const bound = items[0] as Extract<WaitingItem, { kind: "mandate" }>;
    expect(bound).toMatchObject({ for: A2, bound: { vote: "yes" } });
    const ballots = items[6] as Extract<
      WaitingItem,
      { kind: "delegate-ballots" }
    >;
    // m1's ballots on the council: the call and k2 (their ballot in the depot is not a
    // delegate's).
    expect(ballots).toMatchObject({ ballots: 2, bodies: [A1] });

    // Voting takes the vote off the list, and nothing else.
    t.vote(me, x1);
    expect(waitingFor(t.fold, idOf(me)).map(waitingKey)).not.toContain(
      `motion ${x1}`,
    );
    expect(waitingFor(t.fold, idOf(me))).toHaveLength(6);
  });

  it("shows each vote's closing time, the soonest to close first, then those without one newest first", () => {
    const { t, A1, a1, me } = town();
    const plain = t.openMotion(a1, A1, { title: { en: "No deadline" } });
    const now = t.fold.timeOf(plain)!;
    const late = t.openMotion(a1, A1, { closesAt: now + 7_200_000 });
    const soon = t.openMotion(a1, A1, { closesAt: now + 3_600_000 });
    const newer = t.openMotion(a1, A1, { title: { en: "Newer" } });
    const votes = waitingFor(t.fold, idOf(me)).filter((i) => i.kind === "vote");
    expect(votes.map((i) => [waitingKey(i), i.closesAt])).toEqual([
      [`motion ${soon}`, now + 3_600_000],
      [`motion ${late}`, now + 7_200_000],
      [`motion ${newer}`, null],
      [`motion ${plain}`, null],
    ]);
  });

  it("a partial replica holding only the member's scopes gives the same list", () => {
    const { t, A1, a1, me, z, B } = town();
    t.openMotion(a1, A1);
    t.openMotion(z, B);
    const full = waitingFor(t.fold, idOf(me));
    const reads = readableScopes(t.fold, { kind: "key", key: idOf(me) });
    const partial = replicaOf(
      t.events.filter((e) => reads.has(t.fold.scopeOf(e.id)!)),
    );
    expect(waitingFor(partial, idOf(me))).toEqual(full);
  });

  it("shows nothing of a body the member does not read", () => {
    const { t, B, z, zq, me, A1, a1 } = town();
    t.openMotion(z, B, { title: { en: "Not yours" } });
    t.sign(zq, B, "member.join-requested", { name: "Stranger" });
    t.openMotion(a1, A1);
    const items = waitingFor(t.fold, idOf(me));
    expect(items.some((i) => "body" in i && i.body === B)).toBe(false);
    // Even told it reads B, a member of nothing there is no voter and no voucher.
    const all = new Set(t.fold.heldScopes());
    expect(
      waitingFor(t.fold, idOf(me), all).some(
        (i) => "body" in i && i.body === B,
      ),
    ).toBe(false);
    // And an outsider's key waits for nothing.
    expect(waitingFor(t.fold, idOf(t.key("nobody")))).toEqual([]);
  });

  it("a delegate's ballots show only when some are new since the member last looked", () => {
    const { t, f, council, m1, me } = town();
    const k = t.openMotion(f, council);
    t.vote(m1, k);
    const items = waitingFor(t.fold, idOf(me));
    const key = `delegate ${council} ${idOf(m1)}`;
    const total = items.find((i) => waitingKey(i) === key);
    expect(total).toMatchObject({ ballots: 1 });
    // Never looked: every ballot is new.
    expect(newSinceSeen(items, () => undefined)).toContainEqual(
      expect.objectContaining({ kind: "delegate-ballots", fresh: 1 }),
    );
    // Looked after the first ballot: nothing new, until the delegate votes again.
    const seen = (s: string) => (s === key ? 1 : undefined);
    expect(
      newSinceSeen(items, seen).some((i) => i.kind === "delegate-ballots"),
    ).toBe(false);
    const k2 = t.openMotion(f, council);
    t.vote(m1, k2);
    expect(newSinceSeen(waitingFor(t.fold, idOf(me)), seen)).toContainEqual(
      expect.objectContaining({ kind: "delegate-ballots", fresh: 1 }),
    );
  });

  describe("a secret vote", () => {
    let keys: TokenKeyPair[] = [];
    beforeAll(async () => {
      keys = [await generateTokenKey(2048), await generateTokenKey(2048)];
    });

    it("waits until the member has asked for tokens: after that nothing here can tell whether they voted", async () => {
      const t = new TestFederation();
      const chair = t.founders[0]!;
      const body = t.createBody(chair, { rules: ONE as never });
      const [r1, r2, me] = ["r1", "r2", "me"].map((l) => t.key(l)) as [
        KeyPair,
        KeyPair,
        KeyPair,
      ];
      for (const k of [r1, r2, me]) t.admit(body, k, [chair]);
      const registrars = [
        t.offerRegistrar(r1, body, keys[0]!),
        t.offerRegistrar(r2, body, keys[1]!),
      ];
      const motion = t.openSecretMotion(chair, body, registrars);
      const votes = (k: KeyPair) =>
        waitingFor(t.fold, idOf(k)).filter(
          (i) => i.kind === "vote" && i.motion === motion,
        ).length;
      expect(votes(me)).toBe(1);
      const ticket = await t.requestTokens(me, motion);
      expect(votes(me)).toBe(0);
      // Another member who has not asked still sees it.
      expect(votes(r1)).toBe(1);
      for (const r of registrars) await t.issueTokens(r, ticket.request!);
      await t.castSecret(ticket, { vote: "yes" });
      expect(votes(me)).toBe(0);
      expect(votes(r1)).toBe(1);
    });
  });
});
