/** @module What a sync, an import or an export did: the ingest counts plus the session's own. */
import type { IngestReport } from "../replica/index.js";

/** Counts of one session (or bundle), from this side's point of view. */
export interface SyncReport {
  /** Stored and folded here (valid or invalid). */
  added: number;
  /** Received but already held. */
  duplicate: number;
  /** Stored and folded here, but invalid (kept with a reason). */
  invalid: number;
  /** Refused before storage here. */
  rejected: number;
  /** Waiting in quarantine here for missing parents. */
  quarantined: number;
  /** Released from quarantine by this session. */
  released: number;
  /** Events sent to the peer. */
  sent: number;
  /** Messages exchanged (a request and its answer count as one round trip). */
  roundTrips: number;
  bytesSent: number;
  bytesReceived: number;
  /** Authors whose heads disagree at one sequence number (forks seen in the frontiers). */
  forks: string[];
  /** Ids asked for repeatedly that the peer did not send. */
  unavailable: number;
  /** The first refusals, with their codes. */
  rejections: IngestReport["rejections"];
}

/** An empty report. */
export function emptySyncReport(): SyncReport {
  return {
    added: 0,
    duplicate: 0,
    invalid: 0,
    rejected: 0,
    quarantined: 0,
    released: 0,
    sent: 0,
    roundTrips: 0,
    bytesSent: 0,
    bytesReceived: 0,
    forks: [],
    unavailable: 0,
    rejections: [],
  };
}

/** Adds an ingest report's counts into a sync report. */
export function addIngest(into: SyncReport, r: IngestReport): void {
  into.added += r.added;
  into.duplicate += r.duplicate;
  into.invalid += r.invalid;
  into.rejected += r.rejected;
  into.quarantined += r.quarantined;
  into.released += r.released;
  for (const x of r.rejections)
    if (into.rejections.length < 100) into.rejections.push(x);
}

/** The five counts the CLI prints with --json. */
export function countsOf(r: SyncReport): {
  added: number;
  duplicate: number;
  invalid: number;
  rejected: number;
  quarantined: number;
} {
  return {
    added: r.added,
    duplicate: r.duplicate,
    invalid: r.invalid,
    rejected: r.rejected,
    quarantined: r.quarantined,
  };
}
