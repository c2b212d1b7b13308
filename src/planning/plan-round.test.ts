/**
 * Planning rounds (#15) on an economy small enough to solve by hand: grain and bread, one skill.
 * Round 1: labour binds; round 2 (the council adds hours): the bakery's capacity binds; round 3
 * (the bakery declares more capacity): every need met. Shortfalls, spare capacity and prices are
 * checked against the hand computation written beside each, with the real HiGHS.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { highsSolver } from "./highs-solver.js";
import type { LpSolver } from "./linear-programme.js";
import { checkPlan } from "./plan-check.js";
import { type PlanModel, readPlanModel } from "./plan-model.js";
import {
  type RoundReport,
  revisionsWanted,
  roundReport,
  trajectory,
} from "./plan-round.js";
import { solvePlan } from "./plan-solve.js";

let solve: LpSolver;
beforeAll(async () => {
  solve = await highsSolver();
}, 60_000);

/** A farm run: 1 grain in 1 h. A bakery run: 1 bread from 2 grain in 1 h, at most `ovens` runs. */
function bakeryTown(hours: number, ovens: number): PlanModel {
  const read = readPlanModel({
    products: ["grain", "bread"],
    processes: [
      { name: "farm", outputs: { grain: 1 }, labour: { worker: 1 } },
      {
        name: "bakery",
        outputs: { bread: 1 },
        inputs: { grain: 2 },
        labour: { worker: 1 },
        capacity: ovens,
      },
    ],
    needs: [
      { product: "grain", quantity: 10, tier: "basic", region: "north" },
      { product: "bread", quantity: 30, tier: "basic", region: "south" },
    ],
    limits: { labour: { worker: hours } },
  });
  if (!read.ok) throw new Error(JSON.stringify(read.error));
  return read.value;
}

function round(model: PlanModel, n: number): RoundReport {
  const solved = solvePlan(model, solve);
  if (!solved.ok) throw new Error(JSON.stringify(solved.error));
  expect(checkPlan(model, solved.value)).toEqual([]);
  return roundReport(model, solved.value, n);
}

const product = (r: RoundReport, name: string) =>
  r.products.find((p) => p.name === name)!;

describe("planning rounds until the plan balances", () => {
  it("publishes shortfalls, spare capacity and prices, and the revisions close the gap", () => {
    // Round 1, 60 h, 25 ovens. Guarantee t: 10t grain (10t h) and 30t bread (60t h of grain,
    // 30t h of baking) = 100t h ≤ 60: t = 0.6 — 6 grain and 18 bread, 4 and 12 short; the
    // bakery could run 25 − 18 = 7 more. One more grain from anywhere saves an hour: 100t − 1
    // ≤ 60, t = 0.61, a price of 0.01; one more bread saves 3 h: 0.03.
    const first = round(bakeryTown(60, 25), 1);
    expect(first.balanced).toBe(false);
    expect(first.tiers[0]).toMatchObject({ tier: "basic" });
    expect(first.tiers[0]!.guarantee).toBeCloseTo(0.6, 6);
    expect(product(first, "grain").short).toBeCloseTo(4, 4);
    expect(product(first, "bread").short).toBeCloseTo(12, 4);
    expect(product(first, "bread").needed).toBe(30);
    expect(product(first, "bread").spareCapacity).toBeCloseTo(7, 4);
    expect(product(first, "grain").spareCapacity).toBe(0); // the farm declared no capacity
    expect(product(first, "grain").prices.basic).toBeCloseTo(0.01, 9);
    expect(product(first, "bread").prices.basic).toBeCloseTo(0.03, 9);
    // Bread first: one more of it adds three times what one more grain does.
    expect(revisionsWanted(first).map((p) => p.name)).toEqual([
      "bread",
      "grain",
    ]);

    // Round 2: the council raises the hours to 100. Now the ovens bind: 30t ≤ 25, t = 5/6,
    // using 83⅓ h of 100; the share stage then gives grain the spare hours: 10 grain, 25 bread.
    // One more bread: 30t − 1 ≤ 25, t = 26/30: +1/30. Grain is no longer scarce: price 0.
    const second = round(bakeryTown(100, 25), 2);
    expect(second.balanced).toBe(false);
    expect(second.tiers[0]!.guarantee).toBeCloseTo(5 / 6, 6);
    expect(product(second, "grain").short).toBeCloseTo(0, 4);
    expect(product(second, "bread").short).toBeCloseTo(5, 4);
    expect(product(second, "bread").spareCapacity).toBeCloseTo(0, 4);
    expect(product(second, "bread").prices.basic).toBeCloseTo(1 / 30, 9);
    expect(product(second, "grain").prices.basic ?? 0).toBeCloseTo(0, 9);
    expect(revisionsWanted(second).map((p) => p.name)).toEqual(["bread"]);

    // Round 3: the bakery declares 40 runs. 100 h suffice for everything: balanced, no prices.
    const third = round(bakeryTown(100, 40), 3);
    expect(third.balanced).toBe(true);
    expect(third.products.every((p) => p.short < 1e-5)).toBe(true);
    expect(product(third, "bread").spareCapacity).toBeCloseTo(10, 4);
    expect(revisionsWanted(third)).toEqual([]);

    const path = trajectory([first, second, third]);
    expect(path.rounds).toEqual([1, 2, 3]);
    expect(path.tiers.basic!.map((g) => Number(g.toFixed(6)))).toEqual([
      0.6,
      Number((5 / 6).toFixed(6)),
      1,
    ]);
    const bread = path.products.find((p) => p.name === "bread")!;
    expect(bread.short.map((s) => Math.round(s))).toEqual([12, 5, 0]);
    expect(bread.price[0]).toBeCloseTo(0.03, 9);
    expect(bread.price[2]).toBe(0);
    // Only tiers with needs have a trajectory.
    expect(Object.keys(path.tiers)).toEqual(["basic"]);
  });
});
