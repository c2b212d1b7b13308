/**
 * @module `kenges init --from <url>`: a new replica of an existing federation, filled from a
 * peer with every scope it may read there. Without a key that is the federation scope and
 * public bodies; with `--key` it acts as that (exported, passphrase-sealed) key and receives
 * the key's scopes; `--federation` pins the federation it must be.
 */
import { existsSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import { SyncSource, syncWith } from "../../sync/index.js";
import type { ParsedArgs } from "../args.js";
import { CliError } from "../cli-error.js";
import type { CommandIo } from "../command.js";
import { stringFlag } from "../command.js";
import { dataDir, isEmptyDir } from "../data-dir.js";
import { refuseFilledDatabase } from "../database-store.js";
import { databaseOf } from "../database-url.js";
import { Keyring, keyId, openSealedKey } from "../keyring.js";
import { withSession } from "../session.js";
import { say } from "../words.js";
import {
  cliErrorOf,
  printReport,
  progressBar,
  transportFor,
} from "./sync-cli.js";

/** Runs `init --from`; called by `kenges init` when `--from` is given. */
export async function initFromPeer(
  args: ParsedArgs,
  io: CommandIo,
): Promise<number> {
  const url = stringFlag(args, "from");
  if (url === undefined)
    throw new CliError("USAGE", { missing: "--from <url>" });
  const federation = stringFlag(args, "federation") ?? null;
  if (federation !== null && !/^[0-9a-f]{64}$/.test(federation))
    throw new CliError("FLAG_INVALID", {
      flag: "federation",
      value: federation,
    });
  const dir = dataDir(args, io);
  if (!isEmptyDir(dir)) throw new CliError("STORE_NOT_EMPTY", { path: dir });
  const db = databaseOf(args, io);
  if (db !== null) await refuseFilledDatabase(db);
  const keyFile = stringFlag(args, "key");
  let key = null;
  let passphrase = "";
  if (keyFile !== undefined) {
    const path = resolve(io.cwd, keyFile);
    if (!existsSync(path)) throw new CliError("FILE_NOT_FOUND", { path });
    passphrase = await io.readPassphrase(
      say(
        stringFlag(args, "lang") ?? io.env.KENGES_LANG ?? "en",
        "init.passphrase-of-file",
      ),
    );
    key = openSealedKey(readFileSync(path), passphrase);
  }
  const label = stringFlag(args, "label") ?? "operator";
  return withSession(
    args,
    io,
    async (s) => {
      if (key !== null) {
        const keyring = new Keyring(dir, io);
        keyring.save(label, key, passphrase);
        // A key file brought from elsewhere: the device it came from may have signed what
        // this replica never sees, so its first signature here skips past that (kseq).
        keyring.markRestored(label);
      }
      const transport = await transportFor(args, url);
      const bar = progressBar(args, io, say(s.lang, "progress.receiving"));
      try {
        const report = await syncWith(new SyncSource(s.replica), transport, {
          key,
          federation,
          all: true,
          peer: `peer:${url}`,
          onRound: (r) => bar(r.added, Math.max(r.added, 1)),
        });
        const fed = s.replica.federation;
        if (fed === null)
          throw new CliError("SYNC_PEER_ERROR", { reason: "empty", url });
        printReport(s, report, {
          federation: fed,
          ...(key ? { key: keyId(key), label } : {}),
          data: dir,
          stateHash: s.replica.stateHash(),
        });
        return 0;
      } catch (e) {
        throw cliErrorOf(e);
      } finally {
        await transport.close();
      }
    },
    { create: true, pool: true, db },
  );
}
