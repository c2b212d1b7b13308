/**
 * @module Is a carried plan (carried-plan.ts) what it says — a feasible plan of its model,
 * optimal stage by stage? Checked without a solver, so a fold can run it and every replica
 * agrees (#15). Each stage's programme is rebuilt from the model and the optima stated before
 * it (plan-stages.ts, the sequence the solver walked); the stage's row duals must be a dual
 * certificate (plan-certificate.ts) whose bound is the stated optimum, and the plan must reach
 * it. Weak duality then says no plan does better at that stage, holding the earlier ones.
 *
 * Tolerances, and why (CARRIED_PLAN_TOLERANCE):
 * - feasibility: 1e-6 relative to the quantities of each constraint (as the solver's property
 *   tests hold it; HiGHS keeps 1e-9), plus what rounding to the millionth may cost: every run,
 *   share and import is off by at most 5e-7, so a constraint allows 5e-7 × Σ|its coefficients|
 *   more (plan-check.ts).
 * - optimality: 1e-5 relative to max(1, |stated optimum|). A stage's plan value may fall short
 *   of its stated optimum by the rounding of its shares (5e-7) and the holds of FIX_TOLERANCE
 *   (1e-7), which later stages may spend; the optima and duals are carried to the float's
 *   precision (carried-plan.ts), so the dual bound is the solver's. 1e-5 leaves ten times what
 *   rounding and holds can cost a share; a plan short by more is not optimal. (An optimum
 *   carried to the millionth was not enough: a hold's dual of 50 turned its rounding into a
 *   gap of 2.6e-5 on a generated economy.)
 */
import {
  type CarriedPlan,
  dualsOf,
  MAX_DUAL_SCALE,
  objectiveOf,
  readCarriedModel,
} from "./carried-plan.js";
import { fixedToNumber } from "./fixed-point.js";
import { certificateGap } from "./plan-certificate.js";
import { checkPlan, type PlanDecision } from "./plan-check.js";
import { type PlanModel, TIERS, type Tier } from "./plan-model.js";
import { planProgramme } from "./plan-programme.js";
import { planStages } from "./plan-stages.js";
import { fail, ok, type PlanningResult } from "./planning-error.js";

/** The relative tolerance of a stage's optimality (see the module's note). */
export const CARRIED_PLAN_TOLERANCE = 1e-5;
/** The relative tolerance of the plan's constraints, before the rounding allowance. */
export const CARRIED_FEASIBILITY_TOLERANCE = 1e-6;
/** The most a carried quantity is off by: half a millionth. */
export const CARRIED_ROUNDING = 5e-7;

/** A carried plan that passed: its model, its decision, and what each tier got. */
export interface CheckedPlan {
  readonly model: PlanModel;
  readonly decision: PlanDecision;
  readonly tiers: readonly {
    readonly tier: Tier;
    readonly guarantee: number;
    readonly meanShare: number;
  }[];
  readonly totalHours: number;
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

function quantities(
  v: unknown,
  length: number,
  path: string,
): number[] | string {
  if (!Array.isArray(v) || v.length !== length) return path;
  const out: number[] = [];
  for (const [i, text] of v.entries()) {
    const n = fixedToNumber(text);
    if (n === null) return `${path}[${i}]`;
    out.push(n);
  }
  return out;
}

/**
 * Checks a carried plan: PLAN_CARRIED_MALFORMED (details `path`: a field missing, a quantity
 * not fixed-point text, a list of the wrong length, stages not those of the model's solve),
 * the codes of readPlanModel for its model, PLAN_INFEASIBLE_CARRIED (details `constraint`,
 * `name`, `excess`: the first constraint broken) or PLAN_NOT_OPTIMAL (details `stage` (its
 * index), `kind`, `tier`, `failed`: "dual-infeasible" | "dual-bound" | "plan-short", `gap`).
 * @example checkCarriedPlan(JSON.parse(text)).ok
 */
export function checkCarriedPlan(
  carried: unknown,
  tolerance = CARRIED_PLAN_TOLERANCE,
): PlanningResult<CheckedPlan> {
  if (!isRecord(carried)) return fail("PLAN_CARRIED_MALFORMED", { path: "" });
  const read = readCarriedModel(carried.model);
  if (!read.ok) return read;
  const model = read.value;
  const runs = quantities(carried.runs, model.processes.length, "runs");
  const shares = quantities(carried.shares, model.needs.length, "shares");
  const imports = quantities(carried.imports, model.products.length, "imports");
  for (const q of [runs, shares, imports])
    if (typeof q === "string")
      return fail("PLAN_CARRIED_MALFORMED", { path: q });
  const decision: PlanDecision = {
    processes: (runs as number[]).map((r) => ({ runs: r })),
    needs: (shares as number[]).map((s) => ({ share: s })),
    products: (imports as number[]).map((m) => ({ imported: m })),
  };
  const broken = checkPlan(
    model,
    decision,
    CARRIED_FEASIBILITY_TOLERANCE,
    CARRIED_ROUNDING,
  )[0];
  if (broken !== undefined)
    return fail("PLAN_INFEASIBLE_CARRIED", {
      constraint: broken.constraint,
      name: broken.name,
      excess: broken.excess,
    });

  const programme = planProgramme(model);
  const L = programme.layout;
  // The plan as a point of the programme; a tier's guarantee is the least share of its needs.
  const x = new Float64Array(programme.base.cost.length);
  (runs as number[]).forEach((r, j) => {
    x[L.col.process + j] = r;
  });
  (shares as number[]).forEach((s, i) => {
    x[L.col.need + i] = s;
  });
  L.importProducts.forEach((k, i) => {
    x[L.col.import + i] = (imports as number[])[k]!;
  });
  const tiers: { tier: Tier; guarantee: number; meanShare: number }[] = [];
  L.tiers.forEach((tier, t) => {
    let least = 1;
    let sum = 0;
    let count = 0;
    model.needs.forEach((n, i) => {
      if (n.tier !== tier) return;
      least = Math.min(least, x[L.col.need + i]!);
      sum += x[L.col.need + i]!;
      count++;
    });
    x[L.col.guarantee + t] = Math.max(0, least);
    tiers.push({ tier, guarantee: Math.max(0, least), meanShare: sum / count });
  });

  const stages = Array.isArray(carried.stages) ? carried.stages : null;
  if (stages === null)
    return fail("PLAN_CARRIED_MALFORMED", { path: "stages" });
  const rows = programme.base.rowLower.length;
  const walk = planStages(model, programme);
  let k = 0;
  for (let step = walk.next(); !step.done; k++) {
    const { kind, tier, lp } = step.value;
    const at = `stages[${k}]`;
    const stage = stages[k] as CarriedPlan["stages"][number] | undefined;
    if (
      !isRecord(stage) ||
      stage.kind !== kind ||
      (stage.tier ?? null) !== tier ||
      !Number.isSafeInteger(stage.scale) ||
      stage.scale < 0 ||
      stage.scale > MAX_DUAL_SCALE ||
      !Array.isArray(stage.rowDuals) ||
      stage.rowDuals.length !== rows
    )
      return fail("PLAN_CARRIED_MALFORMED", { path: at });
    const duals = dualsOf(stage);
    const objective = objectiveOf(stage);
    if (duals === null || objective === null)
      return fail("PLAN_CARRIED_MALFORMED", { path: at });
    const gap = certificateGap(lp, duals, x);
    const size = Math.max(1, Math.abs(objective));
    const sign = lp.sense === "maximise" ? 1 : -1;
    const failed =
      gap.dualInfeasibility > tolerance
        ? { failed: "dual-infeasible", gap: gap.dualInfeasibility }
        : Math.abs(gap.dualObjective - objective) > tolerance * size
          ? {
              failed: "dual-bound",
              gap: Math.abs(gap.dualObjective - objective) / size,
            }
          : sign * (objective - gap.primalObjective) > tolerance * size
            ? {
                failed: "plan-short",
                gap: (sign * (objective - gap.primalObjective)) / size,
              }
            : null;
    if (failed !== null)
      return fail("PLAN_NOT_OPTIMAL", {
        stage: k,
        kind,
        tier: tier ?? "",
        ...failed,
      });
    step = walk.next(objective);
  }
  if (stages.length !== k)
    return fail("PLAN_CARRIED_MALFORMED", { path: `stages[${k}]` });
  return ok({
    model,
    decision,
    tiers: TIERS.flatMap((t) => tiers.filter((x) => x.tier === t)),
    totalHours: (runs as number[]).reduce(
      (sum, r, j) => sum + r * L.hoursPerRun[j]!,
      0,
    ),
  });
}
