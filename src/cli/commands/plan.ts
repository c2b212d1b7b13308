/**
 * @module `kenges plan io <table.csv>`: the input-output model of a published table —
 * coefficients, Leontief inverse, multipliers. `kenges plan solve <model.json>`: an optimised
 * plan, basic needs first, with shadow prices and what holds back each unmet need.
 */
import {
  analyseIoTable,
  highsSolver,
  type IoAnalysis,
  type IoTable,
  readIoTable,
  readPlanModel,
  solvePlan,
} from "../../planning/index.js";
import type { ParsedArgs } from "../args.js";
import { CliError } from "../cli-error.js";
import type { Command, CommandIo } from "../command.js";
import { details, langOf, readTableText, timeLimitOf } from "../plan-files.js";
import { table } from "../render.js";
import { say, term } from "../words.js";
import { renderPlan } from "./plan-render.js";
import { PLAN_VOTE_USAGE, runPlanVoteVerb } from "./plan-vote.js";

/** Plans of production: `kenges plan io <table.csv> [--json]`, `kenges plan solve <model.json>`. */
export const planCommand: Command = {
  name: "plan",
  usage: `kenges plan io <table.csv> [--json]     technical coefficients, Leontief inverse and multipliers of an input-output table
  kenges plan solve <model.json> [--json] [--time-limit S]     an optimised plan, basic needs first (HiGHS; S seconds at most, 60 by default)
  ${PLAN_VOTE_USAGE}`,
  async run(args: ParsedArgs, io: CommandIo): Promise<number> {
    const [verb, path] = args.positionals;
    if (verb === "solve") return solve(path, args, io);
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
  const seconds = timeLimitOf(args);
  const lang = langOf(args, io);
  let data: unknown;
  try {
    data = JSON.parse(readTableText(path, io));
  } catch (cause) {
    if (cause instanceof CliError) throw cause;
    throw new CliError("PLAN_MODEL_NOT_JSON", { file: path });
  }
  const read = readPlanModel(data);
  if (!read.ok)
    throw new CliError(read.error.code, details(path, read.error.details));
  const solver = await highsSolver({ timeLimitSeconds: seconds });
  const solved = solvePlan(read.value, solver);
  solver.release();
  if (!solved.ok) {
    const { tier, stage } = solved.error.details as Record<string, string>;
    // The stage in the reader's words, beside the codes a script reads.
    const step = say(lang, `plan.solve.stage.${stage}`, {
      tier: tier === "" ? "" : term(lang, "plan-tier", tier ?? ""),
    });
    throw new CliError(solved.error.code, {
      ...details(path, solved.error.details),
      step,
      seconds,
    });
  }
  if (args.flags.get("json") === true)
    io.stdout(`${JSON.stringify({ status: "optimal", ...solved.value })}\n`);
  else io.stdout(`${renderPlan(path, read.value, solved.value, lang)}\n`);
  return 0;
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
