/** @module `kenges frontier --out <file>`: what this replica holds, for a peer to export against. */
import { writeFileSync } from "node:fs";
import { resolve } from "node:path";
import {
  encodeFrontierFile,
  frontiersOf,
  SyncSource,
} from "../../sync/index.js";
import type { Command } from "../command.js";
import { requireFlag } from "../flags.js";
import { withSession } from "../session.js";
import { say } from "../words.js";

export const frontierCommand: Command = {
  name: "frontier",
  usage: `kenges frontier --out <file> [--json]
  Carry the file to a replica across the cut; there, kenges export --since <file> writes only
  the events this replica lacks, scope by scope.`,
  async run(args, io) {
    const out = resolve(io.cwd, requireFlag(args, "out"));
    return withSession(args, io, async (s) => {
      const frontiers = frontiersOf(new SyncSource(s.replica).view("all"));
      const bytes = encodeFrontierFile(s.replica.federation!, frontiers);
      writeFileSync(out, bytes);
      const chains = frontiers.reduce((n, x) => n + x.frontier.length, 0);
      s.print(
        {
          federation: s.replica.federation,
          scopes: frontiers.length,
          chains,
          events: s.replica.fold.size,
          bytes: bytes.length,
          file: out,
        },
        () =>
          say(s.lang, "frontier.written", {
            scopes: frontiers.length,
            chains,
            events: s.replica.fold.size,
            file: out,
          }),
      );
      return 0;
    });
  },
};
