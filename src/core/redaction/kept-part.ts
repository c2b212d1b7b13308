/** @module What a redaction of an event must say it keeps: computed from the payload it removes. */
import type { CanonicalValue } from "../../crypto/index.js";
import { EVENT_HANDLERS } from "../event-handlers.js";

/**
 * The `keep` an `event.redacted` (or a redaction motion's subject) must carry for an event of
 * this type with this payload: a motion's payload without its title and text. Undefined for a
 * type that keeps nothing (a comment, a join request).
 *
 * @example
 * const keep = keptPartOf("motion.opened", payload);
 * act(body, "event.redacted", keep === undefined ? { event } : { event, keep });
 */
export function keptPartOf(
  type: string,
  payload: CanonicalValue,
): CanonicalValue | undefined {
  const form = EVENT_HANDLERS.get(type)?.redacted;
  if (form === undefined) return undefined;
  const kept = form.keptOf(payload) as CanonicalValue;
  // Nothing to carry when the whole payload goes (a join request keeps only itself).
  return typeof kept === "object" &&
    kept !== null &&
    !(kept instanceof Uint8Array) &&
    !Array.isArray(kept) &&
    Object.keys(kept).length === 0
    ? undefined
    : kept;
}
