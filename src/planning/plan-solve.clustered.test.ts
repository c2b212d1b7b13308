/**
 * Plans of generated economies whose supply chains are clustered (each product's inputs from
 * within a few products of it, as a classification numbers a sector's products together). On
 * these HiGHS lost its way in the share stages when each stage was held only by a slab
 * "objective ≥ optimum − 1e-7" (status "unknown": PLAN_SOLVER_FAILED for every model below
 * before the optimal faces were held, docs/benchmarks.md). Each plan is checked without the
 * solver: checkPlan from the model and the plan's runs, imports and shares alone (capacities,
 * labour, imports, balances, shares and floors), and the tiers against each other.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { highsSolver, rowDrift } from "./highs-solver.js";
import type { LinearProgramme, LpSolver } from "./linear-programme.js";
import { checkPlan } from "./plan-check.js";
import { solvePlan } from "./plan-solve.js";
import { generatePlanModel } from "./testing.js";

let solve: LpSolver;
beforeAll(async () => {
  solve = await highsSolver({ timeLimitSeconds: 60 });
}, 60_000);

/** A 200-product economy, inputs from within 16 products (PLAN_SOLVER_FAILED before, each). */
const clustered = (seed: number) =>
  generatePlanModel({
    products: 200,
    inputs: 5,
    skills: 20,
    seed,
    tightness: 0.6,
    window: 16,
  });

describe("plans of clustered supply chains", () => {
  for (const seed of [2, 3, 4, 5])
    it(`seed ${seed}: solved, every constraint kept, checked without the solver`, () => {
      const model = clustered(seed);
      const solved = solvePlan(model, solve);
      if (!solved.ok) throw new Error(JSON.stringify(solved.error));
      const plan = solved.value;
      expect(checkPlan(model, plan)).toEqual([]);
      // Balances by hand as well: made + imported + drawn ≥ used + delivered, with what is
      // drawn within the product's resource.
      for (const [k, p] of plan.products.entries()) {
        const resource = model.limits.resources[model.products[k]!] ?? 0;
        expect(p.fromResources).toBeLessThanOrEqual(
          resource + 1e-6 * Math.max(1, p.used + p.delivered),
        );
      }
      for (const p of plan.processes)
        if (p.capacity !== null)
          expect(p.runs).toBeLessThanOrEqual(p.capacity * (1 + 1e-9) + 1e-9);
      expect(plan.stages).toBeGreaterThanOrEqual(plan.tiers.length + 1);
      for (const t of plan.tiers) {
        expect(t.guarantee).toBeGreaterThanOrEqual(0);
        expect(t.guarantee).toBeLessThanOrEqual(t.meanShare + 1e-7);
        // Every need of the tier got the guarantee.
        for (const n of plan.needs)
          if (n.tier === t.tier)
            expect(n.share).toBeGreaterThanOrEqual(t.guarantee - 1e-6);
      }
    });

  it("a later tier never takes from an earlier one: without the extra needs, basic and standard get the same", () => {
    const model = clustered(3);
    const without = {
      ...model,
      needs: model.needs.filter((n) => n.tier !== "extra"),
    };
    const [all, less] = [solvePlan(model, solve), solvePlan(without, solve)];
    if (!all.ok || !less.ok) throw new Error("no plan");
    for (const tier of ["basic", "standard"] as const) {
      const of = (p: typeof all.value) =>
        p.tiers.find((t) => t.tier === tier)?.guarantee ?? 1;
      expect(of(all.value)).toBeCloseTo(of(less.value), 6);
    }
  });
});

describe("rowDrift (what the HiGHS adapter measures before it trusts a solution)", () => {
  // Two rows: 1 ≤ x0 + x1 ≤ 2 and x0 − x1 ≥ 0.
  const lp: LinearProgramme = {
    sense: "maximise",
    cost: new Float64Array(2),
    colLower: new Float64Array(2),
    colUpper: new Float64Array([Infinity, Infinity]),
    rowLower: new Float64Array([1, 0]),
    rowUpper: new Float64Array([2, Infinity]),
    matrix: {
      starts: Int32Array.from([0, 2, 4]),
      rows: Int32Array.from([0, 1, 0, 1]),
      values: Float64Array.from([1, 1, 1, -1]),
    },
  };
  it("is zero inside the rows and the miss, relative to the row's terms, outside", () => {
    expect(rowDrift(lp, Float64Array.from([1, 0.5]))).toBe(0);
    // x0 + x1 = 2.5 misses its upper bound by 0.5 over terms of size 2.5.
    expect(rowDrift(lp, Float64Array.from([1.5, 1]))).toBeCloseTo(0.2, 12);
    // x0 − x1 = −0.5 misses its lower bound by 0.5 (terms 0.25 + 0.75 = 1, so by 0.5).
    expect(rowDrift(lp, Float64Array.from([0.25, 0.75]))).toBeCloseTo(0.5, 12);
  });
});
