/**
 * @module The stages of a plan's solve as one sequence of programmes, walked by the solver
 * (plan-solve.ts) and by the checker of a carried plan (carried-plan-check.ts), so that both
 * mean the same programme by "stage k" (#15). The tiers in order, each:
 *
 *   1. guarantee: maximise t_T; then t_T ≥ fixAt(t*).
 *   2. share (only when t* < 1): maximise the mean met share of T; then Σ s_n ≥ fixAt(mean)·|T|.
 *
 * and last the labour stage: minimise the hours of the plan with every tier held. Before its
 * tier opens, a need is held at its floor (meeting less is always possible: balances are ≥).
 * Each stage's optimum comes back into the sequence (`next(optimum)`): the holds of every later
 * stage are made from it — from the solver's answer when solving, from the carried plan's
 * stated objective when checking.
 */
import type { LinearProgramme } from "./linear-programme.js";
import type { PlanModel, Tier } from "./plan-model.js";
import type { PlanLayout, PlanProgramme } from "./plan-programme.js";

/**
 * How far below its optimum a fixed stage may fall (shares are in [0, 1]): well above the
 * solver's feasibility tolerance (1e-9, highs-solver.ts), so that a later stage is never refused
 * because an earlier optimum was reported a rounding too high.
 */
export const FIX_TOLERANCE = 1e-7;

/**
 * An optimum within FIX_TOLERANCE of 0 or 1 is 0 or 1: solver noise neither promises a share
 * nobody gets nor leaves a need a rounding short of full.
 */
export const snap = (v: number) =>
  v >= 1 - FIX_TOLERANCE ? 1 : v <= FIX_TOLERANCE ? 0 : v;

/** The bound that holds a stage's optimum: exactly 1 when met in full (s_n ≤ 1 keeps it feasible). */
export const fixAt = (v: number) =>
  v === 1 ? 1 : Math.max(0, v - FIX_TOLERANCE);

export type StageKind = "guarantee" | "share" | "labour";

/** A programme whose bounds and costs the stages set in place. */
export interface WorkingProgramme extends LinearProgramme {
  sense: LinearProgramme["sense"];
  readonly cost: Float64Array;
  readonly colLower: Float64Array;
  readonly colUpper: Float64Array;
  readonly rowLower: Float64Array;
  readonly rowUpper: Float64Array;
}

export interface PlanStage {
  readonly kind: StageKind;
  /** The tier solved; null for the labour stage. */
  readonly tier: Tier | null;
  /** Its index among the layout's tiers (-1 for the labour stage). */
  readonly t: number;
  /** The needs of the tier (indices into the model's needs); empty for the labour stage. */
  readonly members: readonly number[];
  /**
   * The working programme with this stage's sense and costs and every earlier hold. One object
   * for all stages: a solver may tighten it further before asking for the next stage.
   */
  readonly lp: WorkingProgramme;
}

/** A fresh working copy of a model's programme, before any stage. */
function workingCopy(base: LinearProgramme): WorkingProgramme {
  return {
    ...base,
    cost: base.cost.slice(),
    colLower: base.colLower.slice(),
    colUpper: base.colUpper.slice(),
    rowLower: base.rowLower.slice(),
    rowUpper: base.rowUpper.slice(),
  };
}

/**
 * The stages of a model's solve. Send each stage's optimum (snapped) with `next(optimum)`;
 * the labour stage's is not used.
 * @example for (let s = g.next(); !s.done; s = g.next(optimumOf(s.value))) …
 */
export function* planStages(
  model: PlanModel,
  programme: PlanProgramme,
): Generator<PlanStage, void, number> {
  const L: PlanLayout = programme.layout;
  const lp = workingCopy(programme.base);
  for (const i of model.needs.keys())
    lp.colUpper[L.col.need + i] = lp.colLower[L.col.need + i]!;
  for (const [t, tier] of L.tiers.entries()) {
    const members = model.needs.flatMap((n, i) => (n.tier === tier ? [i] : []));
    for (const i of members) lp.colUpper[L.col.need + i] = 1;
    lp.cost.fill(0);
    lp.cost[L.col.guarantee + t] = 1;
    const guarantee = snap(
      yield {
        kind: "guarantee",
        tier,
        t,
        members,
        lp: withSense(lp, "maximise"),
      },
    );
    lp.colLower[L.col.guarantee + t] = fixAt(guarantee);
    let meanShare = 1;
    if (guarantee < 1 - FIX_TOLERANCE) {
      lp.cost.fill(0);
      for (const i of members) lp.cost[L.col.need + i] = 1 / members.length;
      meanShare = snap(
        yield {
          kind: "share",
          tier,
          t,
          members,
          lp: withSense(lp, "maximise"),
        },
      );
    }
    lp.rowLower[L.row.tier + t] = fixAt(meanShare) * members.length;
  }
  lp.cost.fill(0);
  lp.cost.set(L.hoursPerRun, L.col.process);
  yield {
    kind: "labour",
    tier: null,
    t: -1,
    members: [],
    lp: withSense(lp, "minimise"),
  };
}

/** The working programme with a sense set (the same object: holds carry on). */
function withSense(
  lp: WorkingProgramme,
  sense: LinearProgramme["sense"],
): WorkingProgramme {
  lp.sense = sense;
  return lp;
}
