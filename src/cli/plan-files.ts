/**
 * @module What the `kenges plan` verbs share: reading a file named on the command line, the
 * reader's language, the solver's time limit, and a planning failure's details for a sentence.
 */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import type { PlanningError } from "../planning/index.js";
import type { ParsedArgs } from "./args.js";
import { CliError } from "./cli-error.js";
import { type CommandIo, stringFlag } from "./command.js";
import { say, term } from "./words.js";

/** The reader's language: --lang, else KENGES_LANG, else English. */
export const langOf = (args: ParsedArgs, io: CommandIo) =>
  stringFlag(args, "lang") ?? io.env.KENGES_LANG ?? "en";

/** Seconds for the whole solve: a positive number, 60 when not given. */
export function timeLimitOf(args: ParsedArgs): number {
  const given = stringFlag(args, "time-limit");
  if (given === undefined) return 60;
  const seconds = Number(given);
  if (given.trim() === "" || !Number.isFinite(seconds) || seconds <= 0)
    throw new CliError("FLAG_INVALID", { flag: "time-limit", value: given });
  return seconds;
}

/** A planning failure's details with the file named and lists written out, for a sentence. */
export function details(
  file: string,
  given: Readonly<Record<string, unknown>>,
): Record<string, unknown> {
  const out: Record<string, unknown> = { file };
  for (const [k, v] of Object.entries(given))
    out[k] = Array.isArray(v) ? v.join(", ") : v;
  return out;
}

export function readTableText(path: string, io: CommandIo): string {
  try {
    return readFileSync(resolve(io.cwd, path), "utf8");
  } catch (cause) {
    throw new CliError("PLAN_FILE_UNREADABLE", {
      file: path,
      reason: (cause as NodeJS.ErrnoException).code ?? "unknown",
    });
  }
}

/** A JSON file's value; `code` when it is not JSON. */
export function readJsonFile(
  path: string,
  io: CommandIo,
  code: "PLAN_MODEL_NOT_JSON" | "PLAN_ROUNDS_NOT_JSON" | "PLAN_FILE_NOT_JSON",
): unknown {
  const text = readTableText(path, io);
  try {
    return JSON.parse(text);
  } catch {
    throw new CliError(code, { file: path });
  }
}

/**
 * A solve that ended without a plan, as the CLI error: its code and details for scripts, the
 * stage where it stopped in the reader's words (`step`), and the time it had.
 */
export function solveFailure(
  error: PlanningError,
  file: string,
  lang: string,
  seconds: number,
): CliError {
  const { tier, stage } = error.details as Record<string, string | undefined>;
  const step =
    stage === undefined
      ? ""
      : say(lang, `plan.solve.stage.${stage}`, {
          tier: tier ? term(lang, "plan-tier", tier) : "",
        });
  return new CliError(error.code, {
    ...details(file, error.details),
    step,
    seconds,
  });
}
