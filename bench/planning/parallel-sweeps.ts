/**
 * @module Gauss-Seidel sweeps on two cores for the feasibility benchmark: each worker owns a
 * block of rows and sweeps it Gauss-Seidel style on a private copy of x (its own rows fresh,
 * the other block's as of the last sweep), writing its rows to the other of two shared buffers
 * — so no thread ever reads what another is writing. For a non-negative A with spectral radius
 * below 1 this block splitting is a regular splitting of the M-matrix I − A, so it converges
 * (between Jacobi's rate and Gauss-Seidel's). The pure solver (src/planning) stays
 * single-threaded; this is the adapter a server would use.
 */
import { Worker } from "node:worker_threads";
import type { CsrMatrix } from "../../src/planning/index.js";
import { rowBlocks, sharedCopy as shared } from "./shared-rows.js";

/** The worker: waits for a command, runs it on its rows, counts itself done. Plain JS (eval). */
const WORKER_SOURCE = `
const { workerData } = require("node:worker_threads");
const { lo, hi, n, index, shared } = workerData;
const rowStart = new Int32Array(shared.rowStart);
const columns = new Int32Array(shared.columns);
const values = new Float64Array(shared.values);
const d = new Float64Array(shared.d);
const pivot = new Float64Array(shared.pivot);
const buffers = [new Float64Array(shared.x0), new Float64Array(shared.x1)];
const control = new Int32Array(shared.control);
const results = new Float64Array(shared.results);
const local = new Float64Array(n);
function sweep(count) {
  local.set(buffers[count % 2]);
  let change = 0;
  for (let i = lo; i < hi; i++) {
    let s = d[i];
    const xi = local[i];
    for (let k = rowStart[i], end = rowStart[i + 1]; k < end; k++)
      s += values[k] * local[columns[k]];
    local[i] = xi + (s - xi) / pivot[i];
    const r = Math.abs(s - xi);
    if (r > change) change = r;
  }
  buffers[(count + 1) % 2].set(local.subarray(lo, hi), lo);
  return change;
}
// The memory-bandwidth floor: every array a sweep of these rows reads, read once in order.
function plainPass() {
  let s = 0;
  for (let k = rowStart[lo], end = rowStart[hi]; k < end; k++) s += values[k] + columns[k];
  for (let i = lo; i < hi; i++) s += d[i] + pivot[i] + rowStart[i] + local[i];
  return s;
}
let seen = 0;
for (;;) {
  Atomics.wait(control, 0, seen);
  const generation = Atomics.load(control, 0);
  if (generation < 0) break;
  seen = generation;
  results[index] = control[2] === 1 ? plainPass() : sweep(control[3]);
  Atomics.add(control, 1, 1);
  Atomics.notify(control, 1);
}
`;

/** Two (or more) workers sweeping one matrix; `close()` ends them. */
export class ParallelSweeps {
  private readonly workers: Worker[] = [];
  private readonly control: Int32Array;
  private readonly results: Float64Array;
  private readonly buffers: [Float64Array, Float64Array];
  private generation = 0;

  constructor(
    a: CsrMatrix,
    d: Float64Array,
    pivot: Float64Array,
    threads: number,
  ) {
    if (!(a.values instanceof Float64Array))
      throw new Error("the parallel sweeps take Float64 coefficients");
    const n = a.size;
    const x0 = new SharedArrayBuffer(n * 8);
    const x1 = new SharedArrayBuffer(n * 8);
    this.buffers = [new Float64Array(x0), new Float64Array(x1)];
    this.buffers[0].set(d);
    const control = new SharedArrayBuffer(16); // generation, done, command, sweep
    const results = new SharedArrayBuffer(8 * threads);
    this.control = new Int32Array(control);
    this.results = new Float64Array(results);
    const buffers = {
      rowStart: shared(a.rowStart),
      columns: shared(a.columns),
      values: shared(a.values),
      d: shared(d),
      pivot: shared(pivot),
      x0,
      x1,
      control,
      results,
    };
    for (const [t, [lo, hi]] of rowBlocks(a, threads).entries())
      this.workers.push(
        new Worker(WORKER_SOURCE, {
          eval: true,
          workerData: { lo, hi, n, index: t, shared: buffers },
        }),
      );
  }

  /** Runs one command on every worker and waits for all; returns their results. */
  private run(command: 0 | 1): Float64Array {
    Atomics.store(this.control, 1, 0);
    Atomics.store(this.control, 2, command);
    this.generation++;
    Atomics.store(this.control, 0, this.generation);
    Atomics.notify(this.control, 0);
    const threads = this.workers.length;
    for (;;) {
      const done = Atomics.load(this.control, 1);
      if (done >= threads) break;
      Atomics.wait(this.control, 1, done);
    }
    return this.results;
  }

  /** Sweeps done so far. */
  sweeps = 0;

  /** One sweep of every block; the largest row residual any block met. */
  sweep(): number {
    // Sweep s reads buffers[s % 2] and writes buffers[(s + 1) % 2].
    Atomics.store(this.control, 3, this.sweeps);
    const results = this.run(0);
    this.sweeps++;
    return Math.max(...results);
  }

  /** One plain in-order pass over everything a sweep reads, on every worker at once. */
  plainPass(): void {
    this.run(1);
  }

  /** x after the sweeps so far. */
  get output(): Float64Array {
    return this.buffers[this.sweeps % 2]!;
  }

  /** Sweeps until the cheap estimate is below `tolerance`·scale and `confirm(x)` agrees; false at the cap. */
  solve(
    scale: number,
    tolerance: number,
    maxSweeps: number,
    confirm: (x: Float64Array) => boolean,
  ): boolean {
    while (this.sweeps < maxSweeps) {
      const change = this.sweep();
      if (change / scale <= tolerance && confirm(this.output)) return true;
    }
    return false;
  }

  async close(): Promise<void> {
    Atomics.store(this.control, 0, -1);
    Atomics.notify(this.control, 0);
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}
