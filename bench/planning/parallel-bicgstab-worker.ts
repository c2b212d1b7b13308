/**
 * @module One thread of {@link ParallelBicgstab}: waits for a phase, runs it on its block of rows
 * with the same `bicgstabPhase` as the single-threaded solver, writes its two partial sums, and
 * counts itself done.
 */
import { workerData } from "node:worker_threads";
import {
  BICGSTAB_PHASES,
  bicgstabPhase,
} from "../../src/planning/leontief-bicgstab.js";
import { bicgstabViews } from "./bicgstab-memory.js";
import { plainProductPass } from "./shared-rows.js";

const { lo, hi, index, float32, shared } = workerData as {
  lo: number;
  hi: number;
  index: number;
  float32: boolean;
  shared: Record<string, SharedArrayBuffer>;
};
const { a, w, control, scalars, results } = bicgstabViews(shared, float32);
let seen = 0;
for (;;) {
  Atomics.wait(control, 0, seen);
  const generation = Atomics.load(control, 0);
  if (generation < 0) break;
  seen = generation;
  // Past the phases: the plain pass the benchmark measures as the floor.
  if (control[2]! === BICGSTAB_PHASES.length) {
    results[2 * index] = plainProductPass(a, w.p, w.v, lo, hi);
    Atomics.add(control, 1, 1);
    Atomics.notify(control, 1);
    continue;
  }
  const phase = BICGSTAB_PHASES[control[2]!]!;
  const [first, second] = bicgstabPhase(
    phase,
    a,
    w,
    { alpha: scalars[0]!, beta: scalars[1]!, omega: scalars[2]! },
    lo,
    hi,
  );
  results[2 * index] = first;
  results[2 * index + 1] = second;
  Atomics.add(control, 1, 1);
  Atomics.notify(control, 1);
}
