/**
 * @module Unlocking the data directory while the command's code loads. Loading a command's
 * modules takes a quarter of a second or more, and scrypt, which unwraps the data key, as long
 * again (far longer under a passphrase of full cost); scrypt runs on libuv's threads, so begun
 * first it runs beside the loading on a machine's other core. Only when the passphrase is
 * already known without asking — KENGES_DATA_PASSPHRASE, or a demo's public one — and only
 * for commands that open a data directory; the command then takes the result over
 * (unwrapDataKey), or unwraps afresh if anything differs. Imports nothing heavy on purpose.
 */
import {
  DEMO_DATA_PASSPHRASE,
  isDemoKeyFile,
  unwrapDataKeyEarly,
} from "../at-rest/index.js";
import type { ParsedArgs } from "./args.js";
import type { CommandIo } from "./command.js";
import { dataDir } from "./data-dir-path.js";

/** Begins unwrapping the data key of the directory `args` name, when its passphrase is known. */
export function beginUnlock(args: ParsedArgs, io: CommandIo): void {
  const dir = dataDir(args, io);
  const given = io.env.KENGES_DATA_PASSPHRASE;
  if (given !== undefined) unwrapDataKeyEarly(dir, given);
  // A passphrase file is read by the command (and may be the prompt's terminal); a demo opens
  // under its public passphrase only when given none (data-key.ts, openDataKey).
  else if (!args.flags.has("passphrase-file") && isDemoKeyFile(dir))
    unwrapDataKeyEarly(dir, DEMO_DATA_PASSPHRASE);
}
