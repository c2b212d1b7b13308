/**
 * @module The pinned fold order: Kahn's algorithm, always taking the smallest id (byte-wise,
 * equal to hex order) among the events whose chain predecessor and deps are done.
 */
import type { CausalIndex } from "./causal-index.js";

/** A binary min-heap of event indices ordered by their id. */
class IdHeap {
  private readonly items: number[] = [];
  constructor(private readonly ids: readonly string[]) {}

  get size(): number {
    return this.items.length;
  }

  push(i: number): void {
    const a = this.items;
    const ids = this.ids;
    a.push(i);
    let k = a.length - 1;
    const id = ids[i]!;
    while (k > 0) {
      const parent = (k - 1) >> 1;
      const pv = a[parent]!;
      if (ids[pv]! <= id) break;
      a[k] = pv;
      k = parent;
    }
    a[k] = i;
  }

  pop(): number {
    const a = this.items;
    const ids = this.ids;
    const top = a[0]!;
    const last = a.pop()!;
    if (a.length > 0) {
      let k = 0;
      const id = ids[last]!;
      const n = a.length;
      for (;;) {
        const l = 2 * k + 1;
        if (l >= n) break;
        const r = l + 1;
        const c = r < n && ids[a[r]!]! < ids[a[l]!]! ? r : l;
        if (ids[a[c]!]! >= id) break;
        a[k] = a[c]!;
        k = c;
      }
      a[k] = last;
    }
    return top;
  }
}

/** The fold order of every event in the index. */
export function foldOrder(index: CausalIndex): number[] {
  const n = index.size;
  const pending = new Int32Array(n);
  const childCount = new Int32Array(n + 1);
  for (let i = 0; i < n; i++)
    index.forEachParent(i, (p) => {
      pending[i]!++;
      childCount[p + 1]!++;
    });
  // Children in compressed rows: children of p are kids[start[p] .. start[p+1]).
  for (let i = 0; i < n; i++) childCount[i + 1]! += childCount[i]!;
  const start = childCount;
  const fill = start.slice(0, n);
  const kids = new Int32Array(start[n]!);
  for (let i = 0; i < n; i++)
    index.forEachParent(i, (p) => {
      kids[fill[p]!++] = i;
    });
  const heap = new IdHeap(index.ids);
  for (let i = 0; i < n; i++) if (pending[i] === 0) heap.push(i);
  const order: number[] = [];
  while (heap.size > 0) {
    const v = heap.pop();
    order.push(v);
    for (let k = start[v]!; k < start[v + 1]!; k++) {
      const c = kids[k]!;
      if (--pending[c]! === 0) heap.push(c);
    }
  }
  return order;
}

/**
 * Where a new event with no children goes in an existing fold order: the first position
 * after all its parents holding a larger id, else the end. Everything before that
 * position keeps its place (docs/architecture.md proves it).
 */
export function insertionPosition(
  order: readonly number[],
  ids: readonly string[],
  afterPosition: number,
  id: string,
): number {
  for (let p = afterPosition + 1; p < order.length; p++)
    if (ids[order[p]!]! > id) return p;
  return order.length;
}
