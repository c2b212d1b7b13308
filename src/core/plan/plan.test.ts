/**
 * A planning round summed by attestation: three workplaces declare processes and two
 * neighbourhood assemblies declare needs (two workplaces and one assembly under a regional
 * council, the rest right below the nation); each body's attesters carry its totals up, the
 * region carries its sum on, and the nation's totals are compared with a sum made by hand. A
 * rogue attester, a replica holding only the nation, bad input and any order of the events are
 * tried against it.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { KeyPair } from "../../crypto/index.js";
import {
  planModelFromTotals,
  planProgress,
  reportsOfTotals,
  runsOfOutput,
} from "../../planning/index.js";
import { auditAttestations } from "../attestation/audit.js";
import { claimHash } from "../attestation/model.js";
import { pendingClaims } from "../attestation/pending.js";
import { checkEvent } from "../event/check.js";
import type { SignedEvent } from "../event/signed-event.js";
import { EVENT_HANDLERS } from "../event-handlers.js";
import { pairKey } from "../fold/state.js";
import {
  deliverOneByOne,
  replicaOf,
  replicasAgree,
  strictFold,
  TestFederation,
} from "../testing.js";
import type { PlanTotals } from "./model.js";
import { bodyTotals, labourOf } from "./totals.js";

const PERIOD = "2027";

interface Body {
  readonly id: string;
  readonly chair: KeyPair;
  readonly attesters: KeyPair[];
}

/** The nation, a region under it; W0, W1 and H0 under the region; W2 and H1 under the nation. */
function federation() {
  const t = new TestFederation({ label: "plan" });
  const f = t.founders[0]!;
  const nation = t.createBody(f, {
    kind: "council",
    level: "national",
    name: "Nation",
  });
  const region = t.createBody(f, {
    kind: "council",
    level: "regional",
    name: "Region",
  });
  t.link(f, nation, region, { attesters: [f], kind: "council" });
  const body = (
    name: string,
    setting: string,
    council: string,
    n: number,
  ): Body => {
    const chair = t.key(`chair ${name}`);
    const id = t.createBody(chair, {
      name,
      setting,
      rules: { admission: { method: "endorsements", endorsements: 1 } },
    });
    // W0 needs two of its attesters (k = 2): a chair and a second member.
    const attesters = [chair];
    if (n === 2) {
      const second = t.key(`member ${name}`);
      t.admit(id, second, [chair]);
      attesters.push(second);
    }
    t.link(f, council, id, { attesters, threshold: attesters.length });
    return { id, chair, attesters };
  };
  const w0 = body("W0", "workplace", region, 2);
  const w1 = body("W1", "workplace", region, 1);
  const w2 = body("W2", "workplace", nation, 1);
  const h0 = body("H0", "neighbourhood", region, 1);
  const h1 = body("H1", "neighbourhood", nation, 1);
  return { t, f, nation, region, w0, w1, w2, h0, h1 };
}

type Fed = ReturnType<typeof federation>;

function declareProcess(
  t: TestFederation,
  b: Body,
  p: {
    name: string;
    region: string;
    outputs: [string, string][];
    inputs?: [string, string][];
    labour?: [string, string][];
    capacity: string;
  },
) {
  return t.sign(b.chair, b.id, "plan.process-declared", {
    period: PERIOD,
    name: p.name,
    region: p.region,
    outputs: p.outputs.map(([product, quantity]) => ({ product, quantity })),
    inputs: (p.inputs ?? []).map(([product, quantity]) => ({
      product,
      quantity,
    })),
    labour: (p.labour ?? []).map(([skill, hours]) => ({ skill, hours })),
    capacity: p.capacity,
  });
}

function need(
  t: TestFederation,
  chair: KeyPair,
  body: string,
  product: string,
  tier: string,
  region: string,
  quantity: string,
) {
  return t.sign(chair, body, "plan.need-declared", {
    period: PERIOD,
    product,
    tier,
    region,
    quantity,
  });
}

/** Every attester of `body` signs every claim pending about it. */
function carry(t: TestFederation, body: string, attesters: readonly KeyPair[]) {
  for (const p of pendingClaims(t.fold, body))
    for (const k of attesters) t.attest(k, p.council, body, p.claim);
}

/** The round declared, revisions included, and carried up: bodies, then the region. */
function roundDeclared(): Fed {
  const fed = federation();
  const { t, f, nation, w0, w1, w2, h0, h1 } = fed;
  declareProcess(t, w0, {
    name: "Oven line",
    region: "north",
    outputs: [["bread", "2.5"]],
    inputs: [["flour", "2"]],
    labour: [["baker", "1.5"]],
    capacity: "1000",
  });
  declareProcess(t, w0, {
    name: "Small oven",
    region: "north",
    outputs: [["bread", "1"]],
    inputs: [["flour", "0.8"]],
    labour: [["baker", "0.75"]],
    capacity: "200",
  });
  // A revision: the small oven runs 300 times, not 200.
  declareProcess(t, w0, {
    name: "Small oven",
    region: "north",
    outputs: [["bread", "1"]],
    inputs: [["flour", "0.8"]],
    labour: [["baker", "0.75"]],
    capacity: "300",
  });
  declareProcess(t, w1, {
    name: "Mill",
    region: "north",
    outputs: [
      ["flour", "1"],
      ["bran", "0.25"],
    ],
    inputs: [["grain", "1.2"]],
    labour: [["miller", "0.1"]],
    capacity: "5000",
  });
  declareProcess(t, w2, {
    name: "Gas well",
    region: "south",
    outputs: [["gas", "10"]],
    labour: [["driller", "2"]],
    capacity: "100",
  });
  declareProcess(t, w2, {
    name: "Bakery",
    region: "south",
    outputs: [["bread", "3"]],
    inputs: [["flour", "2.4"]],
    labour: [["baker", "1"]],
    capacity: "100.5",
  });
  need(t, h0.chair, h0.id, "bread", "basic", "north", "1800");
  need(t, h0.chair, h0.id, "gas", "basic", "north", "400.5");
  need(t, h0.chair, h0.id, "bread", "extra", "north", "100");
  // A revision: 1900 loaves, not 1800.
  need(t, h0.chair, h0.id, "bread", "basic", "north", "1900");
  need(t, h1.chair, h1.id, "bread", "basic", "south", "300");
  need(t, h1.chair, h1.id, "gas", "basic", "south", "500");
  // The nation adds a collective need.
  need(t, f, nation, "gas", "standard", "south", "50");
  for (const b of [w0, w1, w2, h0, h1]) carry(t, b.id, b.attesters);
  carry(t, fed.region, [f]);
  return fed;
}

/** The region's totals, summed by hand from the declarations above. */
const REGION_BY_HAND: PlanTotals = {
  needs: [
    { product: "bread", tier: "basic", region: "north", quantity: "1900" },
    { product: "bread", tier: "extra", region: "north", quantity: "100" },
    { product: "gas", tier: "basic", region: "north", quantity: "400.5" },
  ],
  supply: [
    {
      product: "bread",
      region: "north",
      // 2.5 × 1000 + 1 × 300
      capacity: "2800",
      coproducts: [],
      // 2 × 1000 + 0.8 × 300
      inputs: [{ product: "flour", quantity: "2240" }],
      // 1.5 × 1000 + 0.75 × 300
      labour: [{ skill: "baker", hours: "1725" }],
    },
    {
      product: "flour",
      region: "north",
      capacity: "5000",
      coproducts: [{ product: "bran", quantity: "1250" }],
      inputs: [{ product: "grain", quantity: "6000" }],
      labour: [{ skill: "miller", hours: "500" }],
    },
  ],
};

/** The nation's: the region's, W2's and H1's, and its own need. */
const NATION_BY_HAND: PlanTotals = {
  needs: [
    { product: "bread", tier: "basic", region: "north", quantity: "1900" },
    { product: "bread", tier: "basic", region: "south", quantity: "300" },
    { product: "bread", tier: "extra", region: "north", quantity: "100" },
    { product: "gas", tier: "basic", region: "north", quantity: "400.5" },
    { product: "gas", tier: "basic", region: "south", quantity: "500" },
    { product: "gas", tier: "standard", region: "south", quantity: "50" },
  ],
  supply: [
    REGION_BY_HAND.supply[0]!,
    {
      product: "bread",
      region: "south",
      // 3 × 100.5, 2.4 × 100.5, 1 × 100.5
      capacity: "301.5",
      coproducts: [],
      inputs: [{ product: "flour", quantity: "241.2" }],
      labour: [{ skill: "baker", hours: "100.5" }],
    },
    REGION_BY_HAND.supply[1]!,
    {
      product: "gas",
      region: "south",
      capacity: "1000",
      coproducts: [],
      inputs: [],
      labour: [{ skill: "driller", hours: "200" }],
    },
  ],
};

/**
 * Every replica folds `events` alike, and so does any order of delivery (property): the same
 * state hash and the same totals of `nation`, which it returns.
 */
function totalsInAnyOrder(events: readonly SignedEvent[], nation: string) {
  const { reference, disagreements } = replicasAgree(events);
  expect(disagreements).toEqual([]);
  const hash = reference.stateHash();
  const totals = bodyTotals(reference.state, nation, PERIOD);
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
        expect(bodyTotals(f.state, nation, PERIOD)).toEqual(totals);
      },
    ),
    { numRuns: Number(process.env.KENGES_PROPERTY_RUNS ?? 8), seed: 1515 },
  );
  return totals;
}

describe("a planning round summed by attestation", { timeout: 120_000 }, () => {
  it("the nation's totals equal the sum by hand, each body once, revisions replacing", () => {
    const { t, nation, region, w0, w1, w2, h0, h1 } = roundDeclared();
    expect([...t.fold.state.invalid.values()].map((e) => e.code)).toEqual([]);
    const national = bodyTotals(t.fold.state, nation, PERIOD);
    expect(national.totals).toEqual(NATION_BY_HAND);
    expect(national.children.map((c) => c.body).sort()).toEqual(
      [region, w2.id, h1.id].sort(),
    );
    expect(bodyTotals(t.fold.state, region, PERIOD).totals).toEqual(
      REGION_BY_HAND,
    );
    expect(labourOf(national.totals)).toEqual([
      { skill: "baker", hours: "1825.5" },
      { skill: "driller", hours: "200" },
      { skill: "miller", hours: "500" },
    ]);
    // Each body's own fold confirms what its attesters told the councils.
    for (const b of [w0.id, w1.id, w2.id, h0.id, h1.id, region]) {
      const audits = auditAttestations(t.fold, b).filter(
        (x) => x.kind === "plan-totals",
      );
      expect(audits.length).toBeGreaterThan(0);
      expect(audits.filter((x) => x.status === "mismatch")).toEqual([]);
      expect(
        pendingClaims(t.fold, b).filter((p) => p.claim.kind === "plan-totals"),
      ).toEqual([]);
    }
  });

  it("a revision below rises as a new claim that replaces the old one, never adds to it", () => {
    const { t, f, nation, region, w1 } = roundDeclared();
    declareProcess(t, w1, {
      name: "Mill",
      region: "north",
      outputs: [
        ["flour", "1"],
        ["bran", "0.25"],
      ],
      inputs: [["grain", "1.2"]],
      labour: [["miller", "0.1"]],
      capacity: "0",
    });
    carry(t, w1.id, w1.attesters);
    carry(t, region, [f]);
    const national = bodyTotals(t.fold.state, nation, PERIOD).totals;
    expect(national.supply.map((s) => s.product)).toEqual([
      "bread",
      "bread",
      "gas",
    ]);
    expect(national.needs).toEqual(NATION_BY_HAND.needs);
  });

  it("a superseded claim no longer counts: the council holds nothing of that body", () => {
    const { t, nation, w2 } = roundDeclared();
    const held = bodyTotals(t.fold.state, nation, PERIOD).children.find(
      (c) => c.body === w2.id,
    )!;
    t.sign(w2.chair, nation, "attestation.superseded", {
      body: w2.id,
      claim: held.claim,
    });
    const after = bodyTotals(t.fold.state, nation, PERIOD);
    expect(after.children.map((c) => c.body)).not.toContain(w2.id);
    expect(after.totals.supply.map((x) => `${x.product} ${x.region}`)).toEqual([
      "bread north",
      "flour north",
    ]);
    expect(after.totals.needs).toEqual(NATION_BY_HAND.needs);
  });

  it("a rogue attester below the threshold does not count, and the body's fold flags the claim", () => {
    const { t, region, nation, w0 } = roundDeclared();
    const own = bodyTotals(t.fold.state, w0.id, PERIOD);
    const forged = {
      kind: "plan-totals" as const,
      period: PERIOD,
      round: own.round,
      totals: {
        needs: [],
        supply: own.totals.supply.map((s) => ({ ...s, capacity: "99999" })),
      },
    };
    // One of W0's two attesters (k = 2) signs totals its workplace never declared.
    const rogue = t.attest(w0.chair, region, w0.id, forged);
    expect(t.fold.invalidReason(rogue.id)).toBeNull();
    const record = t.fold.state.claims.get(
      pairKey(region, claimHash(w0.id, forged)),
    )!;
    expect(record.effectiveAt).toBeNull();
    expect(bodyTotals(t.fold.state, region, PERIOD).totals).toEqual(
      REGION_BY_HAND,
    );
    expect(bodyTotals(t.fold.state, nation, PERIOD).totals).toEqual(
      NATION_BY_HAND,
    );
    // Signed by both, it would count; W0's own fold shows the members it is not theirs.
    t.attest(w0.attesters[1]!, region, w0.id, forged);
    expect(
      bodyTotals(t.fold.state, region, PERIOD).totals.supply[0]!.capacity,
    ).toBe("99999");
    const audit = auditAttestations(t.fold, w0.id).find(
      (x) => x.hash === record.hash,
    )!;
    expect(audit).toMatchObject({
      status: "mismatch",
      problem: "ATTESTATION_MISMATCH",
      effective: true,
    });
    // Totals whose rows are not in canonical order are refused outright.
    const unordered = t.attest(w0.chair, region, w0.id, {
      ...forged,
      totals: {
        needs: [],
        supply: [...REGION_BY_HAND.supply].reverse(),
      },
    });
    expect(t.fold.invalidReason(unordered.id)?.code).toBe("CLAIM_INVALID");
  });

  it("a replica holding only the nation gets the same totals and never sees a workplace's process", () => {
    const { t, nation } = roundDeclared();
    const full = bodyTotals(t.fold.state, nation, PERIOD);
    const held = new Set([t.federation, nation]);
    const events = t.events.filter((e) => held.has(t.fold.scopeOf(e.id) ?? ""));
    const partial = replicaOf(events);
    expect(bodyTotals(partial.state, nation, PERIOD)).toEqual(full);
    expect(partial.state.planProcesses.size).toBe(0);
    expect(partial.state.planNeeds.size).toBe(1);
    for (const e of events)
      for (const name of ["Oven line", "Small oven", "Mill", "Gas well"])
        expect(Buffer.from(e.payloadBytes ?? []).includes(name)).toBe(false);
  });

  it("any order of the events folds to the same state and the same totals (property)", () => {
    const { t, nation } = roundDeclared();
    const totals = totalsInAnyOrder(t.events, nation);
    expect(totals.totals).toEqual(NATION_BY_HAND);
  });
});

describe("planning declarations: authority and bad input", () => {
  const check = (t: TestFederation, e: Parameters<typeof checkEvent>[0]) =>
    checkEvent(e, EVENT_HANDLERS, { federation: t.federation });

  it("a quantity that is not canonical fixed-point text is rejected before storage, naming the field", () => {
    const { t, region, w0, h0 } = federation();
    const base = {
      period: PERIOD,
      name: "Oven line",
      region: "north",
      outputs: [{ product: "bread", quantity: "2.5" }],
      inputs: [],
      labour: [{ skill: "baker", hours: "1.5" }],
      capacity: "1000",
    };
    const cases: [Record<string, unknown>, string, string][] = [
      [{ capacity: "1e3" }, "capacity", "quantity"],
      [{ capacity: "-5" }, "capacity", "quantity"],
      [{ capacity: "1.50" }, "capacity", "quantity"],
      [
        { labour: [{ skill: "baker", hours: "0.0000001" }] },
        "labour.0.hours",
        "quantity",
      ],
      [
        { outputs: [{ product: "bread", quantity: "0" }] },
        "outputs.0.quantity",
        "zero",
      ],
      [
        {
          inputs: [
            { product: "flour", quantity: "1" },
            { product: "flour", quantity: "2" },
          ],
        },
        "inputs.1.product",
        "repeated",
      ],
    ];
    for (const [change, path, reason] of cases) {
      const e = t.sign(
        w0.chair,
        w0.id,
        "plan.process-declared",
        { ...base, ...change } as never,
        { detached: true },
      );
      expect(check(t, e)).toEqual({
        ok: false,
        error: {
          code: "PLAN_DECLARATION_INVALID",
          details: { type: "plan.process-declared", path, reason },
        },
      });
    }
    // A float cannot even be encoded; a whole number where text belongs is the wrong shape.
    const needOf = (quantity: number) => ({
      period: PERIOD,
      product: "bread",
      tier: "basic",
      region: "north",
      quantity,
    });
    expect(() =>
      t.sign(h0.chair, h0.id, "plan.need-declared", needOf(12.5), {
        detached: true,
      }),
    ).toThrow(/not a safe integer/);
    const whole = t.sign(h0.chair, h0.id, "plan.need-declared", needOf(12), {
      detached: true,
    });
    expect(check(t, whole)).toMatchObject({
      ok: false,
      error: { code: "PAYLOAD_INVALID", details: { path: "quantity" } },
    });
    const tier = t.sign(
      h0.chair,
      h0.id,
      "plan.need-declared",
      {
        period: PERIOD,
        product: "bread",
        tier: "luxury",
        region: "north",
        quantity: "1",
      },
      { detached: true },
    );
    expect(check(t, tier)).toMatchObject({
      ok: false,
      error: { code: "PAYLOAD_INVALID", details: { path: "tier" } },
    });
    // Totals carried up are held to the same spelling.
    const claim = t.sign(
      w0.chair,
      region,
      "attestation.made",
      {
        body: w0.id,
        claim: {
          kind: "plan-totals",
          period: PERIOD,
          round: "ab".repeat(32),
          totals: {
            needs: [
              {
                product: "bread",
                tier: "basic",
                region: "north",
                quantity: "1.0",
              },
            ],
            supply: [],
          },
        },
      },
      { detached: true },
    );
    expect(check(t, claim)).toEqual({
      ok: false,
      error: {
        code: "PLAN_DECLARATION_INVALID",
        details: {
          type: "attestation.made",
          path: "claim.totals.needs.0.quantity",
          reason: "quantity",
        },
      },
    });
    // Nothing was stored.
    expect(t.fold.state.planProcesses.size).toBe(0);
  });

  it("processes come from a workplace's chair; needs from an assembly's or council's chair", () => {
    const { t, f, region, w0, h0 } = federation();
    const declaration = {
      period: PERIOD,
      name: "Oven line",
      region: "north",
      outputs: [{ product: "bread", quantity: "2.5" }],
      inputs: [],
      labour: [],
      capacity: "1000",
    };
    const inNeighbourhood = t.sign(
      h0.chair,
      h0.id,
      "plan.process-declared",
      declaration,
    );
    expect(t.fold.invalidReason(inNeighbourhood.id)?.code).toBe(
      "BODY_KIND_INVALID",
    );
    const inCouncil = t.sign(f, region, "plan.process-declared", declaration);
    expect(t.fold.invalidReason(inCouncil.id)?.code).toBe("BODY_KIND_INVALID");
    // W0's second member is not its chair.
    const byMember = t.sign(
      w0.attesters[1]!,
      w0.id,
      "plan.process-declared",
      declaration,
    );
    expect(t.fold.invalidReason(byMember.id)?.code).toBe("NOT_A_CHAIR");
    const outsider = t.sign(
      t.key("outsider"),
      w0.id,
      "plan.need-declared",
      {
        period: PERIOD,
        product: "bread",
        tier: "basic",
        region: "north",
        quantity: "5",
      },
      { after: [w0.id] },
    );
    expect(t.fold.invalidReason(outsider.id)?.code).toBe("NOT_A_MEMBER");
    expect(t.fold.state.planProcesses.size).toBe(0);
    expect(t.fold.state.planNeeds.size).toBe(0);
  });

  it("a council's limits take effect when its plan-limits motion is adopted, and only in a council", () => {
    const { t, f, nation, w2 } = federation();
    t.seatDelegate({
      body: w2.id,
      council: nation,
      chair: w2.chair,
      voters: [w2.chair],
      delegate: w2.chair,
      attesters: w2.attesters,
    });
    const subject = {
      kind: "plan-limits",
      period: PERIOD,
      labour: [{ skill: "baker", hours: "2000" }],
      resources: [{ product: "grain", quantity: "7000" }],
      imports: [],
    };
    const motion = t.openMotion(f, nation, {
      kind: "plan-limits",
      title: { en: "Limits for 2027" },
      text: { en: "The hours and resources of 2027." },
      subject,
    });
    expect(t.fold.invalidReason(motion)).toBeNull();
    expect(t.fold.state.planLimits.size).toBe(0);
    t.vote(w2.chair, motion);
    t.close(f, motion);
    expect(t.fold.state.planLimits.get(pairKey(nation, PERIOD))).toMatchObject({
      council: nation,
      motion,
      labour: subject.labour,
      resources: subject.resources,
      imports: [],
    });
    const inWorkplace = t.openMotion(w2.chair, w2.id, {
      kind: "plan-limits",
      title: { en: "Limits" },
      text: { en: "Limits." },
      subject,
    });
    expect(t.fold.invalidReason(inWorkplace)?.code).toBe("BODY_KIND_INVALID");
    const bad = t.sign(
      f,
      nation,
      "motion.opened",
      {
        kind: "plan-limits",
        title: { en: "Limits" },
        text: { en: "Limits." },
        subject: { ...subject, labour: [{ skill: "baker", hours: "2,000" }] },
      },
      { detached: true },
    );
    expect(check(t, bad)).toEqual({
      ok: false,
      error: {
        code: "PLAN_DECLARATION_INVALID",
        details: {
          type: "motion.opened",
          path: "subject.labour.0.hours",
          reason: "quantity",
        },
      },
    });
  });
});

function report(
  t: TestFederation,
  b: Body,
  name: string,
  output: string,
  elapsed: string,
  by: KeyPair = b.chair,
) {
  return t.sign(by, b.id, "plan.actual-reported", {
    period: PERIOD,
    name,
    output,
    elapsed,
  });
}

/**
 * The round declared and carried; then W1 declares a second bread process ("Hearth", 2 per run,
 * 100 runs) and three processes report: W0's oven line 500 loaves a quarter in (its full
 * capacity 2500 × 0.25 = 625 due at full use), W1's hearth 60 halfway (200 × 0.5 = 100), W1's
 * mill 1300 flour a quarter in (5000 × 0.25 = 1250). W0's small oven has not reported.
 */
function actualsReported() {
  const fed = roundDeclared();
  const { t, f, w0, w1 } = fed;
  declareProcess(t, w1, {
    name: "Hearth",
    region: "north",
    outputs: [["bread", "2"]],
    inputs: [["flour", "1.6"]],
    labour: [["baker", "1"]],
    capacity: "100",
  });
  // An earlier count of the oven line, replaced by the later one.
  report(t, w0, "Oven line", "200", "0.1");
  report(t, w0, "Oven line", "500", "0.25");
  report(t, w1, "Hearth", "60", "0.5");
  report(t, w1, "Mill", "1300", "0.25");
  for (const b of [w0, w1]) carry(t, b.id, b.attesters);
  carry(t, fed.region, [f]);
  return fed;
}

/** The region's actuals, by hand: bread 500 + 60 made, 625 + 100 due at full use; flour 1300, 1250. */
const ACTUAL_BY_HAND = [
  { product: "bread", region: "north", output: "560", elapsed: "725" },
  { product: "flour", region: "north", output: "1300", elapsed: "1250" },
];

describe("actual output against the plan, by attestation", {
  timeout: 120_000,
}, () => {
  it("two workplaces' reports rise summed per product and region, naming no process; the latest report counts", () => {
    const { t, nation, region, w0, w1, w2 } = actualsReported();
    expect([...t.fold.state.invalid.values()].map((e) => e.code)).toEqual([]);
    expect(bodyTotals(t.fold.state, region, PERIOD).totals.actual).toEqual(
      ACTUAL_BY_HAND,
    );
    const national = bodyTotals(t.fold.state, nation, PERIOD).totals;
    expect(national.actual).toEqual(ACTUAL_BY_HAND);
    // 2800 + the hearth's 200.
    expect(national.supply[0]).toMatchObject({
      product: "bread",
      region: "north",
      capacity: "3000",
    });
    // W2 reported nothing: its totals are spelled as before actuals existed.
    expect("actual" in bodyTotals(t.fold.state, w2.id, PERIOD).totals).toBe(
      false,
    );
    for (const b of [w0.id, w1.id, region])
      expect(
        auditAttestations(t.fold, b).filter(
          (x) => x.kind === "plan-totals" && x.status === "mismatch",
        ),
      ).toEqual([]);
    const held = new Set([t.federation, nation, region]);
    for (const e of t.events.filter((e) =>
      held.has(t.fold.scopeOf(e.id) ?? ""),
    ))
      for (const name of ["Oven line", "Small oven", "Mill", "Hearth"])
        expect(Buffer.from(e.payloadBytes ?? []).includes(name)).toBe(false);
  });

  it("the region's plan against the actuals: the sum, and bread under plan by hand", () => {
    const { t, region } = actualsReported();
    const totals = bodyTotals(t.fold.state, region, PERIOD).totals;
    const model = planModelFromTotals(totals, null);
    // The plan runs both aggregates at full capacity (utilisation 1).
    const runs = model.processes.map(() => 1);
    const { reports, main, elapsed } = reportsOfTotals(totals);
    // (725 + 1250) / (3000 + 5000) of the period gone, weighted by capacity.
    expect(elapsed).toBeCloseTo(1975 / 8000, 12);
    const asRuns = runsOfOutput(model, reports, main);
    if (!asRuns.ok) throw new Error(asRuns.error.code);
    const progress = planProgress(model, runs, asRuns.value, {
      elapsed: elapsed!,
      main,
    });
    if (!progress.ok) throw new Error(progress.error.code);
    const by = Object.fromEntries(
      progress.value.processes.map((p) => [p.name, p]),
    );
    // Bread: 3000 planned, 725 due by the reports' dates, 560 made: 560 / 725 − 1 = −22.8 %.
    expect(by["bread (north)"]!.main).toEqual({
      product: "bread",
      planned: 3000,
      expected: expect.closeTo(725, 9),
      actual: expect.closeTo(560, 9),
    });
    expect(by["bread (north)"]!.deviation).toBeCloseTo(560 / 725 - 1, 9);
    expect(by["bread (north)"]!.exception).toBe("under");
    // Flour: 1300 made of 1250 due, +4 %: within the 10 % threshold.
    expect(by["flour (north)"]!.main.expected).toBeCloseTo(1250, 9);
    expect(by["flour (north)"]!.deviation).toBeCloseTo(0.04, 9);
    expect(by["flour (north)"]!.exception).toBeNull();
    // Bread short puts the region's bread needs at risk.
    expect(
      progress.value.needsAtRisk.map((n) => `${n.product} ${n.tier}`),
    ).toEqual(["bread basic", "bread extra"]);
  });

  it("only a workplace's chair reports, only a process it declared and has not withdrawn", () => {
    const { t, f, region, w0, w1 } = roundDeclared();
    // W0's chair in W1's scope is not W1's chair (nor its member).
    const otherChair = report(t, w1, "Mill", "10", "0.5", w0.chair);
    expect(t.fold.invalidReason(otherChair.id)?.code).toBe("NOT_A_MEMBER");
    // W0's second member is not its chair.
    const byMember = report(t, w0, "Oven line", "10", "0.5", w0.attesters[1]!);
    expect(t.fold.invalidReason(byMember.id)?.code).toBe("NOT_A_CHAIR");
    const undeclared = report(t, w0, "Mill", "10", "0.5");
    expect(t.fold.invalidReason(undeclared.id)).toEqual({
      code: "PLAN_PROCESS_UNKNOWN",
      details: { body: w0.id, period: PERIOD, name: "Mill" },
    });
    // A council makes nothing.
    const inCouncil = t.sign(f, region, "plan.actual-reported", {
      period: PERIOD,
      name: "Oven line",
      output: "1",
      elapsed: "0.5",
    });
    expect(t.fold.invalidReason(inCouncil.id)?.code).toBe("BODY_KIND_INVALID");
    // Withdrawn, a process takes no report.
    declareProcess(t, w1, {
      name: "Mill",
      region: "north",
      outputs: [["flour", "1"]],
      capacity: "0",
    });
    const withdrawn = report(t, w1, "Mill", "10", "0.5");
    expect(t.fold.invalidReason(withdrawn.id)?.code).toBe(
      "PLAN_PROCESS_UNKNOWN",
    );
    expect(t.fold.state.planActuals.size).toBe(0);
  });

  it("an output or share that is not canonical, or a share of 0 or above 1, is rejected before storage", () => {
    const { t, w0 } = roundDeclared();
    const check = (e: Parameters<typeof checkEvent>[0]) =>
      checkEvent(e, EVENT_HANDLERS, { federation: t.federation });
    const cases: [Record<string, string>, string, string][] = [
      [{ output: "1e3" }, "output", "quantity"],
      [{ output: "-1" }, "output", "quantity"],
      [{ elapsed: "0" }, "elapsed", "fraction"],
      [{ elapsed: "1.5" }, "elapsed", "fraction"],
      [{ elapsed: "0.50" }, "elapsed", "quantity"],
    ];
    for (const [change, path, reason] of cases) {
      const e = t.sign(
        w0.chair,
        w0.id,
        "plan.actual-reported",
        {
          period: PERIOD,
          name: "Oven line",
          output: "1",
          elapsed: "1",
          ...change,
        },
        { detached: true },
      );
      expect(check(e)).toEqual({
        ok: false,
        error: {
          code: "PLAN_DECLARATION_INVALID",
          details: { type: "plan.actual-reported", path, reason },
        },
      });
    }
  });

  it("any order of the events folds to the same state and the same actuals (property)", () => {
    const { t, nation } = actualsReported();
    const totals = totalsInAnyOrder(t.events, nation);
    expect(totals.totals.actual).toEqual(ACTUAL_BY_HAND);
  });
});
