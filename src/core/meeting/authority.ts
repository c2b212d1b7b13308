/** @module Questions about a meeting as an event's author could know it: its causal past. */
import type { ApplyContext } from "../fold/context.js";
import { knowsId } from "../fold/context.js";
import { pairKey } from "../fold/state.js";
import { type CausalView, latestKnown } from "../member/authority.js";
import { fail, ok, type Result } from "../result.js";
import type { AttendanceFact, MeetingRecord } from "./model.js";

/** A meeting of the event's own body, convened in the event's causal past. */
export function knownMeeting(
  ctx: ApplyContext,
  meeting: string,
): Result<MeetingRecord> {
  const record = ctx.state.meetings.get(meeting);
  if (
    record === undefined ||
    record.body !== ctx.event.scope ||
    !knowsId(ctx, meeting)
  )
    return fail("MEETING_NOT_FOUND", { meeting });
  return ok(record);
}

/** A known meeting whose close is not in the event's causal past. */
export function openMeeting(
  ctx: ApplyContext,
  meeting: string,
): Result<MeetingRecord> {
  const record = knownMeeting(ctx, meeting);
  if (!record.ok) return record;
  if (ctx.state.meetingCloseFacts.get(meeting).some((at) => ctx.knows(at)))
    return fail("MEETING_CLOSED", { meeting });
  return record;
}

/** An agenda item of the meeting, proposed in the event's causal past. */
export function knownItem(
  ctx: ApplyContext,
  meeting: string,
  item: string,
): Result<void> {
  if (ctx.state.meetingItems.get(item) !== meeting || !knowsId(ctx, item))
    return fail("AGENDA_ITEM_NOT_FOUND", { meeting, item });
  return ok(undefined);
}

/** The check-ins and check-outs of a member the view knows, causally latest last. */
function latestAttendance(
  view: CausalView,
  meeting: string,
  member: string,
): AttendanceFact | null {
  const latest = latestKnown(
    view,
    view.state.attendanceFacts.get(pairKey(meeting, member)),
  );
  // Of concurrent facts (a check-out from one device, a check-in by the chair), the last in
  // fold order.
  return latest.length === 0 ? null : latest[latest.length - 1]!;
}

/** True when the member is checked in to the meeting as the view knows it. */
export function isPresentIn(
  view: CausalView,
  meeting: string,
  member: string,
): boolean {
  return latestAttendance(view, meeting, member)?.present ?? false;
}

/** The highest door window of the member's passes the view knows (-1 if none). */
export function lastPassWindowIn(
  view: CausalView,
  meeting: string,
  member: string,
): number {
  let last = -1;
  for (const f of view.state.attendanceFacts.get(pairKey(meeting, member)))
    if (f.window !== null && view.knows(f.at) && f.window > last)
      last = f.window;
  return last;
}
