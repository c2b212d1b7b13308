/**
 * The threaded BiCGSTAB of the feasibility benchmark, on real worker threads over shared memory:
 * the same iterations and, to rounding, the same answer as the single-threaded solver it is built
 * from, its residual measured again.
 */
import { afterEach, expect, it } from "vitest";
import { leontiefResidual } from "../../src/planning/index.js";
import { solveLeontiefBicgstab } from "../../src/planning/leontief-bicgstab.js";
import { generateDemand, generateEconomy } from "../../src/planning/testing.js";
import { ParallelBicgstab } from "./parallel-bicgstab.js";

let open: ParallelBicgstab | undefined;
afterEach(async () => {
  await open?.close();
  open = undefined;
});

it.each([2, 3])(
  "on %i threads: the one-thread answer to 1e-12, its iterations, its residual",
  async (threads) => {
    const n = 20_000;
    const a = generateEconomy({
      products: n,
      inputs: 10,
      spectralRadius: 0.85,
      seed: 15,
      window: 2_048,
    });
    const d = generateDemand(n, 16);
    const single = solveLeontiefBicgstab(a, d);
    if (!single.ok) throw new Error(single.error.code);
    open = new ParallelBicgstab(a, d, threads);
    open.ready();
    const solved = open.solve();
    if (!solved.ok) throw new Error(solved.error.code);
    expect(solved.value.iterations).toBe(single.value.iterations);
    expect(leontiefResidual(a, solved.value.output, d)).toBeLessThanOrEqual(
      1e-10,
    );
    for (let i = 0; i < n; i++)
      expect(
        Math.abs(solved.value.output[i]! - single.value.output[i]!) /
          single.value.output[i]!,
      ).toBeLessThan(1e-12);
  },
);
