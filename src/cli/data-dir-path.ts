/**
 * @module Which data directory an invocation means: `--data`, then KENGES_DATA, then
 * ./kenges-data. Apart from data-dir.ts (which brings the store and the fold) so the command
 * line can name it before it loads a command's code (early-unlock.ts).
 */
import { resolve } from "node:path";
import type { ParsedArgs } from "./args.js";
import { type CommandIo, stringFlag } from "./command.js";

/** The data directory for this invocation. */
export function dataDir(args: ParsedArgs, io: CommandIo): string {
  return resolve(
    io.cwd,
    stringFlag(args, "data") ?? io.env.KENGES_DATA ?? "kenges-data",
  );
}
