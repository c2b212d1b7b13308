/**
 * @module `kenges plan monitor --body <body> --period <period>`: a plan in force against what was
 * reported by events (#15). For a council, its plan's aggregate processes (one per main product
 * and region) against the actuals its bodies attested (reportsOfTotals): never a workplace. For
 * a workplace, its own declared processes against its share of the plan in force above it
 * (workplacePlan) and its own reports. Both are reckoned by planProgress, as the file monitor.
 */
import {
  bodyTotals,
  declarationsOf,
  type FoldState,
  pairKey,
  planInForce,
  primaryCouncilOf,
} from "../../core/index.js";
import {
  type ActualOutput,
  checkCarriedPlan,
  DEFAULT_EXCEPTION_THRESHOLD,
  type MainProducts,
  type PlanModel,
  planProgress,
  reportsOfTotals,
  runsOfOutput,
  workplacePlan,
} from "../../planning/index.js";
import type { ParsedArgs } from "../args.js";
import { CliError } from "../cli-error.js";
import { type CommandIo, stringFlag } from "../command.js";
import { requireFlag } from "../flags.js";
import { bodyName } from "../names.js";
import { resolveId } from "../resolve.js";
import { withSession } from "../session.js";
import { renderProgress } from "./plan-monitor-render.js";

/** A share given by a flag (`--threshold 0.2`), or the fallback. */
export function shareFlag(
  args: ParsedArgs,
  flag: string,
  fallback: number,
): number {
  const given = stringFlag(args, flag);
  if (given === undefined) return fallback;
  const v = Number(given);
  if (given.trim() === "" || !Number.isFinite(v))
    throw new CliError("FLAG_INVALID", { flag, value: given });
  return v;
}

/** The plan in force of a council: its model and runs, as its motion carried them. */
function carriedOf(st: FoldState, council: string) {
  const inForce = planInForce(st, council);
  if (inForce === null) return null;
  // Checked when the motion opened, so this holds; the check reads its figures back.
  const checked = checkCarriedPlan(inForce.variant.plan);
  if (!checked.ok) return null;
  return {
    motion: inForce.motion,
    label: inForce.variant.label,
    model: checked.value.model,
    runs: checked.value.decision.processes.map((p) => p.runs),
  };
}

function progressOf(
  label: string,
  model: PlanModel,
  runs: readonly number[],
  reports: readonly ActualOutput[],
  main: MainProducts,
  elapsed: number,
  threshold: number,
) {
  const asRuns = runsOfOutput(model, reports, main);
  const progress = asRuns.ok
    ? planProgress(model, runs, asRuns.value, { elapsed, threshold, main })
    : asRuns;
  if (!progress.ok)
    throw new CliError(progress.error.code, {
      ...progress.error.details,
      file: label,
    });
  return progress.value;
}

export function monitorBody(args: ParsedArgs, io: CommandIo): Promise<number> {
  return withSession(args, io, async (s) => {
    const fold = s.replica.fold;
    const st = fold.state;
    const body = resolveId(s.replica, "body", requireFlag(args, "body"));
    const period = requireFlag(args, "period");
    const threshold = shareFlag(args, "threshold", DEFAULT_EXCEPTION_THRESHOLD);
    const name = bodyName(st, body, s.lang);
    const label = `${name} ${period}`;
    let plan: NonNullable<ReturnType<typeof carriedOf>>;
    let progress: ReturnType<typeof progressOf>;
    if (st.bodies.get(body)?.kind === "council") {
      const carried = carriedOf(st, body);
      if (carried === null) throw new CliError("PLAN_NOT_ADOPTED", { body });
      plan = carried;
      const ofTotals = reportsOfTotals(bodyTotals(st, body, period).totals);
      // Actuals of a product and region the plan has no process for cannot be due by it.
      const planned = new Set(carried.model.processes.map((p) => p.name));
      progress = progressOf(
        label,
        carried.model,
        carried.runs,
        ofTotals.reports.filter((r) => planned.has(r.process)),
        ofTotals.main,
        shareFlag(args, "elapsed", ofTotals.elapsed ?? 1),
        threshold,
      );
    } else {
      // The plan in force nearest above the workplace, along its primary links.
      let carried: ReturnType<typeof carriedOf> = null;
      const seen = new Set<string>();
      for (
        let c = primaryCouncilOf(fold, body);
        c !== null && carried === null && !seen.has(c);
        c = primaryCouncilOf(fold, c)
      ) {
        seen.add(c);
        carried = carriedOf(st, c);
      }
      if (carried === null) throw new CliError("PLAN_NOT_ADOPTED", { body });
      plan = carried;
      const utilisation = new Map(
        carried.model.processes.map((p, j) => [p.name, carried.runs[j]!]),
      );
      const own = workplacePlan(
        declarationsOf(st, body, period).processes.map((p) => {
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
      progress = progressOf(
        label,
        own.model,
        own.runs,
        own.reports,
        own.main,
        shareFlag(args, "elapsed", latest > 0 ? latest : 1),
        threshold,
      );
    }
    s.print(
      { body, period, plan: plan.motion, variant: plan.label, ...progress },
      () =>
        renderProgress(progress, s.lang, {
          body: name,
          period,
          variant: plan.label,
        }),
    );
    return 0;
  });
}
