/**
 * @module A council's planning round from the command line: `kenges plan limits` opens the
 * council's `plan-limits` motion (in force once adopted), and `kenges plan solve --body
 * <council> --period <period>` solves the model of the totals its bodies attested and those
 * limits (planModelFromTotals: one aggregate process per main product and region); `kenges plan
 * round --body` makes of that plan a planning round, after the rounds before it.
 */
import { planBasis } from "../../core/index.js";
import {
  highsSolver,
  planModelFromTotals,
  type RoundReport,
  roundReport,
  solvePlan,
} from "../../planning/index.js";
import type { ParsedArgs } from "../args.js";
import type { CommandIo } from "../command.js";
import { requireFlag, textFlags } from "../flags.js";
import { bodyName } from "../names.js";
import { solveFailure } from "../plan-files.js";
import { short } from "../render.js";
import { resolveId } from "../resolve.js";
import { type Session, withSession } from "../session.js";
import { say } from "../words.js";
import { pairsFlag } from "./plan-declare.js";
import { renderPlan } from "./plan-render.js";
import { renderRound } from "./plan-round-render.js";

/** `kenges plan limits <council> --period <period> [--labour s=h …] [--resource p=q …] [--import p=q …]` */
export function limits(args: ParsedArgs, io: CommandIo): Promise<number> {
  return withSession(args, io, async (s) => {
    const council = resolveId(s.replica, "body", args.positionals[1]);
    const period = requireFlag(args, "period");
    const title = textFlags(args, "title", false) ?? {
      [s.lang]: say(s.lang, "plan.limits.title", { period }),
    };
    const e = await s.act(council, "motion.opened", {
      kind: "plan-limits",
      title,
      text: textFlags(args, "text", false) ?? title,
      subject: {
        kind: "plan-limits",
        period,
        labour: pairsFlag(args, "labour", "skill", "hours"),
        resources: pairsFlag(args, "resource", "product", "quantity"),
        imports: pairsFlag(args, "import", "product", "quantity"),
      },
    });
    s.print({ motion: e.id }, () =>
      say(s.lang, "motion.opened", {
        id: e.id,
        command: `kenges vote ${short(e.id)} yes|no|abstain`,
      }),
    );
    return 0;
  });
}

/** The model of a council's (`--body`) attested totals for `--period` under its limits, and its name. */
export function councilModel(s: Session, args: ParsedArgs) {
  const st = s.replica.fold.state;
  const body = resolveId(s.replica, "body", requireFlag(args, "body"));
  const period = requireFlag(args, "period");
  const { totals, limits } = planBasis(st, body, period);
  return {
    model: planModelFromTotals(totals, limits),
    label: `${bodyName(st, body, s.lang)} ${period}`,
  };
}

/** The plan of a council's attested totals for a period under its limits, solved; a coded failure otherwise. */
async function solveCouncil(s: Session, args: ParsedArgs, seconds: number) {
  const { model, label } = councilModel(s, args);
  const solver = await highsSolver({ timeLimitSeconds: seconds });
  const solved = solvePlan(model, solver);
  solver.release();
  if (!solved.ok) throw solveFailure(solved.error, label, s.lang, seconds);
  return { model, plan: solved.value, label };
}

/** `kenges plan solve --body <council> --period <period> [--json] [--time-limit S]` */
export function solveRound(
  args: ParsedArgs,
  io: CommandIo,
  seconds: number,
): Promise<number> {
  return withSession(args, io, async (s) => {
    const { model, plan, label } = await solveCouncil(s, args, seconds);
    s.print({ status: "optimal", model, ...plan }, () =>
      renderPlan(label, model, plan, s.lang),
    );
    return 0;
  });
}

/**
 * `kenges plan round --body <council> --period <period> [--after <round.json>]`: the round of
 * what the council's bodies declared and attested, as the next after the rounds in `history`.
 */
export function councilRound(
  args: ParsedArgs,
  io: CommandIo,
  seconds: number,
  history: readonly RoundReport[],
): Promise<number> {
  return withSession(args, io, async (s) => {
    const { model, plan, label } = await solveCouncil(s, args, seconds);
    const report = roundReport(model, plan, history.length + 1);
    const all = [...history, report];
    s.print({ report, history: all }, () =>
      renderRound(label, report, all, s.lang),
    );
    return 0;
  });
}
