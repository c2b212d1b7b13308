/**
 * @module `kenges import <file>`: verifies and folds a bundle (into an empty data directory it
 * creates the replica), all or nothing: the whole file is read and its trailer checked first,
 * and one refused event stores nothing of the rest. Importing twice, or bundles in any order,
 * changes nothing more.
 */
import {
  closeSync,
  createReadStream,
  existsSync,
  openSync,
  readSync,
} from "node:fs";
import { resolve } from "node:path";
import { isSealedBundle, openSealedBundle } from "../../at-rest/index.js";
import { BundleReader, emptySyncReport } from "../../sync/index.js";
import { CliError } from "../cli-error.js";
import type { Command } from "../command.js";
import { stringFlag } from "../command.js";
import { asCliError, langOf } from "../data-key.js";
import { BUNDLE_PASSPHRASE, readDataPassphrase } from "../data-passphrase.js";
import { DB_FLAG_USAGE, databaseOf } from "../database-url.js";
import { withSession } from "../session.js";
import { say } from "../words.js";
import { cliErrorOf, printReport, progressBar } from "./sync-cli.js";

/** The first bytes of a file: enough to tell a sealed bundle from a plain one. */
function headOf(path: string): Uint8Array {
  const fd = openSync(path, "r");
  try {
    const head = Buffer.alloc(16);
    return head.subarray(0, readSync(fd, head, 0, 16, 0));
  } finally {
    closeSync(fd);
  }
}

export const importCommand: Command = {
  name: "import",
  usage: `kenges import <file> [--federation <id>] [--bundle-passphrase-file F] [--db URL] [--json] [--no-progress]
  A sealed bundle (kenges export without --plain) needs its bundle passphrase:
  KENGES_BUNDLE_PASSPHRASE, --bundle-passphrase-file, or asked.
  All or nothing. Exits 0 even when some events wait in quarantine for parents; non-zero
  for an unreadable file (BUNDLE_UNREADABLE), another federation's bundle
  (FEDERATION_MISMATCH), or a bundle holding an event this replica refuses (that event's
  code, naming it): then nothing of the bundle is stored.
${DB_FLAG_USAGE}`,
  async run(args, io) {
    const file = args.positionals[0];
    if (file === undefined) throw new CliError("USAGE", { missing: "<file>" });
    const path = resolve(io.cwd, file);
    if (!existsSync(path)) throw new CliError("FILE_NOT_FOUND", { path });
    const federation = stringFlag(args, "federation") ?? null;
    const db = databaseOf(args, io);
    // A sealed bundle's passphrase is asked before the session: a prompt must not hold the
    // directory's turn.
    const bundlePassphrase = isSealedBundle(headOf(path))
      ? await readDataPassphrase(args, io, langOf(args, io), {
          source: BUNDLE_PASSPHRASE,
        })
      : null;
    return withSession(
      args,
      io,
      async (s) => {
        const bar = progressBar(args, io, say(s.lang, "progress.import"));
        try {
          const file = createReadStream(path, {
            highWaterMark: 1 << 20,
          }) as AsyncIterable<Uint8Array>;
          const reader = new BundleReader(
            bundlePassphrase === null
              ? file
              : openSealedBundle(file, bundlePassphrase),
          );
          const header = await reader.readHeader();
          const expected = s.replica.federation ?? federation;
          if (expected !== null && expected !== header.federation)
            throw new CliError("FEDERATION_MISMATCH", {
              expected,
              got: header.federation,
            });
          // The whole file first: a truncated or damaged bundle is refused before anything
          // of it is stored.
          const wire: Uint8Array[] = [];
          for await (const batch of reader.batches()) {
            wire.push(...batch);
            bar(wire.length, header.count);
          }
          const refused = await s.replica.pinFederation(header.federation);
          if (refused) throw new CliError(refused.code, { ...refused.details });
          const ingested = await s.replica.ingestWire(wire, `bundle:${path}`, {
            whole: true,
          });
          const first = ingested.rejections[0];
          if (first !== undefined)
            throw new CliError(first.code, {
              ...first.details,
              event: first.id ?? `#${String(first.details.index ?? "?")}`,
              refused: ingested.rejected,
            });
          const report = { ...emptySyncReport(), ...ingested };
          printReport(s, report, {
            federation: header.federation,
            events: header.count,
            stateHash: s.replica.stateHash(),
          });
          return 0;
        } catch (e) {
          throw cliErrorOf(asCliError(e));
        }
      },
      { create: true, pool: true, db },
    );
  },
};
