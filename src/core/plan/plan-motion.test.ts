/**
 * A council puts three plans to a ranked vote (#15): each variant carries its solution and its
 * dual certificate, the fold opens the motion only when every variant passes
 * checkCarriedPlan (a forged one — infeasible, or feasible and not optimal — is refused with
 * PLAN_CERTIFICATE_INVALID), and the variant the ranked count elects (hand-checked: Schulze
 * and IRV disagree on these ballots) is the council's plan in force, whatever order the events
 * arrive in.
 */
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import type { KeyPair } from "../../crypto/index.js";
import {
  type CarriedPlan,
  carrySolvedPlan,
  highsSolver,
  type LpSolver,
  readPlanModel,
} from "../../planning/index.js";
import { checkEvent } from "../event/check.js";
import { EVENT_HANDLERS } from "../event-handlers.js";
import {
  deliverOneByOne,
  replicasAgree,
  strictFold,
  TestFederation,
} from "../testing.js";
import { planInForce } from "./plan-in-force.js";
import { planVariantId } from "./plan-variants.js";

let solve: LpSolver;
beforeAll(async () => {
  solve = await highsSolver({ timeLimitSeconds: 60 });
}, 60_000);

const RULES = {
  admission: { method: "endorsements", endorsements: 1 },
  quorumPercent: 50,
} as const;

/** Grain and bread with `hours` of work: a bread is 3 hours, so the hours bind below 100. */
function carried(hours: number): CarriedPlan {
  const model = readPlanModel({
    products: ["grain", "bread"],
    processes: [
      { name: "farm", outputs: { grain: 1 }, labour: { worker: 1 } },
      {
        name: "bakery",
        outputs: { bread: 1 },
        inputs: { grain: 2 },
        labour: { worker: 1 },
      },
    ],
    needs: [
      { product: "grain", quantity: 10, tier: "basic", region: "north" },
      { product: "bread", quantity: 30, tier: "basic", region: "south" },
      { product: "bread", quantity: 20, tier: "standard", region: "north" },
    ],
    limits: { labour: { worker: hours } },
  });
  if (!model.ok) throw new Error(JSON.stringify(model.error));
  const solved = carrySolvedPlan(model.value, solve);
  if (!solved.ok) throw new Error(JSON.stringify(solved.error));
  return solved.value.carried;
}

const LABELS = ["60 hours", "100 hours", "160 hours"];

/** A town council with five delegates seated from five assemblies. */
function council() {
  const t = new TestFederation({ label: "plan-vote" });
  const f = t.founders[0]!;
  const town = t.createBody(f, {
    kind: "council",
    name: "Town council",
    rules: RULES as never,
  });
  const delegates: KeyPair[] = [];
  for (let n = 0; n < 5; n++) {
    const chair = t.key("chair", n);
    const d = t.key("delegate", n);
    const body = t.createBody(chair, {
      name: `Assembly ${n}`,
      rules: RULES as never,
    });
    t.admit(body, d, [chair]);
    t.link(f, town, body, { attesters: [chair], name: `Assembly ${n}` });
    t.seatDelegate({
      body,
      council: town,
      chair,
      voters: [chair, d],
      delegate: d,
      attesters: [chair],
    });
    delegates.push(d);
  }
  return { t, f, town, delegates };
}

function openPlan(
  t: TestFederation,
  by: KeyPair,
  body: string,
  plans: readonly unknown[],
  extra: Record<string, unknown> = {},
) {
  const variants = plans.map((plan, i) => ({ label: LABELS[i]!, plan }));
  return t.sign(by, body, "motion.opened", {
    kind: "plan",
    title: { en: "The plan for the winter" },
    text: { en: "Three plans, by the hours we work." },
    options: variants.map((v) => ({ label: v.label })),
    subject: { kind: "plan", variants },
    ...extra,
  } as never);
}

/**
 * Rankings by variant index. First preferences: 60 h two, 100 h one, 160 h two. Pairwise,
 * 100 h beats 60 h (d2, d3, d4) and 160 h (d0, d1, d2), 3 to 2 each: the Condorcet winner,
 * which Schulze elects. IRV drops 100 h first; d2's ballot moves to 160 h, which wins 3 to 2.
 */
const RANKINGS = [
  [0, 1, 2],
  [0, 1, 2],
  [1, 2, 0],
  [2, 1, 0],
  [2, 1, 0],
];

function vote(method?: string) {
  const c = council();
  const plans = [carried(60), carried(100), carried(160)];
  const opened = openPlan(
    c.t,
    c.f,
    c.town,
    plans,
    method === undefined ? {} : { method },
  );
  c.delegates.forEach((d, i) => {
    c.t.vote(d, opened.id, { ranking: RANKINGS[i]!.map((v) => [v]) });
  });
  const close = c.t.close(c.f, opened.id);
  return { ...c, plans, opened, close };
}

describe("a plan motion", () => {
  it("adopts the variant the ranked count elects: Schulze, the Condorcet winner (100 hours)", () => {
    const { t, town, opened, close, plans } = vote();
    expect(t.fold.invalidReason(opened.id)).toBeNull();
    expect(t.fold.invalidReason(close.id)).toBeNull();
    expect(t.fold.state.motions.get(opened.id)).toMatchObject({
      kind: "plan",
      method: "schulze",
      status: "decided",
      outcome: "elected",
    });
    const inForce = planInForce(t.fold.state, town);
    expect(inForce).toMatchObject({
      motion: opened.id,
      index: 1,
      labels: LABELS,
    });
    expect(inForce?.variant.plan).toEqual(plans[1]);
    // The close names the very plan it adopts.
    expect(inForce?.id).toBe(
      planVariantId({ label: LABELS[1]!, plan: plans[1] }),
    );
  });

  it("with IRV adopts 160 hours, the variant that wins the runoff", () => {
    const { t, town, close } = vote("irv");
    expect(t.fold.invalidReason(close.id)).toBeNull();
    expect(planInForce(t.fold.state, town)?.index).toBe(2);
  });

  it("refuses a forged variant: PLAN_CERTIFICATE_INVALID, naming what failed", () => {
    const { t, f, town } = council();
    const honest = carried(100);
    const infeasible = { ...honest, runs: ["1000", honest.runs[1]] };
    const opened = openPlan(t, f, town, [carried(60), infeasible]);
    expect(t.fold.invalidReason(opened.id)).toMatchObject({
      code: "PLAN_CERTIFICATE_INVALID",
      details: {
        variant: 1,
        label: LABELS[1],
        reason: "PLAN_INFEASIBLE_CARRIED",
        constraint: "labour",
      },
    });
    // The plan of 60 hours keeps the limits of 100, and is not their optimum.
    const sixty = carried(60);
    const lazy = { ...honest, runs: sixty.runs, shares: sixty.shares };
    const second = openPlan(t, f, town, [sixty, lazy, carried(160)]);
    expect(t.fold.invalidReason(second.id)).toMatchObject({
      code: "PLAN_CERTIFICATE_INVALID",
      details: { variant: 1, reason: "PLAN_NOT_OPTIMAL" },
    });
    expect(planInForce(t.fold.state, town)).toBeNull();
  });

  it("refuses options that are not the variants, and a method that does not rank", () => {
    const { t, f, town } = council();
    const plans = [carried(60), carried(100)];
    const wrong = openPlan(t, f, town, plans, {
      options: [{ label: "100 hours" }, { label: "60 hours" }],
    });
    expect(t.fold.invalidReason(wrong.id)).toMatchObject({
      code: "OPTIONS_INVALID",
      details: { reason: "plan-variants" },
    });
    const picked = openPlan(t, f, town, plans, { method: "plurality" });
    expect(t.fold.invalidReason(picked.id)?.code).toBe("METHOD_NOT_ALLOWED");
    const one = openPlan(t, f, town, [plans[0]]);
    expect(t.fold.invalidReason(one.id)?.code).toBe("PAYLOAD_INVALID");
  });

  it("gives the same state and plan in force in any delivery order (property), on every replica", () => {
    const { t, town } = vote();
    const events = t.events;
    const { reference, disagreements } = replicasAgree(events);
    expect(disagreements).toEqual([]);
    const hash = reference.stateHash();
    const adopted = JSON.stringify(planInForce(reference.state, town));
    fc.assert(
      fc.property(fc.integer(), (seed) => {
        const shuffled = fc.sample(
          fc.shuffledSubarray([...events], { minLength: events.length }),
          { seed, numRuns: 1 },
        )[0]!;
        const fold = strictFold();
        deliverOneByOne(fold, shuffled);
        expect(fold.stateHash()).toBe(hash);
        expect(JSON.stringify(planInForce(fold.state, town))).toBe(adopted);
      }),
      { numRuns: 10 },
    );
  });
});

/** The council adopts limits for `period` by a plan-limits motion its five delegates carry. */
function adoptLimits(c: ReturnType<typeof council>, period: string) {
  const motion = c.t.openMotion(c.f, c.town, {
    kind: "plan-limits",
    title: { en: `Limits for ${period}` },
    text: { en: "The hours we work." },
    subject: {
      kind: "plan-limits",
      period,
      labour: [{ skill: "worker", hours: "160" }],
      resources: [],
      imports: [],
    },
  });
  for (const d of c.delegates) c.t.vote(d, motion);
  return c.t.close(c.f, motion);
}

describe("the period a plan motion plans for", () => {
  it("is carried by the motion, and the plan in force is for that period (a motion naming none: for any)", () => {
    const c = council();
    adoptLimits(c, "2027");
    const plans = [carried(60), carried(100)];
    const opened = openPlan(c.t, c.f, c.town, plans, {
      subject: {
        kind: "plan",
        period: "2027",
        variants: plans.map((plan, i) => ({ label: LABELS[i]!, plan })),
      },
    });
    expect(c.t.fold.invalidReason(opened.id)).toBeNull();
    expect(c.t.fold.state.motions.get(opened.id)?.subject).toMatchObject({
      kind: "plan",
      period: "2027",
    });
    for (const d of c.delegates)
      c.t.vote(d, opened.id, { ranking: [[1], [0]] });
    c.t.close(c.f, opened.id);
    expect(planInForce(c.t.fold.state, c.town, "2027")).toMatchObject({
      motion: opened.id,
      period: "2027",
      index: 1,
    });
    expect(planInForce(c.t.fold.state, c.town)?.motion).toBe(opened.id);
    expect(planInForce(c.t.fold.state, c.town, "2028")).toBeNull();

    // A plan motion opened before motions named a period still folds: in force for any period.
    const old = openPlan(c.t, c.f, c.town, [carried(160), carried(60)]);
    expect(c.t.fold.invalidReason(old.id)).toBeNull();
    for (const d of c.delegates) c.t.vote(d, old.id, { ranking: [[0], [1]] });
    c.t.close(c.f, old.id);
    for (const period of ["2027", "2028", undefined])
      expect(planInForce(c.t.fold.state, c.town, period)).toMatchObject({
        motion: old.id,
        period: null,
        index: 0,
      });
  });

  it("is a plan name, refused before storage otherwise: PLAN_DECLARATION_INVALID at subject.period", () => {
    const c = council();
    const plans = [carried(60), carried(100)];
    const bad = c.t.sign(
      c.f,
      c.town,
      "motion.opened",
      {
        kind: "plan",
        title: { en: "The plan" },
        text: { en: "Two plans." },
        options: LABELS.slice(0, 2).map((label) => ({ label })),
        subject: {
          kind: "plan",
          period: "winter 2027",
          variants: plans.map((plan, i) => ({ label: LABELS[i]!, plan })),
        },
      } as never,
      { detached: true },
    );
    expect(
      checkEvent(bad, EVENT_HANDLERS, { federation: c.t.federation }),
    ).toEqual({
      ok: false,
      error: {
        code: "PLAN_DECLARATION_INVALID",
        details: {
          type: "motion.opened",
          path: "subject.period",
          reason: "period",
        },
      },
    });
  });
});
