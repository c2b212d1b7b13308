/**
 * @module `kenges plan monitor --body <body> --period <period>`: a plan in force against what was
 * reported by events (#15). For a council, its plan's aggregate processes (one per main product
 * and region) against the actuals its bodies attested (reportsOfTotals): never a workplace. For
 * a workplace, its own declared processes against its share of the plan in force above it
 * (workplacePlan) and its own reports. Both are reckoned by core's planMonitor, as the hub's
 * plan view reckons them.
 */
import { planMonitor } from "../../core/index.js";
import { DEFAULT_EXCEPTION_THRESHOLD } from "../../planning/index.js";
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

export function monitorBody(args: ParsedArgs, io: CommandIo): Promise<number> {
  return withSession(args, io, async (s) => {
    const fold = s.replica.fold;
    const st = fold.state;
    const body = resolveId(s.replica, "body", requireFlag(args, "body"));
    const period = requireFlag(args, "period");
    const threshold = shareFlag(args, "threshold", DEFAULT_EXCEPTION_THRESHOLD);
    const name = bodyName(st, body, s.lang);
    const elapsed = stringFlag(args, "elapsed");
    const monitor = planMonitor(fold, body, period, {
      threshold,
      ...(elapsed === undefined
        ? {}
        : { elapsed: shareFlag(args, "elapsed", 1) }),
    });
    if (!monitor.ok)
      throw new CliError(
        monitor.error.code,
        monitor.error.code === "PLAN_NOT_ADOPTED"
          ? monitor.error.details
          : { ...monitor.error.details, file: `${name} ${period}` },
      );
    const { plan, progress } = monitor.value;
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
