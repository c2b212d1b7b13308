/**
 * The sparse iterative solver agrees with the dense Leontief inverse on the real tables, reaches
 * its residual target on generated economies, keeps x ≥ 0 for d ≥ 0, and says when an economy
 * cannot be solved.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  GERMANY_1995,
  NETHERLANDS_2000,
  publishedTable,
} from "../../test/planning/support/published-tables.js";
import {
  type CsrMatrix,
  csrFromDense,
  leontiefResidual,
} from "./csr-matrix.js";
import { leontiefInverse, technicalCoefficients } from "./leontief.js";
import { solveLeontiefBicgstab } from "./leontief-bicgstab.js";
import { relaxationFor, solveLeontief } from "./leontief-solve.js";
import { ok, type PlanningResult } from "./planning-error.js";
import { generateDemand, generateEconomy } from "./testing.js";

/** Both solvers of (I − A)·x = d, as one shape: the output, or the failure. */
const SOLVERS: readonly (readonly [
  string,
  (
    a: CsrMatrix,
    d: Float64Array,
    tolerance?: number,
  ) => PlanningResult<Float64Array>,
])[] = [
  [
    "Gauss-Seidel",
    (a, d, tolerance) => {
      const r = solveLeontief(a, d, { tolerance });
      return r.ok ? ok(r.value.output) : r;
    },
  ],
  [
    "BiCGSTAB",
    (a, d, tolerance) => {
      const r = solveLeontiefBicgstab(a, d, { tolerance });
      return r.ok ? ok(r.value.output) : r;
    },
  ],
];

describe.each(SOLVERS)("%s", (_, solve) => {
  it.each([GERMANY_1995, NETHERLANDS_2000])(
    "on %s: x equals L·d to 1e-9",
    (name) => {
      const table = publishedTable(name);
      const n = table.sectors.length;
      const a = technicalCoefficients(table);
      const l = leontiefInverse(a, n);
      if (!l.ok) throw new Error(l.error.code);
      const d = table.finalDemand!;
      const solved = solve(csrFromDense(a, n), d, 1e-13);
      if (!solved.ok) throw new Error(solved.error.code);
      for (let i = 0; i < n; i++) {
        let ld = 0;
        for (let j = 0; j < n; j++) ld += l.value[i * n + j]! * d[j]!;
        expect(Math.abs(solved.value[i]! - ld) / ld).toBeLessThan(1e-9);
      }
    },
  );

  it("refuses demand of the wrong length or with a NaN", () => {
    const a = csrFromDense(Float64Array.of(0.1, 0, 0, 0.1), 2);
    expect(solve(a, Float64Array.of(1))).toEqual({
      ok: false,
      error: {
        code: "PLAN_DIMENSION_MISMATCH",
        details: { what: "demand", expected: 2, got: 1 },
      },
    });
    expect(solve(a, Float64Array.of(1, Number.NaN))).toEqual({
      ok: false,
      error: {
        code: "PLAN_VALUE_NOT_FINITE",
        details: { what: "demand", index: 1 },
      },
    });
  });

  it("needs zero output for zero demand", () => {
    const a = generateEconomy({
      products: 5,
      inputs: 3,
      spectralRadius: 0.9,
      seed: 1,
    });
    const solved = solve(a, new Float64Array(5));
    expect(solved.ok && Array.from(solved.value)).toEqual([0, 0, 0, 0, 0]);
  });

  it("refuses an economy using up more than it makes (spectral radius 1.5)", () => {
    const a = generateEconomy({
      products: 50,
      inputs: 5,
      spectralRadius: 1.5,
      seed: 7,
    });
    const r = solve(a, generateDemand(50, 8));
    expect(!r.ok && r.error.code).toBe("LEONTIEF_NOT_CONVERGED");
  });
});

describe("on generated economies with spectral radius below 1", () => {
  it("the residual is below the target, and x ≥ d ≥ 0", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 80 }),
        fc.integer({ min: 1, max: 12 }),
        fc.double({ min: 0, max: 0.97, noNaN: true }),
        fc.integer(),
        fc.integer({ min: 1, max: 100 }),
        (products, inputs, spectralRadius, seed, window) => {
          const a = generateEconomy({
            products,
            inputs,
            spectralRadius,
            seed,
            window,
          });
          // The construction's promise: every column sums to the spectral radius.
          const sums = new Float64Array(products);
          for (let k = 0; k < a.columns.length; k++)
            sums[a.columns[k]!] = sums[a.columns[k]!]! + a.values[k]!;
          for (const s of sums) expect(s).toBeCloseTo(spectralRadius, 12);
          const d = generateDemand(products, seed ^ 0x5eed);
          const solved = solveLeontief(a, d, { tolerance: 1e-10 });
          if (!solved.ok) return false;
          const x = solved.value.output;
          // Measured here again, not taken from the solver's word.
          expect(leontiefResidual(a, x, d)).toBeLessThanOrEqual(1e-10);
          for (let i = 0; i < products; i++)
            expect(x[i]!).toBeGreaterThanOrEqual(d[i]!);
          return true;
        },
      ),
      { numRuns: 200 },
    );
  });

  it("over-relaxes once Gauss-Seidel's rate is seen: the same answer in fewer sweeps", () => {
    const a = generateEconomy({
      products: 5_000,
      inputs: 10,
      spectralRadius: 0.85,
      seed: 15,
    });
    const d = generateDemand(5_000, 16);
    const plain = solveLeontief(a, d, { relaxation: 1 });
    const adaptive = solveLeontief(a, d);
    if (!plain.ok || !adaptive.ok) throw new Error("not solved");
    expect(plain.value.relaxation).toBe(1);
    // Young's optimum for the rate seen, four fifths of the way: between 1 and 2.
    expect(adaptive.value.relaxation).toBeGreaterThan(1.1);
    expect(adaptive.value.relaxation).toBeLessThan(1.5);
    expect(adaptive.value.sweeps).toBeLessThan(plain.value.sweeps * 0.8);
    expect(leontiefResidual(a, adaptive.value.output, d)).toBeLessThanOrEqual(
      1e-10,
    );
    for (let i = 0; i < 5_000; i++)
      expect(adaptive.value.output[i]!).toBeCloseTo(plain.value.output[i]!, 6);
  });

  it("chooses ω by Young's formula, short of the optimum, and plain Gauss-Seidel when the rate says nothing", () => {
    // r = 0.75: optimum 2 / (1 + 0.5) = 4/3; four fifths of the way from 1.
    expect(relaxationFor(0.75)).toBeCloseTo(1 + 0.8 / 3, 12);
    for (const r of [0, 1, 1.2, Number.NaN]) expect(relaxationFor(r)).toBe(1);
  });
});

describe("when it cannot be solved", () => {
  it("an economy using up all it makes (spectral radius 1) does not converge within the cap", () => {
    const a = csrFromDense(Float64Array.of(0, 1, 1, 0), 2);
    const r = solveLeontief(a, Float64Array.of(1, 1), { maxSweeps: 500 });
    expect(!r.ok && r.error.code).toBe("LEONTIEF_NOT_CONVERGED");
    expect(!r.ok && r.error.details.iterations).toBe(500);
  });

  it("one using up more than it makes (spectral radius 1.5) stops early, growing", () => {
    const a = generateEconomy({
      products: 50,
      inputs: 5,
      spectralRadius: 1.5,
      seed: 7,
    });
    const r = solveLeontief(a, generateDemand(50, 8));
    expect(!r.ok && r.error.code).toBe("LEONTIEF_NOT_CONVERGED");
    expect(!r.ok && Number(r.error.details.iterations)).toBeLessThan(10_000);
  });

  it("a product using a whole unit of itself per unit is refused at once", () => {
    const a = csrFromDense(Float64Array.of(1, 0, 0, 0.5), 2);
    const r = solveLeontief(a, Float64Array.of(1, 1));
    expect(!r.ok && r.error).toEqual({
      code: "LEONTIEF_NOT_CONVERGED",
      details: { iterations: 0, residual: 1, target: 1e-10 },
    });
  });
});
