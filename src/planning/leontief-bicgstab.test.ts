/**
 * BiCGSTAB agrees with Gauss-Seidel on generated economies, reaches its residual target measured
 * again, gives the same answer when its phases run on blocks of rows (as threads run them), and
 * says when it cannot solve. The real tables, bad demand and an economy using up more than it
 * makes — which BiCGSTAB alone could "solve", with a negative output — are tested for both
 * solvers in leontief-solve.test.ts.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { csrFromDense, leontiefResidual } from "./csr-matrix.js";
import {
  type BicgstabVectors,
  bicgstabPhase,
  bicgstabVectors,
  combineSums,
  type PhaseSums,
  runBicgstab,
  solveLeontiefBicgstab,
} from "./leontief-bicgstab.js";
import { solveLeontief } from "./leontief-solve.js";
import { generateDemand, generateEconomy } from "./testing.js";

describe("on generated economies with spectral radius below 1", () => {
  it("the residual is below the target, x ≥ d, and x is Gauss-Seidel's to 1e-8 of the largest output", () => {
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
          const d = generateDemand(products, seed ^ 0x5eed);
          const solved = solveLeontiefBicgstab(a, d, { tolerance: 1e-10 });
          if (!solved.ok) return false;
          const x = solved.value.output;
          // Measured here again, not taken from the solver's word.
          expect(leontiefResidual(a, x, d)).toBeLessThanOrEqual(1e-10);
          const sweeps = solveLeontief(a, d, { tolerance: 1e-12 });
          if (!sweeps.ok) return false;
          // Both solve to a residual relative to ‖d‖∞, so they agree relative to ‖x‖∞, not entry
          // by entry: a product with a tiny need may differ by 1e-8 of its own output.
          let largest = 0;
          for (const v of sweeps.value.output) largest = Math.max(largest, v);
          for (let i = 0; i < products; i++) {
            expect(x[i]!).toBeGreaterThanOrEqual(d[i]! * (1 - 1e-9));
            expect(
              Math.abs(x[i]! - sweeps.value.output[i]!) / largest,
            ).toBeLessThan(1e-8);
          }
          return true;
        },
      ),
      { numRuns: 200 },
    );
  });

  it("needs fewer passes over the matrix than Gauss-Seidel needs sweeps, on a larger economy", () => {
    const a = generateEconomy({
      products: 5_000,
      inputs: 10,
      spectralRadius: 0.85,
      seed: 15,
    });
    const d = generateDemand(5_000, 16);
    const krylov = solveLeontiefBicgstab(a, d);
    const plain = solveLeontief(a, d, { relaxation: 1 });
    if (!krylov.ok || !plain.ok) throw new Error("not solved");
    // Two products an iteration and one for each (re)start.
    expect(krylov.value.products).toBe(
      2 * krylov.value.iterations + krylov.value.restarts + 1,
    );
    expect(krylov.value.products).toBeLessThan(plain.value.sweeps);
    expect(leontiefResidual(a, krylov.value.output, d)).toBeLessThanOrEqual(
      1e-10,
    );
  });

  it("run on three blocks of rows with the sums combined, it gives the answer it gives on one", () => {
    const n = 3_001;
    const a = generateEconomy({
      products: n,
      inputs: 8,
      spectralRadius: 0.9,
      seed: 4,
      window: 200,
    });
    const d = generateDemand(n, 5);
    const whole = solveLeontiefBicgstab(a, d);
    if (!whole.ok) throw new Error(whole.error.code);
    const w: BicgstabVectors = { d, ...bicgstabVectors(n) };
    w.x.set(d);
    const blocks = [
      [0, 1_000],
      [1_000, 1_001],
      [1_001, n],
    ] as const;
    let scale = 0;
    for (const v of d) scale = Math.max(scale, v);
    const solved = runBicgstab(
      (phase, scalars) => {
        let sums: PhaseSums = [0, 0];
        for (const [lo, hi] of blocks)
          sums = combineSums(
            phase,
            sums,
            bicgstabPhase(phase, a, w, scalars, lo, hi),
          );
        return sums;
      },
      scale,
      () => leontiefResidual(a, w.x, d),
    );
    if (!solved.ok) throw new Error(solved.error.code);
    expect(solved.value.iterations).toBe(whole.value.iterations);
    expect(leontiefResidual(a, w.x, d)).toBeLessThanOrEqual(1e-10);
    for (let i = 0; i < n; i++)
      expect(
        Math.abs(w.x[i]! - whole.value.output[i]!) / whole.value.output[i]!,
      ).toBeLessThan(1e-12);
  });

  it("combines dot products by adding and the largest residual by the larger", () => {
    expect(combineSums("productS", [1, 2], [3, 4])).toEqual([4, 6]);
    expect(combineSums("step", [1, 2], [3, 1])).toEqual([4, 2]);
    expect(combineSums("restart", [1, 2], [3, 5])).toEqual([4, 5]);
  });
});

describe("when it cannot be solved", () => {
  it("an economy using up all it makes (I − A singular) does not converge", () => {
    const a = csrFromDense(Float64Array.of(0, 1, 1, 0), 2);
    const r = solveLeontiefBicgstab(a, Float64Array.of(1, 2), {
      maxProducts: 500,
    });
    expect(!r.ok && r.error.code).toBe("LEONTIEF_NOT_CONVERGED");
  });

  it("stops at the cap on products", () => {
    const a = generateEconomy({
      products: 2_000,
      inputs: 10,
      spectralRadius: 0.95,
      seed: 3,
    });
    const r = solveLeontiefBicgstab(a, generateDemand(2_000, 4), {
      maxProducts: 6,
    });
    expect(!r.ok && r.error.code).toBe("LEONTIEF_NOT_CONVERGED");
  });
});
