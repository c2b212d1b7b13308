/**
 * Primal and dual objectives agree (#15): every stage of a plan's solve is checked as a
 * certificate of its own optimality, from the programme and the solver's answer alone — the
 * duals price the programme's costs exactly (c = Aᵀy + z), each non-zero dual sits on a bound
 * its row or column is at, and the dual objective (each dual times that bound) equals the
 * primal objective c·x. This is what a replica could check of a carried plan without a solver.
 * On generated economies (fast-check) and on the clustered supply chains of
 * plan-solve.clustered.test.ts.
 */
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { highsSolver } from "./highs-solver.js";
import type {
  LinearProgramme,
  LpSolution,
  LpSolver,
} from "./linear-programme.js";
import { solvePlan } from "./plan-solve.js";
import { generatePlanModel, type PlanModelShape } from "./testing.js";

let solve: LpSolver;
beforeAll(async () => {
  solve = await highsSolver({ timeLimitSeconds: 60 });
}, 60_000);

interface Gap {
  readonly stationarity: number;
  readonly complementarity: number;
  readonly objectives: number;
}

/** How far a stage's answer is from a certificate of its optimality (0 for an exact one). */
function certificateGap(lp: LinearProgramme, s: LpSolution): Gap {
  const { starts, rows, values } = lp.matrix;
  let stationarity = 0;
  let complementarity = 0;
  let primal = 0;
  let dual = 0;
  // The bound a value sits at, if its dual is not zero (else nothing to price).
  const priced = (v: number, lo: number, hi: number, d: number) => {
    if (Math.abs(d) <= 1e-12) return 0;
    const at = Math.abs(v - lo) <= Math.abs(hi - v) ? lo : hi;
    if (!Number.isFinite(at)) {
      complementarity = Math.max(complementarity, Math.abs(d));
      return 0;
    }
    complementarity = Math.max(complementarity, Math.abs(d) * Math.abs(v - at));
    return d * at;
  };
  for (let j = 0; j < lp.cost.length; j++) {
    let aty = 0;
    for (let e = starts[j]!; e < starts[j + 1]!; e++)
      aty += values[e]! * s.rowDual[rows[e]!]!;
    stationarity = Math.max(
      stationarity,
      Math.abs(lp.cost[j]! - aty - s.colDual[j]!),
    );
    primal += lp.cost[j]! * s.colValue[j]!;
    dual += priced(
      s.colValue[j]!,
      lp.colLower[j]!,
      lp.colUpper[j]!,
      s.colDual[j]!,
    );
  }
  for (let i = 0; i < lp.rowLower.length; i++)
    dual += priced(
      s.rowValue[i]!,
      lp.rowLower[i]!,
      lp.rowUpper[i]!,
      s.rowDual[i]!,
    );
  return {
    stationarity,
    complementarity,
    objectives: Math.abs(primal - dual) / Math.max(1, Math.abs(primal)),
  };
}

/** Solves a model, checking every stage's certificate; returns the worst gaps. */
function worstGaps(shape: PlanModelShape): Gap {
  const model = generatePlanModel(shape);
  const worst = { stationarity: 0, complementarity: 0, objectives: 0 };
  const checked: LpSolver = (lp) => {
    const s = solve(lp);
    if (s.status === "optimal") {
      const g = certificateGap(lp, s);
      worst.stationarity = Math.max(worst.stationarity, g.stationarity);
      worst.complementarity = Math.max(
        worst.complementarity,
        g.complementarity,
      );
      worst.objectives = Math.max(worst.objectives, g.objectives);
    }
    return s;
  };
  const solved = solvePlan(model, checked);
  if (!solved.ok) throw new Error(JSON.stringify(solved.error));
  return worst;
}

const exact = (g: Gap) => {
  expect(g.stationarity).toBeLessThan(1e-7);
  expect(g.complementarity).toBeLessThan(1e-7);
  expect(g.objectives).toBeLessThan(1e-7);
};

describe("every stage's answer is a certificate of its optimality", () => {
  it("on generated economies", () => {
    fc.assert(
      fc.property(
        fc.record({
          products: fc.integer({ min: 2, max: 12 }),
          inputs: fc.integer({ min: 1, max: 3 }),
          skills: fc.integer({ min: 1, max: 3 }),
          seed: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
          tightness: fc.double({ min: 0.05, max: 1.5, noNaN: true }),
          needShare: fc.double({ min: 0.3, max: 1, noNaN: true }),
        }),
        (shape) => exact(worstGaps(shape)),
      ),
      { numRuns: 40 },
    );
  });

  it("on clustered supply chains of 200 products", () => {
    for (const seed of [2, 3])
      exact(
        worstGaps({
          products: 200,
          inputs: 5,
          skills: 20,
          seed,
          tightness: 0.6,
          window: 16,
        }),
      );
  });
});
