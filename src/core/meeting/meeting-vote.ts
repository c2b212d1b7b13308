/**
 * @module A vote in a meeting: a `motion.opened` that names an open meeting of its body. Its
 * electorate is the roll of the body's voters present at the opening, as the opening knows
 * them, frozen there like a secret motion's roll: who checks in later does not vote on it, who
 * leaves still may. The meeting must be quorate at the opening (present × 100 ≥ voters ×
 * quorumPercent); the close then counts the body's rules (quorum, majority) against the roll.
 */
import type { BodyRecord } from "../body/model.js";
import type { ApplyContext } from "../fold/context.js";
import { rulesIn } from "../member/authority.js";
import { fail, ok, type Result } from "../result.js";
import { votersIn } from "../seat/authority.js";
import { isMeetingChairIn, isPresentIn, openMeeting } from "./authority.js";
import { requiredPresent } from "./quorum.js";

/** The meeting a motion is opened in, and the roll frozen at its opening. */
export interface MeetingVote {
  readonly meeting: string;
  /** The body's voters present at the opening, sorted. */
  readonly roll: readonly string[];
}

/**
 * Checks a motion opened in `meeting` by the event's author: the meeting is open, the author
 * is present or chairs it, and those present make a quorum. Returns the frozen roll.
 */
export function checkMeetingVote(
  ctx: ApplyContext,
  body: BodyRecord,
  meeting: string,
): Result<MeetingVote> {
  const open = openMeeting(ctx, meeting);
  if (!open.ok) return open;
  if (
    !isPresentIn(ctx, meeting, ctx.actor) &&
    !isMeetingChairIn(ctx, body.id, meeting, ctx.actor)
  )
    return fail("NOT_PRESENT", { meeting, member: ctx.actor });
  const voters = votersIn(ctx, body.id);
  const roll = voters.filter((m) => isPresentIn(ctx, meeting, m));
  const quorumPercent = (rulesIn(ctx, body.id) ?? body.rules).quorumPercent;
  const required = requiredPresent(voters.length, quorumPercent);
  if (roll.length < required)
    return fail("MEETING_NOT_QUORATE", {
      meeting,
      present: roll.length,
      required,
    });
  return ok({ meeting, roll });
}

/** Lists a motion that passed {@link checkMeetingVote} among the meeting's motions. */
export function recordMeetingVote(
  ctx: ApplyContext,
  vote: MeetingVote,
  motion: string,
): void {
  const m = ctx.state.meetings.get(vote.meeting)!;
  ctx.state.meetings.set(vote.meeting, {
    ...m,
    motions: [...(m.motions ?? []), motion],
  });
}
