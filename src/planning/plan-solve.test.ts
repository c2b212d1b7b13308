/**
 * An optimised plan on economies small enough to solve by hand (the hand computation is written
 * beside each), solved with the real HiGHS: labour that binds, co-products, a resource that
 * binds, an infeasible floor, tiers in order, shadow prices against finite differences (solve
 * again with one more hour or run: the guarantee moves by the dual), and the pure Leontief case.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { csrFromDense } from "./csr-matrix.js";
import { highsSolver } from "./highs-solver.js";
import { solveLeontief } from "./leontief-solve.js";
import type { LpSolver } from "./linear-programme.js";
import { checkPlan } from "./plan-check.js";
import { type PlanModel, readPlanModel } from "./plan-model.js";
import { type Plan, solvePlan } from "./plan-solve.js";
import { generateEconomy } from "./testing.js";

let solve: LpSolver;
beforeAll(async () => {
  solve = await highsSolver();
}, 60_000);

function model(data: unknown): PlanModel {
  const read = readPlanModel(data);
  if (!read.ok) throw new Error(JSON.stringify(read.error));
  return read.value;
}

function planOf(m: PlanModel): Plan {
  const solved = solvePlan(m, solve);
  if (!solved.ok) throw new Error(JSON.stringify(solved.error));
  expect(checkPlan(m, solved.value)).toEqual([]);
  return solved.value;
}

const tierOf = (plan: Plan, tier: string) =>
  plan.tiers.find((t) => t.tier === tier)!;

/** Grain and bread, one skill: a farm run makes 1 grain in 1 h, a bakery run 1 bread from 2 grain in 1 h. */
const grainAndBread = (hours: number) =>
  model({
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
    ],
    limits: { labour: { worker: hours } },
  });

describe("a two-product economy where labour binds", () => {
  it("gives every basic need the same share, the most the hours allow", () => {
    // A bread takes 2 grain (2 h) and 1 h of baking: 3 h. Guarantee t for both needs:
    // 10·t·1 h + 30·t·3 h = 100·t h ≤ 60 h, so t = 0.6: 6 grain and 18 bread delivered;
    // the farm makes 6 + 2·18 = 42 grain (42 runs), the bakery 18 runs; 60 hours in all.
    // (The last stage, fewest hours, may move each share by the fixes' tolerance of 1e-7 — here
    // 7e-6 grain — so quantities are checked to 5e-5.)
    const plan = planOf(grainAndBread(60));
    expect(tierOf(plan, "basic").guarantee).toBeCloseTo(0.6, 6);
    expect(tierOf(plan, "basic").meanShare).toBeCloseTo(0.6, 6);
    expect(plan.needs.map((n) => n.met)).toEqual([
      expect.closeTo(6, 4),
      expect.closeTo(18, 4),
    ]);
    expect(plan.processes.map((p) => p.runs)).toEqual([
      expect.closeTo(42, 4),
      expect.closeTo(18, 4),
    ]);
    expect(plan.totalHours).toBeCloseTo(60, 5);
    expect(plan.labour[0]).toMatchObject({ skill: "worker", available: 60 });
    expect(plan.labour[0]!.used).toBeCloseTo(60, 5);
    // One more hour: 100·t = 61, t = 0.61 — the dual is 1/100 of a share per hour.
    expect(plan.labour[0]!.shadowPrices.basic).toBeCloseTo(0.01, 9);
    // Both needs are held back by the worker's hours.
    for (const n of plan.needs)
      expect(n.heldBackBy).toContainEqual({
        kind: "labour",
        skill: "worker",
        price: expect.closeTo(0.01, 9),
      });
  });

  it("the shadow price of an hour is the guarantee's finite difference", () => {
    const at = planOf(grainAndBread(60));
    const more = planOf(grainAndBread(61));
    expect(
      tierOf(more, "basic").guarantee - tierOf(at, "basic").guarantee,
    ).toBeCloseTo(at.labour[0]!.shadowPrices.basic!, 9);
  });

  it("meets every need in full when the hours suffice, and then prices nothing", () => {
    // 100 h meet both in full (t = 1); 40 h are left unworked (the last stage saves them).
    const plan = planOf(grainAndBread(140));
    expect(tierOf(plan, "basic").guarantee).toBeCloseTo(1, 6);
    expect(plan.totalHours).toBeCloseTo(100, 5);
    expect(plan.labour[0]!.shadowPrices).toEqual({});
    expect(plan.needs.every((n) => n.heldBackBy.length === 0)).toBe(true);
  });
});

/** A bakery's baker makes bread (1 h a loaf) or cake (2 h a cake). */
const bakersDay = (hours: number, capacity?: number) =>
  model({
    products: ["bread", "cake"],
    processes: [
      {
        name: "bread-oven",
        outputs: { bread: 1 },
        labour: { baker: 1 },
        ...(capacity === undefined ? {} : { capacity }),
      },
      { name: "cake-oven", outputs: { cake: 1 }, labour: { baker: 2 } },
    ],
    needs: [
      { product: "cake", quantity: 30, tier: "standard", region: "town" },
      { product: "bread", quantity: 40, tier: "basic", region: "town" },
    ],
    limits: { labour: { baker: hours } },
  });

describe("tiers in order", () => {
  it("meets the basic need before a standard one competing for the same hours", () => {
    // Basic first: 40 loaves take 40 of the 70 hours (bread in full). The standard tier gets
    // the 30 hours left: 15 cakes of 30, a share of 0.5. (Cake first would have taken 60 h
    // and left bread 10 loaves.)
    const plan = planOf(bakersDay(70));
    const [cake, bread] = plan.needs;
    expect(bread!.met).toBeCloseTo(40, 5);
    expect(bread!.share).toBeCloseTo(1, 6);
    expect(cake!.met).toBeCloseTo(15, 5);
    expect(tierOf(plan, "standard").guarantee).toBeCloseTo(0.5, 6);
    // One more hour: half a cake, 0.5/30 = 1/60 of the standard tier's share. The basic tier,
    // met in full, prices nothing.
    expect(plan.labour[0]!.shadowPrices).toEqual({
      standard: expect.closeTo(1 / 60, 9),
    });
    // The cake is held back by the baker's hours and by the basic tier that takes them first.
    expect(cake!.heldBackBy.map((h) => h.kind).sort()).toEqual([
      "labour",
      "tier",
    ]);
    expect(cake!.heldBackBy).toContainEqual(
      expect.objectContaining({ kind: "tier", tier: "basic" }),
    );
    const more = planOf(bakersDay(71));
    expect(
      tierOf(more, "standard").guarantee - tierOf(plan, "standard").guarantee,
    ).toBeCloseTo(1 / 60, 9);
  });

  it("a basic need short of hours leaves the standard tier nothing", () => {
    // 30 hours for 40 loaves: bread 30 (share 0.75), cake 0.
    const plan = planOf(bakersDay(30));
    expect(plan.needs[1]!.met).toBeCloseTo(30, 5);
    expect(plan.needs[0]!.met).toBeCloseTo(0, 6);
    expect(tierOf(plan, "basic").guarantee).toBeCloseTo(0.75, 6);
  });

  it("a binding capacity has the finite difference of one more run as its shadow price", () => {
    // The bread oven runs at most 20 times: bread 20 of 40 (t = 0.5) although 70 hours are
    // there. One more run: 21/40, so the capacity's price is 1/40; the hours price nothing
    // for bread. The standard tier gets the 50 hours left: 25 cakes of 30.
    const plan = planOf(bakersDay(70, 20));
    expect(tierOf(plan, "basic").guarantee).toBeCloseTo(0.5, 6);
    expect(plan.processes[0]!.shadowPrices.basic).toBeCloseTo(1 / 40, 9);
    expect(plan.labour[0]!.shadowPrices.basic).toBeUndefined();
    expect(plan.needs[1]!.heldBackBy).toEqual([
      {
        kind: "capacity",
        process: "bread-oven",
        price: expect.closeTo(1 / 40, 9),
      },
    ]);
    expect(plan.needs[0]!.met).toBeCloseTo(25, 5);
    const more = planOf(bakersDay(70, 21));
    expect(
      tierOf(more, "basic").guarantee - tierOf(plan, "basic").guarantee,
    ).toBeCloseTo(plan.processes[0]!.shadowPrices.basic!, 9);
  });
});

/** A refinery run turns 1 crude into 0.6 fuel and 0.4 gas with 2 h; crude is a resource. */
const refinery = (crude: number) =>
  model({
    products: ["crude", "fuel", "gas"],
    processes: [
      {
        name: "refinery",
        outputs: { fuel: 0.6, gas: 0.4 },
        inputs: { crude: 1 },
        labour: { refiner: 2 },
      },
    ],
    needs: [
      { product: "fuel", quantity: 30, tier: "basic", region: "" },
      { product: "gas", quantity: 30, tier: "basic", region: "" },
    ],
    limits: { labour: { refiner: 1000 }, resources: { crude } },
  });

describe("co-products", () => {
  it("runs for the scarcer co-product and leaves the other over", () => {
    // Gas decides: 30 gas need 75 runs (0.4 each), which make 45 fuel: 15 fuel left over.
    // 75 runs draw 75 crude of 100 and take 150 hours.
    const plan = planOf(refinery(100));
    expect(plan.processes[0]!.runs).toBeCloseTo(75, 5);
    const fuel = plan.products.find((p) => p.name === "fuel")!;
    expect(fuel.made).toBeCloseTo(45, 5);
    expect(fuel.surplus).toBeCloseTo(15, 5);
    const crude = plan.products.find((p) => p.name === "crude")!;
    expect(crude.fromResources).toBeCloseTo(75, 5);
    expect(plan.totalHours).toBeCloseTo(150, 5);
    expect(plan.needs.every((n) => n.share > 1 - 1e-6)).toBe(true);
  });

  it("a resource that binds: its shadow price, and the need it holds back", () => {
    // 50 crude: 20 gas (t = 20/30 = 2/3) and 30 fuel. One more crude: 0.4 gas more, 0.4/30 =
    // 1/75 of a share. The share stage then meets fuel in full: the mean share is
    // (1 + 2/3)/2 = 5/6.
    const plan = planOf(refinery(50));
    expect(tierOf(plan, "basic").guarantee).toBeCloseTo(2 / 3, 6);
    expect(tierOf(plan, "basic").meanShare).toBeCloseTo(5 / 6, 6);
    const crude = plan.products.find((p) => p.name === "crude")!;
    expect(crude.resourceShadowPrices.basic).toBeCloseTo(1 / 75, 9);
    const gas = plan.needs[1]!;
    expect(gas.heldBackBy).toContainEqual({
      kind: "resource",
      product: "crude",
      price: expect.closeTo(1 / 75, 9),
    });
    expect(plan.needs[0]!.heldBackBy).toEqual([]);
    const more = planOf(refinery(51));
    expect(
      tierOf(more, "basic").guarantee - tierOf(plan, "basic").guarantee,
    ).toBeCloseTo(1 / 75, 9);
  });

  it("imports within their limit, priced when they bind", () => {
    // Gas may also be imported, at most 6: 20 made + 6 imported = 26 of 30, t = 26/30. One
    // more unit of imports: 1/30.
    const m = refinery(50);
    const plan = planOf({ ...m, limits: { ...m.limits, imports: { gas: 6 } } });
    expect(tierOf(plan, "basic").guarantee).toBeCloseTo(26 / 30, 6);
    const gas = plan.products.find((p) => p.name === "gas")!;
    expect(gas.imported).toBeCloseTo(6, 6);
    expect(gas.importShadowPrices.basic).toBeCloseTo(1 / 30, 9);
  });
});

describe("coded outcomes", () => {
  it("a floor the economy cannot reach is PLAN_INFEASIBLE, with no plan", () => {
    // "Basic needs in full" needs 100 hours; there are 60.
    const m = { ...grainAndBread(60), floors: { basic: 1 } };
    expect(solvePlan(m, solve)).toEqual({
      ok: false,
      error: {
        code: "PLAN_INFEASIBLE",
        details: { tier: "basic", stage: "guarantee" },
      },
    });
    // The same floor with 100 hours is met exactly.
    expect(
      solvePlan(
        { ...m, limits: { ...m.limits, labour: { worker: 100 } } },
        solve,
      ).ok,
    ).toBe(true);
  });

  it("a need nothing can supply is held back by having no source", () => {
    const plan = planOf(
      model({
        products: ["bread", "salt"],
        processes: [{ name: "oven", outputs: { bread: 1 }, labour: {} }],
        needs: [
          { product: "bread", quantity: 1, tier: "basic", region: "" },
          { product: "salt", quantity: 1, tier: "basic", region: "" },
        ],
        limits: { labour: {} },
      }),
    );
    expect(plan.needs[1]!.share).toBeCloseTo(0, 9);
    expect(plan.needs[1]!.heldBackBy).toContainEqual({
      kind: "no-source",
      product: "salt",
      price: 0,
    });
  });

  it("a time limit already spent is PLAN_TIME_LIMIT at the first stage", async () => {
    let clock = 0;
    const slow = await highsSolver({ timeLimitSeconds: 1, now: () => clock });
    clock = 2;
    expect(solvePlan(grainAndBread(60), slow)).toMatchObject({
      ok: false,
      error: { code: "PLAN_TIME_LIMIT", details: { tier: "basic" } },
    });
  });

  it("a model with a repeated product, an unknown name or a negative number is refused with its path", () => {
    expect(
      readPlanModel({ products: ["a", "a"], processes: [], needs: [] }),
    ).toMatchObject({
      ok: false,
      error: { code: "PLAN_NAME_REPEATED", details: { path: "products[1]" } },
    });
    expect(
      readPlanModel({
        products: ["a"],
        processes: [{ name: "p", outputs: { b: 1 } }],
        needs: [],
      }),
    ).toMatchObject({
      ok: false,
      error: {
        code: "PLAN_NAME_UNKNOWN",
        details: { path: "processes[0].outputs.b", name: "b" },
      },
    });
    expect(
      readPlanModel({
        products: ["a"],
        processes: [{ name: "p", outputs: { a: 1 }, labour: { w: -1 } }],
        needs: [],
      }),
    ).toMatchObject({
      ok: false,
      error: {
        code: "PLAN_NUMBER_INVALID",
        details: { path: "processes[0].labour.w" },
      },
    });
    expect(
      readPlanModel({
        products: ["a"],
        processes: [],
        needs: [{ product: "a", quantity: 1, tier: "luxury" }],
      }),
    ).toMatchObject({
      ok: false,
      error: {
        code: "PLAN_MODEL_MALFORMED",
        details: { path: "needs[0].tier" },
      },
    });
  });
});

describe("the pure Leontief case", () => {
  it("one process per product, nothing binding: x = L·d and every need met, to 1e-6", () => {
    // Product j's process makes 1 of j from column j of A, with 1 h of labour; minimising the
    // hours with every need met in full leaves no surplus, so x solves x = A·x + d.
    const n = 6;
    const a = generateEconomy({
      products: n,
      inputs: 3,
      spectralRadius: 0.7,
      seed: 15,
    });
    const dense = Array.from({ length: n }, () => new Array<number>(n).fill(0));
    for (let i = 0; i < n; i++)
      for (let k = a.rowStart[i]!; k < a.rowStart[i + 1]!; k++)
        dense[i]![a.columns[k]!] = a.values[k]!;
    const products = Array.from({ length: n }, (_, i) => `p${i}`);
    const d = [3, 0, 1.5, 2, 0.25, 4];
    const m = model({
      products,
      processes: products.map((p, j) => ({
        name: `make-${p}`,
        outputs: { [p]: 1 },
        inputs: Object.fromEntries(
          products.flatMap((q, i) =>
            dense[i]![j]! > 0 ? [[q, dense[i]![j]!]] : [],
          ),
        ),
        labour: { worker: 1 },
      })),
      needs: products.flatMap((p, i) =>
        d[i]! > 0
          ? [{ product: p, quantity: d[i]!, tier: "basic", region: "" }]
          : [],
      ),
      limits: { labour: {} },
    });
    const plan = planOf(m);
    const x = solveLeontief(
      csrFromDense(Float64Array.from(dense.flat()), n),
      Float64Array.from(d),
    );
    if (!x.ok) throw new Error(x.error.code);
    plan.processes.forEach((p, j) => {
      expect(Math.abs(p.runs - x.value.output[j]!)).toBeLessThan(1e-6);
    });
    expect(plan.needs.every((need) => Math.abs(need.share - 1) < 1e-6)).toBe(
      true,
    );
  });
});
