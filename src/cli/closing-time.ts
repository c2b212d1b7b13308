/**
 * @module A motion's closing time as a member types it: `--closes-at` (an ISO 8601 time, e.g.
 * `2026-12-07T18:00Z`, or milliseconds since the epoch) or `--closes-in` (a duration such as
 * `2h`, `90m`, `1d12h`, counted from now). The event carries an integer of milliseconds.
 */
import type { ParsedArgs } from "./args.js";
import { CliError } from "./cli-error.js";
import { stringFlag } from "./command.js";

const UNIT_MS: Readonly<Record<string, number>> = {
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
};

/** `2h`, `90m`, `1d12h` in milliseconds; null when the text is not such a duration. */
export function parseDuration(text: string): number | null {
  if (!/^(\d{1,6}[smhd])+$/.test(text)) return null;
  let ms = 0;
  for (const [, n, unit] of text.matchAll(/(\d+)([smhd])/g))
    ms += Number(n) * UNIT_MS[unit!]!;
  return ms > 0 ? ms : null;
}

/** An ISO 8601 time or epoch milliseconds; null when it is neither. */
export function parseTime(text: string): number | null {
  if (/^\d{1,16}$/.test(text)) return Number(text);
  // A date alone, or a time with a date: never a bare number of another kind.
  if (!/^\d{4}-\d{2}-\d{2}/.test(text)) return null;
  const ms = Date.parse(text);
  return Number.isFinite(ms) ? ms : null;
}

/** The closing time the flags give (ms since the epoch), or undefined when neither is given. */
export function closingTimeFrom(
  args: ParsedArgs,
  now: number,
): number | undefined {
  for (const flag of ["closes-at", "closes-in"])
    if (args.flags.get(flag) === true)
      throw new CliError("FLAG_INVALID", { flag, value: "" });
  const at = stringFlag(args, "closes-at");
  const within = stringFlag(args, "closes-in");
  if (at !== undefined && within !== undefined)
    throw new CliError("FLAG_INVALID", { flag: "closes-in", value: within });
  if (at !== undefined) {
    const ms = parseTime(at);
    if (ms === null)
      throw new CliError("FLAG_INVALID", { flag: "closes-at", value: at });
    return ms;
  }
  if (within !== undefined) {
    const ms = parseDuration(within);
    if (ms === null)
      throw new CliError("FLAG_INVALID", { flag: "closes-in", value: within });
    return now + ms;
  }
  return undefined;
}
