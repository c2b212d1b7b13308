/**
 * @module The hub's sync endpoints (src/sync's plugin) on the hub's own terms: synced events
 * take the same road as posted ones (the group committer, so indexes and the live feed
 * follow), and a peer receives exactly what core's `readableScopes` gives it as a reader —
 * the hub's operator key and the keys of peered hubs (`kenges peer trust`) read as
 * `{ kind: "peer", hosts }` (the scopes both hubs host), any other signed key as that key,
 * an unsigned peer — or a key revoked or frozen by a fork — as an outsider. There is no other read rule here.
 */
import type { FastifyPluginAsync } from "fastify";
import {
  decodeWireEvent,
  type Hosted,
  type Reader,
  type SignedEvent,
} from "../core/index.js";
import { type KeyPair, toHex } from "../crypto/index.js";
import { emptyReport, type IngestReport } from "../replica/index.js";
import { loadPeerKeys, type PeerIdentity, syncPlugin } from "../sync/index.js";
import type { Refusal } from "./group-commit.js";
import type { Hub } from "./hub.js";
import type { WriteOrigin } from "./write/write-gate.js";

/**
 * Events synced in pass the hub's one write gate, exactly as posted ones do (validity, the
 * write rule, the rate limits; trusted peers only validity), and are committed like posted
 * ones; the report counts what became of each. `peer` is the trusted peer that pushed them,
 * or null for anyone else.
 */
async function ingestThroughHub(
  hub: Hub,
  wire: readonly Uint8Array[],
  origin: WriteOrigin,
): Promise<IngestReport> {
  const report = emptyReport();
  const limited =
    origin.peer === null ? hub.gate.checkClient(origin.address) : null;
  const events: SignedEvent[] = [];
  for (const bytes of wire) {
    const e = decodeWireEvent(bytes);
    if (e.ok && limited === null) events.push(e.value);
    else {
      report.rejected++;
      if (e.ok) note(report, e.value.id, limited!);
      else {
        if (origin.peer === null) hub.gate.chargeRefused(origin.address);
        note(report, null, e.error);
      }
    }
  }
  if (events.length === 0) return report;
  for (const r of await hub.admitSynced(events, origin)) {
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

function note(report: IngestReport, id: string | null, error: Refusal): void {
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
    const readerOf = (hub: Hub, peer: PeerIdentity): Reader => {
      if (peer.key === null) return { kind: "outsider" };
      // A revoked or forked key's signature proves nothing any more: it reads as no one.
      if (hub.standing.barOf(peer.key) !== null) return { kind: "outsider" };
      if (peer.key === own) return { kind: "peer", hosts: "all" };
      const hosts = peerKeys.get(peer.key);
      return hosts === undefined
        ? { kind: "key", key: peer.key }
        : { kind: "peer", hosts };
    };
    await syncPlugin<Hub>({
      peers: { key, hosted },
      // Events a peer pushed are judged by who pushed them; events this hub fetched from the
      // peers its operator added (`kenges peer add`) come from a peer it chose.
      ingest: (hub, wire, _source, origin) =>
        ingestThroughHub(hub, wire, {
          address: origin?.address ?? "peer",
          peer:
            origin === undefined
              ? "called"
              : origin.key !== null &&
                  (origin.key === own || peerKeys.has(origin.key))
                ? origin.key
                : null,
        }),
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
