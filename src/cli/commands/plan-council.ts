/**
 * @module A council's planning round from the command line: `kenges plan limits` opens the
 * council's `plan-limits` motion (in force once adopted), and `kenges plan solve --body
 * <council> --period <period>` solves the model of the totals its bodies attested and those
 * limits (planModelFromTotals: one aggregate process per main product and region).
 */
import { planBasis } from "../../core/index.js";
import {
  highsSolver,
  planModelFromTotals,
  solvePlan,
} from "../../planning/index.js";
import type { ParsedArgs } from "../args.js";
import type { CommandIo } from "../command.js";
import { requireFlag, textFlags } from "../flags.js";
import { bodyName } from "../names.js";
import { solveFailure } from "../plan-files.js";
import { short } from "../render.js";
import { resolveId } from "../resolve.js";
import { withSession } from "../session.js";
import { say } from "../words.js";
import { pairsFlag } from "./plan-declare.js";
import { renderPlan } from "./plan-render.js";

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

/** `kenges plan solve --body <council> --period <period> [--json] [--time-limit S]` */
export function solveRound(
  args: ParsedArgs,
  io: CommandIo,
  seconds: number,
): Promise<number> {
  return withSession(args, io, async (s) => {
    const st = s.replica.fold.state;
    const body = resolveId(s.replica, "body", requireFlag(args, "body"));
    const period = requireFlag(args, "period");
    const { totals, limits } = planBasis(st, body, period);
    const model = planModelFromTotals(totals, limits);
    const label = `${bodyName(st, body, s.lang)} ${period}`;
    const solver = await highsSolver({ timeLimitSeconds: seconds });
    const solved = solvePlan(model, solver);
    solver.release();
    if (!solved.ok) throw solveFailure(solved.error, label, s.lang, seconds);
    s.print({ status: "optimal", model, ...solved.value }, () =>
      renderPlan(label, model, solved.value, s.lang),
    );
    return 0;
  });
}
