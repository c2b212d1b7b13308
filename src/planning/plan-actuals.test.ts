/**
 * Reports from events into planProgress, by hand: a council's attested actuals per main product
 * and region as reports of its plan's aggregate processes, and a workplace's own processes at
 * its share of the plan in force.
 */
import { describe, expect, it } from "vitest";
import { reportsOfTotals, workplacePlan } from "./plan-actuals.js";
import { planModelFromTotals } from "./plan-from-totals.js";
import { planProgress, runsOfOutput } from "./plan-monitor.js";

const supply = (product: string, region: string, capacity: string) => ({
  product,
  region,
  capacity,
  coproducts: [],
  inputs: [],
  labour: [],
});

describe("reportsOfTotals", () => {
  it("turns each actual row into a report of its aggregate, its share gone over the region's whole capacity", () => {
    const totals = {
      needs: [],
      supply: [
        supply("bread", "north", "3000"),
        supply("bread", "south", "1000"),
        supply("gas", "north", "500"),
      ],
      actual: [
        { product: "bread", region: "north", output: "560", elapsed: "725" },
        // More than the whole capacity (a revision since): the share is at most 1.
        { product: "gas", region: "north", output: "600", elapsed: "700" },
      ],
    };
    const r = reportsOfTotals(totals);
    expect(r.reports).toEqual([
      { process: "bread (north)", output: 560, elapsed: 725 / 3000 },
      { process: "gas (north)", output: 600, elapsed: 1 },
    ]);
    expect(r.main.get("bread (south)")).toBe("bread");
    // (725 + 700) / (3000 + 500): the south, which did not report, weighs nothing.
    expect(r.elapsed).toBeCloseTo(1425 / 3500, 12);
    // Half the north's bread planned: 1500, of which 725 × 0.5 = 362.5 due; 560 made.
    const model = planModelFromTotals(totals, null);
    const runs = model.processes.map((p) =>
      p.name === "bread (north)" ? 0.5 : 1,
    );
    const asRuns = runsOfOutput(model, r.reports, r.main);
    if (!asRuns.ok) throw new Error(asRuns.error.code);
    const progress = planProgress(model, runs, asRuns.value, {
      elapsed: r.elapsed!,
      main: r.main,
    });
    if (!progress.ok) throw new Error(progress.error.code);
    const bread = progress.value.processes.find(
      (p) => p.name === "bread (north)",
    )!;
    expect(bread.main.planned).toBeCloseTo(1500, 9);
    expect(bread.main.expected).toBeCloseTo(362.5, 9);
    expect(bread.main.actual).toBeCloseTo(560, 9);
    expect(bread.exception).toBe("over");
    const south = progress.value.processes.find(
      (p) => p.name === "bread (south)",
    )!;
    expect(south).toMatchObject({ actual: null, exception: "silent" });
    expect(south.main.expected).toBeCloseTo((1000 * 1425) / 3500, 9);
  });

  it("gives no share when nothing was reported; old totals read as no reports", () => {
    expect(
      reportsOfTotals({ supply: [supply("bread", "north", "10")] }),
    ).toMatchObject({ reports: [], elapsed: null });
  });
});

describe("runsOfOutput", () => {
  it("refuses a process the model lacks and negative output, naming the report", () => {
    const model = planModelFromTotals(
      { needs: [], supply: [supply("bread", "north", "100")] },
      null,
    );
    expect(
      runsOfOutput(model, [{ process: "milk (north)", output: 1 }]),
    ).toMatchObject({
      ok: false,
      error: {
        code: "PLAN_NAME_UNKNOWN",
        details: { path: "reports[0].process" },
      },
    });
    expect(
      runsOfOutput(model, [{ process: "bread (north)", output: -1 }]),
    ).toMatchObject({
      ok: false,
      error: {
        code: "PLAN_NUMBER_INVALID",
        details: { path: "reports[0].output" },
      },
    });
    expect(
      runsOfOutput(model, [{ process: "bread (north)", output: 25 }]),
    ).toEqual({
      ok: true,
      value: [{ process: "bread (north)", runs: 0.25 }],
    });
  });
});

describe("workplacePlan", () => {
  it("plans each process at its product and region's utilisation × its capacity; a withdrawn one is left out", () => {
    const process = (
      name: string,
      product: string,
      perRun: string,
      capacity: string,
    ) => ({
      name,
      region: "north",
      outputs: [{ product, quantity: perRun }],
      inputs: [],
      labour: [],
      capacity,
    });
    const own = workplacePlan(
      [
        {
          ...process("Oven", "bread", "2.5", "1000"),
          report: { output: "500", elapsed: "0.25" },
        },
        { ...process("Small oven", "bread", "1", "300"), report: null },
        { ...process("Old mill", "flour", "1", "0"), report: null },
      ],
      new Map([["bread (north)", 0.8]]),
    );
    expect(own.model.processes.map((p) => p.name)).toEqual([
      "Oven",
      "Small oven",
    ]);
    expect(own.runs).toEqual([800, 240]);
    expect(own.reports).toEqual([
      { process: "Oven", output: 500, elapsed: 0.25 },
    ]);
    const asRuns = runsOfOutput(own.model, own.reports, own.main);
    if (!asRuns.ok) throw new Error(asRuns.error.code);
    const progress = planProgress(own.model, own.runs, asRuns.value, {
      elapsed: 0.25,
      main: own.main,
    });
    if (!progress.ok) throw new Error(progress.error.code);
    // The oven: 2000 loaves planned, 500 due a quarter in, 500 made: on plan.
    expect(progress.value.processes[0]).toMatchObject({
      exception: null,
      main: { product: "bread", planned: 2000, expected: 500, actual: 500 },
    });
    expect(progress.value.processes[1]).toMatchObject({
      exception: "silent",
      main: { planned: 240, expected: 60, actual: null },
    });
  });
});
