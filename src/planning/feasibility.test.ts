/**
 * Declared needs against capacities and labour: on the German table, final demand needs exactly
 * the table's gross output, so capacities a little below it overload those sectors by the gap,
 * and the employment row is the labour the plan needs.
 */
import { describe, expect, it } from "vitest";
import {
  GERMANY_1995,
  publishedTable,
} from "../../test/planning/support/published-tables.js";
import { csrFromDense } from "./csr-matrix.js";
import { checkFeasibility, overloadCauses } from "./feasibility.js";
import { technicalCoefficients } from "./leontief.js";

const table = publishedTable(GERMANY_1995);
const n = table.sectors.length;
const coefficients = csrFromDense(technicalCoefficients(table), n);
const demand = table.finalDemand!;
const labourPerUnit = table.employment!.map((e, j) => e / table.output[j]!);
const labourNeeded = table.employment!.reduce((s, e) => s + e, 0);

function check(capacity: Float64Array, labour: number) {
  const r = checkFeasibility({
    coefficients,
    demand,
    capacity,
    resources: [{ name: "labour", perUnit: labourPerUnit, available: labour }],
  });
  if (!r.ok) throw new Error(r.error.code);
  return r.value;
}

describe("the German economy's own final demand", () => {
  it("fits capacities of its gross output and its employment, with room to spare", () => {
    const roomy = table.output.map((x) => x * 1.001);
    const r = check(roomy, labourNeeded * 1.001);
    expect(r.isFeasible).toBe(true);
    expect(r.products).toEqual([]);
    expect(r.resources).toEqual([]);
    expect(r.relativeResidual).toBeLessThanOrEqual(1e-10);
  });

  it("overloads the sectors whose capacity is cut, by the gap, the worst first", () => {
    const capacity = Float64Array.from(table.output);
    capacity[1] = table.output[1]! * 0.9; // manufacturing: 10 % short
    capacity[4] = table.output[4]! * 0.95; // business services: 5 % short
    capacity[0] = Number.POSITIVE_INFINITY; // agriculture: no limit declared
    const r = check(capacity, labourNeeded * 2);
    expect(r.isFeasible).toBe(false);
    expect(r.products.map((o) => o.what)).toEqual([1, 4]);
    const [manufacturing, services] = r.products;
    expect(manufacturing!.required).toBeCloseTo(r.output[1]!, 6);
    expect(manufacturing!.excess).toBeCloseTo(r.output[1]! - capacity[1]!, 6);
    // x = L·d is the table's gross output to its rounding (leontief.test.ts).
    expect(manufacturing!.ratio).toBeCloseTo(1 / 0.9, 4);
    expect(services!.ratio).toBeCloseTo(1 / 0.95, 4);
  });

  it("overloads labour when fewer persons are available than the plan employs", () => {
    const r = check(
      table.output.map(() => Number.POSITIVE_INFINITY),
      30_000,
    );
    expect(r.products).toEqual([]);
    expect(r.resources).toHaveLength(1);
    const labour = r.resources[0]!;
    expect(labour.what).toBe("labour");
    // 36,428 thousand persons employed in the table (row EMP), to its rounding.
    expect(labour.required / labourNeeded).toBeCloseTo(1, 4);
    expect(labour.excess).toBeCloseTo(labour.required - 30_000, 6);
  });
});

describe("inputs of the wrong shape", () => {
  it("a capacity vector of the wrong length, or with a NaN, is refused", () => {
    const short = checkFeasibility({
      coefficients,
      demand,
      capacity: new Float64Array(3),
    });
    expect(!short.ok && short.error).toEqual({
      code: "PLAN_DIMENSION_MISMATCH",
      details: { what: "capacity", expected: 6, got: 3 },
    });
    const nan = Float64Array.from(table.output);
    nan[2] = Number.NaN;
    const r = checkFeasibility({ coefficients, demand, capacity: nan });
    expect(!r.ok && r.error).toEqual({
      code: "PLAN_VALUE_NOT_FINITE",
      details: { what: "capacity", index: 2 },
    });
  });

  it("a resource whose use per unit has the wrong length, or whose amount is NaN, is refused, named", () => {
    const r = checkFeasibility({
      coefficients,
      demand,
      resources: [
        { name: "welders", perUnit: new Float64Array(2), available: 1 },
      ],
    });
    expect(!r.ok && r.error).toEqual({
      code: "PLAN_DIMENSION_MISMATCH",
      details: { what: "welders", expected: 6, got: 2 },
    });
    const unknown = checkFeasibility({
      coefficients,
      demand,
      resources: [
        { name: "welders", perUnit: labourPerUnit, available: Number.NaN },
      ],
    });
    // The amount available is reported one past the per-unit vector's positions.
    expect(!unknown.ok && unknown.error).toEqual({
      code: "PLAN_VALUE_NOT_FINITE",
      details: { what: "welders", index: 6 },
    });
  });
});

describe("an overload traced back to the needs that cause it", () => {
  // Steel (0), cars (1), bread (2). A car takes 0.5 steel, steel 0.1 steel; bread nothing.
  // Needs: 10 steel, 30 cars, 5 bread. Steel: x₀ = (10 + 0.5·30) / 0.9 = 27.78 against a
  // capacity of 15 — of it, 10/0.9 = 11.11 for the steel need and 0.5·30/0.9 = 16.67 for the
  // cars. Hours (2 a steel, 1 a car, 0.5 a bread): the cars' whole chain 30·(1 + 0.5·2/0.9) =
  // 63.33, the steel need's 10·2/0.9 = 22.22, the bread's 2.5 — 88.06 in all.
  const small = {
    coefficients: csrFromDense(
      Float64Array.from([0.1, 0.5, 0, 0, 0, 0, 0, 0, 0]),
      3,
    ),
    demand: Float64Array.from([10, 30, 5]),
    capacity: Float64Array.from([15, Infinity, Infinity]),
    resources: [
      { name: "hours", perUnit: Float64Array.from([2, 1, 0.5]), available: 80 },
    ],
  };

  it("splits the steel overload between the cars and the steel need, by hand", () => {
    const report = checkFeasibility(small);
    if (!report.ok) throw new Error(report.error.code);
    expect(report.value.products.map((o) => o.what)).toEqual([0]);
    const causes = overloadCauses(small, 0);
    if (!causes.ok) throw new Error(causes.error.code);
    expect(causes.value.map((c) => c.product)).toEqual([1, 0]);
    expect(causes.value[0]!.amount).toBeCloseTo(15 / 0.9, 8);
    expect(causes.value[0]!.share).toBeCloseTo(0.6, 8);
    expect(causes.value[1]!.amount).toBeCloseTo(10 / 0.9, 8);
  });

  it("splits the hours among every need's whole supply chain", () => {
    const report = checkFeasibility(small);
    if (!report.ok) throw new Error(report.error.code);
    expect(report.value.resources[0]!.required).toBeCloseTo(88.0556, 3);
    const causes = overloadCauses(small, "hours");
    if (!causes.ok) throw new Error(causes.error.code);
    expect(
      causes.value.map((c) => [c.product, Number(c.amount.toFixed(4))]),
    ).toEqual([
      [1, 63.3333],
      [0, 22.2222],
      [2, 2.5],
    ]);
  });

  it("on the German table, every overload's parts add up to what it requires", () => {
    const capacity = Float64Array.from(table.output, (x) => x * 0.9);
    const question = {
      coefficients,
      demand,
      capacity,
      resources: [
        {
          name: "labour",
          perUnit: labourPerUnit,
          available: labourNeeded * 0.9,
        },
      ],
    };
    const report = checkFeasibility(question);
    if (!report.ok) throw new Error(report.error.code);
    expect(report.value.products.length).toBeGreaterThan(0);
    for (const o of [...report.value.products, ...report.value.resources]) {
      const causes = overloadCauses(question, o.what, { top: n });
      if (!causes.ok) throw new Error(causes.error.code);
      const sum = causes.value.reduce((s, c) => s + c.amount, 0);
      expect(Math.abs(sum - o.required) / o.required).toBeLessThan(1e-8);
      expect(causes.value.reduce((s, c) => s + c.share, 0)).toBeCloseTo(1, 10);
    }
  });

  it("refuses a product out of range and a resource not asked about", () => {
    expect(overloadCauses(small, 3)).toMatchObject({
      ok: false,
      error: { code: "PLAN_DIMENSION_MISMATCH" },
    });
    expect(overloadCauses(small, "steel hours")).toMatchObject({
      ok: false,
      error: { code: "PLAN_NAME_UNKNOWN", details: { name: "steel hours" } },
    });
  });
});
