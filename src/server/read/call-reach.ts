/** @module Whether a call to action reaches a body: every body below the calling council, or the chosen ones and theirs. */
import {
  type CallRecord,
  type CausalView,
  isBelowIn,
} from "../../core/index.js";

/** True when the call (or a referendum: the same reach) reaches `body` in the view: every body below, or the chosen ones and theirs. */
export function reaches(
  view: CausalView,
  call: Pick<CallRecord, "scope" | "council">,
  body: string,
): boolean {
  if (call.scope === "all") return isBelowIn(view, body, call.council);
  return call.scope.some((b) => b === body || isBelowIn(view, body, b));
}
