/**
 * @module The causal graph of the events a replica holds: parents, heights, per-author
 * chains, forks, and the question the fold asks most — "is x in the causal past of e?".
 * docs/architecture.md explains the memo that keeps that question cheap.
 */

/** Sentinel for "no such event". */
export const NONE = -1;

/** Most events one cover computation walks (see computeCover). */
const COVER_WALK = 1 << 16;

/** For one fact and one author chain: sequence numbers known to know it, and known not to. */
interface ChainMemo {
  knowsFrom: number;
  notUpTo: number;
}

/** What the index needs to know of an event. */
export interface IndexedEventInput {
  readonly id: string;
  readonly author: string;
  readonly seq: number;
  readonly prev: string | null;
  readonly deps: readonly string[];
}

/**
 * Events are numbered in the order they are added (their index). Parents must be added
 * before children. Nothing is ever removed: the graph of existing events never changes,
 * so reachability facts, once learned, stay true.
 */
export class CausalIndex {
  readonly ids: string[] = [];
  readonly authorOf: number[] = [];
  readonly seqOf: number[] = [];
  readonly heightOf: number[] = [];
  readonly prevOf: number[] = [];
  /** How many held events name each event as a parent. */
  readonly childCount: number[] = [];
  /** deps of event i are depPool[depStart[i] .. depStart[i+1]). */
  private readonly depStart: number[] = [0];
  private depPool = new Int32Array(1024);

  readonly authorKeys: string[] = [];
  private readonly authorIndex = new Map<string, number>();
  /** Events of each author, in the order added. */
  readonly eventsOfAuthor: number[][] = [];
  private readonly byId = new Map<string, number>();
  /** The highest sequence number held for each author. */
  private readonly topSeqOf: number[] = [];
  /** Lowest sequence number at which an author signed two different events. */
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
   * What earlier questions learned, per fact x and author chain: an author's later events
   * know everything their earlier ones knew (for authors that never forked).
   */
  private readonly memo = new Map<number, Map<number, ChainMemo>>();

  get size(): number {
    return this.ids.length;
  }

  /** Index of an event id, or NONE. */
  indexOf(id: string): number {
    return this.byId.get(id) ?? NONE;
  }

  has(id: string): boolean {
    return this.byId.has(id);
  }

  /** Index of an author key (hex), adding it when new. */
  authorIndexOf(author: string): number {
    let a = this.authorIndex.get(author);
    if (a === undefined) {
      a = this.authorKeys.length;
      this.authorKeys.push(author);
      this.authorIndex.set(author, a);
      this.eventsOfAuthor.push([]);
    }
    return a;
  }

  /** Index of a known author, or NONE. */
  findAuthor(author: string): number {
    return this.authorIndex.get(author) ?? NONE;
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
   * its author's chain fork, the sequence number of the fork.
   */
  add(event: IndexedEventInput): { index: number; forkAt: number | null } {
    const i = this.ids.length;
    const a = this.authorIndexOf(event.author);
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
    this.authorOf.push(a);
    this.seqOf.push(event.seq);
    this.heightOf.push(height);
    this.prevOf.push(prev);
    this.byId.set(event.id, i);
    this.eventsOfAuthor[a]!.push(i);
    this.childCount.push(0);
    this.forEachParent(i, (p) => {
      this.childCount[p]!++;
    });
    this.coverOf[i] = this.computeCover(i);
    // A fork: another event of this author with the same sequence number. Chains usually
    // arrive in order, so only an event at or below the author's highest seq needs a look.
    let forkAt: number | null = null;
    const events = this.eventsOfAuthor[a]!;
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
   * Removes the most recently added event, which must have no children and must not have
   * made a fork: used to take back a local event the fold found invalid before it is stored.
   */
  removeLast(): void {
    const i = this.ids.length - 1;
    if (i < 0 || this.childCount[i] !== 0)
      throw new Error(
        "causal index: only a childless last event can be removed",
      );
    const a = this.authorOf[i]!;
    const seq = this.seqOf[i]!;
    const events = this.eventsOfAuthor[a]!;
    if (events.some((k) => k !== i && this.seqOf[k] === seq))
      throw new Error("causal index: a forking event cannot be removed");
    this.forEachParent(i, (p) => {
      this.childCount[p]!--;
    });
    let top = 0;
    for (const k of events)
      if (k !== i && this.seqOf[k]! > top) top = this.seqOf[k]!;
    this.topSeqOf[a] = top;
    this.byId.delete(this.ids[i]!);
    this.eventsOfAuthor[a]!.pop();
    this.ids.pop();
    this.authorOf.pop();
    this.seqOf.pop();
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

  isForked(author: number): boolean {
    return this.forkSeq.has(author);
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
    const ax = this.authorOf[x]!;
    const sx = this.seqOf[x]!;
    const chainOk = !this.forkSeq.has(ax);
    if (chainOk && this.authorOf[e] === ax) return this.seqOf[e]! > sx;
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
    const a = this.authorOf[v]!;
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
    const a = this.authorOf[v]!;
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
        if (chainOk && this.authorOf[p] === ax) {
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
