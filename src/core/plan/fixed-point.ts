/**
 * @module Fixed-point quantities as the fold uses them: planning's (src/planning/fixed-point.ts,
 * below core), so the events' text is summed and checked by one implementation.
 */
export {
  FIXED_DECIMALS,
  fixedToMicros,
  fixedToNumber,
  isFixed,
  microsToFixed,
  numberToFixed,
} from "../../planning/check.js";
