/** @module `kenges sync <url>`: reconcile this replica with a hub, both directions, once. */
import { SyncSource, syncWith } from "../../sync/index.js";
import type { Command } from "../command.js";
import { withSession } from "../session.js";
import { say } from "../words.js";
import {
  cliErrorOf,
  printReport,
  progressBar,
  syncKey,
  transportFor,
  urlArgument,
} from "./sync-cli.js";

export const syncCommand: Command = {
  name: "sync",
  usage: `kenges sync <url> [--as <who>] [--transport http|ws] [--json]
  Sends what the hub lacks and takes what this replica lacks, scope by scope: every scope the
  signing key may read there (unsigned: the federation scope and public bodies).
  Exits 0 even when some events wait in quarantine for parents; non-zero for a foreign
  federation (FEDERATION_MISMATCH) or a peer error (SYNC_*).`,
  async run(args, io) {
    const url = urlArgument(args);
    return withSession(
      args,
      io,
      async (s) => {
        const key = await syncKey(s);
        const transport = await transportFor(args, url);
        const bar = progressBar(args, io, say(s.lang, "progress.sync"));
        try {
          const report = await syncWith(new SyncSource(s.replica), transport, {
            key,
            peer: `peer:${url}`,
            onRound: (r) => bar(r.roundTrips, r.roundTrips),
          });
          printReport(s, report, {
            peer: url,
            stateHash: s.replica.stateHash(),
          });
          return 0;
        } catch (e) {
          throw cliErrorOf(e);
        } finally {
          await transport.close();
        }
      },
      { pool: true },
    );
  },
};
