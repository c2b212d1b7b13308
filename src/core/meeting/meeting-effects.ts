/**
 * @module What a meeting's own votes change when adopted (ballot/close.ts applies them): the
 * chair it elects for itself, the agenda it orders, the minutes it adopts; and who closes a
 * vote taken in a meeting.
 */
import type { ApplyContext } from "../fold/context.js";
import { fail, ok, type Result } from "../result.js";
import { isVoterIn } from "../seat/authority.js";
import { isMeetingChairIn } from "./authority.js";

/**
 * Fails unless the event's author chairs the meeting as the event knows it (a vote in a
 * meeting may be closed after the meeting closes: its roll was frozen when it opened).
 */
export function requireMeetingChair(
  ctx: ApplyContext,
  meeting: string,
): Result<void> {
  const body = ctx.event.scope;
  if (isMeetingChairIn(ctx, body, meeting, ctx.actor)) return ok(undefined);
  if (!isVoterIn(ctx, body, ctx.actor))
    return fail("NOT_A_MEMBER", { body, member: ctx.actor });
  return fail("NOT_A_CHAIR", { body, member: ctx.actor, meeting });
}

/** The meeting's election took effect: those elected chair it, for this meeting only. */
export function electMeetingChairs(
  ctx: ApplyContext,
  meeting: string,
  elected: readonly string[],
): void {
  const chairs = [...elected].sort();
  ctx.state.meetingChairFacts.push(meeting, {
    at: ctx.event.index,
    value: chairs,
  });
  const m = ctx.state.meetings.get(meeting)!;
  ctx.state.meetings.set(meeting, { ...m, chairs });
}

/** The meeting voted an order of its agenda: it stands as a chair's `meeting.agenda-set` would. */
export function setAgendaByVote(
  ctx: ApplyContext,
  meeting: string,
  items: readonly string[],
): void {
  const m = ctx.state.meetings.get(meeting)!;
  ctx.state.meetings.set(meeting, { ...m, agenda: [...items] });
}

/** A meeting adopted the minutes of `meeting` with this hash (the last adoption in fold order). */
export function adoptMinutes(
  ctx: ApplyContext,
  meeting: string,
  motion: string,
  hash: string,
): void {
  const m = ctx.state.meetings.get(meeting)!;
  ctx.state.meetings.set(meeting, {
    ...m,
    minutes: { motion, hash, adoptedAt: ctx.event.time },
  });
}
