/**
 * @module The hub's sync endpoints (src/sync's plugin) on the hub's own terms: synced events
 * take the same road as posted ones (the group committer, so indexes and the live feed
 * follow), and a peer receives exactly what core's `readableScopes` gives it as a reader —
 * the hub's operator key and the keys of peered hubs (`kenges peer trust`) read as
 * `{ kind: "peer", hosts }` (the scopes both hubs host), any other signed key as that key,
 * an unsigned peer as an outsider. There is no other read rule here.
 */
import type { FastifyPluginAsync } from "fastify";
import {
  decodeWireEvent,
  type Hosted,
  type KengesError,
  type Reader,
  type SignedEvent,
} from "../core/index.js";
import { type KeyPair, toHex } from "../crypto/index.js";
import { emptyReport, type IngestReport } from "../replica/index.js";
import { loadPeerKeys, type PeerIdentity, syncPlugin } from "../sync/index.js";
import type { Hub } from "./hub.js";

/** Events synced in, committed like posted ones; the report counts what became of each. */
async function ingestThroughHub(
  hub: Hub,
  wire: readonly Uint8Array[],
): Promise<IngestReport> {
  const report = emptyReport();
  const events: SignedEvent[] = [];
  for (const bytes of wire) {
    const e = decodeWireEvent(bytes);
    if (e.ok) events.push(e.value);
    else {
      report.rejected++;
      note(report, null, e.error);
    }
  }
  if (events.length === 0) return report;
  for (const r of await hub.committer.submit(events)) {
    if (r.outcome === "added") {
      report.added++;
      if (r.invalid) report.invalid++;
    } else if (r.outcome === "duplicate") report.duplicate++;
    else if (r.outcome === "quarantined") report.quarantined++;
    else {
      report.rejected++;
      if (r.rejection) note(report, r.id, r.rejection);
    }
  }
  return report;
}

function note(
  report: IngestReport,
  id: string | null,
  error: KengesError,
): void {
  if (report.rejections.length < 100)
    report.rejections.push({
      id,
      code: error.code,
      details: { ...error.details },
    });
}

/** How a hub serves sync. */
export interface HubSyncOptions {
  /** The scopes this hub hosts (default: the hub's own, `kenges serve --scopes`). */
  readonly hosted?: Hosted;
}

/**
 * The sync plugin for a hub; `key` (the operator's) signs the hub's own requests to its
 * peers and reads here as a peer hosting everything.
 */
export function hubSyncPlugin(
  key: KeyPair | null,
  options: HubSyncOptions = {},
): FastifyPluginAsync<{ hub: Hub }> {
  const own = key === null ? null : toHex(key.publicKey);
  return async (app, opts) => {
    const hosted = options.hosted ?? opts.hub.hosted;
    const peerKeys = await loadPeerKeys(opts.hub.replica.store);
    const readerOf = (_hub: Hub, peer: PeerIdentity): Reader => {
      if (peer.key === null) return { kind: "outsider" };
      if (peer.key === own) return { kind: "peer", hosts: "all" };
      const hosts = peerKeys.get(peer.key);
      return hosts === undefined
        ? { kind: "key", key: peer.key }
        : { kind: "peer", hosts };
    };
    await syncPlugin<Hub>({
      peers: { key, hosted },
      ingest: (hub, wire) => ingestThroughHub(hub, wire),
      readerOf,
      hosted: () => hosted,
      sockets: {
        maxSockets: opts.hub.config.limits.syncSockets,
        maxSocketsPerAddress: opts.hub.config.limits.syncSocketsPerAddress,
        maxTotalBytes: opts.hub.config.limits.syncBufferedBytes,
      },
    })(app, opts);
  };
}
