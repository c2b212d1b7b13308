/**
 * @module `kenges peer …`: the hubs this replica syncs with, and the keys of peered hubs it
 * trusts. A hub started with its peers syncs with each continuously (src/sync/peer-sync.ts);
 * `peer sync` runs one round now. A trusted key reads as a peered hub: the scopes both host.
 */
import type { Hosted } from "../../core/index.js";
import {
  loadPeerKeys,
  loadPeers,
  PeerSync,
  SyncSource,
  savePeerKeys,
  savePeers,
} from "../../sync/index.js";
import { CliError } from "../cli-error.js";
import type { Command } from "../command.js";
import { stringFlag } from "../command.js";
import { withSession } from "../session.js";
import { say } from "../words.js";
import { syncKey, urlArgument } from "./sync-cli.js";

export const peerCommand: Command = {
  name: "peer",
  usage: `kenges peer add <url>       a hub to sync with (kenges serve syncs with its peers continuously)
  kenges peer remove <url>
  kenges peer list
  kenges peer sync            one sync with every peer now
  kenges peer trust <key> [--hosts <scope,…>]   a peered hub's key: it reads what both hubs host
  kenges peer untrust <key>`,
  async run(args, io) {
    const verb = args.positionals[0];
    return withSession(args, io, async (s) => {
      const store = s.replica.store;
      const peers = await loadPeers(store);
      switch (verb) {
        case "add": {
          const url = urlArgument(args, 1);
          await savePeers(store, [...peers, url]);
          s.print({ peers: await loadPeers(store) }, () =>
            say(s.lang, "peer.added", { url }),
          );
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
          s.print({ peers: await loadPeers(store) }, () =>
            say(s.lang, "peer.removed", { url }),
          );
          return 0;
        }
        case "list": {
          const keys = await loadPeerKeys(store);
          const trusted = Object.fromEntries(
            [...keys].map(([k, h]) => [k, h === "all" ? "all" : [...h]]),
          );
          s.print({ peers, trusted }, () =>
            [
              ...(peers.length === 0 ? [say(s.lang, "peer.none")] : peers),
              ...Object.entries(trusted).map(([k, h]) =>
                say(s.lang, "peer.trusted", {
                  key: k,
                  hosts:
                    h === "all"
                      ? say(s.lang, "peer.hosts-all")
                      : (h as string[]).join(","),
                }),
              ),
            ].join("\n"),
          );
          return 0;
        }
        case "trust":
        case "untrust": {
          const key = args.positionals[1];
          if (key === undefined || !/^[0-9a-f]{64}$/.test(key))
            throw new CliError("FLAG_INVALID", {
              flag: "key",
              value: key ?? "",
            });
          const keys = await loadPeerKeys(store);
          if (verb === "untrust") {
            if (!keys.delete(key))
              throw new CliError("ID_NOT_FOUND", { kind: "peer", id: key });
          } else {
            const list = stringFlag(args, "hosts");
            const hosts: Hosted =
              list === undefined
                ? "all"
                : new Set(list.split(",").filter((x) => x !== ""));
            if (
              hosts !== "all" &&
              [...hosts].some((h) => !/^[0-9a-f]{64}$/.test(h))
            )
              throw new CliError("FLAG_INVALID", {
                flag: "hosts",
                value: list!,
              });
            keys.set(key, hosts);
          }
          await savePeerKeys(store, keys);
          s.print({ key, trusted: verb === "trust" }, () =>
            say(
              s.lang,
              verb === "trust" ? "peer.key-trusted" : "peer.key-untrusted",
              { key },
            ),
          );
          return 0;
        }
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
                    : say(s.lang, "peer.synced", {
                        url,
                        added: r.added,
                        sent: r.sent,
                      }),
                )
                .join("\n") || say(s.lang, "peer.none"),
          );
          return [...results.values()].some((r) => "code" in r) ? 9 : 0;
        }
        default:
          throw new CliError("USAGE", { verb: verb ?? "" });
      }
    });
  },
};
