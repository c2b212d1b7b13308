/**
 * @module The hub's sync endpoints (src/sync's plugin) on the hub's own terms: synced events
 * take the same road as posted ones (the group committer, so indexes and the live feed
 * follow), and a peer receives exactly what its key may read here (read/viewer.ts) —
 * coordinators, the operators of peered hubs, receive everything.
 */
import type { FastifyPluginAsync } from "fastify";
import {
  decodeWireEvent,
  type KengesError,
  type SignedEvent,
} from "../core/index.js";
import type { KeyPair } from "../crypto/index.js";
import { emptyReport, type IngestReport } from "../replica/index.js";
import {
  ALL_SCOPE,
  bodiesScope,
  publicScope,
  syncPlugin,
} from "../sync/index.js";
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

/** The sync plugin for a hub; `key` signs the hub's own requests to its peers. */
export function hubSyncPlugin(
  key: KeyPair | null,
): FastifyPluginAsync<{ hub: Hub }> {
  return syncPlugin<Hub>({
    peers: { key },
    ingest: (hub, wire) => ingestThroughHub(hub, wire),
    scopeFor: (hub, peer, _requested, fold) => {
      const viewer = hub.viewer(peer.key);
      if (viewer.coordinator) return ALL_SCOPE;
      if (peer.key === null) return publicScope(fold);
      return bodiesScope(fold, viewer.reads);
    },
  });
}
