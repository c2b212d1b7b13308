/** @module `kenges tally <file>`: count a BLT or PrefLib ballot file with a named method and print the count sheet. */
import { readFileSync } from "node:fs";
import { extname, resolve } from "node:path";
import {
  type BallotFile,
  countSheetJson,
  electionMethodNames,
  findElectionMethod,
  readBlt,
  readPreflib,
  renderCountSheet,
  tallyElection,
  type VotingResult,
} from "../../voting/index.js";
import type { ParsedArgs } from "../args.js";
import { readBltFile } from "../blt-file.js";
import { CliError } from "../cli-error.js";
import { type Command, type CommandIo, stringFlag } from "../command.js";
import { countSheetLabels } from "../count-sheet-words.js";

/** How each file extension is read. */
const readers: Readonly<
  Record<string, (bytes: Uint8Array) => VotingResult<BallotFile>>
> = {
  ".blt": readBlt,
  ".soi": (bytes) => readPreflib(bytes, "soi"),
  ".toi": (bytes) => readPreflib(bytes, "toi"),
};

/** Counts a ballot file: `kenges tally <file> --method <name> [--seats N] [--json]`. */
export const tallyCommand: Command = {
  name: "tally",
  usage: `kenges tally <file> --method <${electionMethodNames.join("|")}> [--seats N] [--json]
  kenges tally --motion <motion> [--json]     recount a decided motion from the log`,
  async run(args: ParsedArgs, io: CommandIo): Promise<number> {
    // A recount needs the log and the fold; counting a file needs only the voting library.
    if (args.flags.has("motion"))
      return (await import("./recount.js")).recountCommand(args, io);
    const path = args.positionals[0];
    if (path === undefined) throw new CliError("TALLY_FILE_REQUIRED");
    const methodName = stringFlag(args, "method");
    if (methodName === undefined)
      throw new CliError("TALLY_METHOD_REQUIRED", {
        known: electionMethodNames,
      });
    // Check the method before reading a possibly large file.
    const method = findElectionMethod(methodName);
    if (!method.ok)
      throw new CliError(method.error.code, { ...method.error.details });

    const file = await readBallotFile(path, io);
    const seats = seatsFor(args, file);
    const counted = tallyElection(methodName, file.profile, {
      seats,
      withdrawn: file.withdrawn,
    });
    if (!counted.ok)
      throw new CliError(counted.error.code, { ...counted.error.details });
    if (args.flags.get("json") === true)
      io.stdout(
        `${JSON.stringify(countSheetJson(counted.value, file.names), null, 2)}\n`,
      );
    else
      io.stdout(
        renderCountSheet(
          counted.value,
          file.names,
          await countSheetLabels(
            stringFlag(args, "lang") ?? io.env.KENGES_LANG ?? "en",
          ),
        ),
      );
    return 0;
  },
};

async function readBallotFile(
  path: string,
  io: CommandIo,
): Promise<BallotFile> {
  const extension = extname(path).toLowerCase();
  const reader = readers[extension];
  if (reader === undefined)
    throw new CliError("TALLY_UNKNOWN_FORMAT", {
      file: path,
      extension,
      known: Object.keys(readers),
    });
  let parsed: VotingResult<BallotFile>;
  try {
    // Synchronously: the count needs every ballot before it starts, and node:fs/promises would
    // load the streams machinery (a tenth of a fast command's start). A BLT file is read in
    // pieces, whatever its size; PrefLib files are small.
    const file = resolve(io.cwd, path);
    parsed =
      extension === ".blt" ? readBltFile(file) : reader(readFileSync(file));
  } catch (cause) {
    // Only the file system's errors (they carry a code) mean the file cannot be read.
    const code = (cause as NodeJS.ErrnoException).code;
    if (code === undefined) throw cause;
    throw new CliError("TALLY_FILE_UNREADABLE", { file: path, reason: code });
  }
  if (!parsed.ok)
    throw new CliError(parsed.error.code, {
      file: path,
      ...parsed.error.details,
    });
  return parsed.value;
}

/** Seats from `--seats`, else from the file (a BLT header), else SEATS_REQUIRED. */
function seatsFor(args: ParsedArgs, file: BallotFile): number {
  const flag = args.flags.get("seats");
  if (flag === undefined) {
    if (file.seats !== undefined) return file.seats;
    throw new CliError("SEATS_REQUIRED");
  }
  const seats = flag === true ? Number.NaN : Number(flag);
  if (!Number.isInteger(seats) || seats < 1)
    throw new CliError("TALLY_BAD_SEATS", { seats: String(flag) });
  return seats;
}
