/**
 * @module Per-peer budgets: bytes, events, orphans left in quarantine, refused events and
 * rounds, counted per session (the initiator) or per peer and time window (a hub). A peer
 * that breaks one is cut off for a while; honest peers, far inside them, never notice.
 */
import { syncFail } from "./sync-error.js";

/** Limits for one peer. Defaults: `DEFAULT_BUDGET`. */
export interface SyncBudget {
  /** Largest message accepted. */
  readonly maxMessageBytes: number;
  /** Largest message this side sends (events beyond it are offered by id). */
  readonly sendMessageBytes: number;
  /** Bytes received from the peer per session or window. */
  readonly maxBytesIn: number;
  /** Events received from the peer per session or window. */
  readonly maxEventsIn: number;
  /** Events from the peer left waiting in quarantine (also the replica's per-source cap). */
  readonly maxOrphans: number;
  /** Events from the peer refused before storage (bad bytes, signature, federation). */
  readonly maxRejected: number;
  /** Messages per session (initiator) or per window (hub). */
  readonly maxRounds: number;
  /** Ids in one message (id lists, wants, haves). */
  readonly maxIds: number;
  /** Frontier entries in one message (all scopes). */
  readonly maxFrontier: number;
  /** Scopes in one message. */
  readonly maxScopes: number;
  /**
   * Most frontier entries an answer to a hello carries (all scopes together): a scope's
   * frontier goes whole while it fits, else reconciliation alone finds the differences.
   */
  readonly frontierSendLimit: number;
  /** A hub's counting window per peer. */
  readonly windowMs: number;
  /** How long a peer that broke a budget is refused. */
  readonly cutOffMs: number;
  /** Accepted difference between a peer's signed clock and ours. */
  readonly authSkewMs: number;
}

export const DEFAULT_BUDGET: SyncBudget = {
  maxMessageBytes: 8 * 1024 * 1024,
  sendMessageBytes: 4 * 1024 * 1024,
  maxBytesIn: 1024 * 1024 * 1024,
  maxEventsIn: 2_000_000,
  maxOrphans: 10_000,
  maxRejected: 1_000,
  maxRounds: 2_000,
  maxIds: 200_000,
  maxFrontier: 100_000,
  maxScopes: 100_000,
  frontierSendLimit: 64,
  windowMs: 10 * 60 * 1000,
  cutOffMs: 60 * 60 * 1000,
  authSkewMs: 10 * 60 * 1000,
};

/** The counters of one budget, as numbers (for reports and tests). */
export interface BudgetUse {
  bytesIn: number;
  eventsIn: number;
  orphans: number;
  rejected: number;
  rounds: number;
}

type Counter = keyof BudgetUse;

const LIMIT_OF: Record<Counter, keyof SyncBudget> = {
  bytesIn: "maxBytesIn",
  eventsIn: "maxEventsIn",
  orphans: "maxOrphans",
  rejected: "maxRejected",
  rounds: "maxRounds",
};

/** Counts what one peer used; charging past a limit ends the session with SYNC_BUDGET_EXCEEDED. */
export class BudgetMeter {
  readonly use: BudgetUse = {
    bytesIn: 0,
    eventsIn: 0,
    orphans: 0,
    rejected: 0,
    rounds: 0,
  };

  constructor(readonly budget: SyncBudget) {}

  /** Adds n to a counter; fails (without adding) when that would pass the limit. */
  charge(counter: Counter, n: number): void {
    const limit = this.budget[LIMIT_OF[counter]] as number;
    if (this.use[counter] + n > limit)
      syncFail("SYNC_BUDGET_EXCEEDED", {
        budget: counter,
        limit,
        used: this.use[counter],
        asked: n,
      });
    this.use[counter] += n;
  }

  /** Records n without a check (for counts known only after the fact, then checked). */
  record(counter: Counter, n: number): void {
    this.use[counter] += n;
    const limit = this.budget[LIMIT_OF[counter]] as number;
    if (this.use[counter] > limit)
      syncFail("SYNC_BUDGET_EXCEEDED", {
        budget: counter,
        limit,
        used: this.use[counter],
      });
  }
}

interface PeerEntry {
  meter: BudgetMeter;
  windowStart: number;
  cutOffUntil: number;
  reason: string | null;
}

/** A hub's meters for all its peers, by peer id, in time windows. */
export class PeerLedger {
  private readonly peers = new Map<string, PeerEntry>();

  constructor(readonly budget: SyncBudget) {}

  /** The meter of a peer for now; a peer that is cut off is refused (SYNC_PEER_CUT_OFF). */
  enter(peer: string, now: number): BudgetMeter {
    let entry = this.peers.get(peer);
    if (entry !== undefined && entry.cutOffUntil > now)
      syncFail("SYNC_PEER_CUT_OFF", {
        until: entry.cutOffUntil,
        reason: entry.reason ?? "",
      });
    if (
      entry === undefined ||
      now - entry.windowStart >= this.budget.windowMs
    ) {
      entry = {
        meter: new BudgetMeter(this.budget),
        windowStart: now,
        cutOffUntil: 0,
        reason: null,
      };
      this.peers.set(peer, entry);
      if (this.peers.size > 100_000) this.forgetOldest(now);
    }
    return entry.meter;
  }

  /** Refuses a peer until now + cutOffMs. */
  cutOff(peer: string, now: number, reason: string): void {
    const entry = this.peers.get(peer) ?? {
      meter: new BudgetMeter(this.budget),
      windowStart: now,
      cutOffUntil: 0,
      reason: null,
    };
    entry.cutOffUntil = now + this.budget.cutOffMs;
    entry.reason = reason;
    this.peers.set(peer, entry);
  }

  /** True when the peer is refused now. */
  isCutOff(peer: string, now: number): boolean {
    return (this.peers.get(peer)?.cutOffUntil ?? 0) > now;
  }

  /** What a peer used in its current window (zeros for an unknown peer). */
  useOf(peer: string): BudgetUse {
    return {
      ...(this.peers.get(peer)?.meter.use ?? {
        bytesIn: 0,
        eventsIn: 0,
        orphans: 0,
        rejected: 0,
        rounds: 0,
      }),
    };
  }

  private forgetOldest(now: number): void {
    for (const [peer, entry] of this.peers)
      if (
        entry.cutOffUntil <= now &&
        now - entry.windowStart >= this.budget.windowMs
      )
        this.peers.delete(peer);
  }
}
