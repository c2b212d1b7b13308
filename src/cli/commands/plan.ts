/** @module `kenges plan io <table.csv>`: the input-output model of a published table — coefficients, Leontief inverse, multipliers. */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import {
  analyseIoTable,
  type IoAnalysis,
  type IoTable,
  readIoTable,
} from "../../planning/index.js";
import type { ParsedArgs } from "../args.js";
import { CliError } from "../cli-error.js";
import { type Command, type CommandIo, stringFlag } from "../command.js";
import { table } from "../render.js";
import { say, term } from "../words.js";

/** Plans of production: `kenges plan io <table.csv> [--json]`. */
export const planCommand: Command = {
  name: "plan",
  usage: `kenges plan io <table.csv> [--json]     technical coefficients, Leontief inverse and multipliers of an input-output table`,
  async run(args: ParsedArgs, io: CommandIo): Promise<number> {
    const [verb, path] = args.positionals;
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
        `${renderAnalysis(path, read.value, analysed.value, stringFlag(args, "lang") ?? io.env.KENGES_LANG ?? "en")}\n`,
      );
    return 0;
  },
};

/** A planning failure's details with the file named and lists written out, for a sentence. */
function details(
  file: string,
  given: Readonly<Record<string, unknown>>,
): Record<string, unknown> {
  const out: Record<string, unknown> = { file };
  for (const [k, v] of Object.entries(given))
    out[k] = Array.isArray(v) ? v.join(", ") : v;
  return out;
}

function readTableText(path: string, io: CommandIo): string {
  try {
    return readFileSync(resolve(io.cwd, path), "utf8");
  } catch (cause) {
    throw new CliError("PLAN_FILE_UNREADABLE", {
      file: path,
      reason: (cause as NodeJS.ErrnoException).code ?? "unknown",
    });
  }
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
