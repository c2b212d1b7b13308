/**
 * @module The flags a command accepts are the ones its usage names, and the few every command
 * takes. Anything else — a misspelt `--quorm 20`, a flag of another command — is refused before
 * the command runs: a flag silently ignored would make a body with the wrong quorum.
 */
import type { ParsedArgs } from "./args.js";
import { CliError } from "./cli-error.js";
import type { Command } from "./command.js";

/** Flags every command takes (main.ts, data-dir.ts, keyring.ts and the output helpers read them). */
const GLOBAL_FLAGS = [
  "data",
  "passphrase-file",
  "as",
  "lang",
  "json",
  "help",
  "quiet",
];

/** The languages a text flag may carry as a suffix: `--title-kk` beside `--title`. */
const TEXT_LANGUAGES = ["en", "kk", "ru", "ur"];

const cache = new WeakMap<Command, ReadonlySet<string>>();

/** Every flag `command` accepts. */
export function knownFlags(command: Command): ReadonlySet<string> {
  let known = cache.get(command);
  if (known === undefined) {
    const named = [...command.usage.matchAll(/--([a-z][a-z0-9-]*)/g)].map(
      (m) => m[1]!,
    );
    known = new Set([...GLOBAL_FLAGS, ...named]);
    cache.set(command, known);
  }
  return known;
}

function accepts(known: ReadonlySet<string>, flag: string): boolean {
  if (known.has(flag)) return true;
  // `--title-ru` where the usage shows the text flag with some language (`--title-kk …`).
  const dash = flag.lastIndexOf("-");
  if (dash <= 0 || !TEXT_LANGUAGES.includes(flag.slice(dash + 1))) return false;
  const base = flag.slice(0, dash);
  return TEXT_LANGUAGES.some((l) => known.has(`${base}-${l}`));
}

/** Levenshtein distance, small strings only (flag names). */
function distance(a: string, b: string): number {
  let row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const next = [i];
    for (let j = 1; j <= b.length; j++)
      next[j] = Math.min(
        row[j]! + 1,
        next[j - 1]! + 1,
        row[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
    row = next;
  }
  return row[b.length]!;
}

/** Throws FLAG_UNKNOWN for the first flag `command` does not take, with the closest it does (or its help). */
export function refuseUnknownFlags(command: Command, args: ParsedArgs): void {
  const known = knownFlags(command);
  for (const flag of args.flags.keys()) {
    if (accepts(known, flag)) continue;
    let closest: string | null = null;
    // One edit for a short flag (`--db` is not `--as`), two for a longer one (`--quorm`).
    let best = flag.length <= 4 ? 2 : 3;
    for (const k of known) {
      const d = distance(flag, k);
      if (d < best) {
        best = d;
        closest = k;
      }
    }
    throw new CliError("FLAG_UNKNOWN", {
      flag,
      command: command.name,
      suggestion:
        closest === null ? `kenges ${command.name} --help` : `--${closest}`,
    });
  }
}
