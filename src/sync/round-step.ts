/**
 * @module What either side does with a message it received: ingest the events (within the
 * peer's budget), gather what it will send at once (events asked for, by id or by frontier),
 * answer each scope's ranges as if the peer already had those, and build the next message —
 * events parents-first up to the message size, the rest offered by id. Everything is read
 * through the view of what the peer may see, so a scope outside it answers like one not held.
 */

import { decodeWireEvent } from "../core/index.js";
import { toHex } from "../crypto/index.js";
import type { BudgetMeter, SyncBudget } from "./budget.js";
import type { FrontierEntry } from "./frontier.js";
import type { ScopePart } from "./protocol.js";
import type { Range } from "./range-list.js";
import { encodeRanges } from "./range-list.js";
import {
  answerRanges,
  type ReconcileOptions,
  SEARCH_TRIES,
} from "./reconcile.js";
import type { ScopeItems } from "./scoped-items.js";
import { compareKeys, type SortKey } from "./sort-key.js";
import { syncFail } from "./sync-error.js";
import { addIngest, type SyncReport } from "./sync-report.js";
import type { IngestOrigin, SyncStore, SyncViewLike } from "./sync-store.js";

/** The parts of a round message, without its envelope (type, federation, auth). */
export interface RoundBody {
  scopes: readonly ScopePart[];
  events: readonly Uint8Array[];
  want: readonly string[];
  have: readonly string[];
}

/** An empty round body. */
export function emptyRound(): RoundBody {
  return { scopes: [], events: [], want: [], have: [] };
}

/** True when a round body asks nothing and carries nothing (frontiers alone ask nothing). */
export function isQuiet(body: RoundBody): boolean {
  return (
    body.scopes.every((p) => p.ranges.length === 0 && p.after.length === 0) &&
    body.events.length === 0 &&
    body.want.length === 0 &&
    body.have.length === 0
  );
}

/** Everything one side needs to take a round. */
export interface StepContext {
  readonly source: SyncStore;
  /** What the peer may see of this side. */
  readonly view: SyncViewLike;
  readonly budget: SyncBudget;
  readonly meter: BudgetMeter;
  /** The quarantine source name of this peer. */
  readonly peer: string;
  /** Who pushed the events, when a peer pushed them to a responder (the write gate's input). */
  readonly origin?: IngestOrigin;
  readonly report: SyncReport;
  readonly reconcile: ReconcileOptions;
  /** How often each id was asked for (a side that keeps state across rounds). */
  readonly wantTries: Map<string, number>;
  /**
   * Ids received in this session, and each chain's highest sequence number among them
   * (keyed `scope author`): events that wait in quarantine for parents still on their way
   * are not asked for again.
   */
  readonly received?: { ids: Set<string>; seqs: Map<string, number> };
  /**
   * The scopes this side takes events of (a hub's hosted scopes); events of others are
   * dropped unread by the ingest. Absent: every scope.
   */
  readonly accepts?: (scope: string) => boolean;
}

const MAX_WANT_TRIES = 3;
const ZERO_HEAD = "0".repeat(64);

/** Ingests a peer's events, charging its budget; a foreign federation ends the session. */
export async function ingestFromPeer(
  ctx: StepContext,
  events: readonly Uint8Array[],
): Promise<void> {
  if (events.length === 0) return;
  ctx.meter.charge("eventsIn", events.length);
  let taken = events;
  if (ctx.received || ctx.accepts) {
    const kept: Uint8Array[] = [];
    for (const w of events) {
      const e = decodeWireEvent(w);
      if (!e.ok) {
        kept.push(w); // the ingest refuses it with its code
        continue;
      }
      const env = e.value.envelope;
      const scope = env.scope === null ? e.value.id : toHex(env.scope);
      if (ctx.accepts && !ctx.accepts(scope)) continue;
      kept.push(w);
      if (!ctx.received) continue;
      ctx.received.ids.add(e.value.id);
      const chain = `${scope} ${toHex(env.author)}`;
      if ((ctx.received.seqs.get(chain) ?? 0) < env.seq)
        ctx.received.seqs.set(chain, env.seq);
    }
    taken = kept;
    if (taken.length === 0) return;
  }
  const r = await ctx.source.ingest(taken, ctx.peer, ctx.origin);
  addIngest(ctx.report, r);
  const foreign = r.rejections.find((x) => x.code === "FEDERATION_MISMATCH");
  if (foreign) syncFail("FEDERATION_MISMATCH", { ...foreign.details });
  ctx.meter.record("rejected", r.rejected);
  ctx.meter.record("orphans", r.quarantined);
}

/** Compares a peer's frontier of one scope with ours: what to send, what to ask for, which keys forked. */
function compareFrontiers(
  ctx: StepContext,
  scope: string,
  items: ScopeItems,
  theirs: readonly FrontierEntry[],
  sending: Map<string, SortKey>,
  after: FrontierEntry[],
): void {
  const mine = new Map(items.frontier().map((e) => [e.author, e]));
  // Events received in this session count as held, even while they wait for parents.
  for (const [chain, seq] of ctx.received?.seqs ?? []) {
    if (!chain.startsWith(`${scope} `)) continue;
    const author = chain.slice(scope.length + 1);
    const m = mine.get(author);
    if (m === undefined || m.seq < seq)
      mine.set(author, { author, seq, head: m?.seq === seq ? m.head : "" });
  }
  const seen = new Set<string>();
  for (const t of theirs) {
    seen.add(t.author);
    const m = mine.get(t.author);
    if (m === undefined)
      after.push({ author: t.author, seq: 0, head: ZERO_HEAD });
    else if (m.seq < t.seq)
      after.push(m.head === "" ? { ...m, head: ZERO_HEAD } : m);
    else if (m.seq > t.seq)
      for (const k of items.eventsAfter(t.author, t.seq)) sending.set(k.id, k);
    else if (m.head !== "" && m.head !== t.head) {
      const fork = `${scope} ${t.author}`;
      if (!ctx.report.forks.includes(fork)) ctx.report.forks.push(fork);
    }
  }
  for (const m of mine.values())
    if (!seen.has(m.author))
      for (const k of items.eventsAfter(m.author, 0)) sending.set(k.id, k);
}

/** What one scope's part of the answer holds while it is being built. */
interface PartDraft {
  ranges: Range[];
  after: FrontierEntry[];
  frontier: readonly FrontierEntry[] | null;
}

/**
 * Takes a received round (its events already ingested by `ingestFromPeer`) and builds the
 * answer. `pushWhole` are scopes of the view the peer holds none of (it asked for every
 * scope it may read and did not list these): all their events go. `frontiers` are this
 * side's frontiers to attach, by scope. `isOpening` marks the answer to a hello.
 */
export async function answerRound(
  ctx: StepContext,
  incoming: RoundBody,
  options: {
    readonly isOpening?: boolean;
    readonly pushWhole?: readonly string[];
    readonly frontiers?: ReadonlyMap<string, readonly FrontierEntry[]>;
  } = {},
): Promise<RoundBody> {
  const view = ctx.view;
  const sending = new Map<string, SortKey>();
  for (const id of incoming.want) {
    const k = view.keyOf(id);
    if (k) sending.set(id, k);
  }
  for (const scope of options.pushWhole ?? []) {
    const index = view.scope(scope).index;
    for (const k of index.keys(0, index.size)) sending.set(k.id, k);
  }
  const parts = new Map<string, PartDraft>();
  const part = (scope: string): PartDraft => {
    let p = parts.get(scope);
    if (p === undefined)
      parts.set(scope, (p = { ranges: [], after: [], frontier: null }));
    return p;
  };
  for (const p of incoming.scopes) {
    const items = view.scope(p.scope);
    for (const a of p.after)
      for (const k of items.eventsAfter(a.author, a.seq)) sending.set(k.id, k);
    if (p.frontier !== null) {
      const after: FrontierEntry[] = [];
      compareFrontiers(ctx, p.scope, items, p.frontier, sending, after);
      if (after.length > 0) part(p.scope).after = after;
    }
  }
  // Events on their way, per scope, sorted: a fingerprint is compared as if the peer held them.
  const flyingIn = new Map<string, SortKey[]>();
  for (const k of sending.values()) {
    const scope = view.scopeOf(k.id)!;
    let list = flyingIn.get(scope);
    if (list === undefined) flyingIn.set(scope, (list = []));
    list.push(k);
  }
  for (const list of flyingIn.values()) list.sort(compareKeys);
  const wantedHere: string[] = [];
  const search = { tries: SEARCH_TRIES };
  for (const p of incoming.scopes) {
    if (p.ranges.length === 0) continue;
    const answer = answerRanges(
      view.scope(p.scope),
      p.ranges,
      flyingIn.get(p.scope) ?? [],
      ctx.reconcile,
      options.isOpening === true,
      search,
    );
    for (const k of answer.push) sending.set(k.id, k);
    wantedHere.push(...answer.want);
    if (answer.ranges.length > 0) part(p.scope).ranges = answer.ranges;
  }
  for (const [scope, frontier] of options.frontiers ?? [])
    part(scope).frontier = frontier;

  // Ask for what the peer has and this view lacks: from id lists, and what it offered by id.
  const want: string[] = [];
  const wanted = new Set<string>();
  for (const id of [...wantedHere, ...incoming.have]) {
    if (wanted.has(id) || view.keyOf(id) !== null || ctx.received?.ids.has(id))
      continue;
    const tries = ctx.wantTries.get(id) ?? 0;
    if (tries >= MAX_WANT_TRIES) {
      ctx.report.unavailable++;
      continue;
    }
    ctx.wantTries.set(id, tries + 1);
    wanted.add(id);
    if (want.length < ctx.budget.maxIds / 2) want.push(id);
  }

  const scopes: ScopePart[] = [...parts]
    .filter(
      ([, p]) =>
        p.ranges.length > 0 || p.after.length > 0 || p.frontier !== null,
    )
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([scope, p]) => ({ scope, ...p }));

  // Events parents-first (height order), as many as fit; the rest offered by id.
  const keys = [...sending.values()].sort(compareKeys);
  let room =
    ctx.budget.sendMessageBytes - partsBytes(scopes) - 32 * want.length - 4096;
  const events: Uint8Array[] = [];
  const have: string[] = [];
  const batch = 256;
  for (let i = 0; i < keys.length; i += batch) {
    const slice = keys.slice(i, i + batch);
    if (room <= 0) {
      for (const k of slice) have.push(k.id);
      continue;
    }
    const wire = await ctx.source.wireEvents(slice);
    for (let j = 0; j < wire.length; j++) {
      const w = wire[j];
      if (w === null || w === undefined) continue;
      if (room - w.length - 8 >= 0 && events.length < ctx.budget.maxIds / 10) {
        events.push(w);
        room -= w.length + 8;
      } else {
        room = 0;
        have.push(slice[j]!.id);
      }
    }
  }
  // Offers beyond this are found again by the next session ("sync until quiet").
  const maxHave = Math.floor(ctx.budget.maxIds / 2);
  if (have.length > maxHave) have.length = maxHave;
  ctx.report.sent += events.length;
  return { scopes, events, want, have };
}

/** About how many bytes the scope parts take in a message. */
function partsBytes(parts: readonly ScopePart[]): number {
  let n = 0;
  for (const p of parts)
    n +=
      40 +
      (p.ranges.length > 0 ? encodeRanges(p.ranges).length : 0) +
      (p.after.length + (p.frontier?.length ?? 0)) * 72;
  return n;
}
