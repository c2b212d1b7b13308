/**
 * @module The causal graph of the events a replica holds: parents, heights, scopes, the
 * chains of each key in each scope, forks, and the question the fold asks most — "is x in
 * the causal past of e?". docs/architecture.md explains the memo that keeps that question
 * cheap.
 */

import {
  type NumberColumn,
  packNumbers,
  unpackNumbers,
} from "./number-column.js";

/** Sentinel for "no such event". */
export const NONE = -1;

/** Most events one cover computation walks (see computeCover). */
const COVER_WALK = 1 << 8;

/** For one fact and one chain: sequence numbers known to know it, and known not to. */
interface ChainMemo {
  knowsFrom: number;
  notUpTo: number;
}

/**
 * The index as plain data (fold-image.ts): the arrays themselves, not copies — serialize it
 * before the index changes. Lookup maps are rebuilt from the arrays on restore; the
 * reachability memo is a cache and is not kept.
 */
export interface CausalIndexImage {
  readonly ids: string[];
  /** The per-event and per-chain number arrays, packed (number-column.ts). */
  readonly columns: Record<(typeof COLUMNS)[number], NumberColumn>;
  readonly depPool: Int32Array;
  readonly keys: string[];
  readonly eventsOfKey: number[][];
  readonly scopes: string[];
  readonly eventsOfChain: number[][];
  readonly topSeqOf: number[];
  readonly forkSeq: Map<number, number>;
}

/** The index's arrays of numbers that an image packs. */
const COLUMNS = [
  "chainOf",
  "keyOf",
  "scopeOf",
  "seqOf",
  "kseqOf",
  "heightOf",
  "prevOf",
  "childCount",
  "depStart",
  "coverOf",
  "chainKey",
  "chainScope",
] as const;

/** What the index needs to know of an event. */
export interface IndexedEventInput {
  readonly id: string;
  readonly author: string;
  /** The event's scope (hex); its own id for an event that founds a scope. */
  readonly scope: string;
  readonly seq: number;
  readonly kseq: number;
  readonly prev: string | null;
  readonly deps: readonly string[];
}

/**
 * Events are numbered in the order they are added (their index). Parents must be added
 * before children. Only the newest, childless events are ever removed (an event taken back
 * before it is stored): the graph of other events never changes, so reachability facts,
 * once learned, stay true.
 *
 * A **chain** is one key's events in one scope (their `seq` and `prev` run along it); a key
 * also numbers all its events across scopes (`kseq`).
 */
export class CausalIndex {
  readonly ids: string[] = [];
  /** The chain (key × scope) of each event. */
  readonly chainOf: number[] = [];
  /** The signing key of each event (index into keys). */
  readonly keyOf: number[] = [];
  /** The scope of each event (index into scopes). */
  readonly scopeOf: number[] = [];
  readonly seqOf: number[] = [];
  readonly kseqOf: number[] = [];
  readonly heightOf: number[] = [];
  readonly prevOf: number[] = [];
  /** How many held events name each event as a parent. */
  readonly childCount: number[] = [];
  /** deps of event i are depPool[depStart[i] .. depStart[i+1]). */
  private readonly depStart: number[] = [0];
  private depPool = new Int32Array(1024);

  /** Signing keys (hex), by key index. */
  readonly keys: string[] = [];
  private readonly keyIndex = new Map<string, number>();
  /** Events of each key, in the order added. */
  readonly eventsOfKey: number[][] = [];
  /** Scope ids (hex), by scope index. */
  readonly scopes: string[] = [];
  private readonly scopeIndex = new Map<string, number>();
  /** The key and scope of each chain. */
  readonly chainKey: number[] = [];
  readonly chainScope: number[] = [];
  private readonly chainIndex = new Map<string, number>();
  /** Events of each chain, in the order added. */
  readonly eventsOfChain: number[][] = [];
  /** Index by event id; after a restore, built when first asked (a read command may never ask). */
  private byIdMap: Map<string, number> | null = new Map();
  /** The highest sequence number held on each chain. */
  private readonly topSeqOf: number[] = [];
  /** Lowest sequence number at which a chain forked (a key signed two events with one seq in one scope). */
  readonly forkSeq = new Map<number, number>();

  /**
   * cover[i]: every event with an index below it is in the causal past of event i.
   * Parents always have lower indices than children, so in a log where each event saw
   * the heads before it (the usual case) cover[i] = i and most questions end in O(1).
   */
  private readonly coverOf: number[] = [];
  private stamp = new Int32Array(1024);
  private generation = 0;
  /**
   * What earlier questions learned, per fact x and chain: a chain's later events know
   * everything its earlier ones knew (for chains that never forked).
   */
  private readonly memo = new Map<number, Map<number, ChainMemo>>();

  get size(): number {
    return this.ids.length;
  }

  /** The index as plain data (shares some arrays with the live index). */
  toImage(): CausalIndexImage {
    const columns = {} as Record<(typeof COLUMNS)[number], NumberColumn>;
    for (const name of COLUMNS) columns[name] = packNumbers(this[name]);
    return {
      ids: this.ids,
      columns,
      depPool: this.depPool,
      keys: this.keys,
      eventsOfKey: this.eventsOfKey,
      scopes: this.scopes,
      eventsOfChain: this.eventsOfChain,
      topSeqOf: this.topSeqOf,
      forkSeq: this.forkSeq,
    };
  }

  /** An index made from an image, which it takes over (the image must not be used again). */
  static fromImage(image: CausalIndexImage): CausalIndex {
    const index = new CausalIndex();
    const { columns, ...rest } = image;
    const fields: Record<string, unknown> = { ...rest };
    for (const name of COLUMNS) fields[name] = unpackNumbers(columns[name]);
    // The fields are readonly to the code that uses an index; a restore fills them once.
    Object.assign(index, fields);
    index.byIdMap = null;
    for (let k = 0; k < image.keys.length; k++)
      index.keyIndex.set(image.keys[k]!, k);
    for (let s = 0; s < image.scopes.length; s++)
      index.scopeIndex.set(image.scopes[s]!, s);
    const chainKey = index.chainKey;
    const chainScope = index.chainScope;
    for (let c = 0; c < chainKey.length; c++)
      index.chainIndex.set(`${chainKey[c]} ${chainScope[c]}`, c);
    return index;
  }

  private get byId(): Map<string, number> {
    if (this.byIdMap === null) {
      const map = new Map<string, number>();
      for (let i = 0; i < this.ids.length; i++) map.set(this.ids[i]!, i);
      this.byIdMap = map;
    }
    return this.byIdMap;
  }

  /** Index of an event id, or NONE. */
  indexOf(id: string): number {
    return this.byId.get(id) ?? NONE;
  }

  has(id: string): boolean {
    return this.byId.has(id);
  }

  /** Index of a key (hex), adding it when new. */
  keyIndexOf(key: string): number {
    let k = this.keyIndex.get(key);
    if (k === undefined) {
      k = this.keys.length;
      this.keys.push(key);
      this.keyIndex.set(key, k);
      this.eventsOfKey.push([]);
    }
    return k;
  }

  /** Index of a known key, or NONE. */
  findKey(key: string): number {
    return this.keyIndex.get(key) ?? NONE;
  }

  /** Index of a scope id (hex), adding it when new. */
  scopeIndexOf(scope: string): number {
    let s = this.scopeIndex.get(scope);
    if (s === undefined) {
      s = this.scopes.length;
      this.scopes.push(scope);
      this.scopeIndex.set(scope, s);
    }
    return s;
  }

  /** Index of a known scope, or NONE. */
  findScope(scope: string): number {
    return this.scopeIndex.get(scope) ?? NONE;
  }

  /** Index of the chain of a key in a scope, adding it when new. */
  chainIndexOf(key: number, scope: number): number {
    const name = `${key} ${scope}`;
    let c = this.chainIndex.get(name);
    if (c === undefined) {
      c = this.chainKey.length;
      this.chainKey.push(key);
      this.chainScope.push(scope);
      this.chainIndex.set(name, c);
      this.eventsOfChain.push([]);
    }
    return c;
  }

  /** Index of a known chain, or NONE. */
  findChain(key: number, scope: number): number {
    return this.chainIndex.get(`${key} ${scope}`) ?? NONE;
  }

  /** The scope id (hex) of an event. */
  scopeIdOf(i: number): string {
    return this.scopes[this.scopeOf[i]!]!;
  }

  /** The signing key (hex) of an event. */
  keyHexOf(i: number): string {
    return this.keys[this.keyOf[i]!]!;
  }

  /** True when the index holds the event's prev and every dep. */
  hasParents(event: IndexedEventInput): boolean {
    if (event.prev !== null && !this.byId.has(event.prev)) return false;
    for (let k = 0; k < event.deps.length; k++)
      if (!this.byId.has(event.deps[k]!)) return false;
    return true;
  }

  /** The ids among prev and deps that the index does not hold. */
  missingParents(event: IndexedEventInput): string[] {
    const missing: string[] = [];
    if (event.prev !== null && !this.byId.has(event.prev))
      missing.push(event.prev);
    for (const d of event.deps) if (!this.byId.has(d)) missing.push(d);
    return missing;
  }

  /**
   * Adds an event whose parents are all present. Returns its index and, when it makes
   * its chain fork, the sequence number of the fork.
   */
  add(event: IndexedEventInput): { index: number; forkAt: number | null } {
    const i = this.ids.length;
    const key = this.keyIndexOf(event.author);
    const sc = this.scopeIndexOf(event.scope);
    const a = this.chainIndexOf(key, sc);
    const prev = event.prev === null ? NONE : this.byId.get(event.prev)!;
    let height = prev === NONE ? 0 : this.heightOf[prev]! + 1;
    const start = this.depStart[i]!;
    if (start + event.deps.length > this.depPool.length) {
      const next = new Int32Array(
        Math.max(this.depPool.length * 2, start + 64),
      );
      next.set(this.depPool);
      this.depPool = next;
    }
    for (let k = 0; k < event.deps.length; k++) {
      const d = this.byId.get(event.deps[k]!)!;
      this.depPool[start + k] = d;
      const h = this.heightOf[d]! + 1;
      if (h > height) height = h;
    }
    this.depStart.push(start + event.deps.length);
    this.coverOf.push(0);
    this.ids.push(event.id);
    this.chainOf.push(a);
    this.keyOf.push(key);
    this.scopeOf.push(sc);
    this.seqOf.push(event.seq);
    this.kseqOf.push(event.kseq);
    this.heightOf.push(height);
    this.prevOf.push(prev);
    this.byId.set(event.id, i);
    this.eventsOfChain[a]!.push(i);
    this.eventsOfKey[key]!.push(i);
    this.childCount.push(0);
    this.forEachParent(i, (p) => {
      this.childCount[p]!++;
    });
    this.coverOf[i] = this.computeCover(i);
    // A fork: another event of this chain with the same sequence number. Chains usually
    // arrive in order, so only an event at or below the chain's highest seq needs a look.
    let forkAt: number | null = null;
    const events = this.eventsOfChain[a]!;
    const top = this.topSeqOf[a] ?? 0;
    if (event.seq <= top) {
      for (let k = 0; k < events.length - 1; k++) {
        if (this.seqOf[events[k]!] !== event.seq) continue;
        const known = this.forkSeq.get(a);
        if (known === undefined || event.seq < known) {
          this.forkSeq.set(a, event.seq);
          forkAt = event.seq;
        }
        break;
      }
    } else this.topSeqOf[a] = event.seq;
    return { index: i, forkAt };
  }

  /**
   * Removes the most recently added event, which must have no children: used to take back
   * events before they are stored (a local event the fold found invalid, or a batch whose
   * store write failed). A fork it made is undone with it.
   */
  removeLast(): void {
    const i = this.ids.length - 1;
    if (i < 0 || this.childCount[i] !== 0)
      throw new Error(
        "causal index: only a childless last event can be removed",
      );
    const a = this.chainOf[i]!;
    const events = this.eventsOfChain[a]!;
    this.forEachParent(i, (p) => {
      this.childCount[p]!--;
    });
    let top = 0;
    for (const k of events)
      if (k !== i && this.seqOf[k]! > top) top = this.seqOf[k]!;
    this.topSeqOf[a] = top;
    events.pop();
    this.eventsOfKey[this.keyOf[i]!]!.pop();
    // The lowest seq held twice on the chain, without this event.
    const seen = new Set<number>();
    let fork = Number.POSITIVE_INFINITY;
    for (const k of events) {
      const s = this.seqOf[k]!;
      if (seen.has(s)) fork = Math.min(fork, s);
      seen.add(s);
    }
    if (Number.isFinite(fork)) this.forkSeq.set(a, fork);
    else this.forkSeq.delete(a);
    // Memos may hold what questions about this event taught (per chain and seq): a later
    // event may take its chain and seq with other deps, so they all go.
    this.memo.clear();
    this.byId.delete(this.ids[i]!);
    this.ids.pop();
    this.chainOf.pop();
    this.keyOf.pop();
    this.scopeOf.pop();
    this.seqOf.pop();
    this.kseqOf.pop();
    this.heightOf.pop();
    this.prevOf.pop();
    this.childCount.pop();
    this.coverOf.pop();
    this.depStart.pop();
  }

  /** The parents of an event: its chain predecessor (if any) and its deps. */
  parentsOf(i: number): number[] {
    const out: number[] = [];
    const p = this.prevOf[i]!;
    if (p !== NONE) out.push(p);
    for (let k = this.depStart[i]!; k < this.depStart[i + 1]!; k++)
      out.push(this.depPool[k]!);
    return out;
  }

  /** Calls fn for every parent of event i (no allocation). */
  forEachParent(i: number, fn: (parent: number) => void): void {
    const p = this.prevOf[i]!;
    if (p !== NONE) fn(p);
    const end = this.depStart[i + 1]!;
    for (let k = this.depStart[i]!; k < end; k++) fn(this.depPool[k]!);
  }

  depCount(i: number): number {
    return this.depStart[i + 1]! - this.depStart[i]!;
  }

  depAt(i: number, k: number): number {
    return this.depPool[this.depStart[i]! + k]!;
  }

  isForked(chain: number): boolean {
    return this.forkSeq.has(chain);
  }

  /**
   * The cover of a new event: the largest of its parents' covers, extended over the
   * following indices that are in its past. Most events extend only through their direct
   * parents; an event that merges several branches (three or more parents) walks its past
   * above that cover once — bounded by COVER_WALK — so that everything after it inherits a
   * cover that reaches the merge. A smaller cover only makes later questions take the slower
   * path, never answer wrongly.
   */
  private computeCover(i: number): number {
    let cover = 0;
    let parents = 0;
    this.forEachParent(i, (p) => {
      parents++;
      const c = this.coverOf[p]!;
      if (c > cover) cover = c;
    });
    if (parents >= 3 && cover + 1 < i) {
      this.ensureStamp();
      const gen = ++this.generation;
      const stack: number[] = [];
      const visit = (p: number) => {
        if (p >= cover && this.stamp[p] !== gen) {
          this.stamp[p] = gen;
          stack.push(p);
        }
      };
      this.forEachParent(i, visit);
      let steps = 0;
      while (stack.length > 0 && steps < COVER_WALK) {
        steps++;
        this.forEachParent(stack.pop()!, visit);
      }
      if (stack.length === 0) {
        // The walk reached every event of the past above the cover.
        while (cover < i && this.stamp[cover] === gen) cover++;
        return cover;
      }
    }
    // Only direct parents are certain.
    const direct = this.parentsOf(i);
    while (cover < i && direct.includes(cover)) cover++;
    return cover;
  }

  /**
   * True when x is in the causal past of e (reachable from e through chain predecessors
   * and deps), false for x === e. A depth-first search cut short by three facts: indices
   * (a parent's index is lower than its child's), covers, and heights.
   */
  precedes(x: number, e: number): boolean {
    if (x >= e) return false;
    if (x < this.coverOf[e]!) return true;
    const hx = this.heightOf[x]!;
    if (this.heightOf[e]! <= hx) return false;
    const ax = this.chainOf[x]!;
    const sx = this.seqOf[x]!;
    const chainOk = !this.forkSeq.has(ax);
    if (chainOk && this.chainOf[e] === ax) return this.seqOf[e]! > sx;
    let memo = this.memo.get(x);
    if (memo === undefined) this.memo.set(x, (memo = new Map()));
    const known = this.recall(memo, e);
    if (known !== 0) return known > 0;
    const answer = this.search(x, e, hx, ax, sx, chainOk, memo);
    this.remember(memo, e, answer);
    return answer;
  }

  /** +1 knows, −1 does not, 0 unknown — from what earlier questions learned about e's chain. */
  private recall(memo: Map<number, ChainMemo>, v: number): number {
    const a = this.chainOf[v]!;
    if (this.forkSeq.has(a)) return 0;
    const m = memo.get(a);
    if (m === undefined) return 0;
    const s = this.seqOf[v]!;
    if (s >= m.knowsFrom) return 1;
    if (s <= m.notUpTo) return -1;
    return 0;
  }

  private remember(
    memo: Map<number, ChainMemo>,
    v: number,
    knows: boolean,
  ): void {
    const a = this.chainOf[v]!;
    if (this.forkSeq.has(a)) return;
    let m = memo.get(a);
    if (m === undefined)
      memo.set(a, (m = { knowsFrom: Number.POSITIVE_INFINITY, notUpTo: 0 }));
    const s = this.seqOf[v]!;
    if (knows) m.knowsFrom = Math.min(m.knowsFrom, s);
    else m.notUpTo = Math.max(m.notUpTo, s);
  }

  private ensureStamp(): void {
    if (this.stamp.length < this.ids.length + 1) {
      const next = new Int32Array(Math.max((this.ids.length + 1) * 2, 1024));
      next.set(this.stamp);
      this.stamp = next;
    }
  }

  /** Depth-first search from e for x, cut short by indices, covers, heights, chains and the memo. */
  private search(
    x: number,
    e: number,
    hx: number,
    ax: number,
    sx: number,
    chainOk: boolean,
    memo: Map<number, ChainMemo>,
  ): boolean {
    this.ensureStamp();
    const gen = ++this.generation;
    const stack = [e];
    while (stack.length > 0) {
      const v = stack.pop()!;
      const prev = this.prevOf[v]!;
      const end = this.depStart[v + 1]!;
      for (let k = this.depStart[v]! - 1; k < end; k++) {
        const p = k < this.depStart[v]! ? prev : this.depPool[k]!;
        if (p === x) return true;
        if (p < x || p === NONE) continue;
        if (x < this.coverOf[p]!) return true;
        if (this.stamp[p] === gen || this.heightOf[p]! <= hx) continue;
        this.stamp[p] = gen;
        if (chainOk && this.chainOf[p] === ax) {
          if (this.seqOf[p]! > sx) return true;
          continue;
        }
        const known = this.recall(memo, p);
        if (known > 0) return true;
        if (known < 0) continue;
        stack.push(p);
      }
    }
    return false;
  }

  /**
   * Marks every event in the causal past of e whose height is at least minHeight and
   * returns a predicate for them; one walk answers many precedes() questions at once.
   */
  pastAbove(e: number, minHeight: number): (x: number) => boolean {
    const marked = new Set<number>();
    const stack = [e];
    while (stack.length > 0) {
      const v = stack.pop()!;
      this.forEachParent(v, (p) => {
        if (marked.has(p) || this.heightOf[p]! < minHeight) return;
        marked.add(p);
        stack.push(p);
      });
    }
    return (x) =>
      this.heightOf[x]! >= minHeight ? marked.has(x) : this.precedes(x, e);
  }
}
