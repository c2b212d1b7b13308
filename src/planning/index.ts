/** @module The public surface of `src/planning`: the pure computation of plans (no I/O; runs in browsers too). */

/** Sparse square matrices on typed arrays (CSR), and the residual of x = A·x + d. */
export {
  type CsrMatrix,
  csrFromDense,
  leontiefResidual,
  multiplyCsr,
} from "./csr-matrix.js";
/** Declared needs against capacities and resource limits: what is overloaded, by how much. */
export {
  checkFeasibility,
  type FeasibilityQuestion,
  type FeasibilityReport,
  type Overload,
  type ResourceLimit,
} from "./feasibility.js";
/** Input-output tables and their two published layouts. */
export type { IoTable, IoTableLayoutName } from "./io-table.js";
/** Reads a table from text, recognising its layout; coded failures otherwise. */
export { readIoTable } from "./io-table-read.js";
/** Technical coefficients, the Leontief inverse and the multipliers of a table. */
export {
  analyseIoTable,
  type IoAnalysis,
  type IoMultipliers,
  leontiefInverse,
  multipliersOf,
  technicalCoefficients,
} from "./leontief.js";
/** Gross output for final demand by Gauss-Seidel sweeps, with a residual check. */
export {
  type LeontiefSolution,
  type LeontiefSolveOptions,
  solveLeontief,
} from "./leontief-solve.js";
/** Expected failures as data, with stable codes. */
export type {
  PlanningError,
  PlanningErrorCode,
  PlanningResult,
} from "./planning-error.js";
