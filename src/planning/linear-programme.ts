/**
 * @module A linear programme as plain typed arrays, and what a solver must answer. The planning
 * layer builds programmes and reads solutions; solving is an adapter's (highs-solver.ts), passed
 * in, so this layer stays pure and a test or another replica can bring another solver.
 *
 *   maximise or minimise  cost·x   subject to  rowLower ≤ A·x ≤ rowUpper,  colLower ≤ x ≤ colUpper
 */

/** A sparse matrix by columns (CSC): column j's entries are at starts[j] … starts[j + 1] − 1. */
export interface SparseColumns {
  readonly starts: Int32Array;
  readonly rows: Int32Array;
  readonly values: Float64Array;
}

/**
 * A starting basis a solver may use: per column and per row (its slack), 0 nonbasic at the lower
 * bound, 1 basic, 2 nonbasic at the upper bound. A hint only — a solver may ignore it.
 */
export interface StartBasis {
  readonly cols: Int32Array;
  readonly rows: Int32Array;
}

export interface LinearProgramme {
  readonly sense: "maximise" | "minimise";
  readonly start?: StartBasis;
  readonly cost: Float64Array;
  readonly colLower: Float64Array;
  readonly colUpper: Float64Array;
  readonly rowLower: Float64Array;
  readonly rowUpper: Float64Array;
  readonly matrix: SparseColumns;
}

/** How a solve ended. Only `optimal` carries a solution the planning layer uses. */
export type LpStatus =
  | "optimal"
  | "infeasible"
  | "unbounded"
  | "time-limit"
  | "failed";

/**
 * A solver's answer. Duals are the rate of change of the objective with each bound, in the
 * programme's own sense: for a maximisation, rowDual[i] = ∂objective/∂(the binding bound of row
 * i), colDual[j] likewise for column j's binding bound (0 where nothing binds).
 */
export interface LpSolution {
  readonly status: LpStatus;
  /** The solver's own word for the status when it is `failed`. */
  readonly detail?: string;
  readonly objective: number;
  readonly colValue: Float64Array;
  readonly colDual: Float64Array;
  readonly rowValue: Float64Array;
  readonly rowDual: Float64Array;
  /** The optimal basis, where the solver has one (a start for a related programme). */
  readonly basis?: StartBasis;
}

/** Solves one programme. Synchronous: a plan's stages are solved one after another. */
export type LpSolver = (programme: LinearProgramme) => LpSolution;
