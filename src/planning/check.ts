/**
 * @module The part of planning the fold runs (core enters planning here): fixed-point
 * quantities, the check of a carried plan and the monitor of one against what was reported —
 * pure arithmetic, never the solver. Entering through index.ts would make the HiGHS adapter
 * reachable from core, and with it the solver's 3.5 MB of WebAssembly from the web app's bundle
 * (the service worker keeps every file of the build on every phone).
 */
export { checkCarriedPlan } from "./carried-plan-check.js";
export {
  FIXED_DECIMALS,
  fixedToMicros,
  fixedToNumber,
  isFixed,
  microsToFixed,
  numberToFixed,
} from "./fixed-point.js";
export {
  aggregateName,
  type DeclaredActual,
  type DeclaredProcessActual,
  type ReportsOfTotals,
  reportsOfTotals,
  workplacePlan,
} from "./plan-actuals.js";
export type { PlanModel } from "./plan-model.js";
export {
  type ActualOutput,
  DEFAULT_EXCEPTION_THRESHOLD,
  flagDeviation,
  type MainProducts,
  type PlanProgress,
  type ProcessProgress,
  planProgress,
  runsOfOutput,
} from "./plan-monitor.js";
export type { PlanningError, PlanningResult } from "./planning-error.js";
