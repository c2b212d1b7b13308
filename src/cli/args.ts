/** @module Command-line parsing: positionals and `--flag [value]` options, anywhere on the line. */

/** What a command receives from the command line. */
export interface ParsedArgs {
  readonly positionals: readonly string[];
  readonly flags: ReadonlyMap<string, string | true>;
}

/** Flags that never take a value, so `--json state` is not read as `--json=state`. */
const BOOLEAN_FLAGS = new Set([
  "json",
  "quiet",
  "help",
  "yes",
  "no-progress",
  "tls",
  "force",
  "all",
  "dry-run",
  "secret",
]);

/** A repeated flag (`--position a=yes --position b=no`) collects its values, comma-separated. */
function setFlag(
  flags: Map<string, string | true>,
  name: string,
  value: string,
): void {
  const before = flags.get(name);
  flags.set(name, typeof before === "string" ? `${before},${value}` : value);
}

/** Splits argv into positionals and flags (`--name value`, `--name=value`, bare boolean flags). */
export function parseArgs(argv: readonly string[]): ParsedArgs {
  const positionals: string[] = [];
  const flags = new Map<string, string | true>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === "--") {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (arg.startsWith("--") && arg.length > 2) {
      const eq = arg.indexOf("=");
      if (eq > 0) {
        setFlag(flags, arg.slice(2, eq), arg.slice(eq + 1));
        continue;
      }
      const name = arg.slice(2);
      const next = argv[i + 1];
      if (
        !BOOLEAN_FLAGS.has(name) &&
        next !== undefined &&
        !next.startsWith("--")
      ) {
        setFlag(flags, name, next);
        i++;
      } else flags.set(name, true);
      continue;
    }
    positionals.push(arg);
  }
  return { positionals, flags };
}
