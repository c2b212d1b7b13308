/**
 * @module Who may vote on a motion: the body's voters as a view knows them, or, for a vote in
 * a meeting, the roll of those present at its opening (meeting/meeting-vote.ts), frozen there.
 */
import type { CausalView } from "../member/authority.js";
import { isVoterIn, votersIn } from "../seat/authority.js";
import type { MotionRecord } from "./model.js";

/** The motion's electorate in the view, sorted. */
export function electorateOf(
  view: CausalView,
  motion: MotionRecord,
): readonly string[] {
  return motion.roll ?? votersIn(view, motion.body);
}

/** True when `member` may vote on the motion in the view. */
export function isInElectorate(
  view: CausalView,
  motion: MotionRecord,
  member: string,
): boolean {
  return motion.roll !== undefined
    ? motion.roll.includes(member)
    : isVoterIn(view, motion.body, member);
}
