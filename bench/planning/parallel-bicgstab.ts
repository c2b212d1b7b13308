/**
 * @module BiCGSTAB for x = (I − A)⁻¹·d on several threads, for the feasibility benchmark: the
 * iteration of src/planning (`runBicgstab`), each phase run on blocks of rows at once — the main
 * thread takes the first block, one worker each of the others — on shared memory, their partial
 * sums added. Every phase reads only what the phase before it finished on every block, so no
 * thread reads what another is writing. The pure solver stays single-threaded; this is the
 * adapter a server would use.
 */
import { Worker } from "node:worker_threads";
import type { CsrMatrix } from "../../src/planning/index.js";
import { leontiefResidual } from "../../src/planning/index.js";
import {
  BICGSTAB_PHASES,
  type BicgstabOptions,
  type BicgstabPhase,
  type BicgstabScalars,
  type BicgstabSolution,
  type BicgstabVectors,
  bicgstabPhase,
  combineSums,
  type PhaseSums,
  runBicgstab,
} from "../../src/planning/leontief-bicgstab.js";
import type { PlanningResult } from "../../src/planning/planning-error.js";
import {
  plainProductPass,
  rowBlocks,
  sharedCopy as shared,
} from "./shared-rows.js";

/** A matrix and demand on `threads` threads; `close()` ends the workers. */
export class ParallelBicgstab {
  private readonly workers: Worker[] = [];
  private readonly control: Int32Array;
  private readonly scalarsShared: Float64Array;
  private readonly results: Float64Array;
  private readonly blocks: [number, number][] = [];
  private readonly w: BicgstabVectors;
  private readonly a: CsrMatrix;
  private generation = 0;

  constructor(a: CsrMatrix, d: Float64Array, threads: number) {
    const n = a.size;
    const buffers: Record<string, SharedArrayBuffer> = {
      rowStart: shared(a.rowStart),
      columns: shared(a.columns),
      values: shared(a.values),
      d: shared(d),
      control: new SharedArrayBuffer(12),
      scalars: new SharedArrayBuffer(24),
      results: new SharedArrayBuffer(16 * threads),
    };
    for (const name of ["x", "r", "shadow", "p", "v", "s", "t"])
      buffers[name] = new SharedArrayBuffer(8 * n);
    const vector = (name: string) => new Float64Array(buffers[name]!);
    this.a = {
      size: n,
      rowStart: new Int32Array(buffers.rowStart!),
      columns: new Int32Array(buffers.columns!),
      values:
        a.values instanceof Float32Array
          ? new Float32Array(buffers.values!)
          : new Float64Array(buffers.values!),
    };
    this.w = {
      d: vector("d"),
      x: vector("x"),
      r: vector("r"),
      shadow: vector("shadow"),
      p: vector("p"),
      v: vector("v"),
      s: vector("s"),
      t: vector("t"),
    };
    this.control = new Int32Array(buffers.control!);
    this.scalarsShared = new Float64Array(buffers.scalars!);
    this.results = new Float64Array(buffers.results!);
    this.blocks.push(...rowBlocks(a, threads));
    const boot = new URL("./start-ts-worker.mjs", import.meta.url);
    const module = new URL("./parallel-bicgstab-worker.ts", import.meta.url)
      .href;
    for (let b = 1; b < threads; b++)
      this.workers.push(
        new Worker(boot, {
          workerData: {
            module,
            lo: this.blocks[b]![0],
            hi: this.blocks[b]![1],
            index: b,
            float32: a.values instanceof Float32Array,
            shared: buffers,
          },
        }),
      );
  }

  /** Tells the workers to run command `code` (a phase's index, or the plain pass after them). */
  private start(code: number): void {
    Atomics.store(this.control, 1, 0);
    Atomics.store(this.control, 2, code);
    this.generation++;
    Atomics.store(this.control, 0, this.generation);
    Atomics.notify(this.control, 0);
  }

  /** Waits until every worker has counted itself done. */
  private finish(): void {
    const others = this.workers.length;
    for (;;) {
      const done = Atomics.load(this.control, 1);
      if (done >= others) break;
      Atomics.wait(this.control, 1, done);
    }
  }

  /** One plain pass over what a product reads and writes, every block at once: the floor. */
  plainPass(): void {
    this.start(BICGSTAB_PHASES.length);
    const [lo, hi] = this.blocks[0]!;
    plainProductPass(this.a, this.w.p, this.w.v, lo, hi);
    this.finish();
  }

  /** Runs a phase on every block (the first here, the rest on the workers); the sums combined. */
  private runPhase(phase: BicgstabPhase, scalars: BicgstabScalars): PhaseSums {
    this.scalarsShared[0] = scalars.alpha;
    this.scalarsShared[1] = scalars.beta;
    this.scalarsShared[2] = scalars.omega;
    this.start(BICGSTAB_PHASES.indexOf(phase));
    const [lo, hi] = this.blocks[0]!;
    let sums = bicgstabPhase(phase, this.a, this.w, scalars, lo, hi);
    this.finish();
    const others = this.workers.length;
    for (let b = 1; b <= others; b++)
      sums = combineSums(phase, sums, [
        this.results[2 * b]!,
        this.results[2 * b + 1]!,
      ]);
    return sums;
  }

  /** Waits until every worker has loaded its module (a first plain pass; nothing the solve reads). */
  ready(): void {
    this.plainPass();
  }

  /** Solves from x = d; the solution is in shared memory, valid until `close()`. */
  solve(options: BicgstabOptions = {}): PlanningResult<BicgstabSolution> {
    const { d, x } = this.w;
    x.set(d);
    let scale = 0;
    for (let i = 0; i < d.length; i++) scale = Math.max(scale, Math.abs(d[i]!));
    const solved = runBicgstab(
      (phase, scalars) => this.runPhase(phase, scalars),
      scale,
      () => leontiefResidual(this.a, x, d),
      options,
    );
    return solved.ok
      ? { ok: true, value: { output: x, ...solved.value } }
      : solved;
  }

  async close(): Promise<void> {
    Atomics.store(this.control, 0, -1);
    Atomics.notify(this.control, 0);
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}
