/**
 * @module `kenges export`: a bundle file of the scopes a reader may read — the operator all
 * it holds, `--for <key>` what that member's key may read (core's `readableScopes`) — of
 * the events the reader lacks (per its frontier file, `--since`), or of all.
 */
import {
  closeSync,
  existsSync,
  openSync,
  readFileSync,
  writeSync,
} from "node:fs";
import { resolve } from "node:path";
import { sealBundle } from "../../at-rest/index.js";
import {
  decodeFrontierFile,
  emptySyncReport,
  type ScopeFrontier,
  SyncSource,
  writeBundle,
} from "../../sync/index.js";
import { CliError } from "../cli-error.js";
import type { Command } from "../command.js";
import { stringFlag } from "../command.js";
import { asCliError, langOf, newKeyFileCost } from "../data-key.js";
import { BUNDLE_PASSPHRASE, readDataPassphrase } from "../data-passphrase.js";
import { requireFlag } from "../flags.js";
import { withSession } from "../session.js";
import { cliErrorOf, printReport } from "./sync-cli.js";

export const exportCommand: Command = {
  name: "export",
  usage: `kenges export [--for <key>] [--since <frontier-file>] --out <file> [--plain] [--bundle-passphrase-file F] [--json]
  --for    a member's public key (64 hex): only the scopes that key may read (default: all held)
  --since  the reader's frontier file (kenges frontier --out …): only the events it does not cover
  --plain  an unencrypted bundle, for what is public anyway; without it the bundle is sealed
           under a bundle passphrase (KENGES_BUNDLE_PASSPHRASE, --bundle-passphrase-file, or asked
           twice) that whoever imports it must give
  Carry the file across the cut and run kenges import <file> there.`,
  async run(args, io) {
    const out = resolve(io.cwd, requireFlag(args, "out"));
    const sinceFile = stringFlag(args, "since");
    const forKey = stringFlag(args, "for");
    if (forKey !== undefined && !/^[0-9a-f]{64}$/.test(forKey))
      throw new CliError("FLAG_INVALID", { flag: "for", value: forKey });
    const plain = args.flags.get("plain") === true;
    // Asked before the session: a prompt must not hold the directory's turn.
    const sealer = plain
      ? null
      : await sealBundle(
          await readDataPassphrase(args, io, langOf(args, io), {
            source: BUNDLE_PASSPHRASE,
            isNew: true,
          }),
          newKeyFileCost(io),
        );
    return withSession(args, io, async (s) => {
      let since: ScopeFrontier[] | null = null;
      try {
        if (sinceFile !== undefined) {
          const path = resolve(io.cwd, sinceFile);
          if (!existsSync(path)) throw new CliError("FILE_NOT_FOUND", { path });
          const file = decodeFrontierFile(readFileSync(path));
          if (file.federation !== s.replica.federation)
            throw new CliError("FEDERATION_MISMATCH", {
              expected: s.replica.federation,
              got: file.federation,
            });
          since = file.frontiers;
        }
        const source = new SyncSource(s.replica);
        const readable =
          forKey === undefined
            ? "all"
            : source.readableScopes({ kind: "key", key: forKey }, "all");
        const fd = openSync(out, "w", 0o600);
        let bytes = 0;
        const write = (chunk: Uint8Array) => {
          writeSync(fd, chunk);
          bytes += chunk.length;
        };
        let header: Awaited<ReturnType<typeof writeBundle>>;
        try {
          if (sealer !== null) write(sealer.head);
          header = await writeBundle(
            source,
            sealer === null ? write : (chunk) => write(sealer.update(chunk)),
            // A member's key is no peer: its bundle leaves out what only peers are served.
            { since, readable, withhold: forKey !== undefined },
          );
          if (sealer !== null) write(sealer.final());
        } finally {
          closeSync(fd);
        }
        printReport(s, emptySyncReport(), {
          events: header.count,
          scopes: header.frontiers.length,
          bytes,
          file: out,
          sealed: sealer !== null,
        });
        return 0;
      } catch (e) {
        throw cliErrorOf(asCliError(e));
      }
    });
  },
};
