/**
 * A small federation across scopes for the hub's tests, built with core's TestFederation
 * (real keys, real events, a scope-strict reference fold): a region above a town council,
 * two assemblies below the town — the depot (A1) and the hospital (A2) — each linked with a
 * card whose name differs from the assembly's own, electing a delegate and attesting it; a
 * mandate, demands carried up, a call to action answered and rolled up; a public bakery
 * standing alone; an open motion and an unshared demand in each assembly; a pending join
 * request in the hospital; a second device key of a depot member.
 */

import {
  DEFAULT_RULES,
  demandClaim,
  pendingClaims,
} from "../../../src/core/index.js";
import { idOf, TestFederation } from "../../../src/core/testing.js";
import type { CanonicalValue, KeyPair } from "../../../src/crypto/index.js";

const ONE = {
  admission: { method: "endorsements", endorsements: 1 },
  quorumPercent: 25,
} as const;

export interface Town {
  readonly t: TestFederation;
  /**
   * The coordinator: founder of the federation, of the region and of the town council, which
   * they chair without a vote (coordinating is not voting).
   */
  readonly f: KeyPair;
  readonly region: string;
  readonly town: string;
  /** The depot assembly (A1) and its chair/attester, delegate and members. */
  readonly depot: string;
  readonly a1: KeyPair;
  readonly m1: KeyPair;
  readonly m2: KeyPair;
  readonly m3: KeyPair;
  /** A second device of m2, registered in the depot. */
  readonly m2phone: KeyPair;
  /** The hospital assembly (A2), its chair (attester and delegate) and a member. */
  readonly hospital: string;
  readonly a2: KeyPair;
  readonly n1: KeyPair;
  /** Someone who asked to join the hospital and waits. */
  readonly o1: KeyPair;
  readonly o1Request: string;
  /** The public bakery and its founder. */
  readonly bakery: string;
  readonly p1: KeyPair;
  /** Open motions: one per assembly, one on the town council. */
  readonly depotMotion: string;
  readonly hospitalMotion: string;
  readonly townMotion: string;
  readonly bakeryMotion: string;
  /** The depot's demand carried up to the town, and the town demand it opened. */
  readonly depotDemand: string;
  readonly townDemand: string;
  /** A demand the hospital adopted and kept to itself. */
  readonly hospitalDemand: string;
  /** The region's call to action. */
  readonly call: string;
}

/**
 * An assembly whose founder goes by their own name (the builder's default names the founder
 * after the body, which would carry the body's name into every scope the founder is named in).
 */
function createAssembly(
  t: TestFederation,
  key: KeyPair,
  name: string,
  founderName: string,
  rules: Record<string, CanonicalValue> = {},
): string {
  return t.sign(key, null, "body.created", {
    name: { en: name },
    kind: "assembly",
    setting: "workplace",
    rules: { ...DEFAULT_RULES, ...ONE, ...rules } as unknown as CanonicalValue,
    founderName,
  }).id;
}

function pass(
  t: TestFederation,
  motion: string,
  chair: KeyPair,
  voters: readonly KeyPair[],
  choice: CanonicalValue = { vote: "yes" },
): void {
  for (const v of voters) t.vote(v, motion, choice);
  t.close(chair, motion);
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
  body: string,
  chair: KeyPair,
  voters: readonly KeyPair[],
  candidate: KeyPair,
  council: string,
): void {
  const motion = t.sign(chair, body, "motion.opened", {
    kind: "election",
    title: { en: "Delegate to the council" },
    text: { en: "Who goes to the council." },
    method: "approval",
    options: [{ label: "Candidate", member: idOf(candidate) }],
    seats: 1,
    subject: { kind: "election", role: "delegate", council },
  }).id;
  pass(t, motion, chair, voters, { approve: [0] });
}

function adoptDemand(
  t: TestFederation,
  body: string,
  chair: KeyPair,
  voters: readonly KeyPair[],
  title: string,
): string {
  const motion = t.sign(chair, body, "motion.opened", {
    kind: "demand",
    title: { en: title },
    text: { en: `${title}, now.` },
  }).id;
  pass(t, motion, chair, voters);
  return motion;
}

/** Builds the town. Deterministic: the same events every time. */
export function buildTown(): Town {
  const t = new TestFederation({ label: "hub-town" });
  const f = t.founders[0]!;
  const region = t.createBody(f, {
    kind: "council",
    level: "regional",
    name: "Mangystau Regional Council",
    rules: ONE as never,
  });
  const town = t.createBody(f, {
    kind: "council",
    level: "municipal",
    name: "Aktau Town Council",
    rules: ONE as never,
  });
  t.link(f, region, town, {
    attesters: [f],
    kind: "council",
    name: "Aktau",
  });
  const [a1, m1, m2, m3, a2, n1, o1, p1] = [
    "a1",
    "m1",
    "m2",
    "m3",
    "a2",
    "n1",
    "o1",
    "p1",
  ].map((l) => t.key(`hub-town-${l}`)) as [
    KeyPair,
    KeyPair,
    KeyPair,
    KeyPair,
    KeyPair,
    KeyPair,
    KeyPair,
    KeyPair,
  ];
  const m2phone = t.key("hub-town-m2-phone");
  const depot = createAssembly(
    t,
    a1,
    "Bus Depot Workers Assembly",
    "Arman Depotchair",
  );
  const hospital = createAssembly(
    t,
    a2,
    "Hospital Night Staff Assembly",
    "Gulnara Wardchair",
  );
  t.admit(depot, m1, [a1], "Aliya Depotova");
  t.admit(depot, m2, [a1], "Bolat Depotov");
  t.admit(depot, m3, [a1], "Dana Depotova");
  t.admit(hospital, n1, [a2], "Zhanar Nightnurse");
  t.sign(m2, depot, "key.added", t.keyAddedPayload(m2, m2phone));
  t.link(f, town, depot, { attesters: [a1], name: "Depot card" });
  t.link(f, town, hospital, { attesters: [a2], name: "Ward Seven card" });
  elect(t, depot, a1, [a1, m1, m2], m1, town);
  elect(t, hospital, a2, [a2, n1], a2, town);
  attestAll(t, a1, depot, town);
  attestAll(t, a2, hospital, town);
  // The town's delegates elect; the coordinator convenes the councils without a vote.
  elect(t, town, f, [m1, a2], m1, region);
  attestAll(t, f, town, region);

  // A mandate of the depot on a town motion, carried up.
  const townMotion = t.openMotion(f, town, {
    title: { en: "Night buses to the hospital" },
    text: { en: "Run night buses." },
  });
  const mandate = t.sign(a1, depot, "motion.opened", {
    kind: "mandate",
    title: { en: "Depot mandate on night buses" },
    text: { en: "Vote yes on night buses." },
    subject: {
      kind: "mandate",
      council: town,
      positions: [{ motion: townMotion, choice: { vote: "yes" } }],
    },
  }).id;
  pass(t, mandate, a1, [a1, m2, m3]);
  attestAll(t, a1, depot, town);

  // Demands: the depot's rises to the town; the hospital keeps one to itself.
  const depotDemand = adoptDemand(
    t,
    depot,
    a1,
    [a1, m2, m3],
    "Free depot canteen",
  );
  const claim = demandClaim(t.fold, depot, depotDemand);
  if (!claim.ok) throw new Error(claim.error.code);
  const townDemand = t.attest(a1, town, depot, claim.value).id;
  const hospitalDemand = adoptDemand(
    t,
    hospital,
    a2,
    [a2, n1],
    "Secret hospital parking plan",
  );

  // The region calls a strike; both assemblies answer; the answers roll up.
  const call = t.sign(f, region, "motion.opened", {
    kind: "action",
    title: { en: "Regional general strike" },
    text: { en: "All out from Monday." },
    subject: {
      kind: "action",
      action: "strike",
      startsAt: Date.UTC(2026, 10, 2),
      scope: "all",
    },
  }).id;
  pass(t, call, f, [m1]); // m1 sits on the region for the town
  t.sign(a1, depot, "action.answered", {
    call,
    answer: "will-join",
    headcount: 4,
    note: "Depot note: buses stay in the garage",
  });
  t.sign(a2, hospital, "action.answered", {
    call,
    answer: "will-not",
    headcount: 0,
    note: "Hospital note: emergency cover only",
  });
  attestAll(t, a1, depot, town);
  attestAll(t, a2, hospital, town);
  attestAll(t, f, town, region);

  // Open motions in each assembly, and a join request waiting in the hospital.
  const depotMotion = t.openMotion(m2, depot, {
    title: { en: "Depot heating repairs" },
    text: { en: "Fix the heating in bay three." },
  });
  t.vote(m3, depotMotion);
  const hospitalMotion = t.openMotion(n1, hospital, {
    title: { en: "Secret night shift rota" },
    text: { en: "The rota stays on the ward." },
  });
  t.vote(a2, hospitalMotion, { vote: "no" });
  const o1Request = t.sign(o1, hospital, "member.join-requested", {
    name: "Olzhas Applicant",
  }).id;

  // A public bakery, linked to nothing.
  const bakery = createAssembly(
    t,
    p1,
    "Open Bakery Collective",
    "Pavel Baker",
    {
      public: true,
    },
  );
  const bakeryMotion = t.openMotion(p1, bakery, {
    title: { en: "Bake rye on Fridays" },
    text: { en: "Rye bread every Friday." },
  });

  return {
    t,
    f,
    region,
    town,
    depot,
    a1,
    m1,
    m2,
    m3,
    m2phone,
    hospital,
    a2,
    n1,
    o1,
    o1Request,
    bakery,
    p1,
    depotMotion,
    hospitalMotion,
    townMotion,
    bakeryMotion,
    depotDemand,
    townDemand,
    hospitalDemand,
    call,
  };
}
