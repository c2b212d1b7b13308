/**
 * @module A federation across scopes for the sync tests: a town council with two linked
 * assemblies (the depot, where member K sits, and a hospital assembly whose card on the
 * council is a pseudonym), an unlinked tenants' assembly, and a public reading circle —
 * with elections carried up by attestation, motions, ballots and comments in each. Every
 * private body's events carry distinctive names and texts, so a test can search what a
 * reader received for them.
 */
import type { SignedEvent } from "../../../src/core/index.js";
import { pendingClaims } from "../../../src/core/index.js";
import { idOf, TestFederation } from "../../../src/core/testing.js";
import type { CanonicalValue, KeyPair } from "../../../src/crypto/index.js";

const ONE = {
  admission: { method: "endorsements", endorsements: 1 },
  quorumPercent: 25,
} as const;

export interface ScopedFederation {
  readonly t: TestFederation;
  /** The coordinator (founder of the federation and of the council, which they convene without a vote). */
  readonly coordinator: KeyPair;
  /** Member K: a member of the depot assembly, elected to the council. */
  readonly k: KeyPair;
  /** A key that is no member anywhere. */
  readonly outsider: KeyPair;
  readonly council: string;
  readonly depot: string;
  readonly hospital: string;
  readonly tenants: string;
  readonly circle: string;
  /** K's own comment in the depot, signed on K's device and held nowhere else. */
  readonly kComment: SignedEvent;
  /** How many events came after K's comment (the newest, in the council). */
  readonly tail: number;
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

function elect(
  t: TestFederation,
  body: string,
  chair: KeyPair,
  voters: readonly KeyPair[],
  delegate: KeyPair,
  council: string,
): void {
  const motion = t.sign(chair, body, "motion.opened", {
    kind: "election",
    title: { en: "Delegate to the council" },
    text: { en: "Who goes to the council." },
    method: "approval",
    options: [{ label: "C0", member: idOf(delegate) }],
    seats: 1,
    subject: { kind: "election", role: "delegate", council },
  }).id;
  pass(t, motion, chair, voters, { approve: [0] });
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

/** Builds the federation; `label` varies the keys (and so every id). */
export function scopedFederation(label = "scoped"): ScopedFederation {
  const t = new TestFederation({ label });
  const f = t.founders[0]!;
  const council = t.createBody(f, {
    kind: "council",
    level: "municipal",
    name: "Town council",
    rules: ONE as never,
  });
  const [a1, k, m1, a2, n1, n2, a3, p1, outsider] = [
    "a1",
    "k",
    "m1",
    "a2",
    "n1",
    "n2",
    "a3",
    "p1",
    "outsider",
  ].map((l) => t.key(l)) as [
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
  const depot = t.createBody(a1, {
    name: "Depot assembly",
    rules: ONE as never,
  });
  t.admit(depot, k, [a1], "Kairat Depotov");
  t.admit(depot, m1, [a1], "Marat Depotov");
  const hospital = t.createBody(a2, {
    name: "Hospital Workers Secret Assembly",
    rules: ONE as never,
  });
  t.admit(hospital, n1, [a2], "Nurse Aigerim Nurlanovna");
  t.admit(hospital, n2, [a2], "Orderly Bakhyt Sarsenov");
  const tenants = t.createBody(a3, {
    name: "Tenants of Block Nine",
    rules: ONE as never,
  });
  const circle = t.createBody(p1, {
    name: "Open Reading Circle",
    rules: { ...ONE, public: true } as never,
  });
  t.link(f, council, depot, { attesters: [a1], name: "Depot" });
  t.link(f, council, hospital, { attesters: [a2], name: "Assembly B" });
  elect(t, depot, a1, [a1, k, m1], k, council);
  elect(t, hospital, a2, [a2, n1, n2], n1, council);
  attestAll(t, a1, depot, council);
  attestAll(t, a2, hospital, council);

  const strike = t.openMotion(n2, hospital, {
    title: { en: "Night shift strike ballot 7731" },
    text: {
      en: "We stop work on the night shift until the wards are staffed.",
    },
  });
  pass(t, strike, a2, [a2, n1, n2]);
  t.sign(n2, hospital, "comment.posted", {
    motion: strike,
    text: "Meet at the back gate of ward seven at five",
    lang: "en",
  });
  const rent = t.openMotion(a3, tenants, {
    title: { en: "Rent strike of Block Nine" },
    text: { en: "We withhold the rent from the first of the month." },
  });
  t.vote(a3, rent);
  const depotMotion = t.openMotion(m1, depot, {
    title: { en: "Depot canteen hours" },
  });
  pass(t, depotMotion, a1, [a1, k, m1]);
  const reading = t.openMotion(p1, circle, {
    title: { en: "Next book: Mother by Gorky" },
  });
  t.sign(p1, circle, "comment.posted", {
    motion: reading,
    text: "Everyone welcome on Thursday",
    lang: "en",
  });
  const budget = t.openMotion(f, council, {
    title: { en: "Town budget for buses" },
  });
  t.vote(k, budget);
  const kComment = t.sign(
    k,
    depot,
    "comment.posted",
    { motion: depotMotion, text: "I will bring the rota tomorrow", lang: "en" },
    { detached: true },
  );
  const before = t.events.length;
  t.vote(n1, budget, { vote: "no" });
  t.sign(f, council, "comment.posted", {
    motion: budget,
    text: "The vote closes on Friday",
    lang: "en",
  });
  t.close(f, budget);
  return {
    t,
    coordinator: f,
    k,
    outsider,
    council,
    depot,
    hospital,
    tenants,
    circle,
    kComment,
    tail: t.events.length - before,
  };
}
