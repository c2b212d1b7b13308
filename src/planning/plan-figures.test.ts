/**
 * A carried plan's figures, read without a solver (#15), are the solver's own: a need of 10
 * bread met 8 by a bakery of 8 runs is 80 %, the bakery's capacity holds it back, and one more
 * run adds a tenth of the need (10 points of the basic guarantee).
 */
import { beforeAll, describe, expect, it } from "vitest";
import { carrySolvedPlan } from "./carried-plan.js";
import { highsSolver } from "./highs-solver.js";
import type { LpSolver } from "./linear-programme.js";
import { planFigures } from "./plan-figures.js";
import { readPlanModel } from "./plan-model.js";
import { summariseVariant } from "./plan-variants.js";

let solve: LpSolver;
beforeAll(async () => {
  solve = await highsSolver({ timeLimitSeconds: 60 });
}, 60_000);

function carried(json: unknown) {
  const model = readPlanModel(json);
  if (!model.ok) throw new Error(JSON.stringify(model.error));
  const solved = carrySolvedPlan(model.value, solve);
  if (!solved.ok) throw new Error(JSON.stringify(solved.error));
  return solved.value;
}

describe("planFigures", () => {
  it("a need of 10 met 8 by a bakery's 8 runs: 80 %, the capacity binds at 0.1 a run", () => {
    const { carried: plan } = carried({
      products: ["bread"],
      processes: [
        {
          name: "bakery",
          outputs: { bread: 1 },
          labour: { baker: 2 },
          capacity: 8,
        },
      ],
      needs: [
        { product: "bread", quantity: 10, tier: "basic", region: "north" },
      ],
      limits: { labour: { baker: 100 } },
    });
    const figures = planFigures("eight runs", plan);
    if (!figures.ok) throw new Error(JSON.stringify(figures.error));
    const f = figures.value;
    expect(f.label).toBe("eight runs");
    expect(f.tiers).toEqual([
      {
        tier: "basic",
        guarantee: expect.closeTo(0.8, 6),
        meanShare: expect.closeTo(0.8, 6),
      },
    ]);
    expect(f.regions).toEqual([
      { tier: "basic", region: "north", share: expect.closeTo(0.8, 6) },
    ]);
    expect(f.processes).toEqual([
      { name: "bakery", runs: expect.closeTo(8, 5), capacity: 8 },
    ]);
    // 8 runs × 2 hours of 100.
    expect(f.labour).toEqual([
      { skill: "baker", used: expect.closeTo(16, 5), available: 100 },
    ]);
    expect(f.totalHours).toBeCloseTo(16, 5);
    expect(f.bottlenecks).toEqual([
      {
        name: "capacity:bakery",
        constraint: { kind: "capacity", process: "bakery", price: 0 },
        needs: 1,
      },
    ]);
    // One more run: one more bread of 10, the guarantee up by 0.1.
    expect(f.prices).toEqual([
      {
        kind: "capacity",
        name: "bakery",
        prices: { basic: expect.closeTo(0.1, 6) },
      },
    ]);
  });

  it("gives the solver's figures for a plan held back by labour, and refuses a forged one", () => {
    const solved = carried({
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
      limits: { labour: { worker: 60 } },
    });
    const figures = planFigures("60 hours", solved.carried);
    if (!figures.ok) throw new Error(JSON.stringify(figures.error));
    const f = figures.value;
    const solver = summariseVariant("60 hours", solved.plan);
    expect(f.bottlenecks).toEqual(solver.bottlenecks);
    expect(f.bottlenecks[0]?.name).toBe("labour:worker");
    f.tiers.forEach((t, i) => {
      expect(t.tier).toBe(solver.tiers[i]!.tier);
      expect(t.guarantee).toBeCloseTo(solver.tiers[i]!.guarantee, 5);
      expect(t.meanShare).toBeCloseTo(solver.tiers[i]!.meanShare, 5);
    });
    // 100 hours meet the basic tier in full: 60 of them, 0.6 of it; an hour adds 1/100. The
    // standard tier's 20 bread take 60 hours (3 a bread): an hour adds 1/60 of it.
    expect(f.tiers[0]?.guarantee).toBeCloseTo(0.6, 5);
    expect(f.prices).toEqual([
      {
        kind: "labour",
        name: "worker",
        prices: {
          basic: expect.closeTo(0.01, 6),
          standard: expect.closeTo(1 / 60, 6),
        },
      },
    ]);
    expect(f.prices[0]?.prices.basic).toBeCloseTo(
      solved.plan.labour[0]!.shadowPrices.basic!,
      6,
    );
    const forged = {
      ...solved.carried,
      shares: solved.carried.shares.map(() => "1"),
    };
    expect(planFigures("forged", forged)).toMatchObject({
      ok: false,
      error: { code: "PLAN_INFEASIBLE_CARRIED" },
    });
  });
});
