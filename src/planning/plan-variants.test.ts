/**
 * Variants side by side (#15): one model, three working weeks. Grain and bread, one skill: a
 * grain is 1 hour, a bread 3 (2 grain and an hour of baking); basic needs take 100 hours
 * (10 grain, 30 bread), the standard need 60 more (20 bread). Every variant's carried plan
 * passes the checker.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { checkCarriedPlan } from "./carried-plan-check.js";
import { highsSolver } from "./highs-solver.js";
import type { LpSolver } from "./linear-programme.js";
import { readPlanModel } from "./plan-model.js";
import { planVariants, readPlanVariants } from "./plan-variants.js";

let solve: LpSolver;
beforeAll(async () => {
  solve = await highsSolver({ timeLimitSeconds: 60 });
}, 60_000);

const model = () => {
  const read = readPlanModel({
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
    limits: { labour: { worker: 160 } },
  });
  if (!read.ok) throw new Error(JSON.stringify(read.error));
  return read.value;
};

describe("planVariants", () => {
  it("solves each variant and sums it up: a shorter week meets less, and says labour holds it back", () => {
    const variants = readPlanVariants({
      variants: [
        { label: "short week", limits: { labour: { worker: 60 } } },
        { label: "basic week", limits: { labour: { worker: 100 } } },
        { label: "long week" },
      ],
    });
    if (!variants.ok) throw new Error(JSON.stringify(variants.error));
    const solved = planVariants(model(), variants.value, solve);
    if (!solved.ok) throw new Error(JSON.stringify(solved.error));
    const [short, basic, long] = solved.value.map((v) => v.summary);
    // 60 h: 100·t = 60, every basic need at 0.6; nothing for the standard tier.
    expect(short!.tiers).toEqual([
      {
        tier: "basic",
        guarantee: expect.closeTo(0.6, 6),
        meanShare: expect.closeTo(0.6, 6),
      },
      { tier: "standard", guarantee: 0, meanShare: 0 },
    ]);
    expect(short!.regions).toEqual([
      { tier: "basic", region: "north", share: expect.closeTo(0.6, 5) },
      { tier: "basic", region: "south", share: expect.closeTo(0.6, 5) },
      { tier: "standard", region: "north", share: expect.closeTo(0, 5) },
    ]);
    expect(short!.labour).toEqual([
      { skill: "worker", used: expect.closeTo(60, 4), available: 60 },
    ]);
    expect(short!.bottlenecks[0]).toEqual({
      name: "labour:worker",
      constraint: { kind: "labour", skill: "worker", price: 0 },
      needs: 3,
    });
    // 100 h: basic in full, the standard need waits; 160 h: everything.
    expect(basic!.tiers.map((t) => t.meanShare)).toEqual([
      1,
      expect.closeTo(0, 6),
    ]);
    expect(long!.tiers.map((t) => t.meanShare)).toEqual([1, 1]);
    expect(long!.totalHours).toBeCloseTo(160, 4);
    expect(long!.bottlenecks).toEqual([]);
    for (const v of solved.value)
      expect(checkCarriedPlan(v.carried).ok).toBe(true);
  });

  it("names the variant that cannot be solved, and refuses malformed variants", () => {
    const floors = planVariants(
      model(),
      [
        { label: "ok" },
        {
          label: "basic in full on 60 hours",
          limits: { labour: { worker: 60 } },
          floors: { basic: 1 },
        },
      ],
      solve,
    );
    expect(floors).toMatchObject({
      ok: false,
      error: {
        code: "PLAN_INFEASIBLE",
        details: { variant: "basic in full on 60 hours" },
      },
    });
    expect(readPlanVariants([{ label: "only one" }])).toEqual({
      ok: false,
      error: { code: "PLAN_MODEL_MALFORMED", details: { path: "variants" } },
    });
    expect(readPlanVariants([{ label: "a" }, { label: "a" }])).toMatchObject({
      ok: false,
      error: { code: "PLAN_NAME_REPEATED" },
    });
    const unknown = planVariants(
      model(),
      [{ label: "a" }, { label: "b", limits: { imports: { coal: 5 } } }],
      solve,
    );
    expect(unknown).toMatchObject({
      ok: false,
      error: {
        code: "PLAN_NAME_UNKNOWN",
        details: { variant: "b", name: "coal" },
      },
    });
  });
});
