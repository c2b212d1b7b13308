/**
 * @module What a person types into a plan's forms (#15), read into what a declaration carries:
 * a quantity as canonical fixed-point text (src/core/plan/fixed-point.ts) — "12,5" where the
 * language writes a decimal comma (ru, kk), "1,250.5" or "1 250,5" with its thousands marked,
 * Urdu's Eastern Arabic digits too — and a name (product, region, skill, period) as one word.
 * Never a float: the digits are moved as text. A failure is a problem code the page words in
 * the person's language (catalogue `plan.problem.*`), never a raw code.
 */

/** Why a typed quantity or name cannot be declared. */
export type PlanInputProblem =
  | "empty"
  | "notNumber"
  | "tooPrecise"
  | "tooLarge"
  | "notPositive"
  | "notOneWord"
  | "tooLong";

export type PlanInputReading =
  | { readonly ok: true; readonly value: string }
  | { readonly ok: false; readonly problem: PlanInputProblem };

/** The digits most decimals carry (a millionth of a unit, FIXED_DECIMALS in core). */
const DECIMALS = 6;
/** The most whole digits a canonical quantity has. */
const WHOLE_DIGITS = 30;

/**
 * Marks a right-to-left page puts around words of the other direction (bidi marks, isolates, a
 * word joiner): invisible, carried along when a person copies an example, never part of a name.
 */
const INVISIBLE = /[\u200b-\u200f\u202a-\u202e\u2060\u2066-\u2069\ufeff]/g;

/** Eastern Arabic (U+0660…) and Extended Arabic-Indic (U+06F0…, Urdu) digits as ASCII. */
function asciiDigits(text: string): string {
  return text
    .replace(/[\u0660-\u0669]/g, (d) => String(d.charCodeAt(0) - 0x660))
    .replace(/[\u06f0-\u06f9]/g, (d) => String(d.charCodeAt(0) - 0x6f0))
    .replace(/\u066b/g, ".") // Arabic decimal separator
    .replace(/\u066c/g, ","); // Arabic thousands separator
}

/**
 * Reads a typed quantity, not negative. `decimalMark` is the language's ("," for ru and kk):
 * there a comma or a point is the decimal mark, and spaces group thousands; elsewhere the
 * point is, and a comma may only group thousands in threes — "12,5" in English is refused,
 * never read as 125.
 */
export function readQuantity(
  typed: string,
  decimalMark: string,
  options: { readonly positive?: boolean } = {},
): PlanInputReading {
  let text = asciiDigits(typed.replace(INVISIBLE, "")).replace(
    /[\s\u00a0\u202f\u2009'’]/g,
    "",
  );
  if (text === "") return { ok: false, problem: "empty" };
  if (decimalMark === ",") {
    if ((text.match(/[.,]/g) ?? []).length > 1)
      return { ok: false, problem: "notNumber" };
    text = text.replace(",", ".");
  } else if (text.includes(",")) {
    if (!/^[0-9]{1,3}(,[0-9]{3})+(\.[0-9]*)?$/.test(text))
      return { ok: false, problem: "notNumber" };
    text = text.replace(/,/g, "");
  }
  const m = /^([0-9]*)(?:\.([0-9]*))?$/.exec(text);
  if (m === null || (m[1] === "" && (m[2] ?? "") === ""))
    return { ok: false, problem: "notNumber" };
  const whole = m[1]!.replace(/^0+/, "") || "0";
  const fraction = (m[2] ?? "").replace(/0+$/, "");
  if (fraction.length > DECIMALS) return { ok: false, problem: "tooPrecise" };
  if (whole.length > WHOLE_DIGITS) return { ok: false, problem: "tooLarge" };
  const value = fraction === "" ? whole : `${whole}.${fraction}`;
  if (options.positive && value === "0")
    return { ok: false, problem: "notPositive" };
  return { ok: true, value };
}

/** Reads a product, region, skill or period: one word of 1–64 characters (core's planName). */
export function readPlanName(typed: string): PlanInputReading {
  const text = typed.replace(INVISIBLE, "").trim();
  if (text === "") return { ok: false, problem: "empty" };
  if (!/^[^\s\p{C}]{1,64}$/u.test(text))
    return { ok: false, problem: "notOneWord" };
  return { ok: true, value: text };
}

/**
 * Reads a process's name: words of 1–100 characters (core's process name). Runs of spaces,
 * tabs or line breaks become one space, and invisible marks are dropped.
 */
export function readProcessName(typed: string): PlanInputReading {
  const text = typed
    .replace(INVISIBLE, "")
    .replace(/\s+/g, " ")
    .replace(/\p{C}/gu, "")
    .trim();
  if (text === "") return { ok: false, problem: "empty" };
  if ([...text].length > 100) return { ok: false, problem: "tooLong" };
  return { ok: true, value: text };
}

/** A canonical quantity as the language writes it: its decimal mark, thousands grouped. */
export function showQuantity(
  canonical: string,
  decimalMark: string,
  groupMark: string,
): string {
  const [whole = "", fraction] = canonical.split(".");
  const grouped = whole.replace(/\B(?=([0-9]{3})+(?![0-9]))/g, groupMark);
  return fraction === undefined
    ? grouped
    : `${grouped}${decimalMark}${fraction}`;
}
