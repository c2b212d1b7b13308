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
import { bicgstabViews, sharedBicgstabMemory } from "./bicgstab-memory.js";
import { plainProductPass, rowBlocks } from "./shared-rows.js";

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
    const { buffers, float32 } = sharedBicgstabMemory(a, d, threads);
    const views = bicgstabViews(buffers, float32);
    this.a = views.a;
    this.w = views.w;
    this.control = views.control;
    this.scalarsShared = views.scalars;
    this.results = views.results;
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
            float32,
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
