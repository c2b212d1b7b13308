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
import { checkFeasibility } from "./feasibility.js";
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
