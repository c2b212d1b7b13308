/**
 * Feasibility of declared needs at the scale of an economy (#15): gross output x = (I − A)⁻¹·d
 * for 10⁶ products × 10 inputs each, to a relative residual of 1e-10, on a generated economy
 * (fixed seed) whose spectral radius is exactly 0.85 (every column of A sums to 0.85). Measured
 * beside the memory-bandwidth floor of the sweeps it needs, in the same run: one plain in-order
 * pass over everything a sweep reads (CSR arrays, d, the pivots, x), times the number of sweeps.
 *   node --import tsx bench/planning/feasibility.ts [--products 1000000] [--inputs 10] [--radius 0.85] [--threads 2] [--window 65536] [--float32]
 */
import { loadavg } from "node:os";
import {
  type CsrMatrix,
  leontiefResidual,
  multiplyCsr,
  solveLeontief,
} from "../../src/planning/index.js";
import { solveLeontiefBicgstab } from "../../src/planning/leontief-bicgstab.js";
import { generateDemand, generateEconomy } from "../../src/planning/testing.js";
import { ParallelBicgstab } from "./parallel-bicgstab.js";
import { ParallelSweeps } from "./parallel-sweeps.js";

function flag(name: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`);
  return at > 0 ? Number(process.argv[at + 1]) : fallback;
}

const products = flag("products", 1_000_000);
const inputs = flag("inputs", 10);
const spectralRadius = flag("radius", 0.85);
const threads = flag("threads", 2);
// 0: inputs from anywhere (the default); else from within this many products (clustered).
const window = flag("window", 0);
// Coefficients as Float32 (not the parallel Gauss-Seidel sweeps: they take Float64).
const float32 = process.argv.includes("--float32");
const tolerance = 1e-10;
const load = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(" ");

const seconds = (ms: number) => (ms / 1000).toFixed(3);
function timed<T>(f: () => T): [T, number] {
  const t = performance.now();
  const value = f();
  return [value, performance.now() - t];
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;

/** One plain in-order pass over everything a sweep reads: the floor of one sweep. */
function plainPass(
  a: CsrMatrix,
  d: Float64Array,
  pivot: Float64Array,
  x: Float64Array,
): number {
  const { rowStart, columns, values } = a;
  let s = 0;
  for (let k = 0, end = rowStart[a.size]!; k < end; k++)
    s += values[k]! + columns[k]!;
  for (let i = 0; i < a.size; i++)
    s += d[i]! + pivot[i]! + rowStart[i]! + x[i]!;
  return s;
}

console.log(
  `planning feasibility: ${products.toLocaleString("en")} products × ${inputs} inputs, spectral radius ${spectralRadius}, inputs from ${window > 0 ? `within ${window.toLocaleString("en")} products` : "anywhere"}, ${float32 ? "Float32" : "Float64"} coefficients, tolerance ${tolerance}; ${new Date().toISOString()}, load ${load()}, node ${process.version}`,
);
const [a, generateMs] = timed(() =>
  generateEconomy({
    products,
    inputs,
    spectralRadius,
    seed: 15,
    ...(window > 0 && { window }),
    float32,
  }),
);
const d = generateDemand(products, 16);
const entries = a.rowStart[products]!;
const bytesPerSweep =
  entries * (a.values.BYTES_PER_ELEMENT + 4) + products * (4 + 8 * 3);
console.log(
  `generated in ${seconds(generateMs)} s: ${entries.toLocaleString("en")} entries, ${(bytesPerSweep / 1e6).toFixed(0)} MB read per sweep`,
);
const pivot = new Float64Array(products).fill(1);
for (let i = 0; i < products; i++)
  for (let k = a.rowStart[i]!; k < a.rowStart[i + 1]!; k++)
    if (a.columns[k] === i) pivot[i] = pivot[i]! - a.values[k]!;

// The floor, one thread: a plain pass (median of 5), and one multiplication A·x (the same
// bytes plus the gathers of x in random order, which no sweep can avoid), median of 3.
const scratch = new Float64Array(products).fill(1);
const passes: number[] = [];
for (let r = 0; r < 5; r++)
  passes.push(timed(() => plainPass(a, d, pivot, scratch))[1]);
const passMs = median(passes);
const multiplies: number[] = [];
const product = new Float64Array(products);
for (let r = 0; r < 3; r++)
  multiplies.push(timed(() => multiplyCsr(a, scratch, product))[1]);
const multiplyMs = median(multiplies);
console.log(
  `one thread: plain pass ${passMs.toFixed(1)} ms (${(bytesPerSweep / passMs / 1e6).toFixed(2)} GB/s), one A·x ${multiplyMs.toFixed(1)} ms; load ${load()}`,
);

// The parallel sweeps first, then the pure single-threaded solver.
let parallelOk = false;
let parallelMs = Number.NaN;
let parallelSweeps = 0;
let parallelResidual = Number.NaN;
let parallelPassMs = Number.NaN;
let parallelX: Float64Array | undefined;
const scale = d.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
if (!float32) {
  const parallel = new ParallelSweeps(a, d, pivot, threads);
  const parallelPasses: number[] = [];
  for (let r = 0; r < 5; r++)
    parallelPasses.push(timed(() => parallel.plainPass())[1]);
  parallelPassMs = median(parallelPasses);
  [parallelOk, parallelMs] = timed(() =>
    parallel.solve(scale, tolerance, 10_000, (x) => {
      parallelResidual = leontiefResidual(a, x, d);
      return parallelResidual <= tolerance;
    }),
  );
  parallelSweeps = parallel.sweeps;
  parallelX = Float64Array.from(parallel.output);
  await parallel.close();
  console.log(
    `${threads} threads, block Gauss-Seidel: ${parallelOk ? "converged" : "NOT converged"} in ${parallelSweeps} sweeps, ${seconds(parallelMs)} s, residual ${parallelResidual.toExponential(2)}; plain pass on ${threads} threads ${parallelPassMs.toFixed(1)} ms → floor ${seconds(parallelPassMs * parallelSweeps)} s; load ${load()}`,
  );
}

const [solved, solveMs] = timed(() => solveLeontief(a, d, { tolerance }));
if (!solved.ok) throw new Error(`solver: ${solved.error.code}`);
const { sweeps, output } = solved.value;
const residual = leontiefResidual(a, output, d);
let gap = Number.NaN;
if (parallelX) {
  gap = 0;
  for (let i = 0; i < products; i++)
    gap = Math.max(gap, Math.abs(output[i]! - parallelX[i]!) / output[i]!);
}
console.log(
  `1 thread, Gauss-Seidel (src/planning): ${sweeps} sweeps, ${seconds(solveMs)} s, residual ${residual.toExponential(2)} (measured again); floor ${seconds(passMs * (sweeps + 1))} s (plain pass × sweeps + the residual check), A·x × sweeps ${seconds(multiplyMs * sweeps)} s${parallelX ? `; the two solutions differ by ≤ ${gap.toExponential(1)} relative` : ""}; load ${load()}`,
);
// BiCGSTAB: one thread (src/planning), then on `threads` threads (bench/planning).
const [krylov, krylovMs] = timed(() =>
  solveLeontiefBicgstab(a, d, { tolerance }),
);
if (!krylov.ok) throw new Error(`bicgstab: ${krylov.error.code}`);
const krylovResidual = leontiefResidual(a, krylov.value.output, d);
let krylovGap = 0;
for (let i = 0; i < products; i++)
  krylovGap = Math.max(
    krylovGap,
    Math.abs(krylov.value.output[i]! - output[i]!) / output[i]!,
  );
console.log(
  `1 thread, BiCGSTAB (src/planning): ${krylov.value.iterations} iterations, ${krylov.value.products} products (I − A)·v, ${seconds(krylovMs)} s, residual ${krylovResidual.toExponential(2)} (measured again); A·x × products ${seconds(multiplyMs * krylov.value.products)} s; differs from Gauss-Seidel's by ≤ ${krylovGap.toExponential(1)} relative; load ${load()}`,
);
let parallelKrylov:
  | {
      productPassMs: number;
      seconds: number;
      products: number;
      iterations: number;
      residual: number;
    }
  | undefined;
{
  const solver = new ParallelBicgstab(a, d, threads);
  solver.ready();
  const productPasses: number[] = [];
  for (let r = 0; r < 5; r++)
    productPasses.push(timed(() => solver.plainPass())[1]);
  const productPassMs = median(productPasses);
  const [solvedInParallel, parallelKrylovMs] = timed(() =>
    solver.solve({ tolerance }),
  );
  if (!solvedInParallel.ok)
    throw new Error(`parallel bicgstab: ${solvedInParallel.error.code}`);
  const residualInParallel = leontiefResidual(
    a,
    solvedInParallel.value.output,
    d,
  );
  parallelKrylov = {
    productPassMs,
    seconds: parallelKrylovMs / 1000,
    products: solvedInParallel.value.products,
    iterations: solvedInParallel.value.iterations,
    residual: residualInParallel,
  };
  await solver.close();
  console.log(
    `${threads} threads, BiCGSTAB: ${parallelKrylov.iterations} iterations, ${parallelKrylov.products} products, ${seconds(parallelKrylovMs)} s, residual ${residualInParallel.toExponential(2)} (measured again); a product's bytes in order on ${threads} threads ${productPassMs.toFixed(1)} ms × products → floor ${seconds(productPassMs * parallelKrylov.products)} s; load ${load()}`,
  );
}
console.log(
  JSON.stringify({
    products,
    inputs,
    spectralRadius,
    window,
    float32,
    tolerance,
    entries,
    bytesPerSweep,
    generateS: generateMs / 1000,
    onePass: { plainMs: passMs, multiplyMs },
    parallel: {
      threads,
      converged: parallelOk,
      sweeps: parallelSweeps,
      seconds: parallelMs / 1000,
      residual: parallelResidual,
      plainPassMs: parallelPassMs,
      floorS: (parallelPassMs * parallelSweeps) / 1000,
    },
    single: {
      sweeps,
      seconds: solveMs / 1000,
      residual,
      floorS: (passMs * (sweeps + 1)) / 1000,
    },
    bicgstab: {
      iterations: krylov.value.iterations,
      products: krylov.value.products,
      seconds: krylovMs / 1000,
      residual: krylovResidual,
      multiplyS: (multiplyMs * krylov.value.products) / 1000,
    },
    parallelBicgstab: parallelKrylov && {
      threads,
      ...parallelKrylov,
      floorS: (parallelKrylov.productPassMs * parallelKrylov.products) / 1000,
    },
    load: loadavg(),
  }),
);
