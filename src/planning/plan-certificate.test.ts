/**
 * Primal and dual objectives agree (#15): every stage of a plan's solve is checked as a
 * certificate of its own optimality, from the programme and the solver's answer alone — the
 * solver's column duals are those its row duals imply (c = Aᵀy + z), no dual leans on a bound
 * the programme lacks, and the dual objective (each dual times the bound it leans on) equals
 * the primal objective c·x (so each non-zero dual sits on its bound). This is what a replica could check of a carried plan without a solver.
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
import { certificateGap } from "./plan-certificate.js";
import { solvePlan } from "./plan-solve.js";
import { generatePlanModel, type PlanModelShape } from "./testing.js";

let solve: LpSolver;
beforeAll(async () => {
  solve = await highsSolver({ timeLimitSeconds: 60 });
}, 60_000);

interface Gap {
  readonly stationarity: number;
  readonly dualInfeasibility: number;
  readonly objectives: number;
}

/**
 * How far a stage's answer is from a certificate of its optimality (0 for an exact one), by
 * plan-certificate.ts — the measure the checker of a carried plan uses — and how far the
 * solver's own column duals are from those the row duals imply.
 */
function gapOf(lp: LinearProgramme, s: LpSolution): Gap {
  const g = certificateGap(lp, s.rowDual, s.colValue);
  let stationarity = 0;
  g.reducedCosts.forEach((z, j) => {
    stationarity = Math.max(stationarity, Math.abs(z - s.colDual[j]!));
  });
  return {
    stationarity,
    dualInfeasibility: g.dualInfeasibility,
    objectives:
      Math.max(
        Math.abs(g.primalObjective - g.dualObjective),
        Math.abs(g.primalObjective - s.objective),
      ) / Math.max(1, Math.abs(g.primalObjective)),
  };
}

/** Solves a model, checking every stage's certificate; returns the worst gaps. */
function worstGaps(shape: PlanModelShape): Gap {
  const model = generatePlanModel(shape);
  const worst = { stationarity: 0, dualInfeasibility: 0, objectives: 0 };
  const checked: LpSolver = (lp) => {
    const s = solve(lp);
    if (s.status === "optimal") {
      const g = gapOf(lp, s);
      worst.stationarity = Math.max(worst.stationarity, g.stationarity);
      worst.dualInfeasibility = Math.max(
        worst.dualInfeasibility,
        g.dualInfeasibility,
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
  expect(g.dualInfeasibility).toBeLessThan(1e-7);
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
