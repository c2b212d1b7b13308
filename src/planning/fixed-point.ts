/**
 * @module Quantities a plan's events carry (#15), as fixed-point decimal text: "1250.5",
 * "-0.000001", "0". The canonical encoding has no floats, and a safe integer of millionths
 * stops at 9·10⁹ units — less than a country's gas in cubic metres — so a quantity travels as
 * text with at most six decimals, is summed exactly as a bigint of millionths (a council's
 * totals of a thousand declarations add up the same on every replica, whatever the order), and
 * becomes a float only where the solver or a check computes with it.
 */

/** Digits after the point a quantity may carry: a millionth of a unit. */
export const FIXED_DECIMALS = 6;
const SCALE = 10n ** BigInt(FIXED_DECIMALS);

/** One canonical spelling: no "+", no leading zeros, no trailing fractional zeros, no "-0". */
const FIXED_TEXT = /^-?(0|[1-9][0-9]{0,29})(\.[0-9]{0,5}[1-9])?$/;

/** Is `text` a quantity in its one canonical spelling? */
export function isFixed(text: unknown): text is string {
  return typeof text === "string" && FIXED_TEXT.test(text) && text !== "-0";
}

/** The quantity `text` in millionths, or null when it is not a canonical quantity. */
export function fixedToMicros(text: unknown): bigint | null {
  if (!isFixed(text)) return null;
  const negative = text.startsWith("-");
  const [whole, fraction = ""] = (negative ? text.slice(1) : text).split(".");
  const micros =
    BigInt(whole!) * SCALE + BigInt(fraction.padEnd(FIXED_DECIMALS, "0"));
  return negative ? -micros : micros;
}

/** The canonical text of a quantity of `micros` millionths. */
export function microsToFixed(micros: bigint): string {
  const negative = micros < 0n;
  const size = negative ? -micros : micros;
  const whole = size / SCALE;
  const fraction = (size % SCALE)
    .toString()
    .padStart(FIXED_DECIMALS, "0")
    .replace(/0+$/, "");
  const text = fraction === "" ? `${whole}` : `${whole}.${fraction}`;
  return negative && size !== 0n ? `-${text}` : text;
}

/** The float a computation uses for a canonical quantity (null when `text` is not one). */
export function fixedToNumber(text: unknown): number | null {
  const micros = fixedToMicros(text);
  return micros === null ? null : Number(micros) / Number(SCALE);
}

/**
 * The canonical text nearest a finite float, to the millionth (a solver's answer carried in an
 * event). Throws on NaN or ±Infinity: a plan never carries them.
 */
export function numberToFixed(value: number): string {
  if (!Number.isFinite(value))
    throw new RangeError(`fixed point: ${value} is not finite`);
  // toFixed is exact decimal rounding of the float for |value| < 1e21; beyond, no plan goes.
  const text = value.toFixed(FIXED_DECIMALS);
  const micros = BigInt(text.replace(".", ""));
  return microsToFixed(micros);
}
