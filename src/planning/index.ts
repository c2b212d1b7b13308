/** @module The public surface of `src/planning`: the pure computation of plans (no I/O; runs in browsers too). */

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
/** Expected failures as data, with stable codes. */
export type {
  PlanningError,
  PlanningErrorCode,
  PlanningResult,
} from "./planning-error.js";
