/**
 * @module The fold: turns a set of events into the state of the federation, the same
 * state for the same set whatever order the events arrived in. Incremental: a new event
 * is placed where the pinned order puts it, the state is rewound to that place through
 * the journal and the rest is re-applied (docs/architecture.md, "Incremental fold").
 */
import { decodeCanonical } from "../../crypto/index.js";
import { fail, type KengesError, type Result } from "../result.js";
import { CausalIndex, NONE } from "./causal-index.js";
import type { ApplyContext, EventHandler, FoldEvent } from "./context.js";
import { foldOrder, insertionPosition } from "./order.js";
import { PayloadArena } from "./payload-arena.js";
import { hashSnapshot, type Snapshot, snapshotState } from "./snapshot.js";
import { FoldState } from "./state.js";

/** An event handed to the fold: signature and encoding already checked. */
export interface FoldInput {
  readonly id: string;
  readonly author: string;
  readonly seq: number;
  readonly prev: string | null;
  readonly deps: readonly string[];
  readonly time: number;
  readonly type: string;
  /** Canonical payload bytes; null when redacted. */
  readonly payload: Uint8Array | null;
  /**
   * Set when the payload already passed its type's schema (checked at ingest, or read back
   * from a replica's own store): the fold then decodes it without validating it again.
   */
  readonly checked?: boolean;
}

/**
 * Types whose effect commutes with any concurrent event: they only add to per-motion lists
 * that the state hash reads in sorted order, and no other event's validity depends on them
 * unless it has them in its causal past. A late one is applied without rewinding.
 */
const COMMUTING_TYPES = new Set([
  "ballot.cast",
  "comment.posted",
  "heads.merged",
]);

/** Where a key's events stop counting. */
interface Cutoff {
  lastValidSeq: number;
  /** The revocation that set it; NONE for a fork. */
  source: number;
}

export interface FoldOptions {
  /** How many recent positions stay rewindable through the journal (older: refold). */
  readonly window?: number;
}

/** What one call to `add` did. */
export interface AddResult {
  /** Ids newly folded. */
  readonly added: readonly string[];
  /** Ids already held. */
  readonly duplicates: readonly string[];
  /** Events whose parents are missing, with the missing ids. */
  readonly missing: ReadonlyMap<string, readonly string[]>;
  /** Keys found to have signed two events with one sequence number. */
  readonly forks: readonly string[];
}

export class FoldEngine {
  readonly index = new CausalIndex();
  state = new FoldState();
  private readonly handlers: ReadonlyMap<string, EventHandler<unknown>>;
  private readonly window: number;

  private order: number[] = [];
  private position: number[] = [];
  /** Journal length before the event at each applied position. */
  private marks: number[] = [];
  private applied = 0;

  private readonly times: number[] = [];
  private readonly types: string[] = [];
  private readonly payloads = new PayloadArena();
  /** 1 where the payload passed its schema before it reached the fold. */
  private checked = new Uint8Array(1024);
  private cutoffs = new Map<number, Cutoff>();
  /** Earliest position whose effects are out of date; Infinity when none. */
  private dirtyFrom = Number.POSITIVE_INFINITY;
  private federationId: string | null = null;
  private genesisIndex = NONE;
  private readonly headSet = new Set<number>();

  constructor(
    handlers: ReadonlyMap<string, EventHandler<unknown>>,
    options: FoldOptions = {},
  ) {
    this.handlers = handlers;
    this.window = options.window ?? 50_000;
  }

  /** How much work incremental folding did: rewinds and events applied (re-applied included). */
  readonly stats = { rewinds: 0, applied: 0, floating: 0 };
  /** Events applied out of place (see applyFloating). */
  private readonly floating = new Set<number>();
  private deferred = false;
  private stale = false;

  /**
   * Starts a large import: until {@link endImport}, added events are only indexed, not
   * ordered or applied, so a million events cost one Kahn pass and one fold instead of a
   * rewind for every batch that lands before the end. State read meanwhile is stale.
   */
  beginImport(): void {
    this.deferred = true;
  }

  /** Ends a large import: orders and folds everything once. */
  endImport(): void {
    this.deferred = false;
    if (this.stale) this.rebuild();
    this.stale = false;
  }

  /** True between beginImport and endImport. */
  get importing(): boolean {
    return this.deferred;
  }

  /** How many events the fold holds. */
  get size(): number {
    return this.index.size;
  }

  /** The federation id (genesis event id), once folded. */
  get federation(): string | null {
    return this.federationId;
  }

  /** Event ids in fold order. */
  orderedIds(): string[] {
    return this.order.map((i) => this.index.ids[i]!);
  }

  /** The ids of events no other held event depends on, sorted. */
  heads(): string[] {
    return [...this.headSet].map((i) => this.index.ids[i]!).sort();
  }

  /** The payload bytes held for an event (null when redacted or unknown). */
  payloadOf(id: string): Uint8Array | null {
    const i = this.index.indexOf(id);
    return i === NONE ? null : this.payloads.get(i);
  }

  /** Forgets a payload after a redaction; a refold applies the event without it. */
  dropPayload(id: string): void {
    const i = this.index.indexOf(id);
    if (i !== NONE) this.payloads.drop(i);
  }

  /**
   * Gives back the payload of an event held without one (a peer sent it redacted): the fold
   * re-applies from that event, since a redaction may be judged differently with the payload.
   */
  restorePayload(id: string, payload: Uint8Array): void {
    const i = this.index.indexOf(id);
    if (i === NONE || this.payloads.get(i) !== null) return;
    this.payloads.set(i, payload);
    const pos = this.position[i];
    if (pos !== undefined) this.markDirty(pos);
    this.catchUp();
  }

  /**
   * Adds events in any order and folds them. Events whose parents are neither held nor
   * in the batch are returned as missing (the replica quarantines them).
   */
  add(inputs: readonly FoldInput[]): AddResult {
    const duplicates: string[] = [];
    const forks: string[] = [];
    let pending: FoldInput[] = [];
    const seen = new Set<string>();
    for (const e of inputs) {
      if (this.index.has(e.id) || seen.has(e.id)) duplicates.push(e.id);
      else {
        seen.add(e.id);
        pending.push(e);
      }
    }
    const bulk =
      this.deferred ||
      (pending.length > 1000 && pending.length > this.index.size / 4);
    const added: string[] = [];
    for (;;) {
      const next: FoldInput[] = [];
      for (const e of pending) {
        if (!this.index.hasParents(e)) {
          next.push(e);
          continue;
        }
        const fork = this.insert(e, !bulk);
        if (fork) forks.push(e.author);
        added.push(e.id);
      }
      if (next.length === pending.length) break;
      pending = next;
    }
    const missing = new Map<string, string[]>();
    for (const e of pending) missing.set(e.id, this.index.missingParents(e));
    if (this.deferred) this.stale = this.stale || added.length > 0;
    else if (bulk && added.length > 0) this.rebuild();
    else this.catchUp();
    return { added, duplicates, missing, forks };
  }

  /** Indexes one event and places it in the order (or leaves ordering to a bulk pass). */
  private insert(e: FoldInput, place: boolean): boolean {
    const { index: i, forkAt } = this.index.add(e);
    if (e.type === "federation.created" && this.genesisIndex === NONE)
      this.genesisIndex = i;
    this.index.forEachParent(i, (p) => {
      this.headSet.delete(p);
    });
    this.headSet.add(i);
    this.times[i] = e.time;
    this.types[i] = e.type;
    this.payloads.set(i, e.payload);
    if (this.checked.length <= i) {
      const next = new Uint8Array(this.checked.length * 2);
      next.set(this.checked);
      this.checked = next;
    }
    this.checked[i] = e.checked ? 1 : 0;
    if (place) {
      let after = -1;
      this.index.forEachParent(i, (p) => {
        const pos = this.position[p]!;
        if (pos > after) after = pos;
      });
      const q = insertionPosition(this.order, this.index.ids, after, e.id);
      if (q === this.order.length) {
        // At the end: catchUp applies it, nothing to rewind.
        this.order.push(i);
        this.position[i] = q;
      } else {
        this.order.splice(q, 0, i);
        for (let p = q; p < this.order.length; p++)
          this.position[this.order[p]!] = p;
        // A position marked for re-application moved one place on.
        if (q <= this.dirtyFrom && Number.isFinite(this.dirtyFrom))
          this.dirtyFrom++;
        const applied = q < this.applied;
        if (applied) {
          // The new event takes position q; rewinding to q must undo everything after it.
          this.marks.splice(q, 0, this.marks[q]!);
          this.applied++;
        }
        if (
          applied &&
          COMMUTING_TYPES.has(e.type) &&
          forkAt === null &&
          this.dirtyFrom >= this.applied
        )
          this.applyFloating(i);
        else this.markDirty(q);
      }
    }
    if (forkAt !== null) {
      const a = this.index.authorOf[i]!;
      this.setCutoff(a, forkAt - 1, NONE);
      return true;
    }
    return false;
  }

  private markDirty(position: number): void {
    if (position < this.dirtyFrom) this.dirtyFrom = position;
  }

  /** Lowers a key's cutoff and marks the earliest affected position for re-application. */
  private setCutoff(
    author: number,
    lastValidSeq: number,
    source: number,
  ): void {
    const cur = this.cutoffs.get(author);
    if (cur !== undefined && cur.lastValidSeq <= lastValidSeq) return;
    this.cutoffs.set(author, { lastValidSeq, source });
    let earliest = Number.POSITIVE_INFINITY;
    for (const ev of this.index.eventsOfAuthor[author]!) {
      if (this.index.seqOf[ev]! <= lastValidSeq) continue;
      const pos = this.position[ev];
      if (pos !== undefined && pos < earliest) earliest = pos;
    }
    if (earliest < this.applied) this.markDirty(earliest);
  }

  /** Applies everything from the dirty position on (rewinding first). */
  private catchUp(): void {
    for (;;) {
      if (this.dirtyFrom < this.applied) this.rewindTo(this.dirtyFrom);
      this.dirtyFrom = Number.POSITIVE_INFINITY;
      while (this.applied < this.order.length) {
        this.applyAt(this.applied);
        this.applied++;
        if (this.dirtyFrom < this.applied) break;
      }
      if (this.dirtyFrom >= this.applied) break;
    }
    if (!this.cutoffsConsistent()) this.refoldAll();
    this.trimJournal();
  }

  /**
   * Applies an event whose place is before the end of the order at the end of the journal
   * instead of rewinding: only for types whose effect commutes with every concurrent event
   * (COMMUTING_TYPES). Until a rewind reaches its place, it "floats": a rewind to any later
   * position first goes back to it, so its effects are never lost or doubled.
   */
  private applyFloating(i: number): void {
    const journal = this.state.journal;
    const mark = journal.length;
    const id = this.index.ids[i]!;
    const result = this.applyEvent(i, id);
    if (!result.ok) {
      journal.rewindTo(mark);
      this.state.invalid.set(id, result.error);
    }
    this.floating.add(i);
    this.stats.floating++;
  }

  private rewindTo(target: number): void {
    let position = target;
    for (const f of this.floating) {
      const p = this.position[f]!;
      if (p < position) position = p;
    }
    this.floating.clear();
    this.stats.rewinds++;
    const mark = this.marks[position];
    if (mark === undefined || mark < this.state.journal.oldestMark) {
      this.resetState();
      return;
    }
    this.state.journal.rewindTo(mark);
    this.marks.length = position;
    this.applied = position;
  }

  private resetState(): void {
    this.floating.clear();
    this.state = new FoldState();
    this.marks = [];
    this.applied = 0;
    this.federationId = null;
  }

  /**
   * Computes the order afresh with Kahn's algorithm and folds everything from nothing:
   * the definition every incremental fold must equal.
   */
  rebuild(): void {
    this.order = foldOrder(this.index);
    this.position = new Array(this.order.length);
    for (let p = 0; p < this.order.length; p++)
      this.position[this.order[p]!] = p;
    this.refoldAll();
  }

  /** Folds the current order from nothing. */
  private refoldAll(): void {
    this.resetState();
    this.cutoffs = new Map();
    for (const [a, seq] of this.index.forkSeq)
      this.cutoffs.set(a, { lastValidSeq: seq - 1, source: NONE });
    this.dirtyFrom = Number.POSITIVE_INFINITY;
    // Rewinds inside a rebuild only happen when a revocation reaches back; catchUp handles them.
    for (;;) {
      if (this.dirtyFrom < this.applied) this.rewindTo(this.dirtyFrom);
      this.dirtyFrom = Number.POSITIVE_INFINITY;
      while (this.applied < this.order.length) {
        this.applyAt(this.applied);
        this.applied++;
        if (this.dirtyFrom < this.applied) break;
        if ((this.applied & 0x3fff) === 0) this.trimJournal();
      }
      if (this.dirtyFrom >= this.applied) break;
    }
    this.trimJournal();
  }

  /**
   * A revocation whose own event ended up invalid must not cut anything. When that
   * happens (a chain of revocations reaching back), the incremental path defers to a
   * full refold, whose result is the definition.
   */
  private cutoffsConsistent(): boolean {
    for (const c of this.cutoffs.values())
      if (
        c.source !== NONE &&
        this.state.invalid.has(this.index.ids[c.source]!)
      )
        return false;
    return true;
  }

  private trimJournal(): void {
    const keepFrom = this.applied - this.window;
    if (keepFrom > 0) {
      const mark = this.marks[keepFrom];
      if (mark !== undefined) this.state.journal.forgetBefore(mark);
    }
  }

  private applyAt(position: number): void {
    this.stats.applied++;
    const i = this.order[position]!;
    const journal = this.state.journal;
    this.marks[position] = journal.length;
    const id = this.index.ids[i]!;
    const result = this.applyEvent(i, id);
    if (!result.ok) {
      journal.rewindTo(this.marks[position]!);
      this.state.invalid.set(id, result.error);
    }
  }

  private applyEvent(i: number, id: string): Result<void> {
    const a = this.index.authorOf[i]!;
    const seq = this.index.seqOf[i]!;
    const cut = this.cutoffs.get(a);
    // A revocation is judged before its own effect: it never cuts itself. The genesis is
    // never cut: it is the federation's identity, and no key's later fate can unmake it.
    const isGenesis = i === this.genesisIndex;
    if (
      cut !== undefined &&
      seq > cut.lastValidSeq &&
      cut.source !== i &&
      !isGenesis
    ) {
      const forkSeq = this.index.forkSeq.get(a);
      return forkSeq !== undefined && seq >= forkSeq
        ? fail("KEY_FROZEN", { fromSeq: forkSeq })
        : fail("KEY_REVOKED", { lastValidSeq: cut.lastValidSeq });
    }
    const type = this.types[i]!;
    const handler = this.handlers.get(type);
    if (handler === undefined) return fail("TYPE_UNKNOWN", { type });
    const bytes = this.payloads.get(i);
    const event: FoldEvent = {
      index: i,
      id,
      author: this.index.authorKeys[a]!,
      seq,
      time: this.times[i]!,
      type,
    };
    if (type === "federation.created") this.federationId = id;
    if (bytes === null) {
      if (handler.redactable) return { ok: true, value: undefined };
      return fail("PAYLOAD_MISSING", {});
    }
    const payload = decodePayloadFor(
      handler,
      type,
      bytes,
      this.checked[i] === 1,
    );
    if (!payload.ok) return payload;
    return handler.apply(this.context(event), payload.value);
  }

  private context(event: FoldEvent): ApplyContext {
    const index = this.index;
    const state = this.state;
    const e = event.index;
    const knows = (x: number) => index.precedes(x, e);
    return {
      state,
      index,
      event,
      federation: this.federationId,
      actor: actorOf(state, event.author, knows),
      knows,
      precedes: (x, y) => index.precedes(x, y),
      typeOf: (x) => this.types[x]!,
      cutKey: (key, lastValidSeq) => {
        const a = index.findAuthor(key);
        if (a !== NONE) this.setCutoff(a, lastValidSeq, e);
        else
          this.cutoffs.set(index.authorIndexOf(key), {
            lastValidSeq,
            source: e,
          });
      },
    };
  }

  /**
   * Takes back the last events added, newest first — only events at the very end of the
   * order with no children, that cut no key (a local event the fold found invalid, with
   * the merges signed for it), so that nothing is stored for a rejected action.
   */
  retractLast(ids: readonly string[]): void {
    for (let k = ids.length - 1; k >= 0; k--) {
      const i = this.index.indexOf(ids[k]!);
      const p = this.order.length - 1;
      if (
        i !== this.index.size - 1 ||
        this.order[p] !== i ||
        this.applied !== this.order.length
      )
        throw new Error(
          "fold: only the newest event at the end of the order can be retracted",
        );
      for (const c of this.cutoffs.values())
        if (c.source === i)
          throw new Error("fold: an event that cut a key cannot be retracted");
      this.state.journal.rewindTo(this.marks[p]!);
      this.marks.length = p;
      this.order.pop();
      this.applied--;
      this.position.length = Math.min(this.position.length, i);
      this.headSet.delete(i);
      this.index.forEachParent(i, (q) => {
        if (this.index.childCount[q] === 1) this.headSet.add(q);
      });
      this.index.removeLast();
      this.times.pop();
      this.types.pop();
      this.payloads.drop(i);
    }
  }

  /** Key cutoffs in force (revocations and forks): key → last valid sequence number. */
  keyCutoffs(): Map<string, number> {
    const out = new Map<string, number>();
    for (const [a, c] of this.cutoffs)
      out.set(this.index.authorKeys[a]!, c.lastValidSeq);
    return out;
  }

  /** The state as canonical plain data. */
  snapshot(): Snapshot {
    return snapshotState(this.state, this.keyCutoffs());
  }

  /** The state hash: SHA-256 of the snapshot's canonical bytes (hex). */
  stateHash(): string {
    return hashSnapshot(this.snapshot());
  }

  /**
   * The head of a key's chain: its highest sequence number and that event's id (of two
   * forked events, the smaller id), or null for a key that has signed nothing here.
   */
  chainHead(author: string): { seq: number; id: string } | null {
    const a = this.index.findAuthor(author);
    if (a === NONE) return null;
    let best: { seq: number; id: string } | null = null;
    for (const i of this.index.eventsOfAuthor[a]!) {
      const seq = this.index.seqOf[i]!;
      const id = this.index.ids[i]!;
      if (best === null || seq > best.seq || (seq === best.seq && id < best.id))
        best = { seq, id };
    }
    return best;
  }

  /** Author and sequence number of a held event, or null. */
  chainSlot(id: string): { author: string; seq: number } | null {
    const i = this.index.indexOf(id);
    if (i === NONE) return null;
    return {
      author: this.index.authorKeys[this.index.authorOf[i]!]!,
      seq: this.index.seqOf[i]!,
    };
  }

  /** The type of a held event, or null. */
  typeOf(id: string): string | null {
    const i = this.index.indexOf(id);
    return i === NONE ? null : this.types[i]!;
  }

  /** The claimed time of a held event, or null. */
  timeOf(id: string): number | null {
    const i = this.index.indexOf(id);
    return i === NONE ? null : this.times[i]!;
  }

  /** True when the event is held. */
  has(id: string): boolean {
    return this.index.has(id);
  }

  /** The reason an event is invalid, or null (valid, or not held). */
  invalidReason(id: string): KengesError | null {
    return this.state.invalid.get(id) ?? null;
  }
}

/** The member a key acts for in an event's causal past: the latest registration it knows. */
export function actorOf(
  state: FoldState,
  key: string,
  knows: (x: number) => boolean,
): string {
  const facts = state.keyFacts.get(key);
  for (let k = facts.length - 1; k >= 0; k--) {
    const f = facts[k]!;
    if (knows(f.at)) return f.value;
  }
  return key;
}

function decodePayloadFor(
  handler: EventHandler<unknown>,
  type: string,
  bytes: Uint8Array,
  checked: boolean,
): Result<unknown> {
  const decoded = decodeCanonical(bytes);
  if (!decoded.ok) return decoded;
  // The schemas only accept and return plain data, so a payload that passed already is its own parse.
  if (checked) return { ok: true, value: decoded.value };
  const parsed = handler.schema.safeParse(decoded.value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return fail("PAYLOAD_INVALID", {
      type,
      path: issue?.path.join(".") ?? "",
      problem: issue?.code ?? "invalid",
    });
  }
  return { ok: true, value: parsed.data };
}
