/** @module What a CLI command is: a name, its usage, and a run function. */
import type { ParsedArgs } from "./args.js";

/** Where a command writes and what it may read of its environment. */
export interface CommandIo {
  stdout(text: string): void;
  stderr(text: string): void;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
  /** Asks for a secret on the terminal (or reads KENGES_PASSPHRASE for scripts). */
  readPassphrase(prompt: string): Promise<string>;
  /**
   * Asks for a secret on the terminal and nothing else (no environment variable); absent where
   * there is no terminal. The data directory's passphrase is asked this way (data-passphrase.ts).
   */
  readonly promptHidden?: (prompt: string) => Promise<string>;
}

/** One verb of the `kenges` command. */
export interface Command {
  readonly name: string;
  /** The usage line(s) shown by `kenges <name> --help`. */
  readonly usage: string;
  /** Runs the command; returns the process exit code. Throws CliError for expected failures. */
  run(args: ParsedArgs, io: CommandIo): Promise<number>;
}

/** The value of a string flag, or undefined; a bare `--flag` without a value is an error. */
export function stringFlag(args: ParsedArgs, name: string): string | undefined {
  const v = args.flags.get(name);
  if (v === true) return undefined;
  return v;
}
