/**
 * @module The fold: turns a set of events into the state of the federation, the same
 * state for the same set whatever order the events arrived in. Incremental: a new event
 * is placed where the pinned order puts it, the state is rewound to that place through
 * the journal and the rest is re-applied (docs/architecture.md, "Incremental fold").
 */
import { decodeCanonical } from "../../crypto/index.js";
import type { CausalView } from "../member/authority.js";
import { fail, type KengesError, type Result } from "../result.js";
import { CausalIndex, type CausalIndexImage, NONE } from "./causal-index.js";
import type { ApplyContext, EventHandler, FoldEvent } from "./context.js";
import type { Deferred } from "./journal.js";
import {
  type NumberColumn,
  packNumbers,
  unpackNumbers,
} from "./number-column.js";
import { foldOrder, insertionPosition } from "./order.js";
import { PayloadArena, type PayloadArenaImage } from "./payload-arena.js";
import { ScopeGraph, type ScopeGraphImage } from "./scope-graph.js";
import {
  hashScopes,
  hashSnapshot,
  type Snapshot,
  snapshotScopes,
} from "./snapshot.js";
import {
  FoldState,
  type FoldStateImage,
  foldStateFromImage,
  foldStateToImage,
} from "./state.js";

/**
 * The whole fold engine as plain data — structured-clone data (maps, sets, arrays, typed
 * arrays, plain objects) that `node:v8` serialize or a browser's structuredClone carry. A
 * replica saves it so that opening a store restores the fold instead of refolding every event
 * (docs/architecture.md, "The saved fold image"). It shares structure with the live engine:
 * serialize it before the engine changes.
 */
export interface FoldImage {
  readonly index: CausalIndexImage;
  readonly scopes: ScopeGraphImage;
  readonly state: FoldStateImage;
  /** The kept payloads (a function after a restore: decoded when first used). */
  readonly payloads: Deferred<PayloadArenaImage>;
  readonly order: NumberColumn;
  readonly position: NumberColumn;
  readonly marks: NumberColumn;
  readonly applied: number;
  readonly times: NumberColumn;
  /** Event types as numbers into `typeNames` (a million strings would each be written out). */
  readonly typeNames: string[];
  readonly typeCodes: Uint16Array;
  readonly checked: Uint8Array;
  readonly chainCuts: Map<number, Cutoff>;
  readonly keyCuts: Map<number, Cutoff>;
  /** Events applied from what a redaction kept of them (absent in older images: none). */
  readonly kept?: Map<number, KeptPart>;
  readonly federationId: string | null;
  readonly genesisIndex: number;
  readonly headSet: Set<number>;
  readonly scopeHeads: Set<number>[];
  readonly scopeChildren: Int32Array;
  readonly lastInOrder: number[];
  readonly floating: Set<number>;
  /** The scope hashes, when they were computed for exactly this fold (else null). */
  readonly scopeHashes: Map<string, string> | null;
}

/** An event handed to the fold: signature and encoding already checked. */
export interface FoldInput {
  readonly id: string;
  readonly author: string;
  /** The event's scope (hex): its own id for an event that founds a scope. */
  readonly scope: string;
  readonly seq: number;
  /** The key's counter across scopes. */
  readonly kseq: number;
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
 * unless it has them in its causal past. A late one is applied without rewinding. (Any other
 * event is applied without rewinding too when nothing after its place could notice: see
 * `isQuietAfter`.)
 */
const COMMUTING_TYPES = new Set([
  "ballot.cast",
  "ballot.secret",
  "comment.posted",
  "heads.merged",
]);

/**
 * Types whose author signing twice with one sequence number is not a fork to freeze: a
 * secret ballot's one-time key spending its token twice. Each such event is judged alone,
 * and the close counts the lowest id (secret-ballot/counted-secret-ballots.ts).
 */
const FORK_TOLERANT_TYPES = new Set(["ballot.secret"]);

/**
 * Where events stop counting: on one chain (a key in a scope) above a sequence number — a
 * fork, or a rotation endorsed in that scope — or for a key everywhere above a kseq — a
 * revocation in the federation scope.
 */
export interface Cutoff {
  last: number;
  /** The event that set it; NONE for a fork. */
  source: number;
}

/**
 * What a redaction kept of an event's payload (see `RedactedForm`): the event is applied from
 * it wherever it sits. Of several redactions of one event, the lowest id's kept part counts.
 */
export interface KeptPart {
  readonly value: unknown;
  /** The redaction (or the close adopting one) that carried it. */
  readonly source: number;
}

export interface FoldOptions {
  /** How many recent positions stay rewindable through the journal (older: refold). */
  readonly window?: number;
  /**
   * Throw when a handler asks about a scope its event cannot see (tests): a bug, since the
   * fold must be scope-pure. Otherwise such a question is answered "nothing known".
   */
  readonly strictScopes?: boolean;
}

/** A handler asked about a scope outside its event's scope and the scopes above it. */
export class ScopeViolation extends Error {
  constructor(
    readonly event: string,
    readonly scope: string,
  ) {
    super(
      `fold: event ${event} asked about scope ${scope}, which it cannot see`,
    );
    this.name = "ScopeViolation";
  }
}

/** What one call to `add` did. */
export interface AddResult {
  /** Ids newly folded. */
  readonly added: readonly string[];
  /** Ids already held. */
  readonly duplicates: readonly string[];
  /** Events whose parents are missing, with the missing ids. */
  readonly missing: ReadonlyMap<string, readonly string[]>;
  /** Keys found to have signed two events with one sequence number in one scope. */
  readonly forks: readonly string[];
  /** Events refused: their parents break the chain or scope rules (docs/events.md §4). */
  readonly rejected: ReadonlyMap<string, KengesError>;
}

export class FoldEngine {
  readonly index = new CausalIndex();
  readonly scopes = new ScopeGraph(this.index);
  state = new FoldState();
  private readonly handlers: ReadonlyMap<string, EventHandler<unknown>>;
  private readonly window: number;
  private readonly strict: boolean;

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
  /** Chain index → last valid seq on it (forks, rotations). */
  private chainCuts = new Map<number, Cutoff>();
  /** Key index → last valid kseq (revocations). */
  private keyCuts = new Map<number, Cutoff>();
  /** Events applied from a redaction's kept part instead of their payload. */
  private kept = new Map<number, KeptPart>();
  /** Earliest position whose effects are out of date; Infinity when none. */
  private dirtyFrom = Number.POSITIVE_INFINITY;
  private federationId: string | null = null;
  private genesisIndex = NONE;
  private readonly headSet = new Set<number>();
  /** Scope index → its events no event of the same scope depends on. */
  private readonly scopeHeads: Set<number>[] = [];
  /** Events indexed by stage() but not yet placed (see commitStaged). */
  private staged: number[] = [];
  private stagedBulk = false;

  constructor(
    handlers: ReadonlyMap<string, EventHandler<unknown>>,
    options: FoldOptions = {},
  ) {
    this.handlers = handlers;
    this.window = options.window ?? 50_000;
    this.strict = options.strictScopes ?? false;
  }

  /**
   * The engine as plain data (see {@link FoldImage}). Only between operations: not during an
   * import, nor with a staged batch or positions waiting to be re-applied.
   */
  toImage(): FoldImage {
    if (
      this.deferred ||
      this.staged.length > 0 ||
      this.pendingForks.length > 0 ||
      Number.isFinite(this.dirtyFrom)
    )
      throw new Error("fold: an image is taken only between operations");
    const typeNames: string[] = [];
    const codeOf = new Map<string, number>();
    const typeCodes = new Uint16Array(this.types.length);
    for (let i = 0; i < this.types.length; i++) {
      const type = this.types[i]!;
      let code = codeOf.get(type);
      if (code === undefined) {
        code = typeNames.length;
        typeNames.push(type);
        codeOf.set(type, code);
      }
      typeCodes[i] = code;
    }
    return {
      index: this.index.toImage(),
      scopes: this.scopes.toImage(),
      state: foldStateToImage(this.state),
      payloads: this.payloads.toImage(),
      order: packNumbers(this.order),
      position: packNumbers(this.position),
      marks: packNumbers(this.marks),
      applied: this.applied,
      times: packNumbers(this.times),
      typeNames,
      typeCodes,
      checked: this.checked,
      chainCuts: this.chainCuts,
      keyCuts: this.keyCuts,
      kept: this.kept,
      federationId: this.federationId,
      genesisIndex: this.genesisIndex,
      headSet: this.headSet,
      scopeHeads: this.scopeHeads,
      scopeChildren: this.scopeChildren,
      lastInOrder: this.lastInOrder,
      floating: this.floating,
      scopeHashes:
        this.hashes?.version === this.version ? this.hashes.value : null,
    };
  }

  /**
   * An engine made from an image, which it takes over: it then behaves exactly as the engine
   * the image was taken from (same state, same answers to further events). Null when the
   * image does not fit this code's state tables; the caller refolds.
   */
  static fromImage(
    handlers: ReadonlyMap<string, EventHandler<unknown>>,
    image: FoldImage,
    options: FoldOptions = {},
  ): FoldEngine | null {
    const state = foldStateFromImage(image.state);
    if (state === null) return null;
    const engine = new FoldEngine(handlers, options);
    const index = CausalIndex.fromImage(image.index);
    const types = new Array<string>(image.typeCodes.length);
    for (let i = 0; i < types.length; i++)
      types[i] = image.typeNames[image.typeCodes[i]!]!;
    // Fields readonly to the engine's users; a restore fills them once, before any use.
    Object.assign(engine, {
      index,
      scopes: ScopeGraph.fromImage(index, image.scopes),
      state,
      payloads: PayloadArena.fromImage(image.payloads),
      order: unpackNumbers(image.order),
      position: unpackNumbers(image.position),
      marks: unpackNumbers(image.marks),
      applied: image.applied,
      times: unpackNumbers(image.times),
      types,
      checked: image.checked,
      chainCuts: image.chainCuts,
      keyCuts: image.keyCuts,
      kept: image.kept ?? new Map(),
      federationId: image.federationId,
      genesisIndex: image.genesisIndex,
      headSet: image.headSet,
      scopeHeads: image.scopeHeads,
      scopeChildren: image.scopeChildren,
      lastInOrder: image.lastInOrder,
      floating: image.floating,
      hashes:
        image.scopeHashes instanceof Map
          ? { version: 0, value: image.scopeHashes }
          : null,
    });
    return engine;
  }

  /** Counts the calls that may change the fold; the scope hashes are kept for one value. */
  private version = 0;
  private hashes: { version: number; value: Map<string, string> } | null = null;

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
    this.version++;
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

  /** The ids of a scope's events that no event of the same scope depends on, sorted. */
  headsOf(scope: string): string[] {
    const s = this.index.findScope(scope);
    const set = s === NONE ? undefined : this.scopeHeads[s];
    return set ? [...set].map((i) => this.index.ids[i]!).sort() : [];
  }

  /** The federation scope's id (the genesis id), once held. */
  get federationScope(): string | null {
    const s = this.scopes.federationScope;
    return s === NONE ? null : this.index.scopes[s]!;
  }

  /** The scope (hex) of a held event, or null. */
  scopeOf(id: string): string | null {
    const i = this.index.indexOf(id);
    return i === NONE ? null : this.index.scopeIdOf(i);
  }

  /** Every scope this fold holds at least one event of (hex ids, sorted). */
  heldScopes(): string[] {
    const out: string[] = [];
    for (let s = 0; s < this.scopeHeads.length; s++)
      if ((this.scopeHeads[s]?.size ?? 0) > 0) out.push(this.index.scopes[s]!);
    return out.sort();
  }

  /**
   * The scopes above a scope, transitively, by every link ever made (hex ids): the scopes
   * its events may depend on, and so the scopes its readers may read.
   */
  scopesAbove(scope: string): string[] {
    const s = this.index.findScope(scope);
    if (s === NONE) return [];
    return [...this.scopes.upClosure(s)].map((x) => this.index.scopes[x]!);
  }

  /** The payload bytes held for an event (null when redacted or unknown). */
  payloadOf(id: string): Uint8Array | null {
    const i = this.index.indexOf(id);
    return i === NONE ? null : this.payloads.get(i);
  }

  /** Forgets a payload after a redaction; a refold applies the event without it. */
  dropPayload(id: string): void {
    this.version++;
    const i = this.index.indexOf(id);
    if (i !== NONE) this.payloads.drop(i);
  }

  /**
   * Gives back the payload of an event held without one (a peer sent it redacted): the fold
   * re-applies from that event, since a redaction may be judged differently with the payload.
   */
  restorePayload(id: string, payload: Uint8Array): void {
    this.version++;
    const i = this.index.indexOf(id);
    if (i === NONE || this.payloads.get(i) !== null) return;
    this.payloads.set(i, payload);
    const pos = this.position[i];
    if (pos !== undefined) this.markDirty(pos);
    this.catchUp();
  }

  /**
   * Adds events in any order and folds them. Events whose parents are neither held nor
   * in the batch are returned as missing (the replica quarantines them); events whose
   * parents break the chain or scope rules are refused.
   */
  add(inputs: readonly FoldInput[]): AddResult {
    const result = this.stage(inputs);
    this.commitStaged();
    return result;
  }

  /**
   * The first half of {@link add}: checks and indexes the events whose parents are held, in
   * an order that puts parents first, without folding them. A replica stages a batch, stores
   * what was staged, then {@link commitStaged} folds it — or {@link abortStaged} takes it
   * back when the store refused the write. Nothing else may happen in between.
   */
  stage(inputs: readonly FoldInput[]): AddResult {
    this.version++;
    if (this.staged.length > 0)
      throw new Error("fold: a staged batch is neither committed nor aborted");
    const duplicates: string[] = [];
    const forks: string[] = [];
    const rejected = new Map<string, KengesError>();
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
        const checked = this.scopes.checkParents(e);
        if (!checked.ok) {
          rejected.set(e.id, checked.error);
          continue;
        }
        const fork = this.insert(e);
        if (fork) forks.push(e.author);
        added.push(e.id);
      }
      if (next.length === pending.length) break;
      pending = next;
    }
    const missing = new Map<string, string[]>();
    for (const e of pending) missing.set(e.id, this.index.missingParents(e));
    this.stagedBulk = bulk;
    return { added, duplicates, missing, forks, rejected };
  }

  /** Folds the staged events (see {@link stage}). */
  commitStaged(): void {
    this.version++;
    const staged = this.staged;
    this.staged = [];
    if (this.deferred) {
      this.stale = this.stale || staged.length > 0;
      return;
    }
    if (this.stagedBulk && staged.length > 0) {
      this.rebuild();
      return;
    }
    for (const i of staged) this.place(i);
    const forks = this.pendingForks;
    this.pendingForks = [];
    for (const f of forks) this.setChainCut(f.chain, f.last, NONE);
    this.catchUp();
  }

  /** Takes back the staged events, newest first, as if they never came. */
  abortStaged(): void {
    this.version++;
    const staged = this.staged;
    this.staged = [];
    for (let k = staged.length - 1; k >= 0; k--) this.unindex(staged[k]!);
  }

  /** Indexes one event (its place in the order comes at commit). Returns true for a fork. */
  private insert(e: FoldInput): boolean {
    const { index: i, forkAt } = this.index.add(e);
    this.scopes.record(i, e);
    this.staged.push(i);
    if (e.type === "federation.created" && this.genesisIndex === NONE)
      this.genesisIndex = i;
    this.index.forEachParent(i, (p) => {
      this.headSet.delete(p);
    });
    this.headSet.add(i);
    const sc = this.index.scopeOf[i]!;
    let heads = this.scopeHeads[sc];
    if (heads === undefined) this.scopeHeads[sc] = heads = new Set();
    if (this.scopeChildren.length <= i) {
      const next = new Int32Array(Math.max(1024, (i + 1) * 2));
      next.set(this.scopeChildren);
      this.scopeChildren = next;
    }
    this.index.forEachParent(i, (p) => {
      if (this.index.scopeOf[p] !== sc) return;
      this.scopeChildren[p]!++;
      heads.delete(p);
    });
    heads.add(i);
    this.times[i] = e.time;
    this.types[i] = e.type;
    this.payloads.set(i, e.payload);
    if (this.checked.length <= i) {
      const next = new Uint8Array(this.checked.length * 2);
      next.set(this.checked);
      this.checked = next;
    }
    this.checked[i] = e.checked ? 1 : 0;
    if (forkAt !== null) {
      const chain = this.index.chainOf[i]!;
      // A fork is placed with the event; the cut itself waits for commit (setChainCut marks
      // positions, which exist only once placed).
      this.pendingForks.push({ chain, last: forkAt - 1 });
      return true;
    }
    return false;
  }

  /** Forks found while staging, cut once their events have places. */
  private pendingForks: { chain: number; last: number }[] = [];
  /** Per event: how many events of its own scope name it as a parent. */
  private scopeChildren = new Int32Array(1024);
  /** Per scope index: its event latest in the fold order (NONE: none placed). */
  private lastInOrder: number[] = [];

  /**
   * True when an event of scope `sc` placed at position `q` could be applied at the end of
   * the journal instead: no event of its scope comes after `q`, and no scope sits below its
   * own. Handlers read other scopes only through their causal past (which cannot hold the new
   * event) and write only their own scope's records, so the events after `q` — all of other,
   * unrelated or higher scopes — neither notice it nor are noticed by it (docs/architecture.md,
   * "Incremental fold").
   */
  private isQuietAfter(sc: number, q: number): boolean {
    if (this.scopes.hasBelow(sc)) return false;
    const last = this.lastInOrder[sc];
    return last === undefined || last === NONE || this.position[last]! < q;
  }

  /** Records that event i (of scope sc) is now placed; keeps the scope's latest event. */
  private notePlaced(i: number): void {
    const sc = this.index.scopeOf[i]!;
    const last = this.lastInOrder[sc];
    if (
      last === undefined ||
      last === NONE ||
      this.position[last]! < this.position[i]!
    )
      this.lastInOrder[sc] = i;
  }

  /** Places a committed event in the order, rewinding where the pinned order requires. */
  private place(i: number): void {
    const e = { id: this.index.ids[i]!, type: this.types[i]! };
    const sc = this.index.scopeOf[i]!;
    {
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
        this.notePlaced(i);
      } else {
        const quiet = this.isQuietAfter(sc, q);
        this.order.splice(q, 0, i);
        for (let p = q; p < this.order.length; p++)
          this.position[this.order[p]!] = p;
        this.notePlaced(i);
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
          (COMMUTING_TYPES.has(e.type) || quiet) &&
          !this.index.forkSeq.has(this.index.chainOf[i]!) &&
          this.dirtyFrom >= this.applied
        )
          this.applyFloating(i);
        else this.markDirty(q);
      }
    }
  }

  /** Removes the newest indexed event (staged, never placed) from the index. */
  private unindex(i: number): void {
    if (i !== this.index.size - 1)
      throw new Error("fold: only the newest event can be taken back");
    const sc = this.index.scopeOf[i]!;
    const heads = this.scopeHeads[sc]!;
    heads.delete(i);
    this.headSet.delete(i);
    this.index.forEachParent(i, (q) => {
      if (this.index.childCount[q] !== 1) return;
      this.headSet.add(q);
    });
    this.index.forEachParent(i, (q) => {
      if (this.index.scopeOf[q] !== sc) return;
      // q is a head of its scope again when no other event of the scope names it.
      if (--this.scopeChildren[q]! === 0) heads.add(q);
    });
    this.scopeChildren[i] = 0;
    if (this.genesisIndex === i) this.genesisIndex = NONE;
    this.scopes.unrecord(i);
    this.index.removeLast();
    this.times.length = i;
    this.types.length = i;
    this.payloads.drop(i);
    this.pendingForks = this.pendingForks.filter((f) =>
      this.index.forkSeq.has(f.chain),
    );
  }

  private markDirty(position: number): void {
    if (position < this.dirtyFrom) this.dirtyFrom = position;
  }

  /** Lowers a chain's cutoff and marks the earliest affected position for re-application. */
  private setChainCut(chain: number, last: number, source: number): void {
    const cur = this.chainCuts.get(chain);
    if (cur !== undefined && cur.last <= last) return;
    this.chainCuts.set(chain, { last, source });
    this.markEarliest(this.index.eventsOfChain[chain]!, this.index.seqOf, last);
  }

  /** Lowers a key's kseq cutoff and marks the earliest affected position. */
  private setKeyCut(key: number, last: number, source: number): void {
    const cur = this.keyCuts.get(key);
    if (cur !== undefined && cur.last <= last) return;
    this.keyCuts.set(key, { last, source });
    this.markEarliest(this.index.eventsOfKey[key]!, this.index.kseqOf, last);
  }

  /**
   * Has event `target` applied from a redaction's kept part from now on, and re-applies from
   * its place: the replica that applied the whole payload then holds what a replica that never
   * saw it holds.
   */
  private keepOnly(target: number, value: unknown, source: number): void {
    const cur = this.kept.get(target);
    if (cur !== undefined) {
      if (cur.source === source) return;
      // The lowest id wins, whichever arrived first.
      if (this.index.ids[cur.source]! < this.index.ids[source]!) return;
    }
    this.kept.set(target, { value, source });
    const pos = this.position[target];
    if (pos !== undefined && pos < this.applied) this.markDirty(pos);
  }

  private markEarliest(
    events: readonly number[],
    counter: readonly number[],
    last: number,
  ): void {
    let earliest = Number.POSITIVE_INFINITY;
    for (const ev of events) {
      if (counter[ev]! <= last) continue;
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
    this.version++;
    this.order = foldOrder(this.index);
    this.position = new Array(this.order.length);
    this.lastInOrder = [];
    for (let p = 0; p < this.order.length; p++) {
      const i = this.order[p]!;
      this.position[i] = p;
      this.lastInOrder[this.index.scopeOf[i]!] = i;
    }
    this.refoldAll();
  }

  /** Folds the current order from nothing. */
  private refoldAll(): void {
    this.resetState();
    this.chainCuts = new Map();
    this.keyCuts = new Map();
    this.kept = new Map();
    this.pendingForks = [];
    for (const [c, seq] of this.index.forkSeq)
      this.chainCuts.set(c, { last: seq - 1, source: NONE });
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
   * A revocation whose own event ended up invalid must not cut anything, nor an invalid
   * redaction keep anything. When that happens (a chain of revocations reaching back), the
   * incremental path defers to a full refold, whose result is the definition.
   */
  private cutoffsConsistent(): boolean {
    for (const cuts of [this.chainCuts, this.keyCuts, this.kept])
      for (const c of cuts.values())
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
    const ci = this.index;
    const chain = ci.chainOf[i]!;
    const seq = ci.seqOf[i]!;
    const kseq = ci.kseqOf[i]!;
    // A revocation is judged before its own effect: it never cuts itself. The genesis is
    // never cut: it is the federation's identity, and no key's later fate can unmake it.
    const isGenesis = i === this.genesisIndex;
    const type = this.types[i]!;
    if (!isGenesis) {
      const scope = ci.scopeIdOf(i);
      const cc = this.chainCuts.get(chain);
      const forkTolerant =
        cc !== undefined && cc.source === NONE && FORK_TOLERANT_TYPES.has(type);
      if (
        cc !== undefined &&
        seq > cc.last &&
        cc.source !== i &&
        !forkTolerant
      ) {
        const forkSeq = ci.forkSeq.get(chain);
        return forkSeq !== undefined && seq >= forkSeq
          ? fail("KEY_FROZEN", { fromSeq: forkSeq, scope })
          : fail("KEY_REVOKED", { lastValidSeq: cc.last, scope });
      }
      const kc = this.keyCuts.get(ci.keyOf[i]!);
      if (kc !== undefined && kseq > kc.last && kc.source !== i)
        return fail("KEY_REVOKED", { lastValidKseq: kc.last });
    }
    const handler = this.handlers.get(type);
    if (handler === undefined) return fail("TYPE_UNKNOWN", { type });
    const bytes = this.payloads.get(i);
    const event: FoldEvent = {
      index: i,
      id,
      author: ci.keyHexOf(i),
      scope: ci.scopeIdOf(i),
      seq,
      kseq,
      time: this.times[i]!,
      type,
    };
    // Only the genesis names the federation: a second federation.created is refused by
    // its handler and must not change what every later event is judged against.
    if (i === this.genesisIndex) this.federationId = id;
    const kept = this.kept.get(i);
    if (kept !== undefined && handler.redacted !== undefined)
      return handler.redacted.applyKept(this.context(event), kept.value);
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
    const graph = this.scopes;
    let visible: Set<string> | null = null;
    const canSee = (scope: string): boolean => {
      if (visible === null) {
        visible = new Set([event.scope]);
        if (this.federationId !== null) visible.add(this.federationId);
        const own = index.scopeOf[e]!;
        for (const s of graph.aboveKnown(own, (x) => x === e || knows(x)))
          visible.add(index.scopes[s]!);
      }
      return visible.has(scope);
    };
    const sees = (scope: string): boolean => {
      if (canSee(scope)) return true;
      if (this.strict) throw new ScopeViolation(event.id, scope);
      return false;
    };
    return {
      state,
      index,
      event,
      federation: this.federationId,
      actor: actorOf(state, event.author, knows),
      knows,
      precedes: (x, y) => index.precedes(x, y),
      typeOf: (x) => this.types[x]!,
      sees,
      canSee,
      isCoordinatorKey: (key) => graph.coordinators.has(key),
      aboveKnown: () => {
        const own = index.scopeOf[e]!;
        return [...graph.aboveKnown(own, (x) => x === e || knows(x))].map(
          (s) => index.scopes[s]!,
        );
      },
      cutKey: (key, lastValidKseq) => {
        this.setKeyCut(index.keyIndexOf(key), lastValidKseq, e);
      },
      cutChain: (key, scope, lastValidSeq) => {
        const c = index.chainIndexOf(
          index.keyIndexOf(key),
          index.scopeIndexOf(scope),
        );
        this.setChainCut(c, lastValidSeq, e);
      },
      payloadOf: (x) => {
        const bytes = this.payloads.get(x);
        const handler = this.handlers.get(this.types[x]!);
        if (bytes === null || handler === undefined) return null;
        const decoded = decodePayloadFor(
          handler,
          this.types[x]!,
          bytes,
          this.checked[x] === 1,
        );
        return decoded.ok ? decoded.value : null;
      },
      keepOnly: (x, value) => this.keepOnly(x, value, e),
      redactedFormOf: (x) => this.handlers.get(this.types[x]!)?.redacted,
    };
  }

  /**
   * Takes back the events added last, newest first — each the newest event held, with no
   * children (a local event the fold found invalid, with the merges signed for it) — wherever
   * the order placed them: the state is rewound to the event's place, the event removed, and
   * what followed re-applied. Nothing is stored for a rejected action. An event that cut a
   * key or made a fork is taken back by a full rebuild.
   */
  retractLast(ids: readonly string[]): void {
    this.version++;
    let rebuild = false;
    for (let k = ids.length - 1; k >= 0; k--) {
      const i = this.index.indexOf(ids[k]!);
      if (i !== this.index.size - 1 || this.index.childCount[i] !== 0)
        throw new Error(
          "fold: only the newest event, with no children, can be retracted",
        );
      for (const cuts of [this.chainCuts, this.keyCuts, this.kept])
        for (const c of cuts.values()) if (c.source === i) rebuild = true;
      const forkSeq = this.index.forkSeq.get(this.index.chainOf[i]!);
      if (forkSeq !== undefined && this.index.seqOf[i]! === forkSeq)
        rebuild = true;
      const q = this.position[i];
      if (q !== undefined) {
        if (q < this.applied) this.rewindTo(q);
        this.order.splice(q, 1);
        for (let p = q; p < this.order.length; p++)
          this.position[this.order[p]!] = p;
        this.position.length = Math.min(this.position.length, i);
        if (Number.isFinite(this.dirtyFrom) && this.dirtyFrom > q)
          this.dirtyFrom--;
        const sc = this.index.scopeOf[i]!;
        if (this.lastInOrder[sc] === i) {
          // The scope's latest event is now the last of its events in the order.
          let last = NONE;
          for (let p = this.order.length - 1; p >= 0; p--)
            if (this.index.scopeOf[this.order[p]!] === sc) {
              last = this.order[p]!;
              break;
            }
          this.lastInOrder[sc] = last;
        }
      }
      this.unindex(i);
    }
    if (rebuild) this.rebuild();
    else this.catchUp();
  }

  /**
   * Cutoffs in force: per scope, the keys whose chain there stops counting above a seq
   * (forks, rotations); and per key, the kseq above which it stops counting everywhere
   * (revocations).
   */
  cutoffs(): {
    chains: { scope: string; key: string; lastValidSeq: number }[];
    keys: { key: string; lastValidKseq: number }[];
  } {
    const ci = this.index;
    const chains = [...this.chainCuts].map(([c, cut]) => ({
      scope: ci.scopes[ci.chainScope[c]!]!,
      key: ci.keys[ci.chainKey[c]!]!,
      lastValidSeq: cut.last,
    }));
    const keys = [...this.keyCuts].map(([k, cut]) => ({
      key: ci.keys[k]!,
      lastValidKseq: cut.last,
    }));
    return { chains, keys };
  }

  /**
   * The keys frozen in a scope by a fork seen here: each key and the sequence number it
   * signed twice (its events there from that number on do not count), sorted by key.
   */
  forksIn(scope: string): { key: string; fromSeq: number }[] {
    const ci = this.index;
    const s = ci.findScope(scope);
    if (s === NONE) return [];
    const out: { key: string; fromSeq: number }[] = [];
    for (const [c, fromSeq] of ci.forkSeq)
      if (ci.chainScope[c] === s)
        out.push({ key: ci.keys[ci.chainKey[c]!]!, fromSeq });
    return out.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  }

  /** Each held scope's snapshot: the state as canonical plain data, scope by scope. */
  snapshots(): Map<string, Snapshot> {
    return snapshotScopes(this.state, this.index, this.heldScopes(), {
      federation: this.federationId,
      cutoffs: this.cutoffs(),
    });
  }

  /** One scope's snapshot (an empty one for a scope not held). */
  snapshot(scope: string): Snapshot {
    return (
      snapshotScopes(this.state, this.index, [scope], {
        federation: this.federationId,
        cutoffs: this.cutoffs(),
      }).get(scope) ?? {}
    );
  }

  /**
   * Per held scope, the SHA-256 of its snapshot (hex): what partial replicas compare. Kept
   * until the fold next changes: a command, a flush and a reader often ask more than once.
   */
  scopeHashes(): Map<string, string> {
    if (this.hashes?.version !== this.version) {
      const out = new Map<string, string>();
      for (const [scope, snap] of this.snapshots())
        out.set(scope, hashSnapshot(snap));
      this.hashes = { version: this.version, value: out };
    }
    return new Map(this.hashes.value);
  }

  /** The state hash: SHA-256 of the sorted per-scope hashes (docs/events.md §8). */
  stateHash(): string {
    return hashScopes(this.scopeHashes());
  }

  /**
   * The head of a key's chain in a scope: its highest sequence number and that event's id
   * (of two forked events, the smaller id), with the key's highest kseq anywhere; null for a
   * key that has signed nothing in the scope here.
   */
  chainHead(
    author: string,
    scope: string,
  ): { seq: number; id: string; kseq: number } | null {
    const k = this.index.findKey(author);
    const s = this.index.findScope(scope);
    if (k === NONE || s === NONE) return null;
    const c = this.index.findChain(k, s);
    if (c === NONE) return null;
    let best: { seq: number; id: string } | null = null;
    for (const i of this.index.eventsOfChain[c]!) {
      const seq = this.index.seqOf[i]!;
      const id = this.index.ids[i]!;
      if (best === null || seq > best.seq || (seq === best.seq && id < best.id))
        best = { seq, id };
    }
    return best === null ? null : { ...best, kseq: this.topKseq(author) };
  }

  /** The highest kseq a key has signed among the events held here (0 for none). */
  topKseq(author: string): number {
    const k = this.index.findKey(author);
    if (k === NONE) return 0;
    let top = 0;
    for (const i of this.index.eventsOfKey[k]!)
      if (this.index.kseqOf[i]! > top) top = this.index.kseqOf[i]!;
    return top;
  }

  /** Author, scope and sequence number of a held event, or null. */
  chainSlot(
    id: string,
  ): { author: string; scope: string; seq: number; kseq: number } | null {
    const i = this.index.indexOf(id);
    if (i === NONE) return null;
    return {
      author: this.index.keyHexOf(i),
      scope: this.index.scopeIdOf(i),
      seq: this.index.seqOf[i]!,
      kseq: this.index.kseqOf[i]!,
    };
  }

  /**
   * The causal past of a held event as a view for authority questions (the event's own
   * effect included when `inclusive`), seeing its scope, the federation scope and the scopes
   * its past shows above.
   */
  viewAt(i: number, inclusive = false): CausalView {
    const index = this.index;
    const graph = this.scopes;
    const own = index.scopeOf[i]!;
    const knows = inclusive
      ? (x: number) => x === i || index.precedes(x, i)
      : (x: number) => index.precedes(x, i);
    let visible: Set<string> | null = null;
    const canSee = (scope: string) => {
      if (visible === null) {
        visible = new Set([index.scopes[own]!]);
        if (this.federationId !== null) visible.add(this.federationId);
        for (const s of graph.aboveKnown(own, (x) => x === i || knows(x)))
          visible.add(index.scopes[s]!);
      }
      return visible.has(scope);
    };
    return {
      state: this.state,
      knows,
      precedes: (x, y) => index.precedes(x, y),
      sees: canSee,
      canSee,
    };
  }

  /**
   * Runs `fn` with an event that is indexed but not folded — a draft being prepared for
   * signing (a close must state its count, which depends on its own causal past) — and takes
   * it back afterwards. Throws when the draft's parents are not all held or break the rules.
   */
  withDraft<T>(input: FoldInput, fn: (index: number) => T): T {
    const staged = this.stage([input]);
    if (staged.added.length !== 1) {
      this.abortStaged();
      const why =
        staged.rejected.get(input.id)?.code ??
        (staged.missing.size > 0 ? "missing parents" : "duplicate");
      throw new Error(`fold: the draft cannot be placed (${why})`);
    }
    try {
      return fn(this.index.indexOf(input.id));
    } finally {
      this.abortStaged();
    }
  }

  /** An event's place in the pinned fold order, or null (not held, or not yet placed). */
  positionOf(id: string): number | null {
    const i = this.index.indexOf(id);
    return i === NONE ? null : (this.position[i] ?? null);
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
