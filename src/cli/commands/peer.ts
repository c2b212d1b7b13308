/**
 * @module `kenges peer …`: the hubs this replica syncs with. A hub started with its peers
 * syncs with each continuously (src/sync/peer-sync.ts); `peer sync` runs one round now.
 */
import {
  loadPeers,
  PeerSync,
  SyncSource,
  savePeers,
} from "../../sync/index.js";
import { CliError } from "../cli-error.js";
import type { Command } from "../command.js";
import { withSession } from "../session.js";
import { syncKey, urlArgument } from "./sync-cli.js";

export const peerCommand: Command = {
  name: "peer",
  summary:
    "the hubs this replica syncs with continuously: add, remove, list, sync now",
  usage: `kenges peer add <url>       a hub to sync with (kenges serve syncs with its peers continuously)
  kenges peer remove <url>
  kenges peer list
  kenges peer sync            one sync with every peer now`,
  async run(args, io) {
    const verb = args.positionals[0];
    return withSession(args, io, async (s) => {
      const store = s.replica.store;
      const peers = await loadPeers(store);
      switch (verb) {
        case "add": {
          const url = urlArgument(args, 1);
          await savePeers(store, [...peers, url]);
          s.print({ peers: await loadPeers(store) }, () => `peer ${url} added`);
          return 0;
        }
        case "remove": {
          const url = urlArgument(args, 1);
          if (!peers.includes(url))
            throw new CliError("ID_NOT_FOUND", { kind: "peer", id: url });
          await savePeers(
            store,
            peers.filter((p) => p !== url),
          );
          s.print(
            { peers: await loadPeers(store) },
            () => `peer ${url} removed`,
          );
          return 0;
        }
        case "list":
          s.print({ peers }, () =>
            peers.length === 0 ? "no peers" : peers.join("\n"),
          );
          return 0;
        case "sync": {
          const results = await new PeerSync(new SyncSource(s.replica), {
            key: await syncKey(s),
          }).syncAll();
          const out = Object.fromEntries(results);
          s.print(
            out,
            () =>
              [...results]
                .map(([url, r]) =>
                  "code" in r
                    ? `${url}: ${r.code}`
                    : `${url}: added ${r.added}, sent ${r.sent}`,
                )
                .join("\n") || "no peers",
          );
          return [...results.values()].some((r) => "code" in r) ? 9 : 0;
        }
        default:
          throw new CliError("USAGE", { verb: verb ?? "" });
      }
    });
  },
};
