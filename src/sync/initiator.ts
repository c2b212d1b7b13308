/**
 * @module The side that opens a session (a CLI, a phone, a hub calling its peers): sends
 * `hello` with a summary of each scope it offers, answers each round until neither side has
 * anything left, and repeats whole sessions until one finds nothing new — so a transfer
 * larger than a message completes and the last session confirms that both sides hold the
 * same set. It offers the peer only what the peer may read of it (a hub calling a peered
 * hub: the scopes both host), through the same view the responder answers from.
 */
import { type Hosted, isServedWithheld, type Reader } from "../core/index.js";
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
  type ScopeSummary,
  SYNC_PROTOCOL_VERSION,
  type SyncMessage,
} from "./protocol.js";
import {
  DEFAULT_RECONCILE,
  leanOpening,
  openingRanges,
  type ReconcileOptions,
} from "./reconcile.js";
import {
  answerRound,
  ingestFromPeer,
  isQuiet,
  type StepContext,
} from "./round-step.js";
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
  /**
   * Ask for every scope this key may read, listed or not (default true); false asks only
   * about the scopes offered in the hello.
   */
  readonly all?: boolean;
  /**
   * Who the peer is as a reader of this side (default: a peer hosting everything — this
   * side offers all it holds, as a member's device does to its hub). A hub calling a peered
   * hub passes `{ kind: "peer", hosts }` with the scopes that hub hosts.
   */
  readonly peerReader?: Reader;
  /**
   * The scopes this side serves at all and takes events of (default: every one it holds;
   * with a list, received events of other scopes are dropped unread).
   */
  readonly hosted?: Hosted;
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
  const view = source.view(
    options.peerReader === undefined && options.hosted === undefined
      ? "all"
      : source.readableScopes(
          options.peerReader ?? { kind: "peer", hosts: "all" },
          options.hosted ?? "all",
        ),
    {
      withhold:
        options.peerReader !== undefined &&
        !isServedWithheld(options.peerReader),
    },
  );
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
    ...(options.hosted === undefined || options.hosted === "all"
      ? {}
      : {
          accepts: (s: string) =>
            s === (source.federation ?? federation) ||
            (options.hosted as ReadonlySet<string>).has(s),
        }),
  };
  const sign = <M extends HelloMessage | RoundMessage>(m: M): M =>
    options.key ? signMessage(m, options.key, now()) : m;
  const offered = view.scopes();
  const opening =
    offered.length > ctx.reconcile.leanAbove
      ? leanOpening(ctx.reconcile)
      : ctx.reconcile;
  const scopes: ScopeSummary[] = offered.map((scope) => {
    const items = view.scope(scope);
    const index = items.index;
    const frontier = items.frontier();
    return {
      scope,
      count: index.size,
      fingerprint: index.fingerprint(0, index.size),
      frontierDigest: frontierDigest(frontier),
      chains: frontier.length,
      ranges: openingRanges(index, opening),
    };
  });
  let message: HelloMessage | RoundMessage = sign({
    type: "hello",
    version: SYNC_PROTOCOL_VERSION,
    federation,
    all: options.all ?? true,
    scopes,
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
