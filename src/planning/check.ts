/**
 * @module The part of planning the fold runs (core enters planning here): fixed-point
 * quantities and the check of a carried plan — pure arithmetic, never the solver. Entering
 * through index.ts would make the HiGHS adapter reachable from core, and with it the solver's
 * 3.5 MB of WebAssembly from the web app's bundle (the service worker keeps every file of the
 * build on every phone).
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
