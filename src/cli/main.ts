#!/usr/bin/env -S node --max-semi-space-size=64 --min-semi-space-size=16
/** @module The `kenges` command: parses the line, runs one command, turns failures into one line and an exit code. */
// The first line's flags: young-generation semi-spaces of 16 MiB from the start (growing to 64),
// not grown from 1 MiB by scavenges that copy what survives. Restoring the demo's fold image makes
// tens of megabytes of objects that all survive: opening it took ~0.13 s less CPU with 16 (0.17 s
// with 64, but 64 costs every command, --help too, ~0.07 s to map; 16 costs ~0.015 s).
// bench/cli/latency.ts and scripts/start-demo.mjs run node with the flags read from this line.
import { realpathSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { type ParsedArgs, parseArgs } from "./args.js";
import { CliError } from "./cli-error.js";
import type { Command, CommandIo } from "./command.js";
import { stringFlag } from "./command.js";
import { COMMANDS } from "./commands/index.js";
import { processIo } from "./io.js";
import { refuseUnknownFlags } from "./known-flags.js";
import { refuseExtraArguments } from "./known-positionals.js";

function help(): string {
  const width = Math.max(...[...COMMANDS.keys()].map((n) => n.length));
  const lines = [...COMMANDS.values()].map(
    (c) => `  ${c.name.padEnd(width)}  ${c.summary}`,
  );
  return [
    "kenges — council democracy: a signed event log, its fold, and the tools around it",
    "",
    "usage: kenges <command> [arguments] [--data <dir>] [--json] [--as <who>] [--lang en|kk|ru|ur]",
    "",
    ...lines,
    "",
    "kenges <command> --help shows a command's usage. Data: --data, else KENGES_DATA, else ./kenges-data.",
  ].join("\n");
}

/** Words for a failure, and its exit code: loaded only when something failed (the catalogues and codes are large). */
async function report(
  e: unknown,
  args: ParsedArgs,
  io: CommandIo,
  command: Command | undefined,
): Promise<number> {
  const [
    { formatError, isLanguage },
    { INVALIDITY_CODES },
    { exitCodeFor },
    { isStoreFull, isStoreUnavailable },
  ] = await Promise.all([
    import("../i18n/index.js"),
    import("../core/index.js"),
    import("./exit-codes.js"),
    import("../store/index.js"),
  ]);
  // A write the disk (or the database) had no room for: refused whole, said in words.
  // No database node took writes (a failover under way): nothing was acknowledged.
  const error = isStoreFull(e)
    ? new CliError("STORE_FULL", {})
    : isStoreUnavailable(e)
      ? new CliError("STORE_UNAVAILABLE", {})
      : e;
  const langFlag = stringFlag(args, "lang") ?? io.env.KENGES_LANG ?? "en";
  const lang = isLanguage(langFlag) ? langFlag : "en";
  if (error instanceof CliError) {
    const message = formatError(lang, error.code, error.details);
    if (args.flags.get("json") === true)
      io.stdout(
        `${JSON.stringify({ error: { code: error.code, message, details: error.details } })}\n`,
      );
    io.stderr(
      `kenges: ${error.code}: ${message}${error.code === "USAGE" && command ? `\n${command.usage}` : ""}\n`,
    );
    return exitCodeFor(
      error.code,
      (INVALIDITY_CODES as readonly string[]).includes(error.code),
    );
  }
  io.stderr(`kenges: INTERNAL: ${formatError(lang, "INTERNAL")}\n`);
  // The cause in one line; the stack only when asked for (KENGES_DEBUG=1).
  const detail =
    error instanceof Error
      ? io.env.KENGES_DEBUG
        ? (error.stack ?? error.message)
        : error.message
      : String(error);
  io.stderr(`${detail}\n`);
  return 70;
}

/** Runs the CLI with the given arguments; returns the exit code. */
export async function runCli(
  argv: readonly string[],
  io: CommandIo,
): Promise<number> {
  const args: ParsedArgs = parseArgs(argv);
  const name = args.positionals[0];
  if (name === undefined || name === "help") {
    io.stdout(`${help()}\n`);
    return name === undefined && !args.flags.has("help") ? 2 : 0;
  }
  const entry = COMMANDS.get(name);
  let command: Command | undefined;
  try {
    if (entry === undefined)
      throw new CliError("COMMAND_UNKNOWN", { command: name });
    // The data key's unwrap (scrypt) begins before the command's code loads; its module (and
    // node:crypto with it) only for a command that opens a data directory.
    if (entry.opensData !== false && !args.flags.has("help"))
      (await import("./early-unlock.js")).beginUnlock(args, io);
    command = await entry.load();
    if (args.flags.has("help")) {
      io.stdout(`${command.usage}\n`);
      return 0;
    }
    refuseUnknownFlags(command, args);
    refuseExtraArguments(command, args);
    return await command.run(
      { positionals: args.positionals.slice(1), flags: args.flags },
      io,
    );
  } catch (e) {
    return report(e, args, io, command);
  }
}

function isMainModule(): boolean {
  const entry = process.argv[1];
  if (entry === undefined) return false;
  try {
    return realpathSync(entry) === fileURLToPath(import.meta.url);
  } catch {
    return false;
  }
}

// Run when executed directly (not when imported by tests).
const invokedDirectly = isMainModule();
if (invokedDirectly) {
  runCli(process.argv.slice(2), processIo()).then(
    (code) => {
      process.exitCode = code;
    },
    (e: unknown) => {
      process.stderr.write(`kenges: INTERNAL: ${String(e)}\n`);
      process.exitCode = 70;
    },
  );
}
