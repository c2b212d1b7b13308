/**
 * @module Gross output x = (I − A)⁻¹·d by BiCGSTAB (van der Vorst, 1992) instead of sweeps. A
 * Gauss-Seidel sweep updates row after row, each from the rows before it, so it cannot be split
 * across cores without losing rate (a two-block sweep needs more sweeps, docs/benchmarks.md);
 * BiCGSTAB's work is two products (I − A)·v and a few vector sums an iteration, every row
 * independent of the others. On one core it is no faster than over-relaxed Gauss-Seidel (both
 * ~50 passes over the matrix at ρ(A) = 0.85); on several, each takes a block of rows.
 *
 * The iteration is written once ({@link runBicgstab}) over five phases that each touch every row
 * once and return partial sums; {@link bicgstabPhase} runs a phase on a block of rows. The
 * single-threaded solver runs each phase on all rows; a parallel adapter (bench/planning) runs it
 * on each thread's block and adds the partial sums. The recursively updated residual drifts from
 * the true one, so a solution is accepted only on the true residual, and the iteration restarts
 * from it when the two part, or when BiCGSTAB breaks down (a zero inner product).
 */
import { type CsrMatrix, leontiefResidual } from "./csr-matrix.js";
import { checkVector } from "./leontief-solve.js";
import { fail, ok, type PlanningResult } from "./planning-error.js";

/** The vectors of one solve; shared memory when threads run the phases. */
export interface BicgstabVectors {
  readonly d: Float64Array;
  readonly x: Float64Array;
  /** The residual, updated recursively. */
  readonly r: Float64Array;
  /** The shadow residual, fixed from each (re)start. */
  readonly shadow: Float64Array;
  readonly p: Float64Array;
  readonly v: Float64Array;
  readonly s: Float64Array;
  readonly t: Float64Array;
}

/** Allocates the vectors of a solve of size n with `allocate` (plain or shared memory). */
export function bicgstabVectors(
  n: number,
  allocate: (n: number) => Float64Array = (size) => new Float64Array(size),
): Omit<BicgstabVectors, "d"> {
  return {
    x: allocate(n),
    r: allocate(n),
    shadow: allocate(n),
    p: allocate(n),
    v: allocate(n),
    s: allocate(n),
    t: allocate(n),
  };
}

/**
 * The phases, each one pass over the rows:
 * - `restart`: r = d − (I − A)·x, shadow = p = r, v = 0; sums (r·r, max |r|);
 * - `direction`: p = r + β·(p − ω·v); no sums;
 * - `productP`: v = (I − A)·p; sums (shadow·v);
 * - `half`: s = r − α·v; no sums;
 * - `productS`: t = (I − A)·s; sums (t·s, t·t);
 * - `step`: x += α·p + ω·s, r = s − ω·t; sums (shadow·r, max |r|).
 * The products read p or s at every row, so the phase before them must be finished everywhere.
 */
export type BicgstabPhase =
  | "restart"
  | "direction"
  | "productP"
  | "half"
  | "productS"
  | "step";

/** The phases' codes, for threads that are told a phase by number. */
export const BICGSTAB_PHASES: readonly BicgstabPhase[] = [
  "restart",
  "direction",
  "productP",
  "half",
  "productS",
  "step",
];

/** The scalars a phase uses: β and ω for `direction`, α for `half`, α and ω for `step`. */
export interface BicgstabScalars {
  alpha: number;
  beta: number;
  omega: number;
}

/** Out of a phase: two partial sums (a dot product, or a maximum in the second place of `restart` and `step`). */
export type PhaseSums = [number, number];

/** Combines two blocks' sums of `phase`: dot products add, maxima of |r| take the larger. */
export function combineSums(
  phase: BicgstabPhase,
  into: PhaseSums,
  block: PhaseSums,
): PhaseSums {
  const maxSecond = phase === "restart" || phase === "step";
  return [
    into[0] + block[0],
    maxSecond ? Math.max(into[1], block[1]) : into[1] + block[1],
  ];
}

/** out_i = v_i − Σ_j a_ij·v_j for rows lo..hi. */
function leontiefProductRows(
  a: CsrMatrix,
  v: Float64Array,
  out: Float64Array,
  lo: number,
  hi: number,
): void {
  const { rowStart, columns, values } = a;
  for (let i = lo; i < hi; i++) {
    let sum = v[i]!;
    for (let k = rowStart[i]!, end = rowStart[i + 1]!; k < end; k++)
      sum -= values[k]! * v[columns[k]!]!;
    out[i] = sum;
  }
}

/** Runs `phase` on rows lo..hi and returns its partial sums. */
export function bicgstabPhase(
  phase: BicgstabPhase,
  a: CsrMatrix,
  w: BicgstabVectors,
  scalars: BicgstabScalars,
  lo: number,
  hi: number,
): PhaseSums {
  const { d, x, r, shadow, p, v, s, t } = w;
  const { alpha, beta, omega } = scalars;
  let first = 0;
  let second = 0;
  switch (phase) {
    case "restart":
      leontiefProductRows(a, x, r, lo, hi);
      for (let i = lo; i < hi; i++) {
        const ri = d[i]! - r[i]!;
        r[i] = ri;
        shadow[i] = ri;
        p[i] = ri;
        v[i] = 0;
        first += ri * ri;
        second = Math.max(second, Math.abs(ri));
      }
      break;
    case "direction":
      for (let i = lo; i < hi; i++)
        p[i] = r[i]! + beta * (p[i]! - omega * v[i]!);
      break;
    case "productP":
      leontiefProductRows(a, p, v, lo, hi);
      for (let i = lo; i < hi; i++) first += shadow[i]! * v[i]!;
      break;
    case "half":
      for (let i = lo; i < hi; i++) s[i] = r[i]! - alpha * v[i]!;
      break;
    case "productS":
      leontiefProductRows(a, s, t, lo, hi);
      for (let i = lo; i < hi; i++) {
        first += t[i]! * s[i]!;
        second += t[i]! * t[i]!;
      }
      break;
    case "step":
      for (let i = lo; i < hi; i++) {
        x[i] = x[i]! + alpha * p[i]! + omega * s[i]!;
        const ri = s[i]! - omega * t[i]!;
        r[i] = ri;
        first += shadow[i]! * ri;
        second = Math.max(second, Math.abs(ri));
      }
      break;
  }
  return [first, second];
}

/** Runs a phase on every row (or on every thread's block) and returns the combined sums. */
export type RunPhase = (
  phase: BicgstabPhase,
  scalars: BicgstabScalars,
) => PhaseSums;

/** How far to go. */
export interface BicgstabOptions {
  /** Relative residual to reach (max-norm); default 1e-10. */
  readonly tolerance?: number;
  /** Products (I − A)·v allowed before giving up; default 10,000. */
  readonly maxProducts?: number;
}

/** The gross output found, and how. */
export interface BicgstabSolution {
  readonly output: Float64Array;
  /** Products (I − A)·v made, each one pass over the matrix, restarts included. */
  readonly products: number;
  readonly iterations: number;
  /** Times the iteration began again from the true residual. */
  readonly restarts: number;
  /** The true relative residual of `output`. */
  readonly relativeResidual: number;
}

/** Restarts in a row that gain less than this factor on the true residual count as a stall. */
const STALL_GAIN = 0.5;

/**
 * The BiCGSTAB iteration over phases run by `runPhase`. `x` holds the start and ends as the
 * solution; `scale` is ‖d‖∞ (> 0); `trueResidual` measures ‖d − (I − A)·x‖∞ / ‖d‖∞ afresh.
 */
export function runBicgstab(
  runPhase: RunPhase,
  scale: number,
  trueResidual: () => number,
  options: BicgstabOptions = {},
): PlanningResult<Omit<BicgstabSolution, "output">> {
  const tolerance = options.tolerance ?? 1e-10;
  const maxProducts = options.maxProducts ?? 10_000;
  const scalars: BicgstabScalars = { alpha: 1, beta: 0, omega: 1 };
  let products = 0;
  let iterations = 0;
  let restarts = -1;
  let lastTrue = Number.POSITIVE_INFINITY;
  let stalls = 0;
  while (products < maxProducts) {
    // (Re)start from the true residual of x.
    const [rr, rMax] = runPhase("restart", scalars);
    products++;
    restarts++;
    const startResidual = rMax / scale;
    if (!Number.isFinite(startResidual))
      return fail("LEONTIEF_NOT_CONVERGED", {
        iterations,
        residual: startResidual,
        target: tolerance,
      });
    if (startResidual <= tolerance)
      return ok({
        products,
        iterations,
        restarts,
        relativeResidual: trueResidual(),
      });
    // Two restarts in a row that do not halve the true residual: BiCGSTAB is not getting there.
    stalls = startResidual > STALL_GAIN * lastTrue ? stalls + 1 : 0;
    if (stalls >= 2)
      return fail("LEONTIEF_NOT_CONVERGED", {
        iterations,
        residual: startResidual,
        target: tolerance,
      });
    lastTrue = startResidual;
    let rho = rr;
    scalars.alpha = 1;
    scalars.omega = 1;
    while (products + 2 <= maxProducts) {
      iterations++;
      const [shadowV] = runPhase("productP", scalars);
      products++;
      if (!(Math.abs(shadowV) > 0)) break; // breakdown: restart
      scalars.alpha = rho / shadowV;
      runPhase("half", scalars);
      const [ts, tt] = runPhase("productS", scalars);
      products++;
      // s = 0: x + α·p solves it already (always so for one product); the step with ω = 0
      // takes just that, and the restart checks it. Not finite: the restart says so.
      const lastStep = !(tt > 0);
      scalars.omega = lastStep ? 0 : ts / tt;
      const [shadowR, rMaxNow] = runPhase("step", scalars);
      if (lastStep) break;
      const estimate = rMaxNow / scale;
      if (!Number.isFinite(estimate) || estimate > 1e12)
        return fail("LEONTIEF_NOT_CONVERGED", {
          iterations,
          residual: estimate,
          target: tolerance,
        });
      // The recursive residual says done: the restart measures the true one and stops there.
      if (estimate <= tolerance) break;
      if (!(Math.abs(shadowR) > 0) || !(Math.abs(scalars.omega) > 0)) break;
      scalars.beta = (shadowR / rho) * (scalars.alpha / scalars.omega);
      rho = shadowR;
      runPhase("direction", scalars);
    }
  }
  const residual = trueResidual();
  return fail("LEONTIEF_NOT_CONVERGED", {
    iterations,
    residual,
    target: tolerance,
  });
}

/**
 * Solves x = A·x + d by BiCGSTAB on one thread, from x = d.
 * @example solveLeontiefBicgstab(a, d).value.output // gross output per product
 */
export function solveLeontiefBicgstab(
  a: CsrMatrix,
  d: Float64Array,
  options: BicgstabOptions = {},
): PlanningResult<BicgstabSolution> {
  const n = a.size;
  const checked = checkVector(d, n, "demand");
  if (!checked.ok) return checked;
  let scale = 0;
  for (let i = 0; i < n; i++) scale = Math.max(scale, Math.abs(d[i]!));
  const w: BicgstabVectors = { d, ...bicgstabVectors(n) };
  if (scale === 0)
    return ok({
      output: w.x,
      products: 0,
      iterations: 0,
      restarts: 0,
      relativeResidual: 0,
    });
  w.x.set(d);
  const solved = runBicgstab(
    (phase, scalars) => bicgstabPhase(phase, a, w, scalars, 0, n),
    scale,
    () => leontiefResidual(a, w.x, d),
    options,
  );
  if (!solved.ok) return solved;
  return productiveOutput(w.x, d, options.tolerance)
    ? ok({ output: w.x, ...solved.value })
    : fail("LEONTIEF_NOT_CONVERGED", {
        iterations: solved.value.iterations,
        residual: 1,
        target: options.tolerance ?? 1e-10,
      });
}

/**
 * Whether x can be the output of a productive economy for d. Sweeps from d ≥ 0 never go below
 * d, and grow without end when the economy uses up more than it makes; BiCGSTAB instead solves
 * (I − A)·x = d whatever the spectral radius, and for ρ(A) > 1 that x has a negative entry
 * somewhere (no non-negative x exists for d ≥ 0, d ≠ 0, when A is irreducible). For ρ < 1,
 * x = Σ Aᵏ·d ≥ d, so with d ≥ 0 an entry below −tolerance·‖x‖∞ says the economy is not
 * productive. With negative entries in d nothing can be said, and x is returned as solved.
 */
function productiveOutput(
  x: Float64Array,
  d: Float64Array,
  tolerance = 1e-10,
): boolean {
  let largest = 0;
  for (let i = 0; i < d.length; i++) {
    if (d[i]! < 0) return true;
    largest = Math.max(largest, Math.abs(x[i]!));
  }
  const floor = -tolerance * largest;
  for (let i = 0; i < x.length; i++) if (x[i]! < floor) return false;
  return true;
}
