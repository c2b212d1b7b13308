/** @module `kenges init`: a new federation whose first founder is the operator's new key. */
import { normalizeName } from "../../core/index.js";
import { generateKeyPair } from "../../crypto/index.js";
import { CliError } from "../cli-error.js";
import type { Command } from "../command.js";
import { stringFlag } from "../command.js";
import { dataDir, isEmptyDir } from "../data-dir.js";
import { refuseFilledDatabase } from "../database-store.js";
import { DB_FLAG_USAGE, databaseOf } from "../database-url.js";
import { textFlags } from "../flags.js";
import { Keyring, keyId } from "../keyring.js";
import { withSession } from "../session.js";
import { say } from "../words.js";
import { initFromPeer } from "./init-from.js";

export const initCommand: Command = {
  name: "init",
  usage: `kenges init --name <federation name> [--name-kk …] [--name-ru …] [--name-ur …] [--founder-name <your name>] [--db URL] [--json]
  kenges init --from <url> [--key <exported key file>] [--label L] [--federation <id>] [--transport http|ws] [--db URL] [--json]
    joins an existing federation from a peer, acting as the key (what it may read)
  The operator's key is sealed with a passphrase (asked, or KENGES_PASSPHRASE).
${DB_FLAG_USAGE}; the database must hold no events yet`,
  async run(args, io) {
    if (args.flags.has("from")) return initFromPeer(args, io);
    const dir = dataDir(args, io);
    if (!isEmptyDir(dir)) throw new CliError("STORE_NOT_EMPTY", { path: dir });
    const db = databaseOf(args, io);
    const name = textFlags(args, "name")!;
    const founderName = normalizeName(
      stringFlag(args, "founder-name") ?? "Operator",
    );
    const keyring = new Keyring(dir, io);
    const passphrase = await io.readPassphrase(
      say(
        stringFlag(args, "lang") ?? io.env.KENGES_LANG ?? "en",
        "init.passphrase",
      ),
    );
    const key = generateKeyPair();
    if (db !== null) await refuseFilledDatabase(db);
    return withSession(
      args,
      io,
      async (s) => {
        keyring.save("operator", key, passphrase);
        const { event, error } = await s.replica.sign(
          key,
          null,
          "federation.created",
          { name, founders: [{ key: keyId(key), name: founderName }] },
          Date.now(),
        );
        if (error) throw new CliError(error.code, { ...error.details });
        s.print({ federation: event.id, operator: keyId(key), data: dir }, () =>
          [
            say(s.lang, "init.federation", { id: event.id }),
            say(s.lang, "init.operator", {
              key: keyId(key),
              file: `${dir}/keys/operator.key`,
            }),
            say(s.lang, "init.next", {
              command:
                "kenges body create --kind council --level national --name …",
            }),
          ].join("\n"),
        );
        return 0;
      },
      { create: true, db },
    );
  },
};
