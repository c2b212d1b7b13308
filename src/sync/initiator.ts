/**
 * @module The side that opens a session (a CLI, a phone, a hub calling its peers): sends
 * `hello`, answers each round until neither side has anything left, and repeats whole
 * sessions until one finds nothing new — so a transfer larger than a message completes
 * and the last session confirms that both sides hold the same set.
 */
import type { KeyPair } from "../crypto/index.js";
import { signMessage } from "./auth.js";
import { BudgetMeter, DEFAULT_BUDGET, type SyncBudget } from "./budget.js";
import { decodeLimitsOf } from "./decode-limits.js";
import { frontierDigest } from "./frontier.js";
import {
  decodeMessage,
  encodeMessage,
  type HelloMessage,
  type RoundMessage,
  type ScopeRequest,
  SYNC_PROTOCOL_VERSION,
  type SyncMessage,
} from "./protocol.js";
import {
  DEFAULT_RECONCILE,
  openingRanges,
  type ReconcileOptions,
} from "./reconcile.js";
import {
  answerRound,
  ingestFromPeer,
  isQuiet,
  type StepContext,
} from "./round-step.js";
import { ALL_SCOPE } from "./scope.js";
import { syncFail } from "./sync-error.js";
import { emptySyncReport, type SyncReport } from "./sync-report.js";
import type { SyncStore } from "./sync-store.js";
import type { SyncTransport } from "./transport.js";

/** The federation id an empty replica sends: "whichever you hold" (docs/sync.md). */
export const ANY_FEDERATION = "0".repeat(64);

/** How a session is run. */
export interface SyncOptions {
  readonly budget?: SyncBudget;
  readonly reconcile?: ReconcileOptions;
  /** Signs every message as this key (the peer serves what the key may read). */
  readonly key?: KeyPair | null;
  /** What to ask for; "member" asks only for the key's scope. */
  readonly scope?: ScopeRequest;
  /** The quarantine source name for what this peer sends. */
  readonly peer?: string;
  /** An empty replica joins only this federation (refuses any other). */
  readonly federation?: string | null;
  /** Clock for message signatures (ms). */
  readonly now?: () => number;
  /** Most sessions one sync runs before it gives up (SYNC_UNFINISHED). */
  readonly maxSessions?: number;
  /** Called after each round with the running report (progress). */
  readonly onRound?: (report: SyncReport) => void;
}

/** Adds one session's counts into the running total. */
function accumulate(total: SyncReport, s: SyncReport): void {
  for (const k of [
    "added",
    "duplicate",
    "invalid",
    "rejected",
    "quarantined",
    "released",
    "sent",
    "roundTrips",
    "bytesSent",
    "bytesReceived",
    "unavailable",
  ] as const)
    total[k] += s[k];
  for (const f of s.forks) if (!total.forks.includes(f)) total.forks.push(f);
  for (const r of s.rejections)
    if (total.rejections.length < 100) total.rejections.push(r);
}

/** Turns a peer's error message into this side's failure. */
function peerFailure(answer: SyncMessage & { type: "error" }): never {
  if (
    answer.code === "FEDERATION_MISMATCH" ||
    answer.code === "SYNC_PEER_CUT_OFF"
  )
    syncFail(answer.code, { ...answer.details });
  return syncFail("SYNC_PEER_ERROR", { code: answer.code, ...answer.details });
}

/** Runs one session: hello, then rounds until quiet. */
export async function runSession(
  source: SyncStore,
  transport: SyncTransport,
  options: SyncOptions = {},
): Promise<SyncReport> {
  const budget = options.budget ?? DEFAULT_BUDGET;
  const limits = decodeLimitsOf(budget);
  const now = options.now ?? (() => Date.now());
  const report = emptySyncReport();
  let federation = source.federation ?? ANY_FEDERATION;
  const view = source.view(ALL_SCOPE);
  const ctx: StepContext = {
    source,
    view,
    budget,
    meter: new BudgetMeter(budget),
    peer: options.peer ?? "peer",
    report,
    reconcile: options.reconcile ?? DEFAULT_RECONCILE,
    wantTries: new Map(),
    received: { ids: new Set(), seqs: new Map() },
  };
  const sign = <M extends HelloMessage | RoundMessage>(m: M): M =>
    options.key ? signMessage(m, options.key, now()) : m;
  const index = view.items.index;
  const frontier = view.frontier();
  let message: HelloMessage | RoundMessage = sign({
    type: "hello",
    version: SYNC_PROTOCOL_VERSION,
    federation,
    count: index.size,
    fingerprint: index.fingerprint(0, index.size),
    frontierDigest: frontierDigest(frontier),
    authors: frontier.length,
    ranges: openingRanges(index, ctx.reconcile),
    scope: options.scope ?? "all",
    auth: null,
  });
  for (;;) {
    ctx.meter.charge("rounds", 1);
    const bytes = encodeMessage(message);
    report.bytesSent += bytes.length;
    const answerBytes = await transport.exchange(bytes);
    report.roundTrips++;
    report.bytesReceived += answerBytes.length;
    ctx.meter.charge("bytesIn", answerBytes.length);
    const answer = decodeMessage(answerBytes, limits);
    if (answer.type === "error") peerFailure(answer);
    if (answer.type !== "round")
      syncFail("SYNC_MESSAGE_MALFORMED", {
        part: "message",
        reason: "unexpected",
        field: "t",
      });
    if (answer.federation !== federation) {
      const pinned = options.federation ?? null;
      if (
        federation !== ANY_FEDERATION ||
        (pinned !== null && pinned !== answer.federation)
      )
        syncFail("FEDERATION_MISMATCH", {
          expected: pinned ?? federation,
          got: answer.federation,
        });
      federation = answer.federation;
      await source.pinFederation(federation);
    }
    const next = await source.exclusive(async () => {
      await ingestFromPeer(ctx, answer.events);
      return answerRound(ctx, answer);
    });
    options.onRound?.(report);
    if (isQuiet(next)) return report;
    message = sign({ type: "round", federation, ...next, auth: null });
  }
}

/**
 * Syncs both ways with one peer: sessions until one finds nothing new (at most
 * `maxSessions`, default 100 — then SYNC_UNFINISHED). Returns the summed report.
 */
export async function syncWith(
  source: SyncStore,
  transport: SyncTransport,
  options: SyncOptions = {},
): Promise<SyncReport> {
  const total = emptySyncReport();
  const max = options.maxSessions ?? 100;
  for (let s = 0; s < max; s++) {
    const before = source.size;
    const session = await runSession(source, transport, {
      ...options,
      onRound: (r) => {
        const running = emptySyncReport();
        accumulate(running, total);
        accumulate(running, r);
        options.onRound?.(running);
      },
    });
    accumulate(total, session);
    const gained = source.size - before;
    // Go on while sessions bring something new; after sending, one more confirms the peer took it.
    if (gained === 0 && (session.sent === 0 || s > 0)) return total;
  }
  return syncFail("SYNC_UNFINISHED", { sessions: max });
}
