/** @module Questions about a meeting as an event's author could know it: its causal past. */
import { ownBody } from "../body/apply.js";
import type { ApplyContext } from "../fold/context.js";
import { knowsId } from "../fold/context.js";
import { pairKey } from "../fold/state.js";
import { type CausalView, latestKnown } from "../member/authority.js";
import { fail, ok, type Result } from "../result.js";
import { isChairIn, isVoterIn } from "../seat/authority.js";
import type { AttendanceFact, MeetingRecord } from "./model.js";

/**
 * A meeting of the event's own body, convened in the event's causal past: its
 * `meeting.convened`, or — for a meeting convened by a demand (same id as the demand) — a
 * signature that completed the demand; the demand alone convenes nothing yet.
 */
export function knownMeeting(
  ctx: ApplyContext,
  meeting: string,
): Result<MeetingRecord> {
  const record = ctx.state.meetings.get(meeting);
  if (
    record === undefined ||
    record.body !== ctx.event.scope ||
    !knowsId(ctx, meeting) ||
    (ctx.state.meetingDemands.has(meeting) &&
      !ctx.state.demandConvenings.get(meeting).some((at) => ctx.knows(at)))
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

/**
 * The chairs the meeting elected, as the view knows them (the union when concurrent elections
 * both took effect), or null while it has elected none.
 */
export function electedMeetingChairsIn(
  view: CausalView,
  meeting: string,
): Set<string> | null {
  const latest = latestKnown(view, view.state.meetingChairFacts.get(meeting));
  if (latest.length === 0) return null;
  const out = new Set<string>();
  for (const f of latest) for (const m of f.value) out.add(m);
  return out;
}

/**
 * True when `member` chairs the meeting as the view knows it: the chair the meeting elected
 * once it has elected one (only for this meeting, only while a voter of the body and present),
 * before that — or while no elected chair is present — any chair of the body.
 */
export function isMeetingChairIn(
  view: CausalView,
  body: string,
  meeting: string,
  member: string,
): boolean {
  const elected = electedMeetingChairsIn(view, meeting);
  if (elected === null) return isChairIn(view, body, member);
  // An elected chair chairs while present; when none of them is (they left, or never came),
  // the body's chairs take the meeting back — else nobody could close its votes, not even the
  // election of a new chair.
  const sitting = [...elected].filter(
    (c) => isPresentIn(view, meeting, c) && isVoterIn(view, body, c),
  );
  if (sitting.length === 0) return isChairIn(view, body, member);
  return sitting.includes(member);
}

/**
 * The open meeting of the event's own body that the event's author chairs, as the event knows
 * it — what every chair's act in a meeting checks first (agenda, item, floor, close).
 */
export function chairedMeeting(
  ctx: ApplyContext,
  meeting: string,
): Result<MeetingRecord> {
  const body = ownBody(ctx);
  if (!body.ok) return body;
  const record = openMeeting(ctx, meeting);
  if (!record.ok) return record;
  const bodyId = ctx.event.scope;
  if (isMeetingChairIn(ctx, bodyId, meeting, ctx.actor)) return record;
  if (!isVoterIn(ctx, bodyId, ctx.actor) && !isChairIn(ctx, bodyId, ctx.actor))
    return fail("NOT_A_MEMBER", { body: bodyId, member: ctx.actor });
  return fail("NOT_A_CHAIR", { body: bodyId, member: ctx.actor, meeting });
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

/** An agenda of the meeting: items of it known to the event, none twice. */
export function checkAgenda(
  ctx: ApplyContext,
  meeting: string,
  items: readonly string[],
): Result<void> {
  if (new Set(items).size !== items.length)
    return fail("AGENDA_INVALID", { meeting });
  for (const item of items) {
    const known = knownItem(ctx, meeting, item);
    if (!known.ok) return known;
  }
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
