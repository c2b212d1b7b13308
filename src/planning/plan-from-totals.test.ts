/**
 * A council's attested totals and its limits become a model the solver runs on: aggregate
 * processes (one per main product and region), needs by tier, labour and resource limits.
 */
import { beforeAll, describe, expect, it } from "vitest";
import type { PlanTotals } from "../core/index.js";
import { highsSolver } from "./highs-solver.js";
import type { LpSolver } from "./linear-programme.js";
import { planModelFromTotals } from "./plan-from-totals.js";
import { readPlanModel } from "./plan-model.js";
import { solvePlan } from "./plan-solve.js";

let solve: LpSolver;
beforeAll(async () => {
  solve = await highsSolver();
}, 60_000);

/** A nation's totals as its bodies carried them up (plan.test.ts in core sums them by hand). */
const TOTALS: PlanTotals = {
  needs: [
    { product: "bread", tier: "basic", region: "north", quantity: "1900" },
    { product: "bread", tier: "basic", region: "south", quantity: "300" },
    { product: "bread", tier: "extra", region: "north", quantity: "100" },
    { product: "gas", tier: "basic", region: "north", quantity: "400.5" },
    { product: "gas", tier: "basic", region: "south", quantity: "500" },
    { product: "gas", tier: "standard", region: "south", quantity: "50" },
  ],
  supply: [
    {
      product: "bread",
      region: "north",
      capacity: "2800",
      coproducts: [],
      inputs: [{ product: "flour", quantity: "2240" }],
      labour: [{ skill: "baker", hours: "1725" }],
    },
    {
      product: "bread",
      region: "south",
      capacity: "301.5",
      coproducts: [],
      inputs: [{ product: "flour", quantity: "241.2" }],
      labour: [{ skill: "baker", hours: "100.5" }],
    },
    {
      product: "flour",
      region: "north",
      capacity: "5000",
      coproducts: [{ product: "bran", quantity: "1250" }],
      inputs: [{ product: "grain", quantity: "6000" }],
      labour: [{ skill: "miller", hours: "500" }],
    },
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

const LIMITS = {
  labour: [
    { skill: "baker", hours: "2000" },
    { skill: "miller", hours: "500" },
  ],
  resources: [{ product: "grain", quantity: "7000" }],
  imports: [],
};

describe("the plan model of a council's totals", () => {
  it("has one aggregate process per main product and region, a run being its full capacity", () => {
    const model = planModelFromTotals(TOTALS, LIMITS);
    expect(model.products).toEqual(["bran", "bread", "flour", "gas", "grain"]);
    expect(model.processes.map((p) => p.name)).toEqual([
      "bread (north)",
      "bread (south)",
      "flour (north)",
      "gas (south)",
    ]);
    expect(model.processes[2]).toEqual({
      name: "flour (north)",
      outputs: { flour: 5000, bran: 1250 },
      inputs: { grain: 6000 },
      labour: { miller: 500 },
      capacity: 1,
    });
    expect(model.needs).toHaveLength(6);
    expect(model.limits).toEqual({
      labour: { baker: 2000, miller: 500 },
      resources: { grain: 7000 },
      imports: {},
    });
    // The model passes the checks a model file must pass.
    expect(readPlanModel(JSON.parse(JSON.stringify(model))).ok).toBe(true);
  });

  it("solves: every need met within the limits; too few bakers' hours hold the basic tier back", () => {
    const solved = solvePlan(planModelFromTotals(TOTALS, LIMITS), solve);
    if (!solved.ok) throw new Error(JSON.stringify(solved.error));
    for (const t of solved.value.tiers) expect(t.guarantee).toBeCloseTo(1, 6);
    // Every loaf needed, basic and extra: 1900 + 300 + 100.
    const met = solved.value.needs
      .filter((n) => n.product === "bread")
      .reduce((n, x) => n + x.met, 0);
    expect(met).toBeCloseTo(2300, 4);
    // Utilisation of an aggregate process never exceeds its one run.
    for (const p of solved.value.processes)
      expect(p.runs).toBeLessThanOrEqual(1 + 1e-9);
    const short = planModelFromTotals(TOTALS, {
      ...LIMITS,
      labour: [{ skill: "baker", hours: "1000" }],
    });
    const held = solvePlan(short, solve);
    if (!held.ok) throw new Error(JSON.stringify(held.error));
    const basic = held.value.tiers.find((t) => t.tier === "basic")!;
    // 1000 hours bake all the south's 301.5 loaves (100.5 h) and 899.5 h of the north's.
    const loaves = 301.5 + (899.5 * 2800) / 1725;
    expect(basic.guarantee).toBeLessThan(1);
    const bread = held.value.needs
      .filter((n) => n.product === "bread")
      .reduce((n, x) => n + x.met, 0);
    expect(bread).toBeCloseTo(loaves, 3);
  });
});
