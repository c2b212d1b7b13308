/**
 * @module `kenges plan io <table.csv>`: the input-output model of a published table —
 * coefficients, Leontief inverse, multipliers. `kenges plan solve <model.json>`: an optimised
 * plan, basic needs first, with shadow prices and what holds back each unmet need.
 * `kenges plan round <model.json>`: a planning round's report, and the trajectory of rounds.
 * `kenges plan monitor`: a plan in force against what workplaces report (files, or with --body the
 * reports signed as events, plan-monitor-body.ts).
 */
import {
  analyseIoTable,
  DEFAULT_EXCEPTION_THRESHOLD,
  highsSolver,
  type IoAnalysis,
  type IoTable,
  type Plan,
  type PlanModel,
  planProgress,
  type RoundReport,
  readIoTable,
  readPlanModel,
  readReports,
  readRoundHistory,
  roundReport,
  runsOfPlan,
  solvePlan,
} from "../../planning/index.js";
import type { ParsedArgs } from "../args.js";
import { CliError } from "../cli-error.js";
import { type Command, type CommandIo, stringFlag } from "../command.js";
import {
  details,
  langOf,
  readJsonFile,
  readTableText,
  solveFailure,
  timeLimitOf,
} from "../plan-files.js";
import { table } from "../render.js";
import { say, term } from "../words.js";
import { councilRound, limits, solveRound } from "./plan-council.js";
import { declare, report, show } from "./plan-declare.js";
import { monitorBody, shareFlag } from "./plan-monitor-body.js";
import { renderProgress } from "./plan-monitor-render.js";
import { renderPlan } from "./plan-render.js";
import { renderRound } from "./plan-round-render.js";
import { PLAN_VOTE_USAGE, runPlanVoteVerb } from "./plan-vote.js";

/** Plans of production: `kenges plan io <table.csv> [--json]`, `kenges plan solve <model.json>`. */
export const planCommand: Command = {
  name: "plan",
  usage: `kenges plan io <table.csv> [--json]     technical coefficients, Leontief inverse and multipliers of an input-output table
  kenges plan solve <model.json> [--json] [--time-limit S]     an optimised plan, basic needs first (HiGHS; S seconds at most, 60 by default)
  kenges plan monitor <model.json> <plan.json> <reports.json> [--elapsed F] [--threshold F] [--json]     a plan in force against what workplaces report: exceptions beyond the threshold (0.1 by default), a fraction F of the period gone (1 by default), and the needs at risk
  kenges plan report --body <workplace> --period <period> --name <process> --output <made so far> --elapsed <share>
      (what a declared process made so far of its main product, with the share of the period gone, e.g. 0.25; a later report replaces it)
  kenges plan monitor --body <body> --period <period> [--threshold F] [--elapsed F] [--json]     the plan in force against what was reported: a council's per main product and region as its bodies attested them, a workplace's per process
  kenges plan round <model.json> [--after <round.json>] [--json] [--time-limit S]     a planning round: what each product lacks, has to spare and is worth; after an earlier round's --json answer, the next round and the trajectory
  kenges plan declare process --body <workplace> --period <period> --name <process> --region <region> --output <product>=<per run> … [--input <product>=<per run> …] [--labour <skill>=<hours per run> …] --capacity <runs>
      (a workplace's process for the period; the same name again revises it, --capacity 0 withdraws it)
  kenges plan declare need --body <body> --period <period> --product <product> --tier basic|standard|extra --region <region> --quantity <quantity>
      (an assembly's or council's need; quantities are decimal text such as 12.5; --quantity 0 withdraws it)
  kenges plan show [--body <body>] [--period <period>] [--json]     declarations in force, totals (a council's as its bodies attested them), limits
  kenges plan limits <council> --period <period> [--labour <skill>=<hours> …] [--resource <product>=<quantity> …] [--import <product>=<quantity> …] [--title <title>] [--text <text>]
      (opens the council's plan-limits motion; adopted, its limits are in force for the period)
  kenges plan solve --body <council> --period <period> [--json] [--time-limit S]     the plan of the council's attested totals under its limits
  kenges plan round --body <council> --period <period> [--after <round.json>] [--json] [--time-limit S]     the planning round of those totals: what to revise, and the trajectory after the rounds before
  ${PLAN_VOTE_USAGE}`,
  async run(args: ParsedArgs, io: CommandIo): Promise<number> {
    const [verb, path] = args.positionals;
    if (verb === "solve" && stringFlag(args, "body") !== undefined)
      return solveRound(args, io, timeLimitOf(args));
    if (verb === "solve") return solve(path, args, io);
    if (verb === "round") return round(path, args, io);
    if (verb === "monitor" && stringFlag(args, "body") !== undefined)
      return monitorBody(args, io);
    if (verb === "monitor") return monitor(args, io);
    if (verb === "report") return report(args, io);
    if (verb === "limits") return limits(args, io);
    if (verb === "declare") return declare(args, io);
    if (verb === "show") return show(args, io);
    const voted = runPlanVoteVerb(verb, args, io);
    if (voted !== null) return voted;
    if (verb !== "io") throw new CliError("USAGE", { verb: verb ?? "" });
    if (path === undefined) throw new CliError("PLAN_IO_FILE_REQUIRED");
    const read = readIoTable(readTableText(path, io));
    if (!read.ok)
      throw new CliError(read.error.code, details(path, read.error.details));
    const analysed = analyseIoTable(read.value);
    if (!analysed.ok)
      throw new CliError(
        analysed.error.code,
        details(path, analysed.error.details),
      );
    if (args.flags.get("json") === true)
      io.stdout(`${JSON.stringify(analysed.value)}\n`);
    else
      io.stdout(
        `${renderAnalysis(path, read.value, analysed.value, langOf(args, io))}\n`,
      );
    return 0;
  },
};

/** `kenges plan solve <model.json>`: read, check, solve; a plan only when every stage is optimal. */
async function solve(
  path: string | undefined,
  args: ParsedArgs,
  io: CommandIo,
): Promise<number> {
  if (path === undefined) throw new CliError("PLAN_SOLVE_FILE_REQUIRED");
  const { model, plan, lang } = await solveModelFile(path, args, io);
  if (args.flags.get("json") === true)
    io.stdout(`${JSON.stringify({ status: "optimal", ...plan })}\n`);
  else io.stdout(`${renderPlan(path, model, plan, lang)}\n`);
  return 0;
}

/**
 * `kenges plan round <model.json> [--after <round.json>]`: the model solved, and what each
 * product lacks or has to spare and is worth; after the rounds in `--after` (an earlier
 * round's `--json` answer), the next round and the trajectory so far.
 */
async function round(
  path: string | undefined,
  args: ParsedArgs,
  io: CommandIo,
): Promise<number> {
  const after = stringFlag(args, "after");
  let history: RoundReport[] = [];
  if (after !== undefined) {
    const read = readRoundHistory(
      (readJsonFile(after, io, "PLAN_ROUNDS_NOT_JSON") as { history?: unknown })
        ?.history,
    );
    if (!read.ok)
      throw new CliError(read.error.code, details(after, read.error.details));
    history = read.value;
  }
  if (stringFlag(args, "body") !== undefined)
    return councilRound(args, io, timeLimitOf(args), history);
  if (path === undefined) throw new CliError("PLAN_ROUND_FILE_REQUIRED");
  const { model, plan, lang } = await solveModelFile(path, args, io);
  const report = roundReport(model, plan, history.length + 1);
  history = [...history, report];
  if (args.flags.get("json") === true)
    io.stdout(`${JSON.stringify({ report, history })}\n`);
  else io.stdout(`${renderRound(path, report, history, lang)}\n`);
  return 0;
}

/**
 * `kenges plan monitor <model.json> <plan.json> <reports.json>`: the plan's runs (its `plan
 * solve --json` answer) against the runs workplaces report, pro rata of the period gone.
 */
async function monitor(args: ParsedArgs, io: CommandIo): Promise<number> {
  const [, modelPath, planPath, reportsPath] = args.positionals;
  if (reportsPath === undefined)
    throw new CliError("PLAN_MONITOR_FILES_REQUIRED");
  const lang = langOf(args, io);
  const model = readPlanModel(
    readJsonFile(modelPath!, io, "PLAN_MODEL_NOT_JSON"),
  );
  if (!model.ok)
    throw new CliError(
      model.error.code,
      details(modelPath!, model.error.details),
    );
  const runs = runsOfPlan(
    model.value,
    readJsonFile(planPath!, io, "PLAN_FILE_NOT_JSON"),
  );
  if (!runs.ok)
    throw new CliError(runs.error.code, details(planPath!, runs.error.details));
  const reports = readReports(
    readJsonFile(reportsPath, io, "PLAN_FILE_NOT_JSON"),
  );
  if (!reports.ok)
    throw new CliError(
      reports.error.code,
      details(reportsPath, reports.error.details),
    );
  const progress = planProgress(model.value, runs.value, reports.value, {
    elapsed: shareFlag(args, "elapsed", 1),
    threshold: shareFlag(args, "threshold", DEFAULT_EXCEPTION_THRESHOLD),
  });
  if (!progress.ok)
    throw new CliError(
      progress.error.code,
      details(reportsPath, progress.error.details),
    );
  if (args.flags.get("json") === true)
    io.stdout(`${JSON.stringify(progress.value)}\n`);
  else io.stdout(`${renderProgress(progress.value, lang)}\n`);
  return 0;
}

/** A model file read, checked and solved within `--time-limit`; the plan only when optimal. */
async function solveModelFile(
  path: string,
  args: ParsedArgs,
  io: CommandIo,
): Promise<{ model: PlanModel; plan: Plan; lang: string }> {
  const seconds = timeLimitOf(args);
  const lang = langOf(args, io);
  const read = readPlanModel(readJsonFile(path, io, "PLAN_MODEL_NOT_JSON"));
  if (!read.ok)
    throw new CliError(read.error.code, details(path, read.error.details));
  const solver = await highsSolver({ timeLimitSeconds: seconds });
  const solved = solvePlan(read.value, solver);
  solver.release();
  if (!solved.ok) throw solveFailure(solved.error, path, lang, seconds);
  return { model: read.value, plan: solved.value, lang };
}

const fixed = (v: number) => (Number.isFinite(v) ? v.toFixed(4) : "—");

/** The analysis as text: the multipliers per sector, then A and L with sectors numbered. */
function renderAnalysis(
  file: string,
  source: IoTable,
  analysis: IoAnalysis,
  lang: string,
): string {
  const { sectors, multipliers } = analysis;
  const kinds = (["output", "gva", "employment", "income"] as const).filter(
    (k) => multipliers[k] !== undefined,
  );
  const multiplierRows = [
    [
      "",
      say(lang, "plan.io.column.sector"),
      ...kinds.map((k) => say(lang, `plan.io.column.${k}`)),
    ],
    ...sectors.map((s, j) => [
      String(j + 1),
      s,
      ...kinds.map((k) => fixed(multipliers[k]![j]!)),
    ]),
  ];
  const matrix = (m: readonly (readonly number[])[]) =>
    table([
      ["", ...sectors.map((_, j) => String(j + 1))],
      ...m.map((row, i) => [String(i + 1), ...row.map(fixed)]),
    ]);
  return [
    say(lang, "plan.io.title", {
      file,
      sectors: sectors.length,
      layout: term(lang, "io-layout", source.layout),
    }),
    "",
    say(lang, "plan.io.multipliers"),
    table(multiplierRows),
    "",
    say(lang, "plan.io.coefficients"),
    matrix(analysis.A),
    "",
    say(lang, "plan.io.leontief"),
    matrix(analysis.leontief),
  ].join("\n");
}
