/** @module `kenges frontier --out <file>`: what this replica holds, for a peer to export against. */
import { writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { ALL_SCOPE, encodeFrontierFile, SyncSource } from "../../sync/index.js";
import type { Command } from "../command.js";
import { requireFlag } from "../flags.js";
import { withSession } from "../session.js";

export const frontierCommand: Command = {
  name: "frontier",
  summary: "write this replica's frontier to a file (for kenges export --for)",
  usage: `kenges frontier --out <file> [--json]
  Carry the file to a replica across the cut; there, kenges export --for <file> writes only
  the events this replica lacks.`,
  async run(args, io) {
    const out = resolve(io.cwd, requireFlag(args, "out"));
    return withSession(args, io, async (s) => {
      const frontier = new SyncSource(s.replica).view(ALL_SCOPE).frontier();
      const bytes = encodeFrontierFile(s.replica.federation!, frontier);
      writeFileSync(out, bytes);
      s.print(
        {
          federation: s.replica.federation,
          authors: frontier.length,
          events: s.replica.fold.size,
          bytes: bytes.length,
          file: out,
        },
        () =>
          `frontier of ${frontier.length} authors (${s.replica.fold.size} events) written to ${out}`,
      );
      return 0;
    });
  },
};
