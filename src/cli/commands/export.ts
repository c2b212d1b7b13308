/** @module `kenges export`: a bundle file of the events a peer lacks (per its frontier file), or of all. */
import {
  closeSync,
  existsSync,
  openSync,
  readFileSync,
  writeSync,
} from "node:fs";
import { resolve } from "node:path";
import {
  decodeFrontierFile,
  emptySyncReport,
  SyncSource,
  writeBundle,
} from "../../sync/index.js";
import { CliError } from "../cli-error.js";
import type { Command } from "../command.js";
import { stringFlag } from "../command.js";
import { requireFlag } from "../flags.js";
import { withSession } from "../session.js";
import { cliErrorOf, printReport } from "./sync-cli.js";

export const exportCommand: Command = {
  name: "export",
  summary:
    "write a bundle for the sneakernet: what a peer lacks, or everything",
  usage: `kenges export [--for <frontier-file>] --out <file> [--json]
  --for   the peer's frontier file (kenges frontier --out …): only the events it does not cover
  Carry the file across the cut and run kenges import <file> there.`,
  async run(args, io) {
    const out = resolve(io.cwd, requireFlag(args, "out"));
    const forFile = stringFlag(args, "for");
    return withSession(args, io, async (s) => {
      let frontier = null;
      try {
        if (forFile !== undefined) {
          const path = resolve(io.cwd, forFile);
          if (!existsSync(path)) throw new CliError("FILE_NOT_FOUND", { path });
          const file = decodeFrontierFile(readFileSync(path));
          if (file.federation !== s.replica.federation)
            throw new CliError("FEDERATION_MISMATCH", {
              expected: s.replica.federation,
              got: file.federation,
            });
          frontier = file.frontier;
        }
        const fd = openSync(out, "w");
        let bytes = 0;
        let header: Awaited<ReturnType<typeof writeBundle>>;
        try {
          header = await writeBundle(
            new SyncSource(s.replica),
            (chunk) => {
              writeSync(fd, chunk);
              bytes += chunk.length;
            },
            { for: frontier },
          );
        } finally {
          closeSync(fd);
        }
        printReport(s, emptySyncReport(), {
          events: header.count,
          bytes,
          file: out,
        });
        return 0;
      } catch (e) {
        throw cliErrorOf(e);
      }
    });
  },
};
