/** @module What the threaded solvers of the feasibility benchmark share: memory, and rows split among threads. */
import type { CsrMatrix } from "../../src/planning/index.js";

/** Copies a typed array into shared memory. */
export function sharedCopy(
  a: Int32Array | Float32Array | Float64Array,
): SharedArrayBuffer {
  const buffer = new SharedArrayBuffer(a.byteLength);
  new Uint8Array(buffer).set(
    new Uint8Array(a.buffer, a.byteOffset, a.byteLength),
  );
  return buffer;
}

/** The rows split into `threads` blocks [lo, hi) of about the same number of entries. */
export function rowBlocks(a: CsrMatrix, threads: number): [number, number][] {
  const n = a.size;
  const total = a.rowStart[n]!;
  const blocks: [number, number][] = [];
  let lo = 0;
  for (let b = 0; b < threads; b++) {
    let hi = lo;
    const target = (total * (b + 1)) / threads;
    while (hi < n && (b === threads - 1 || a.rowStart[hi]! < target)) hi++;
    blocks.push([lo, hi]);
    lo = hi;
  }
  return blocks;
}

/**
 * One plain in-order pass over what a product (I − A)·v of rows lo..hi reads and writes — the
 * matrix's entries and row starts, v and the result — with no gathers: its memory floor.
 */
export function plainProductPass(
  a: CsrMatrix,
  v: Float64Array,
  out: Float64Array,
  lo: number,
  hi: number,
): number {
  const { rowStart, columns, values } = a;
  let s = 0;
  for (let k = rowStart[lo]!, end = rowStart[hi]!; k < end; k++)
    s += values[k]! + columns[k]!;
  for (let i = lo; i < hi; i++) {
    out[i] = v[i]! + rowStart[i]!;
    s += out[i]!;
  }
  return s;
}
