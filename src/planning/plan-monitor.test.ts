/**
 * Monitoring a plan in force (#15), by hand: a farm, a mill, a bakery and a dairy halfway through
 * the period. The farm reports 40 runs of the 50 due (20 % under: an exception), so grain is
 * short and, down the chain grain → flour → bread, the needs for grain and bread are at risk but
 * not the need for milk; the bakery reported nothing (silent, counted as planned).
 */
import { describe, expect, it } from "vitest";
import { type PlanModel, readPlanModel } from "./plan-model.js";
import { flagDeviation, planProgress } from "./plan-monitor.js";

function model(): PlanModel {
  const read = readPlanModel({
    products: ["grain", "flour", "bread", "milk"],
    processes: [
      { name: "farm", outputs: { grain: 1 }, labour: { worker: 1 } },
      {
        name: "mill",
        outputs: { flour: 1 },
        inputs: { grain: 1 },
        labour: { worker: 1 },
      },
      {
        name: "bakery",
        outputs: { bread: 1 },
        inputs: { flour: 1 },
        labour: { worker: 1 },
      },
      { name: "dairy", outputs: { milk: 2 }, labour: { worker: 1 } },
    ],
    needs: [
      { product: "bread", quantity: 50, tier: "basic", region: "south" },
      { product: "milk", quantity: 40, tier: "basic", region: "north" },
      { product: "grain", quantity: 50, tier: "standard", region: "north" },
    ],
    limits: { labour: {} },
  });
  if (!read.ok) throw new Error(JSON.stringify(read.error));
  return read.value;
}

const RUNS = [100, 50, 50, 20];

describe("a plan halfway through its period", () => {
  it("flags the farm under plan, the silent bakery, and the needs down the grain chain", () => {
    const r = planProgress(
      model(),
      RUNS,
      [
        { process: "farm", runs: 30 },
        { process: "farm", runs: 10 }, // two reports of one process add up: 40 of 50 due
        { process: "mill", runs: 25 },
        { process: "dairy", runs: 10.5 },
      ],
      { elapsed: 0.5 },
    );
    if (!r.ok) throw new Error(JSON.stringify(r.error));
    const byName = Object.fromEntries(
      r.value.processes.map((p) => [p.name, p]),
    );
    expect(byName.farm).toMatchObject({
      planned: 100,
      expected: 50,
      actual: 40,
      exception: "under",
    });
    expect(byName.farm!.deviation).toBeCloseTo(-0.2, 12);
    expect(byName.mill).toMatchObject({
      expected: 25,
      actual: 25,
      deviation: 0,
      exception: null,
    });
    expect(byName.bakery).toMatchObject({ actual: null, exception: "silent" });
    expect(byName.dairy!.deviation).toBeCloseTo(0.05, 12);
    expect(byName.dairy!.exception).toBeNull();

    const products = Object.fromEntries(
      r.value.products.map((p) => [p.name, p]),
    );
    expect(products.grain).toMatchObject({
      expected: 50,
      actual: 40,
      exception: "under",
    });
    // The dairy makes 2 a run: 10.5 runs are 21 of the 20 due.
    expect(products.milk).toMatchObject({
      expected: 20,
      actual: 21,
      exception: null,
    });
    expect(products.bread).toMatchObject({
      expected: 25,
      actual: 25,
      exception: null,
    });

    expect(r.value.needsAtRisk).toEqual([
      { product: "bread", region: "south", tier: "basic", because: ["grain"] },
      {
        product: "grain",
        region: "north",
        tier: "standard",
        because: ["grain"],
      },
    ]);
  });

  it("on plan, nothing is an exception and no need is at risk; a wider threshold forgives the farm", () => {
    const onPlan = planProgress(
      model(),
      RUNS,
      RUNS.map((runs, j) => ({
        process: ["farm", "mill", "bakery", "dairy"][j]!,
        runs,
      })),
    );
    if (!onPlan.ok) throw new Error(JSON.stringify(onPlan.error));
    expect(onPlan.value.processes.every((p) => p.exception === null)).toBe(
      true,
    );
    expect(onPlan.value.needsAtRisk).toEqual([]);

    const wide = planProgress(model(), RUNS, [{ process: "farm", runs: 40 }], {
      elapsed: 0.5,
      threshold: 0.25,
    });
    if (!wide.ok) throw new Error(JSON.stringify(wide.error));
    expect(wide.value.processes[0]!.exception).toBeNull();
    expect(wide.value.needsAtRisk).toEqual([]);
  });

  it("refuses an unknown process, a negative report, a period not begun and runs of another model", () => {
    const m = model();
    expect(
      planProgress(m, RUNS, [{ process: "forge", runs: 1 }]),
    ).toMatchObject({
      ok: false,
      error: {
        code: "PLAN_NAME_UNKNOWN",
        details: { path: "reports[0].process", name: "forge" },
      },
    });
    expect(
      planProgress(m, RUNS, [{ process: "farm", runs: -1 }]),
    ).toMatchObject({
      ok: false,
      error: {
        code: "PLAN_NUMBER_INVALID",
        details: { path: "reports[0].runs" },
      },
    });
    expect(planProgress(m, RUNS, [], { elapsed: 0 })).toMatchObject({
      ok: false,
      error: { code: "PLAN_NUMBER_INVALID", details: { path: "elapsed" } },
    });
    expect(planProgress(m, [1, 2], [])).toMatchObject({
      ok: false,
      error: {
        code: "PLAN_DIMENSION_MISMATCH",
        details: { what: "runs", got: 2, expected: 4 },
      },
    });
  });
});

describe("flagDeviation", () => {
  it("names under and over beyond the threshold, and neither at it or within it", () => {
    // 10 %: 89 of 100 due is 11 % under; 90 is exactly 10 % under, not beyond; 111 is over.
    expect(flagDeviation(89 / 100 - 1, 0.1)).toBe("under");
    expect(flagDeviation(-0.1, 0.1)).toBeNull();
    expect(flagDeviation(0.1, 0.1)).toBeNull();
    expect(flagDeviation(111 / 100 - 1, 0.1)).toBe("over");
    // A wider threshold forgives what a narrower one names; made with nothing due is over any.
    expect(flagDeviation(-0.34, 0.4)).toBeNull();
    expect(flagDeviation(-0.02, 0.01)).toBe("under");
    expect(flagDeviation(Number.POSITIVE_INFINITY, 1e6)).toBe("over");
  });
});
