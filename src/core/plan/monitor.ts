/**
 * @module A body's plan in force against what was reported by events (#15), shared by
 * `kenges plan monitor --body` and the hub's plan view. For a council, its plan's aggregate
 * processes (one per main product and region) against the actuals its bodies attested
 * (reportsOfTotals): never a workplace. For a workplace, its own declared processes against its
 * share of the plan in force nearest above it (workplacePlan) and its own reports. Both are
 * reckoned by planning's planProgress. Pure: a view of the state.
 */
import {
  type ActualOutput,
  aggregateName,
  checkCarriedPlan,
  DEFAULT_EXCEPTION_THRESHOLD,
  type MainProducts,
  type PlanModel,
  type PlanningError,
  type PlanProgress,
  planProgress,
  reportsOfTotals,
  runsOfOutput,
  workplacePlan,
} from "../../planning/check.js";
import { primaryCouncilOf } from "../attestation/pending.js";
import type { FoldEngine } from "../fold/fold.js";
import { type FoldState, pairKey } from "../fold/state.js";
import { planInForce } from "./plan-in-force.js";
import type { PlanVariant } from "./plan-variants.js";
import { bodyTotals, declarationsOf } from "./totals.js";

/** The plan in force of a council: its model and runs, as its motion carried them. */
export interface CarriedPlan {
  /** The council that adopted it. */
  readonly council: string;
  readonly motion: string;
  readonly label: string;
  /** The period its motion planned for; null for a motion that named none (any period). */
  readonly period: string | null;
  readonly model: PlanModel;
  readonly runs: readonly number[];
}

/** A body's progress against the plan in force for a period. */
export interface PlanMonitor {
  readonly plan: CarriedPlan;
  readonly progress: PlanProgress;
  /** Each process's region (an aggregate process's, or a declared one's). */
  readonly regions: ReadonlyMap<string, string>;
}

export type PlanMonitorResult =
  | { readonly ok: true; readonly value: PlanMonitor }
  | {
      readonly ok: false;
      readonly error:
        | PlanningError
        | {
            readonly code: "PLAN_NOT_ADOPTED";
            readonly details: { readonly body: string };
          };
    };

/** What the monitor is asked: the share of the period gone (else as reported) and the threshold. */
export interface PlanMonitorOptions {
  readonly elapsed?: number;
  readonly threshold?: number;
}

/**
 * The council's plan in force (for `period`, when named) as carried, or null before one (or if
 * it does not read).
 */
export function carriedPlanOf(
  state: FoldState,
  council: string,
  period?: string,
): CarriedPlan | null {
  const inForce = planInForce(state, council, period);
  if (inForce === null) return null;
  const read = readCarried(inForce.variant);
  return read === null
    ? null
    : {
        council,
        motion: inForce.motion,
        label: inForce.variant.label,
        period: inForce.period,
        ...read,
      };
}

/** A variant's model and runs, read once per variant object (the fold's records do not change). */
const carriedRead = new WeakMap<
  PlanVariant,
  { model: PlanModel; runs: readonly number[] } | null
>();

function readCarried(variant: PlanVariant) {
  if (carriedRead.has(variant)) return carriedRead.get(variant)!;
  // Checked when the motion opened, so this holds; the check reads its figures back.
  const checked = checkCarriedPlan(variant.plan);
  const read = checked.ok
    ? {
        model: checked.value.model,
        runs: checked.value.decision.processes.map((p) => p.runs),
      }
    : null;
  carriedRead.set(variant, read);
  return read;
}

/** The plan in force (for `period`, when named) nearest above a body along its primary links, or null. */
export function carriedPlanAbove(
  fold: FoldEngine,
  body: string,
  period?: string,
): CarriedPlan | null {
  const seen = new Set<string>();
  for (
    let c = primaryCouncilOf(fold, body);
    c !== null && !seen.has(c);
    c = primaryCouncilOf(fold, c)
  ) {
    seen.add(c);
    const carried = carriedPlanOf(fold.state, c, period);
    if (carried !== null) return carried;
  }
  return null;
}

function progressOf(
  plan: CarriedPlan | { model: PlanModel; runs: readonly number[] },
  reports: readonly ActualOutput[],
  main: MainProducts,
  elapsed: number,
  threshold: number,
) {
  const asRuns = runsOfOutput(plan.model, reports, main);
  return asRuns.ok
    ? planProgress(plan.model, plan.runs, asRuns.value, {
        elapsed,
        threshold,
        main,
      })
    : asRuns;
}

/**
 * The body's progress against the plan in force for `period` (adopted by a plan motion for that
 * period, or by one naming none). PLAN_NOT_ADOPTED (details `body`) when there is none (for a
 * workplace: at no council above it); planning's errors otherwise.
 */
export function planMonitor(
  fold: FoldEngine,
  body: string,
  period: string,
  options: PlanMonitorOptions = {},
): PlanMonitorResult {
  const st = fold.state;
  const threshold = options.threshold ?? DEFAULT_EXCEPTION_THRESHOLD;
  const notAdopted = {
    ok: false,
    error: { code: "PLAN_NOT_ADOPTED", details: { body } },
  } as const;
  if (st.bodies.get(body)?.kind === "council") {
    const carried = carriedPlanOf(st, body, period);
    if (carried === null) return notAdopted;
    const totals = bodyTotals(st, body, period).totals;
    const ofTotals = reportsOfTotals(totals);
    // Actuals of a product and region the plan has no process for cannot be due by it.
    const planned = new Set(carried.model.processes.map((p) => p.name));
    // An aggregate process is named `product (region)` (planModelFromTotals).
    const regions = new Map<string, string>();
    for (const p of carried.model.processes) {
      const product =
        ofTotals.main.get(p.name) ?? Object.keys(p.outputs)[0] ?? "";
      const region = p.name.slice(product.length + 2, -1);
      if (p.name === aggregateName(product, region))
        regions.set(p.name, region);
    }
    const progress = progressOf(
      carried,
      ofTotals.reports.filter((r) => planned.has(r.process)),
      ofTotals.main,
      options.elapsed ?? ofTotals.elapsed ?? 1,
      threshold,
    );
    return progress.ok
      ? {
          ok: true,
          value: { plan: carried, progress: progress.value, regions },
        }
      : progress;
  }
  const carried = carriedPlanAbove(fold, body, period);
  if (carried === null) return notAdopted;
  const utilisation = new Map(
    carried.model.processes.map((p, j) => [p.name, carried.runs[j]!]),
  );
  const declared = declarationsOf(st, body, period).processes;
  const own = workplacePlan(
    declared.map((p) => {
      const r = st.planActuals.get(pairKey(body, `${period} ${p.name}`));
      return {
        ...p,
        report:
          r === undefined ? null : { output: r.output, elapsed: r.elapsed },
      };
    }),
    utilisation,
  );
  const latest = Math.max(0, ...own.reports.map((r) => r.elapsed ?? 0));
  const progress = progressOf(
    own,
    own.reports,
    own.main,
    options.elapsed ?? (latest > 0 ? latest : 1),
    threshold,
  );
  const regions = new Map(declared.map((p) => [p.name, p.region]));
  return progress.ok
    ? { ok: true, value: { plan: carried, progress: progress.value, regions } }
    : progress;
}
