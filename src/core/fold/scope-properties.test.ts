/**
 * Partial = full, on generated federations: councils at three levels, a body with two parent
 * councils, a body moved to another council, elections carried up by attestation, concurrent
 * recalls, a fork, a revoked device key, ballots made on disconnected devices, a call
 * answered and rolled up, demands carried up (one, the same claim, to both councils of the
 * two-parent assembly). For any delivery order, every replica — the
 * full one and, for each scope, the partial replica of a reader of that scope — gives each
 * scope it holds the full replica's scope hash.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type KeyPair, toHex } from "../../crypto/index.js";
import { rollupCall } from "../action/rollup.js";
import { claimHash } from "../attestation/model.js";
import { demandClaim, pendingClaims } from "../attestation/pending.js";
import { foldInputOf } from "../event/fold-input.js";
import type { SignedEvent } from "../event/signed-event.js";
import { tallyReferendum } from "../referendum/tally.js";
import {
  deliverOneByOne,
  idOf,
  replicasAgree,
  strictFold,
  TestFederation,
} from "../testing.js";

const RUNS = Number(process.env.KENGES_PROPERTY_RUNS ?? 6);

/** A small deterministic generator (xorshift32), so a seed names a federation. */
class Rng {
  private s: number;
  constructor(seed: number) {
    this.s = seed * 2654435761 || 1;
  }
  next(): number {
    let x = this.s;
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    this.s = x >>> 0;
    return this.s / 0x100000000;
  }
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }
  pick<T>(xs: readonly T[]): T {
    return xs[Math.floor(this.next() * xs.length)]!;
  }
}

const ONE = {
  admission: { method: "endorsements", endorsements: 1 },
  quorumPercent: 20,
} as const;

interface Assembly {
  readonly id: string;
  readonly chair: KeyPair;
  readonly members: KeyPair[];
}

function attestAll(
  t: TestFederation,
  attester: KeyPair,
  body: string,
  council: string,
): void {
  for (const p of pendingClaims(t.fold, body, council))
    t.attest(attester, council, body, p.claim);
}

function elect(
  t: TestFederation,
  a: Assembly,
  council: string,
  candidate: KeyPair,
  rng: Rng,
): void {
  const motion = t.sign(a.chair, a.id, "motion.opened", {
    kind: "election",
    title: { en: "Delegate" },
    text: { en: "-" },
    method: "plurality",
    options: [{ label: "C", member: idOf(candidate) }],
    subject: { kind: "election", role: "delegate", council },
  }).id;
  for (const m of a.members)
    if (rng.next() < 0.8) t.vote(m, motion, { pick: 0 });
  t.vote(a.chair, motion, { pick: 0 });
  t.close(a.chair, motion);
}

/** Generates a federation of realistic shape from a seed. */
function generate(seed: number): readonly SignedEvent[] {
  const rng = new Rng(seed);
  const t = new TestFederation({ label: `prop-${seed}` });
  const f = t.founders[0]!;
  const council = (level: string, name: string) =>
    t.createBody(f, { kind: "council", level, name, rules: ONE as never });
  const N = council("national", "Nation");
  const R1 = council("regional", "North");
  const R2 = council("regional", "South");
  const M1 = council("municipal", "Town 1");
  const M2 = council("municipal", "Town 2");
  t.link(f, N, R1, { attesters: [f], kind: "council" });
  t.link(f, N, R2, { attesters: [f], kind: "council" });
  t.link(f, R1, M1, { attesters: [f], kind: "council" });
  t.link(f, R2, M2, { attesters: [f], kind: "council" });

  const assemblies: Assembly[] = [];
  for (let k = 0; k < 4; k++) {
    const chair = t.key(`chair-${seed}`, k);
    const id = t.createBody(chair, {
      name: `Assembly ${k}`,
      rules: ONE as never,
    });
    const members = Array.from({ length: rng.int(2, 5) }, (_, j) =>
      t.key(`m-${seed}-${k}`, j),
    );
    for (const m of members)
      t.admit(id, m, [chair], `M${k}.${members.indexOf(m)}`);
    assemblies.push({ id, chair, members });
  }
  const [A0, A1, A2, A3] = assemblies as [
    Assembly,
    Assembly,
    Assembly,
    Assembly,
  ];
  t.link(f, M1, A0.id, { attesters: [A0.chair] });
  // A1 sits on two councils.
  t.link(f, M1, A1.id, { attesters: [A1.chair] });
  t.link(f, M2, A1.id, { attesters: [A1.chair] });
  t.link(f, M2, A2.id, { attesters: [A2.chair, A2.members[0]!], threshold: 2 });
  // A3 starts under M1 and is moved to M2.
  t.link(f, M1, A3.id, { attesters: [A3.chair] });

  elect(t, A0, M1, A0.members[0]!, rng);
  elect(t, A1, M1, A1.members[0]!, rng);
  elect(t, A1, M2, A1.chair, rng);
  elect(t, A2, M2, A2.members[1] ?? A2.members[0]!, rng);
  elect(t, A3, M1, A3.members[0]!, rng);
  attestAll(t, A0.chair, A0.id, M1);
  attestAll(t, A1.chair, A1.id, M1);
  attestAll(t, A1.chair, A1.id, M2);
  for (const p of pendingClaims(t.fold, A2.id, M2)) {
    t.attest(A2.chair, M2, A2.id, p.claim);
    t.attest(A2.members[0]!, M2, A2.id, p.claim);
  }
  attestAll(t, A3.chair, A3.id, M1);
  // A1 carries one demand to both its councils: the same claim, in effect on each.
  const demand = t.sign(A1.chair, A1.id, "motion.opened", {
    kind: "demand",
    title: { en: "Night buses" },
    text: { en: "-" },
  }).id;
  for (const m of [A1.chair, ...A1.members]) t.vote(m, demand);
  t.close(A1.chair, demand);
  const carried = demandClaim(t.fold, A1.id, demand);
  if (carried.ok)
    for (const c of [M1, M2]) t.attest(A1.chair, c, A1.id, carried.value);
  t.link(f, M1, A3.id, { seats: 0 });
  t.link(f, M2, A3.id, { attesters: [A3.chair] });
  elect(t, A3, M2, A3.members[0]!, rng);
  attestAll(t, A3.chair, A3.id, M2);
  // The municipal councils elect their delegates to the regions, and the regions theirs to
  // the nation: a council's voters are the delegates sitting on it (coordinating is not
  // voting), so the coordinator only opens and closes these elections.
  const keyOf = new Map(
    assemblies.flatMap((a) => [a.chair, ...a.members]).map((k) => [idOf(k), k]),
  );
  const sitting = (council: string) =>
    [...t.fold.state.delegations.values()]
      .filter((d) => d.council === council)
      .flatMap((d) => d.delegates)
      .map((m) => keyOf.get(m)!);
  for (const [M, R] of [
    [M1, R1],
    [M2, R2],
    [R1, N],
    [R2, N],
  ] as const) {
    const voters = sitting(M);
    if (voters.length === 0) continue;
    const motion = t.sign(f, M, "motion.opened", {
      kind: "election",
      title: { en: "To the council above" },
      text: { en: "-" },
      method: "plurality",
      options: [{ label: "C", member: idOf(voters[0]!) }],
      subject: { kind: "election", role: "delegate", council: R },
    }).id;
    for (const v of voters) t.vote(v, motion, { pick: 0 });
    t.close(f, motion);
    attestAll(t, f, M, R);
  }

  // A council motion with ballots made on disconnected devices, and concurrent recalls.
  const cm = t.openMotion(f, M1);
  const split = t.heads(M1);
  const delegate = A0.members[0]!;
  const ballot = t.vote(
    delegate,
    cm,
    { vote: rng.pick(["yes", "no"]) },
    {
      deps: split,
      detached: true,
    },
  );
  const recall = (closer: KeyPair) => {
    const m = t.sign(A0.members[1] ?? A0.chair, A0.id, "motion.opened", {
      kind: "recall",
      title: { en: "Recall" },
      text: { en: "-" },
      subject: { kind: "recall", council: M1, member: idOf(delegate) },
    }).id;
    for (const v of [A0.chair, ...A0.members.slice(1)]) t.vote(v, m);
    return { m, closer };
  };
  const r1 = recall(A0.chair);
  const r2 = recall(A0.chair);
  const before = t.heads(A0.id);
  t.close(r1.closer, r1.m, { deps: before });
  t.close(r2.closer, r2.m, { deps: before });
  attestAll(t, A0.chair, A0.id, M1);
  t.deliver([ballot]);
  t.close(f, cm);

  // A fork in one assembly: one member signs two events with one seq there.
  const forker = A1.members[rng.int(0, A1.members.length - 1)]!;
  const fm = t.openMotion(A1.chair, A1.id);
  const b1 = t.vote(forker, fm, { vote: "yes" });
  t.vote(
    forker,
    fm,
    { vote: "no" },
    { seq: b1.envelope.seq, prev: prevOf(b1) },
  );

  // A device key of a member of A2, revoked; the thief keeps signing without the revocation.
  const owner = A2.members[0]!;
  const phone = t.key(`phone-${seed}`);
  t.sign(owner, A2.id, "key.added", t.keyAddedPayload(owner, phone));
  const am = t.openMotion(A2.chair, A2.id);
  const kept = t.vote(phone, am, { vote: "yes" });
  const blind = t.heads(A2.id);
  t.sign(owner, t.federation, "key.revoked", {
    key: idOf(phone),
    lastValidKseq: kept.envelope.kseq,
    proof: (t.keyAddedPayload(owner, phone) as { proof: string }).proof,
  });
  t.vote(phone, am, { vote: "no" }, { deps: blind });

  // A call to action at the top, answered below and rolled up level by level.
  const call = t.sign(f, N, "motion.opened", {
    kind: "action",
    title: { en: "General strike" },
    text: { en: "-" },
    subject: { kind: "action", action: "strike", startsAt: 0, scope: "all" },
  }).id;
  for (const v of sitting(N)) t.vote(v, call);
  t.close(f, call);
  for (const a of assemblies)
    if (rng.next() < 0.8)
      t.sign(a.chair, a.id, "action.answered", {
        call,
        answer: rng.pick(["will-join", "started", "will-not"]),
        headcount: rng.int(0, a.members.length),
      });
  // A referendum at the top: most assemblies vote on its question (openly here), and their
  // results rise with the answers, level by level.
  const referendum = t.sign(f, N, "motion.opened", {
    kind: "referendum",
    title: { en: "Referendum" },
    text: { en: "-" },
    subject: { kind: "referendum", scope: "all" },
  }).id;
  for (const v of sitting(N)) t.vote(v, referendum);
  t.close(f, referendum);
  for (const a of assemblies) {
    if (rng.next() >= 0.8) continue;
    const m = t.openMotion(a.chair, a.id, {
      kind: "referendum",
      title: { en: "Referendum" },
      text: { en: "-" },
      subject: { kind: "referendum", referendum },
    });
    for (const v of [a.chair, ...a.members])
      if (rng.next() < 0.9)
        t.vote(v, m, { vote: rng.pick(["yes", "no", "abstain"]) });
    t.close(a.chair, m);
  }
  attestAll(t, A0.chair, A0.id, M1);
  attestAll(t, A1.chair, A1.id, M1);
  attestAll(t, A1.chair, A1.id, M2);
  for (const p of pendingClaims(t.fold, A2.id, M2)) {
    t.attest(A2.chair, M2, A2.id, p.claim);
    t.attest(A2.members[0]!, M2, A2.id, p.claim);
  }
  attestAll(t, A3.chair, A3.id, M2);
  attestAll(t, f, M1, R1);
  attestAll(t, f, M2, R2);
  attestAll(t, f, R1, N);
  attestAll(t, f, R2, N);
  return t.events;
}

/** An event's chain predecessor (hex): a fork's second branch starts from it too. */
function prevOf(e: SignedEvent): string | null {
  return e.envelope.prev === null ? null : toHex(e.envelope.prev);
}

const cache = new Map<number, readonly SignedEvent[]>();
function federation(seed: number): readonly SignedEvent[] {
  let events = cache.get(seed);
  if (events === undefined) cache.set(seed, (events = generate(seed)));
  return events;
}

// Each property folds hundreds of generated federations: minutes on a busy two-core machine.
describe("partial = full (property tests)", { timeout: 300_000 }, () => {
  it("generated federations are non-trivial: many scopes, claims in effect, a fork, a revocation", () => {
    const events = federation(1);
    const fold = strictFold();
    fold.add(events.map(foldInputOf));
    expect(fold.heldScopes().length).toBeGreaterThanOrEqual(10);
    const effective = [...fold.state.claims.values()].filter(
      (c) => c.effectiveAt !== null,
    );
    expect(effective.length).toBeGreaterThanOrEqual(12);
    // One demand claim of the two-parent assembly, in effect on both its councils.
    const demands = effective.filter((c) => c.claim?.kind === "demand");
    expect(demands.map((c) => c.hash)).toEqual(
      demands.map((c) => claimHash(c.body, c.claim!)),
    );
    expect(new Set(demands.map((c) => c.hash)).size).toBe(1);
    expect(new Set(demands.map((c) => c.council)).size).toBe(2);
    const codes = [...fold.state.invalid.values()].map((e) => e.code);
    expect(codes).toContain("KEY_FROZEN");
    expect(codes).toContain("KEY_REVOKED");
    expect(codes.length).toBeLessThan(events.length / 10);
    // The national council sees the strike answered through both regions, each body once.
    const [call] = [...fold.state.calls.values()];
    const rollup = rollupCall(fold.state, call!.id, call!.council)!;
    expect(rollup.children).toHaveLength(2);
    expect(new Set(rollup.entries.map((e) => e.body)).size).toBe(
      rollup.entries.length,
    );
    // Every assembly that answered reached the top, once, whichever path it took.
    const answered = [...fold.state.answers.keys()]
      .map((k) => k.split(" ")[0]!)
      .filter((b) => fold.state.bodies.get(b)?.kind === "assembly")
      .sort();
    expect(answered.length).toBeGreaterThan(0);
    expect(
      rollup.entries
        .filter((e) => e.level === "assembly")
        .map((e) => e.body)
        .sort(),
    ).toEqual(answered);
    // The referendum reached the top through both regions: every assembly that voted on it,
    // once, with its close's counts, summed.
    const [put] = [...fold.state.referendums.values()];
    const tally = tallyReferendum(fold.state, put!.id, put!.council)!;
    const voted = [...fold.state.motions.values()].filter(
      (m) =>
        m.subject?.kind === "referendum" &&
        "referendum" in m.subject &&
        m.status === "decided",
    );
    expect(voted.length).toBeGreaterThan(0);
    expect(tally.entries.map((e) => e.body).sort()).toEqual(
      voted.map((m) => m.body).sort(),
    );
    const sum = [0, 0, 0];
    for (const m of voted)
      if (m.result?.kind === "decision") {
        sum[0]! += m.result.decision.yes;
        sum[1]! += m.result.decision.no;
        sum[2]! += m.result.decision.abstain;
      }
    expect(tally.total.counts).toEqual(sum);
    // The moved assembly sits on its new council only; the two-parent one on both.
    const seatedOn = (body: string) =>
      [...fold.state.delegations.values()]
        .filter((d) => d.body === body && d.delegates.length > 0)
        .map((d) => d.council)
        .sort();
    const cards = [...fold.state.links.values()];
    const twoParents = cards.filter(
      (c) => cards.filter((d) => d.child === c.child).length === 2,
    );
    expect(twoParents.length).toBe(2);
    expect(seatedOn(twoParents[0]!.child)).toHaveLength(2);
  });

  it("every reader's partial replica gives each scope it holds the full replica's hash", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1000 }), (seed) => {
        const { disagreements } = replicasAgree(federation(seed));
        expect(disagreements).toEqual([]);
      }),
      { numRuns: RUNS },
    );
  });

  it("any delivery order, to a full or a partial replica, gives the same scope hashes", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 3 }),
        fc.integer({ min: 0, max: 2 ** 31 - 1 }),
        (seed, shuffleSeed) => {
          const events = federation(seed);
          const full = strictFold();
          full.add(events.map(foldInputOf));
          full.rebuild();
          const expected = full.scopeHashes();
          const rng = new Rng(shuffleSeed);
          const scopes = full.heldScopes();
          const reader = rng.pick(scopes);
          const closure = new Set([
            reader,
            full.federationScope!,
            ...full.scopesAbove(reader),
          ]);
          for (const subset of [
            events,
            events.filter((e) => closure.has(full.scopeOf(e.id)!)),
          ]) {
            const shuffled = [...subset];
            for (let i = shuffled.length - 1; i > 0; i--) {
              const j = rng.int(0, i);
              [shuffled[i], shuffled[j]] = [shuffled[j]!, shuffled[i]!];
            }
            const replica = strictFold();
            deliverOneByOne(replica, shuffled);
            for (const [scope, hash] of replica.scopeHashes())
              expect({ scope, hash }).toEqual({
                scope,
                hash: expected.get(scope),
              });
          }
        },
      ),
      { numRuns: RUNS },
    );
  });
});
