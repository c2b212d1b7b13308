/**
 * @module `kenges panic`: makes the data directory unreadable for good, at once — the key file
 * is overwritten and removed (src/at-rest), so what stays on the disk is ciphertext that no
 * passphrase opens. It asks for no passphrase and no confirmation: it is meant for the minute
 * before a door is broken. A hub serving the directory is killed too (it also notices the key
 * file gone and exits), so it writes nothing more. docs/operating.md lists what this cannot undo.
 */
import { destroyDataKeyFile } from "../../at-rest/index.js";
import type { Command } from "../command.js";
import { stringFlag } from "../command.js";
import { dataDir } from "../data-dir.js";
import { say } from "../words.js";
import { lockHolder } from "../writer-lock.js";

export const panicCommand: Command = {
  name: "panic",
  usage: `kenges panic     destroy this data directory's key file now: nothing here opens again, with any passphrase
  (no confirmation is asked; a hub serving the directory is stopped)`,
  async run(args, io) {
    const dir = dataDir(args, io);
    const lang = stringFlag(args, "lang") ?? io.env.KENGES_LANG ?? "en";
    // The key first: everything else may fail or be interrupted.
    const destroyed = destroyDataKeyFile(dir);
    const hub = lockHolder(dir);
    let stopped = false;
    if (hub !== null) {
      try {
        // SIGKILL, not SIGTERM: a hub stopping politely saves its state first.
        process.kill(hub.pid, "SIGKILL");
        stopped = true;
      } catch {
        // Not ours to signal: the hub watches its key file and exits by itself.
      }
    }
    const result = { destroyed, hubStopped: stopped ? hub?.pid : null };
    if (args.flags.get("json") === true)
      io.stdout(`${JSON.stringify(result)}\n`);
    else {
      io.stdout(
        `${say(lang, destroyed ? "panic.destroyed" : "panic.no-key-file", { path: dir })}\n`,
      );
      if (stopped)
        io.stdout(`${say(lang, "panic.hub-stopped", { pid: hub?.pid })}\n`);
    }
    return 0;
  },
};
