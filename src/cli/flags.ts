/** @module Reading typed values from flags, with errors that name the flag. */
import type { ParsedArgs } from "./args.js";
import { CliError } from "./cli-error.js";
import { stringFlag } from "./command.js";

/** A required string flag. */
export function requireFlag(args: ParsedArgs, name: string): string {
  const v = stringFlag(args, name);
  if (v === undefined || v === "")
    throw new CliError("USAGE", { missing: `--${name}` });
  return v;
}

/** Flags every command takes (read by main.ts, data-dir.ts and the keyring). */
const GLOBAL_FLAGS = ["data", "lang", "json", "help", "as"];

/**
 * Refuses a flag the command does not know: a misspelt limit (`--sync-socket 10`) would
 * otherwise be silently ignored while the operator believes it set.
 */
export function rejectUnknownFlags(
  args: ParsedArgs,
  known: readonly string[],
): void {
  for (const name of args.flags.keys())
    if (!known.includes(name) && !GLOBAL_FLAGS.includes(name))
      throw new CliError("FLAG_UNKNOWN", { flag: name });
}

/** An integer flag within bounds, or undefined when absent. */
export function intFlag(
  args: ParsedArgs,
  name: string,
  min: number,
  max: number,
): number | undefined {
  const v = stringFlag(args, name);
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < min || n > max)
    throw new CliError("FLAG_INVALID", { flag: name, value: v });
  return n;
}

/** One of a fixed set of values, or undefined when absent. */
export function choiceFlag<T extends string>(
  args: ParsedArgs,
  name: string,
  choices: readonly T[],
): T | undefined {
  const v = stringFlag(args, name);
  if (v === undefined) return undefined;
  if (!(choices as readonly string[]).includes(v))
    throw new CliError("FLAG_INVALID", { flag: name, value: v, choices });
  return v as T;
}

/**
 * Text in several languages: `--name "…"` is in the language of `--lang` (default en),
 * `--name-kk "…"`, `--name-ru "…"`, `--name-ur "…"` add the others.
 */
export function textFlags(
  args: ParsedArgs,
  name: string,
  required = true,
): Record<string, string> | undefined {
  const out: Record<string, string> = {};
  const main = stringFlag(args, name);
  if (main !== undefined) out[stringFlag(args, "lang") ?? "en"] = main;
  for (const [flag, value] of args.flags) {
    const m = flag.match(new RegExp(`^${name}-([a-z]{2,3})$`));
    if (m && typeof value === "string") out[m[1]!] = value;
  }
  if (Object.keys(out).length === 0) {
    if (required) throw new CliError("USAGE", { missing: `--${name}` });
    return undefined;
  }
  return out;
}
