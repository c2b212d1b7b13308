/**
 * @module A replica's events as reconciliation items, kept in step with its fold: the
 * causal index only ever grows, so new events are taken from where the last look ended and
 * inserted into the cached index. A scoped view holds the events a predicate admits plus
 * all their causal ancestors (a replica can only fold an event whose past it holds).
 */
import type { FoldEngine } from "../core/index.js";
import { ItemIndex } from "./item-index.js";
import type { ReconcileView } from "./reconcile.js";
import type { SortKey } from "./sort-key.js";

/** Decides, by causal-index number, whether an event is in a view (before closure). */
export type IncludeEvent = (index: number) => boolean;

/** Items sorted by height then id, using a counting sort on heights (fast for large sets). */
function sortedKeys(fold: FoldEngine, marked: Uint8Array | null): SortKey[] {
  const ci = fold.index;
  const n = ci.size;
  let maxH = 0;
  for (let i = 0; i < n; i++)
    if (ci.heightOf[i]! > maxH) maxH = ci.heightOf[i]!;
  const counts = new Uint32Array(maxH + 2);
  for (let i = 0; i < n; i++)
    if (marked === null || marked[i] === 1) counts[ci.heightOf[i]! + 1]!++;
  for (let h = 1; h < counts.length; h++) counts[h]! += counts[h - 1]!;
  const total = counts[maxH + 1]!;
  const order = new Uint32Array(total);
  const next = counts.slice(0, maxH + 1);
  for (let i = 0; i < n; i++)
    if (marked === null || marked[i] === 1) order[next[ci.heightOf[i]!]!++] = i;
  const keys: SortKey[] = new Array(total);
  for (let k = 0; k < total; k++) {
    const i = order[k]!;
    keys[k] = { h: ci.heightOf[i]!, id: ci.ids[i]! };
  }
  // Within one height, by id.
  let start = 0;
  for (let k = 1; k <= total; k++) {
    if (k === total || keys[k]!.h !== keys[start]!.h) {
      if (k - start > 1) {
        const part = keys
          .slice(start, k)
          .sort((a, b) => (a.id < b.id ? -1 : 1));
        for (let j = 0; j < part.length; j++) keys[start + j] = part[j]!;
      }
      start = k;
    }
  }
  return keys;
}

/** The reconciliation view of a replica's fold: every event, or a scope closed under ancestors. */
export class ReplicaItems implements ReconcileView {
  private items = new ItemIndex();
  private consumed = 0;
  private lastConsumed: string | null = null;
  /** For a scope: 1 for events in the view. */
  private marked: Uint8Array | null;

  constructor(
    private readonly fold: FoldEngine,
    private readonly include: IncludeEvent | null = null,
  ) {
    this.marked = include === null ? null : new Uint8Array(1024);
  }

  /** The item index, brought up to date with the fold. */
  get index(): ItemIndex {
    this.refresh();
    return this.items;
  }

  /** True when the event is in this view. */
  has(id: string): boolean {
    this.refresh();
    const i = this.fold.index.indexOf(id);
    if (i < 0) return false;
    return this.marked === null || this.marked[i] === 1;
  }

  /** The sort key of an event in this view, or null. */
  keyOf(id: string): SortKey | null {
    if (!this.has(id)) return null;
    const ci = this.fold.index;
    const i = ci.indexOf(id);
    return { h: ci.heightOf[i]!, id };
  }

  /** Takes in the events the fold gained since the last look. */
  refresh(): void {
    const ci = this.fold.index;
    const n = ci.size;
    if (n === this.consumed && (n === 0 || ci.ids[n - 1] === this.lastConsumed))
      return;
    // The index only grows, except that a local event the fold refused may be taken back.
    const intact =
      this.consumed <= n &&
      (this.consumed === 0 || ci.ids[this.consumed - 1] === this.lastConsumed);
    const fresh = n - this.consumed;
    if (!intact || fresh > Math.max(4096, this.items.size >> 3)) this.rebuild();
    else {
      for (let i = this.consumed; i < n; i++) this.takeIn(i);
      this.consumed = n;
      this.lastConsumed = n > 0 ? ci.ids[n - 1]! : null;
    }
  }

  private grow(n: number): Uint8Array {
    if (this.marked === null) throw new Error("unscoped");
    if (this.marked.length < n) {
      const next = new Uint8Array(Math.max(n, this.marked.length * 2));
      next.set(this.marked);
      this.marked = next;
    }
    return this.marked;
  }

  /** Marks an event and every unmarked ancestor; returns the newly marked. */
  private markWithPast(i: number, marked: Uint8Array, out: number[]): void {
    const ci = this.fold.index;
    const stack = [i];
    while (stack.length > 0) {
      const x = stack.pop()!;
      if (marked[x] === 1) continue;
      marked[x] = 1;
      out.push(x);
      ci.forEachParent(x, (p) => {
        if (marked[p] !== 1) stack.push(p);
      });
    }
  }

  private takeIn(i: number): void {
    const ci = this.fold.index;
    if (this.include === null) {
      this.items.insert({ h: ci.heightOf[i]!, id: ci.ids[i]! });
      return;
    }
    const marked = this.grow(ci.size);
    if (!this.include(i)) return;
    const added: number[] = [];
    this.markWithPast(i, marked, added);
    for (const x of added)
      this.items.insert({ h: ci.heightOf[x]!, id: ci.ids[x]! });
  }

  private rebuild(): void {
    const ci = this.fold.index;
    const n = ci.size;
    if (this.include !== null) {
      const marked = new Uint8Array(Math.max(1024, n));
      const sink: number[] = [];
      for (let i = n - 1; i >= 0; i--)
        if (marked[i] !== 1 && this.include(i))
          this.markWithPast(i, marked, sink);
      this.marked = marked;
    }
    this.items = ItemIndex.fromSorted(sortedKeys(this.fold, this.marked));
    this.consumed = n;
    this.lastConsumed = n > 0 ? ci.ids[n - 1]! : null;
  }
}
