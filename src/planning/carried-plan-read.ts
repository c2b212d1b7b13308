/**
 * @module A carried plan read back as a plan (#15): what each tier got, each need's share and
 * what holds it back, each process's runs against its capacity, the hours, and the shadow
 * prices — the same figures solvePlan gives, without a solver. The point is the carried
 * decision; each stage's row duals are the carried ones and its column duals what they imply
 * (z = c − Aᵀy, plan-certificate.ts); the plan is read only once checkCarriedPlan passed, so
 * the figures are those of a plan every replica agrees is feasible and optimal. The server
 * sums them up for the web app (plan-figures.ts), which never ships the solver.
 */
import { type CarriedPlan, dualsOf, objectiveOf } from "./carried-plan.js";
import {
  CARRIED_FEASIBILITY_TOLERANCE,
  CARRIED_ROUNDING,
  checkCarriedPlan,
} from "./carried-plan-check.js";
import type { LpSolution } from "./linear-programme.js";
import { DUAL_TOLERANCE } from "./plan-bottlenecks.js";
import { certificateGap } from "./plan-certificate.js";
import type { Tier } from "./plan-model.js";
import { planProgramme } from "./plan-programme.js";
import { type Plan, readPlan, type TierOutcome } from "./plan-solve.js";
import { FIX_TOLERANCE, planStages } from "./plan-stages.js";
import { fail, ok, type PlanningResult } from "./planning-error.js";

/**
 * The point with each column whose dual is not zero put at the bound its dual leans on, where
 * it is within what carrying rounds off: complementary slackness puts it there, and the
 * bottlenecks (plan-bottlenecks.ts) ask whether a capacity is at its bound to the 1e-9.
 */
function atBounds(
  x: Float64Array,
  colDual: Float64Array,
  lower: Float64Array,
  upper: Float64Array,
): Float64Array {
  const out = x.slice();
  for (let j = 0; j < x.length; j++) {
    if (Math.abs(colDual[j]!) <= DUAL_TOLERANCE) continue;
    for (const bound of [lower[j]!, upper[j]!])
      if (
        Number.isFinite(bound) &&
        Math.abs(x[j]! - bound) <= ROUNDING_ROOM * Math.max(1, Math.abs(bound))
      )
        out[j] = bound;
  }
  return out;
}

/** How far a carried quantity may sit from its bound: the rounding and the feasibility tolerance. */
const ROUNDING_ROOM = CARRIED_ROUNDING + CARRIED_FEASIBILITY_TOLERANCE;

/**
 * Reads a carried plan as a Plan: the codes of checkCarriedPlan where it does not pass.
 * @example readCarriedPlan(inForce.variant.plan).value?.needs[0]?.share
 */
export function readCarriedPlan(carried: unknown): PlanningResult<Plan> {
  const checked = checkCarriedPlan(carried);
  if (!checked.ok) return checked;
  const { model, decision } = checked.value;
  const stages = (carried as CarriedPlan).stages;
  const programme = planProgramme(model);
  const L = programme.layout;
  const x = new Float64Array(programme.base.cost.length);
  decision.processes.forEach((p, j) => {
    x[L.col.process + j] = p.runs;
  });
  decision.needs.forEach((n, i) => {
    x[L.col.need + i] = n.share;
  });
  L.importProducts.forEach((k, i) => {
    x[L.col.import + i] = decision.products[k]!.imported;
  });
  for (const t of checked.value.tiers)
    x[L.col.guarantee + L.tiers.indexOf(t.tier)] = t.guarantee;
  const { starts, rows, values } = programme.base.matrix;
  const rowValue = new Float64Array(programme.base.rowLower.length);
  for (let j = 0; j < x.length; j++)
    for (let e = starts[j]!; e < starts[j + 1]!; e++)
      rowValue[rows[e]!]! += values[e]! * x[j]!;

  const tiers: TierOutcome[] = [];
  const tierDuals = new Map<Tier, LpSolution>();
  const shareDuals = new Map<Tier, LpSolution>();
  let final: LpSolution | null = null;
  let guarantee = 0;
  let k = 0;
  const walk = planStages(model, programme);
  for (let step = walk.next(); !step.done; k++) {
    const { kind, tier, members, lp } = step.value;
    const stage = stages[k]!;
    // checkCarriedPlan read every stage: its duals and optimum are numbers.
    const rowDual = dualsOf(stage)!;
    const objective = objectiveOf(stage)!;
    const colDual = certificateGap(lp, rowDual, x).reducedCosts;
    const solution: LpSolution = {
      status: "optimal",
      objective,
      colValue: atBounds(x, colDual, lp.colLower, lp.colUpper),
      colDual,
      rowValue,
      rowDual,
    };
    if (kind === "guarantee") {
      guarantee = objective;
      if (guarantee < 1 - FIX_TOLERANCE) tierDuals.set(tier!, solution);
      else
        tiers.push({
          tier: tier!,
          needs: members.length,
          guarantee,
          meanShare: 1,
        });
    } else if (kind === "share") {
      shareDuals.set(tier!, solution);
      tiers.push({
        tier: tier!,
        needs: members.length,
        guarantee,
        meanShare: objective,
      });
    } else final = solution;
    step = walk.next(objective);
  }
  if (final === null) return fail("PLAN_CARRIED_MALFORMED", { path: "stages" });
  return ok(readPlan(model, L, final, tierDuals, shareDuals, tiers, k));
}
