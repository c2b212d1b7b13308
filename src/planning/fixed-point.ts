/**
 * @module Fixed-point quantities, re-exported from core: the fold sums the quantities that plan
 * events carry (core cannot import planning), and planning computes with the same text.
 */
export {
  FIXED_DECIMALS,
  fixedToMicros,
  fixedToNumber,
  isFixed,
  microsToFixed,
  numberToFixed,
} from "../core/index.js";
