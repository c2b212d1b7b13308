/**
 * @module The shared memory of a threaded BiCGSTAB solve, and the views every thread takes of
 * it: the main thread allocates it ({@link sharedBicgstabMemory}), every thread reads it the
 * same way ({@link bicgstabViews}).
 */
import type { CsrMatrix } from "../../src/planning/index.js";
import type { BicgstabVectors } from "../../src/planning/leontief-bicgstab.js";
import { sharedCopy } from "./shared-rows.js";

const VECTORS = ["x", "r", "shadow", "p", "v", "s", "t"] as const;

/** Copies the matrix and d into shared memory beside the vectors and the threads' control. */
export function sharedBicgstabMemory(
  a: CsrMatrix,
  d: Float64Array,
  threads: number,
): { buffers: Record<string, SharedArrayBuffer>; float32: boolean } {
  const buffers: Record<string, SharedArrayBuffer> = {
    rowStart: sharedCopy(a.rowStart),
    columns: sharedCopy(a.columns),
    values: sharedCopy(a.values),
    d: sharedCopy(d),
    // control: generation, done, command; scalars: α, β, ω; results: two a thread.
    control: new SharedArrayBuffer(12),
    scalars: new SharedArrayBuffer(24),
    results: new SharedArrayBuffer(16 * threads),
  };
  for (const name of VECTORS) buffers[name] = new SharedArrayBuffer(8 * a.size);
  return { buffers, float32: a.values instanceof Float32Array };
}

/** The matrix, the vectors and the control arrays, viewed on the shared buffers. */
export function bicgstabViews(
  buffers: Record<string, SharedArrayBuffer>,
  float32: boolean,
) {
  const rowStart = new Int32Array(buffers.rowStart!);
  const a: CsrMatrix = {
    size: rowStart.length - 1,
    rowStart,
    columns: new Int32Array(buffers.columns!),
    values: float32
      ? new Float32Array(buffers.values!)
      : new Float64Array(buffers.values!),
  };
  const vector = (name: string) => new Float64Array(buffers[name]!);
  const w: BicgstabVectors = {
    d: vector("d"),
    x: vector("x"),
    r: vector("r"),
    shadow: vector("shadow"),
    p: vector("p"),
    v: vector("v"),
    s: vector("s"),
    t: vector("t"),
  };
  return {
    a,
    w,
    control: new Int32Array(buffers.control!),
    scalars: new Float64Array(buffers.scalars!),
    results: new Float64Array(buffers.results!),
  };
}
