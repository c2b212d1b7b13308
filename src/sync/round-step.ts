/**
 * @module What either side does with a message it received: ingest the events (within the
 * peer's budget), gather what it will send at once (events asked for, by id or by frontier),
 * answer the ranges as if the peer already had those, and build the next message — events
 * parents-first up to the message size, the rest offered by id.
 */

import { decodeWireEvent } from "../core/index.js";
import { toHex } from "../crypto/index.js";
import type { BudgetMeter, SyncBudget } from "./budget.js";
import type { FrontierEntry } from "./frontier.js";
import type { Range } from "./range-list.js";
import { encodeRanges } from "./range-list.js";
import { answerRanges, type ReconcileOptions } from "./reconcile.js";
import { compareKeys, type SortKey } from "./sort-key.js";
import { syncFail } from "./sync-error.js";
import { addIngest, type SyncReport } from "./sync-report.js";
import type { SyncStore, SyncViewLike } from "./sync-store.js";

/** The parts of a round message, without its envelope (type, federation, auth). */
export interface RoundBody {
  ranges: readonly Range[];
  events: readonly Uint8Array[];
  want: readonly string[];
  have: readonly string[];
  after: readonly FrontierEntry[];
  frontier: readonly FrontierEntry[] | null;
}

/** An empty round body. */
export function emptyRound(): RoundBody {
  return {
    ranges: [],
    events: [],
    want: [],
    have: [],
    after: [],
    frontier: null,
  };
}

/** True when a round body asks nothing and carries nothing. */
export function isQuiet(body: RoundBody): boolean {
  return (
    body.ranges.length === 0 &&
    body.events.length === 0 &&
    body.want.length === 0 &&
    body.have.length === 0 &&
    body.after.length === 0
  );
}

/** Everything one side needs to take a round. */
export interface StepContext {
  readonly source: SyncStore;
  readonly view: SyncViewLike;
  readonly budget: SyncBudget;
  readonly meter: BudgetMeter;
  /** The quarantine source name of this peer. */
  readonly peer: string;
  readonly report: SyncReport;
  readonly reconcile: ReconcileOptions;
  /** How often each id was asked for (a side that keeps state across rounds). */
  readonly wantTries: Map<string, number>;
  /**
   * Ids received in this session, and each author's highest sequence number among them:
   * events that wait in quarantine for parents still on their way are not asked for again.
   */
  readonly received?: { ids: Set<string>; seqs: Map<string, number> };
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
  if (ctx.received)
    for (const w of events) {
      const e = decodeWireEvent(w);
      if (!e.ok) continue;
      ctx.received.ids.add(e.value.id);
      const author = toHex(e.value.envelope.author);
      const seq = e.value.envelope.seq;
      if ((ctx.received.seqs.get(author) ?? 0) < seq)
        ctx.received.seqs.set(author, seq);
    }
  const r = await ctx.source.ingest(events, ctx.peer);
  addIngest(ctx.report, r);
  const foreign = r.rejections.find((x) => x.code === "FEDERATION_MISMATCH");
  if (foreign) syncFail("FEDERATION_MISMATCH", { ...foreign.details });
  ctx.meter.record("rejected", r.rejected);
  ctx.meter.record("orphans", r.quarantined);
}

/** Compares the peer's frontier with ours: what to send, what to ask for, which authors forked. */
function compareFrontiers(
  ctx: StepContext,
  theirs: readonly FrontierEntry[],
  sending: Map<string, SortKey>,
  after: FrontierEntry[],
): void {
  const mine = new Map(ctx.view.frontier().map((e) => [e.author, e]));
  // Events received in this session count as held, even while they wait for parents.
  for (const [author, seq] of ctx.received?.seqs ?? []) {
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
    else if (m.seq < t.seq) after.push(m);
    else if (m.seq > t.seq)
      for (const k of ctx.view.eventsAfter(t.author, t.seq))
        sending.set(k.id, k);
    else if (
      m.head !== "" &&
      m.head !== t.head &&
      !ctx.report.forks.includes(t.author)
    )
      ctx.report.forks.push(t.author);
  }
  for (const m of mine.values())
    if (!seen.has(m.author))
      for (const k of ctx.view.eventsAfter(m.author, 0)) sending.set(k.id, k);
}

/**
 * Takes a received round (its events already ingested by `ingestFromPeer`) and builds the
 * answer. `peerFrontier` is the peer's full frontier when it sent one.
 */
export async function answerRound(
  ctx: StepContext,
  incoming: RoundBody,
  isOpening = false,
): Promise<RoundBody> {
  const sending = new Map<string, SortKey>();
  for (const id of incoming.want) {
    const k = ctx.view.items.keyOf(id);
    if (k) sending.set(id, k);
  }
  for (const a of incoming.after)
    for (const k of ctx.view.eventsAfter(a.author, a.seq)) sending.set(k.id, k);
  const after: FrontierEntry[] = [];
  if (incoming.frontier !== null)
    compareFrontiers(ctx, incoming.frontier, sending, after);
  const inFlight = [...sending.values()].sort(compareKeys);
  const answer = answerRanges(
    ctx.view.items,
    incoming.ranges,
    inFlight,
    ctx.reconcile,
    isOpening,
  );
  for (const k of answer.push) sending.set(k.id, k);

  // Ask for what the peer has and we lack: from id lists, and what it offered by id.
  const want: string[] = [];
  const wanted = new Set<string>();
  for (const id of [...answer.want, ...incoming.have]) {
    if (
      wanted.has(id) ||
      ctx.source.keyOf(id) !== null ||
      ctx.received?.ids.has(id)
    )
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

  // Events parents-first (height order), as many as fit; the rest offered by id.
  const keys = [...sending.values()].sort(compareKeys);
  const rangeBytes =
    answer.ranges.length > 0 ? encodeRanges(answer.ranges).length : 0;
  let room = ctx.budget.sendMessageBytes - rangeBytes - 32 * want.length - 4096;
  const events: Uint8Array[] = [];
  const have: string[] = [];
  const batch = 256;
  for (let i = 0; i < keys.length; i += batch) {
    const part = keys.slice(i, i + batch);
    if (room <= 0) {
      for (const k of part) have.push(k.id);
      continue;
    }
    const wire = await ctx.source.wireEvents(part);
    for (let j = 0; j < wire.length; j++) {
      const w = wire[j];
      if (w === null || w === undefined) continue;
      if (room - w.length - 8 >= 0 && events.length < ctx.budget.maxIds / 10) {
        events.push(w);
        room -= w.length + 8;
      } else {
        room = 0;
        have.push(part[j]!.id);
      }
    }
  }
  // Offers beyond this are found again by the next session ("sync until quiet").
  const maxHave = Math.floor(ctx.budget.maxIds / 2);
  if (have.length > maxHave) have.length = maxHave;
  ctx.report.sent += events.length;
  return { ranges: answer.ranges, events, want, have, after, frontier: null };
}
