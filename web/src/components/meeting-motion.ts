/**
 * @module Opening a motion in a meeting — a vote of those present at its opening (docs/events.md
 * §6.7): the item put to the vote, the agenda's order, the meeting's chair, the minutes. One
 * path for every such button, so each names the meeting the same way.
 */
import type { CanonicalValue } from "../../../src/crypto/index.js";
import type { useIdentity } from "../identity/identity.js";

export function openInMeeting(
  identity: ReturnType<typeof useIdentity>,
  body: string,
  meeting: string,
  payload: Record<string, CanonicalValue>,
) {
  return identity.act(body, "motion.opened", { ...payload, meeting });
}
