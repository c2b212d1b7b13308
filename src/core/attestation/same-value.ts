/**
 * @module Comparing claim contents as the log holds them: two values are the same when their
 * canonical encodings are (a payload read back from a store keeps its canonical key order, a
 * claim built in memory another; JSON text would tell them apart).
 */
import {
  type CanonicalValue,
  encodeCanonical,
  toHex,
} from "../../crypto/index.js";

/** Plain data without `undefined` fields, as the canonical encoding takes it. */
function plain(value: unknown): CanonicalValue {
  if (value === null || value === undefined) return null;
  if (Array.isArray(value)) return value.map(plain);
  if (typeof value === "object" && !(value instanceof Uint8Array)) {
    const out: Record<string, CanonicalValue> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>))
      if (v !== undefined) out[k] = plain(v);
    return out;
  }
  return value as CanonicalValue;
}

/** The canonical form of a value, as hex: equal for values that say the same. */
export function canonicalKey(value: unknown): string {
  return toHex(encodeCanonical(plain(value)));
}

/** True when two values encode to the same canonical bytes. */
export function isSameValue(a: unknown, b: unknown): boolean {
  return canonicalKey(a) === canonicalKey(b);
}
