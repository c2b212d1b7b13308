/**
 * @module The sorted items of one replica (or one peer's view of it) with cached sums:
 * items live in buckets of a few hundred, each bucket keeps the sum of its ids, so the
 * fingerprint of any range costs the items of two partial buckets plus one addition per
 * bucket between them. New events are inserted in place; nothing is ever recomputed whole.
 */
import {
  addLimbs,
  fingerprintOf,
  limbsOf,
  newSum,
  type Sum,
  subLimbs,
} from "./fingerprint.js";
import { type Bound, compareKeys, isBelow, type SortKey } from "./sort-key.js";

const BUCKET = 512;

class Bucket {
  hs: number[] = [];
  ids: string[] = [];
  limbs: Uint32Array;
  readonly sum: Sum = newSum();

  constructor(capacity: number) {
    this.limbs = new Uint32Array(Math.max(capacity, 16) * 8);
  }

  get size(): number {
    return this.ids.length;
  }

  keyAt(i: number): SortKey {
    return { h: this.hs[i]!, id: this.ids[i]! };
  }

  /** Index of the first item not below the bound. */
  lowerBound(bound: Bound): number {
    let lo = 0;
    let hi = this.ids.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (isBelow({ h: this.hs[mid]!, id: this.ids[mid]! }, bound))
        lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  insertAt(i: number, key: SortKey, limbs: Uint32Array): void {
    const n = this.ids.length;
    if ((n + 1) * 8 > this.limbs.length) {
      const next = new Uint32Array(this.limbs.length * 2);
      next.set(this.limbs);
      this.limbs = next;
    }
    this.limbs.copyWithin((i + 1) * 8, i * 8, n * 8);
    this.limbs.set(limbs.subarray(0, 8), i * 8);
    this.hs.splice(i, 0, key.h);
    this.ids.splice(i, 0, key.id);
    addLimbs(this.sum, limbs, 0);
  }

  /** Moves the upper half into a new bucket. */
  split(): Bucket {
    const half = this.ids.length >> 1;
    const right = new Bucket(BUCKET * 2);
    right.hs = this.hs.slice(half);
    right.ids = this.ids.slice(half);
    right.limbs.set(this.limbs.subarray(half * 8, this.ids.length * 8));
    for (let i = 0; i < right.ids.length; i++)
      addLimbs(right.sum, right.limbs, i * 8);
    for (let i = 0; i < right.ids.length; i++)
      subLimbs(this.sum, right.limbs, i * 8);
    this.hs.length = half;
    this.ids.length = half;
    return right;
  }
}

/** A sorted set of (height, id) items with range counts, range fingerprints and splits. */
export class ItemIndex {
  private buckets: Bucket[] = [new Bucket(BUCKET)];
  /** starts[b]: items before bucket b; rebuilt lazily after inserts. */
  private starts: number[] | null = null;
  private total = 0;
  private readonly scratch = new Uint32Array(8);

  /** Builds an index from items already sorted by (height, id), without repeats. */
  static fromSorted(items: readonly SortKey[]): ItemIndex {
    const index = new ItemIndex();
    index.buckets = [];
    for (let start = 0; start < items.length; start += BUCKET) {
      const chunk = items.slice(start, start + BUCKET);
      const b = new Bucket(BUCKET * 2);
      for (let i = 0; i < chunk.length; i++) {
        const k = chunk[i]!;
        b.hs.push(k.h);
        b.ids.push(k.id);
        limbsOf(k.id, b.limbs, i * 8);
        addLimbs(b.sum, b.limbs, i * 8);
      }
      index.buckets.push(b);
    }
    if (index.buckets.length === 0) index.buckets.push(new Bucket(BUCKET));
    index.total = items.length;
    return index;
  }

  get size(): number {
    return this.total;
  }

  /** Inserts an item that is not yet present. */
  insert(key: SortKey): void {
    let lo = 0;
    let hi = this.buckets.length - 1;
    // The first bucket whose last item is not below the key (else the last bucket).
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const b = this.buckets[mid]!;
      if (b.size > 0 && compareKeys(b.keyAt(b.size - 1), key) < 0) lo = mid + 1;
      else hi = mid;
    }
    const bucket = this.buckets[lo]!;
    let i = 0;
    let j = bucket.size;
    while (i < j) {
      const mid = (i + j) >> 1;
      if (compareKeys(bucket.keyAt(mid), key) < 0) i = mid + 1;
      else j = mid;
    }
    limbsOf(key.id, this.scratch, 0);
    bucket.insertAt(i, key, this.scratch);
    if (bucket.size > BUCKET * 2)
      this.buckets.splice(lo + 1, 0, bucket.split());
    this.total++;
    this.starts = null;
  }

  private ensureStarts(): number[] {
    if (this.starts !== null) return this.starts;
    const starts: number[] = new Array(this.buckets.length);
    let n = 0;
    for (let b = 0; b < this.buckets.length; b++) {
      starts[b] = n;
      n += this.buckets[b]!.size;
    }
    this.starts = starts;
    return starts;
  }

  /** The bucket holding position pos (0 ≤ pos < size), and pos inside it. */
  private locate(pos: number): [number, number] {
    const starts = this.ensureStarts();
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= pos) lo = mid;
      else hi = mid - 1;
    }
    // Skip empty buckets (only the single initial bucket can be empty).
    while (
      lo < this.buckets.length - 1 &&
      pos - starts[lo]! >= this.buckets[lo]!.size
    )
      lo++;
    return [lo, pos - starts[lo]!];
  }

  /** How many items lie below the bound (the position of the bound in the order). */
  position(bound: Bound): number {
    if (bound.end) return this.total;
    const starts = this.ensureStarts();
    let lo = 0;
    let hi = this.buckets.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const b = this.buckets[mid]!;
      if (b.size > 0 && isBelow(b.keyAt(b.size - 1), bound)) lo = mid + 1;
      else hi = mid;
    }
    return starts[lo]! + this.buckets[lo]!.lowerBound(bound);
  }

  /** The item at a position. */
  keyAt(pos: number): SortKey {
    const [b, i] = this.locate(pos);
    return this.buckets[b]!.keyAt(i);
  }

  /** The items in positions [lo, hi). */
  keys(lo: number, hi: number): SortKey[] {
    const out: SortKey[] = [];
    if (lo >= hi) return out;
    let [b, i] = this.locate(lo);
    for (let n = lo; n < hi; n++) {
      let bucket = this.buckets[b]!;
      while (i >= bucket.size) {
        b++;
        i = 0;
        bucket = this.buckets[b]!;
      }
      out.push(bucket.keyAt(i));
      i++;
    }
    return out;
  }

  /** Adds the ids in positions [lo, hi) to `sum`. */
  addRange(lo: number, hi: number, sum: Sum): void {
    if (lo >= hi) return;
    let [b, i] = this.locate(lo);
    let left = hi - lo;
    while (left > 0) {
      const bucket = this.buckets[b]!;
      const take = Math.min(bucket.size - i, left);
      if (i === 0 && take === bucket.size) addLimbs(sum, bucket.sum, 0);
      else
        for (let k = i; k < i + take; k++) addLimbs(sum, bucket.limbs, k * 8);
      left -= take;
      b++;
      i = 0;
    }
  }

  /** The fingerprint of the items in positions [lo, hi). */
  fingerprint(lo: number, hi: number): Uint8Array {
    const sum = newSum();
    this.addRange(lo, hi, sum);
    return fingerprintOf(sum, Math.max(0, hi - lo));
  }
}
