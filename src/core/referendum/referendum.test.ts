/**
 * A national referendum: the national council puts one question to every body below it; three
 * assemblies (two under a regional council, one right below the nation) vote on it by secret
 * ballot; each assembly's attesters carry its result up as a claim, the region carries its
 * assemblies' on, and the nation's fold sums them. The sum is compared with a hand count of the
 * choices cast; a rogue attester, a body that was not asked, and any order of the events are
 * tried against it.
 */
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import {
  generateTokenKey,
  type TokenKeyPair,
} from "../../crypto/blind-token.js";
import type { KeyPair } from "../../crypto/index.js";
import { auditAttestations } from "../attestation/audit.js";
import { claimHash } from "../attestation/model.js";
import { pendingClaims } from "../attestation/pending.js";
import { pairKey } from "../fold/state.js";
import {
  deliverOneByOne,
  replicaOf,
  replicasAgree,
  strictFold,
  TestFederation,
} from "../testing.js";
import { tallyReferendum } from "./tally.js";

const RULES = {
  admission: { method: "endorsements", endorsements: 1 },
  quorumPercent: 20,
} as const;

type Choice = "yes" | "no" | "abstain";
const ORDER: readonly Choice[] = ["yes", "no", "abstain"];

/** RSA key generation is slow: two registrar keys, offered anew in every assembly. */
let keys: TokenKeyPair[] = [];
beforeAll(async () => {
  keys = [await generateTokenKey(2048), await generateTokenKey(2048)];
}, 60_000);

interface Assembly {
  readonly id: string;
  readonly chair: KeyPair;
  readonly voters: KeyPair[];
  readonly attesters: KeyPair[];
}

/** Choices cast per assembly (one per voter, in voter order). */
const CHOICES: Choice[][] = [
  ["yes", "yes", "no", "abstain", "yes"],
  ["no", "no", "yes", "no"],
  ["yes", "abstain", "yes", "yes", "no", "yes"],
];

/** The nation, a region under it, assemblies A0 and A1 under the region and A2 under the nation. */
function federation() {
  const t = new TestFederation({ label: "referendum" });
  const f = t.founders[0]!;
  const nation = t.createBody(f, {
    kind: "council",
    level: "national",
    name: "Nation",
    rules: RULES as never,
  });
  const region = t.createBody(f, {
    kind: "council",
    level: "regional",
    name: "Region",
    rules: RULES as never,
  });
  t.link(f, nation, region, { attesters: [f], kind: "council" });
  const assemblies: Assembly[] = [];
  for (const [n, choices] of CHOICES.entries()) {
    const chair = t.key("chair", n);
    const id = t.createBody(chair, {
      name: `Assembly ${n}`,
      rules: RULES as never,
    });
    const voters = [chair];
    for (let j = 1; j < choices.length; j++) {
      const k = t.key(`member ${n}`, j);
      t.admit(id, k, [chair]);
      voters.push(k);
    }
    // A0 needs two of its attesters (k = 2); the others one.
    const attesters = n === 0 ? [chair, voters[1]!] : [chair];
    t.link(f, n === 2 ? nation : region, id, {
      attesters,
      threshold: attesters.length,
    });
    assemblies.push({ id, chair, voters, attesters });
  }
  // A2's chair is the nation's one voter (coordinating is not voting).
  const a2 = assemblies[2]!;
  t.seatDelegate({
    body: a2.id,
    council: nation,
    chair: a2.chair,
    voters: a2.voters,
    delegate: a2.chair,
    attesters: a2.attesters,
  });
  const put = (title: string, scope: "all" | string[]) => {
    const id = t.sign(f, nation, "motion.opened", {
      kind: "referendum",
      title: { en: title },
      text: { en: `${title}?` },
      subject: { kind: "referendum", scope },
    }).id;
    t.vote(a2.chair, id);
    t.close(f, id);
    return id;
  };
  const referendum = put("Keep the rail public", "all");
  return { t, f, nation, region, assemblies, referendum, put };
}

/** The assembly votes on the question by secret ballot; returns the hand count and the close. */
async function vote(
  t: TestFederation,
  a: Assembly,
  referendum: string,
  choices: readonly Choice[],
  label: string,
) {
  const registrars = [
    t.offerRegistrar(a.voters[1]!, a.id, keys[0]!),
    t.offerRegistrar(a.voters[2]!, a.id, keys[1]!),
  ];
  const motion = t.openSecretMotion(a.chair, a.id, registrars, {
    kind: "referendum",
    title: { en: "Keep the rail public" },
    text: { en: "Keep the rail public?" },
    subject: { kind: "referendum", referendum },
  });
  const count: Record<Choice, number> = { yes: 0, no: 0, abstain: 0 };
  for (const [i, voter] of a.voters.entries()) {
    const ticket = await t.prepareTicket(motion, `${label} one-time ${i}`);
    const asked = await t.requestTokens(voter, motion, { ticket });
    for (const r of registrars) await t.issueTokens(r, asked.request!);
    await t.castSecret(asked, { vote: choices[i]! });
    count[choices[i]!]++;
  }
  const close = t.close(a.chair, motion);
  return { motion, close, count };
}

/** Every attester of `body` signs every claim pending about it. */
function carry(t: TestFederation, body: string, attesters: readonly KeyPair[]) {
  for (const p of pendingClaims(t.fold, body))
    for (const k of attesters) t.attest(k, p.council, body, p.claim);
}

function handCount(counts: readonly Record<Choice, number>[]): number[] {
  return ORDER.map((c) => counts.reduce((n, x) => n + x[c], 0));
}

/** Votes in every assembly and carries the results up: assemblies, then the region. */
async function referendumHeld() {
  const fed = federation();
  const { t, f, region, assemblies, referendum } = fed;
  const counts: Record<Choice, number>[] = [];
  for (const [n, a] of assemblies.entries()) {
    const v = await vote(t, a, referendum, CHOICES[n]!, `A${n}`);
    expect(t.fold.invalidReason(v.close.id)).toBeNull();
    counts.push(v.count);
  }
  for (const a of assemblies) carry(t, a.id, a.attesters);
  carry(t, region, [f]);
  return { ...fed, counts };
}

describe("a referendum summed by attestation", { timeout: 120_000 }, () => {
  it("the nation's sum equals the hand count of the choices cast, each voter once", async () => {
    const { t, nation, region, referendum, counts, assemblies } =
      await referendumHeld();
    expect([...t.fold.state.invalid.values()].map((e) => e.code)).toEqual([]);
    const tally = tallyReferendum(t.fold.state, referendum, nation)!;
    expect(tally.total.counts).toEqual(handCount(counts));
    const voters = assemblies.reduce((n, a) => n + a.voters.length, 0);
    expect(tally.total.cast).toBe(voters);
    expect(tally.total.eligible).toBe(voters);
    expect(tally.total.bodies).toBe(3);
    expect(tally.entries.map((e) => e.body).sort()).toEqual(
      assemblies.map((a) => a.id).sort(),
    );
    // The rows per child (the region's two assemblies, A2) add up to the total.
    const byChild = Object.fromEntries(
      tally.children.map((c) => [c.body, c.counts]),
    );
    expect(byChild[region]).toEqual(handCount(counts.slice(0, 2)));
    expect(byChild[assemblies[2]!.id]).toEqual(handCount(counts.slice(2)));
    // The region sums its own two.
    const regional = tallyReferendum(t.fold.state, referendum, region)!;
    expect(regional.total.counts).toEqual(handCount(counts.slice(0, 2)));
    // Each body's own fold confirms what its attesters told the councils.
    for (const body of [...assemblies.map((a) => a.id), region]) {
      const audits = auditAttestations(t.fold, body).filter(
        (x) => x.kind === "referendum",
      );
      expect(audits.length).toBeGreaterThan(0);
      expect(audits.map((x) => x.status)).toEqual(
        audits.map(() => "confirmed"),
      );
    }
    // A replica holding only the nation and the federation sums the same from the claims.
    const held = new Set([t.federation, nation]);
    const partial = replicaOf(
      t.events.filter((e) => held.has(t.fold.scopeOf(e.id) ?? "")),
    );
    expect(tallyReferendum(partial.state, referendum, nation)).toEqual(tally);
    // Nothing is left to carry.
    for (const body of [...assemblies.map((a) => a.id), region])
      expect(
        pendingClaims(t.fold, body).filter(
          (p) => p.claim.kind === "referendum",
        ),
      ).toEqual([]);
  });

  it("a rogue attester's claim that differs from the close is flagged below and does not count before k", async () => {
    const { t, nation, region, referendum, counts, assemblies } =
      await referendumHeld();
    const a0 = assemblies[0]!;
    const honest = pendingClaims(t.fold, a0.id);
    expect(honest).toEqual([]);
    const record = [
      ...t.fold.state.referendumResults.get(pairKey(region, referendum)),
    ].find((r) => r.child === a0.id)!;
    const forged = {
      kind: "referendum" as const,
      referendum,
      entries: record.entries.map((e) => ({
        ...e,
        counts: [e.counts[0]! + e.counts[1]!, 0, e.counts[2]!],
      })),
    };
    // One of A0's two attesters signs a result where every "no" became "yes".
    const rogue = t.attest(a0.chair, region, a0.id, forged);
    expect(t.fold.invalidReason(rogue.id)).toBeNull();
    const claim = t.fold.state.claims.get(
      pairKey(region, claimHash(a0.id, forged)),
    )!;
    expect(claim.effectiveAt).toBeNull();
    expect(
      tallyReferendum(t.fold.state, referendum, region)!.total.counts,
    ).toEqual(handCount(counts.slice(0, 2)));
    expect(
      tallyReferendum(t.fold.state, referendum, nation)!.total.counts,
    ).toEqual(handCount(counts));
    const audit = auditAttestations(t.fold, a0.id).find(
      (x) => x.hash === claim.hash,
    )!;
    expect(audit).toMatchObject({
      status: "mismatch",
      problem: "ATTESTATION_MISMATCH",
      effective: false,
    });
    // An assembly speaks for itself only: A2's attester adding a forged result for A0 (which
    // reaches the nation through the region) changes nothing of A0's count.
    const a2 = assemblies[2]!;
    const own = [
      ...t.fold.state.referendumResults.get(pairKey(nation, referendum)),
    ].find((r) => r.child === a2.id)!.entries;
    const stretched = t.attest(a2.chair, nation, a2.id, {
      kind: "referendum",
      referendum,
      entries: [
        ...own.map((e) => ({ ...e, counts: [...e.counts] })),
        ...forged.entries,
      ],
    });
    expect(t.fold.invalidReason(stretched.id)).toBeNull();
    expect(
      tallyReferendum(t.fold.state, referendum, nation)!.total.counts,
    ).toEqual(handCount(counts));
    // A result that does not add up is refused outright.
    const bad = t.attest(a0.chair, region, a0.id, {
      ...forged,
      entries: forged.entries.map((e) => ({ ...e, cast: e.cast + 1 })),
    });
    expect(t.fold.invalidReason(bad.id)?.code).toBe("CLAIM_INVALID");
  });

  it("a body's new vote on the question replaces its result; a superseded claim is dropped", async () => {
    const { t, nation, referendum, counts, assemblies } =
      await referendumHeld();
    const a2 = assemblies[2]!;
    const again: Choice[] = ["no", "no", "no", "no", "no", "yes"];
    const v = await vote(t, a2, referendum, again, "A2 again");
    expect(t.fold.invalidReason(v.close.id)).toBeNull();
    carry(t, a2.id, a2.attesters);
    const now = [...counts.slice(0, 2), v.count];
    const tally = tallyReferendum(t.fold.state, referendum, nation)!;
    expect(tally.total.counts).toEqual(handCount(now));
    expect(tally.total.bodies).toBe(3);
    // The attesters withdraw the newer claim: none of A2's remains, nothing is added twice.
    const latest = [
      ...t.fold.state.referendumResults.get(pairKey(nation, referendum)),
    ]
      .filter((r) => r.child === a2.id)
      .at(-1)!;
    t.sign(a2.chair, nation, "attestation.superseded", {
      body: a2.id,
      claim: latest.claim,
    });
    const after = tallyReferendum(t.fold.state, referendum, nation)!;
    expect(after.total.bodies).toBe(3);
    expect(after.entries.find((e) => e.body === a2.id)!.counts).toEqual(
      handCount([counts[2]!]),
    );
  });

  it("a body not asked cannot vote on the question, nor carry a result for it", async () => {
    const { t, region, assemblies, put } = federation();
    // Put to the region's bodies only: A2, right below the nation, is not asked.
    const regional = put("Regional rail", [region]);
    const a2 = assemblies[2]!;
    const opened = t.openMotion(a2.chair, a2.id, {
      kind: "referendum",
      title: { en: "Regional rail" },
      text: { en: "Regional rail?" },
      subject: { kind: "referendum", referendum: regional },
    });
    expect(t.fold.invalidReason(opened)?.code).toBe("REFERENDUM_NOT_ASKED");
    const nation = t.fold.state.referendums.get(regional)!.council;
    const claim = t.attest(a2.chair, nation, a2.id, {
      kind: "referendum",
      referendum: regional,
      entries: [
        { body: a2.id, cites: opened, counts: [3, 1, 0], eligible: 6, cast: 4 },
      ],
    });
    expect(t.fold.invalidReason(claim.id)?.code).toBe("REFERENDUM_NOT_ASKED");
    expect(tallyReferendum(t.fold.state, regional, nation)!.total.bodies).toBe(
      0,
    );
    // A question never put is not known at all.
    const unknown = t.attest(a2.chair, nation, a2.id, {
      kind: "referendum",
      referendum: "ab".repeat(32),
      entries: [
        { body: a2.id, cites: opened, counts: [1, 0, 0], eligible: 6, cast: 1 },
      ],
    });
    expect(t.fold.invalidReason(unknown.id)?.code).toBe("REFERENDUM_NOT_FOUND");
  });

  it("any order of the events folds to the same state and the same sum (property)", async () => {
    const { t, nation, referendum, counts } = await referendumHeld();
    const { reference, disagreements } = replicasAgree(t.events);
    expect(disagreements).toEqual([]);
    const hash = reference.stateHash();
    const tally = tallyReferendum(reference.state, referendum, nation);
    expect(tally!.total.counts).toEqual(handCount(counts));
    const events = t.events;
    fc.assert(
      fc.property(
        fc.shuffledSubarray([...events], {
          minLength: events.length,
          maxLength: events.length,
        }),
        (order) => {
          const f = strictFold();
          deliverOneByOne(f, order);
          expect(f.stateHash()).toBe(hash);
          expect(tallyReferendum(f.state, referendum, nation)).toEqual(tally);
        },
      ),
      { numRuns: Number(process.env.KENGES_PROPERTY_RUNS ?? 8), seed: 1212 },
    );
  });
});
