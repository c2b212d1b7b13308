/**
 * @module `kenges import <file>`: verifies and folds a bundle (into an empty data directory it
 * creates the replica). Importing twice, or bundles in any order, changes nothing more.
 */
import { createReadStream, existsSync } from "node:fs";
import { resolve } from "node:path";
import { importBundle, SyncSource } from "../../sync/index.js";
import { CliError } from "../cli-error.js";
import type { Command } from "../command.js";
import { stringFlag } from "../command.js";
import { withSession } from "../session.js";
import { cliErrorOf, printReport, progressBar } from "./sync-cli.js";

export const importCommand: Command = {
  name: "import",
  usage: `kenges import <file> [--federation <id>] [--json] [--no-progress]
  Exits 0 even when some events wait in quarantine for parents; non-zero for an unreadable
  file (BUNDLE_UNREADABLE) or another federation's bundle (FEDERATION_MISMATCH).`,
  async run(args, io) {
    const file = args.positionals[0];
    if (file === undefined) throw new CliError("USAGE", { missing: "<file>" });
    const path = resolve(io.cwd, file);
    if (!existsSync(path)) throw new CliError("FILE_NOT_FOUND", { path });
    const federation = stringFlag(args, "federation") ?? null;
    return withSession(
      args,
      io,
      async (s) => {
        const bar = progressBar(args, io, "import");
        try {
          const { header, report } = await importBundle(
            new SyncSource(s.replica),
            createReadStream(path, {
              highWaterMark: 1 << 20,
            }) as AsyncIterable<Uint8Array>,
            {
              federation,
              peer: `bundle:${path}`,
              onProgress: (done, total) => bar(done, total),
            },
          );
          printReport(s, report, {
            federation: header.federation,
            events: header.count,
            stateHash: s.replica.stateHash(),
          });
          return 0;
        } catch (e) {
          throw cliErrorOf(e);
        }
      },
      { create: true, pool: true },
    );
  },
};
