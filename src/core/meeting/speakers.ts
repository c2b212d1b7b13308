/**
 * @module meeting.speaker-requested, meeting.speaker-withdrawn, meeting.floor-given — the
 * speakers' list of each agenda item. The queue is the waiting requests, points of order
 * first, then the rest in fold order (queue.ts); the chair gives the floor to a waiting
 * request, normally the queue's head.
 */
import { z } from "zod";
import { ownBody } from "../body/apply.js";
import { type ApplyContext, defineHandler, knowsId } from "../fold/context.js";
import { fail, ok, type Result } from "../result.js";
import { hexId } from "../text/i18n-text.js";
import { floorMovesOn } from "./apply.js";
import {
  chairedMeeting,
  isMeetingChairIn,
  isPresentIn,
  knownItem,
  openMeeting,
} from "./authority.js";
import { SPEAKER_SIDES, type SpeakerRecord } from "./model.js";

/** A request to speak in the meeting, known to the event and still waiting there. */
function waitingRequest(
  ctx: ApplyContext,
  meeting: string,
  request: string,
): Result<SpeakerRecord> {
  const found = ctx.state.meetings
    .get(meeting)
    ?.speakers.find((s) => s.id === request);
  if (
    ctx.state.speakerRequests.get(request) !== meeting ||
    found === undefined ||
    !knowsId(ctx, request)
  )
    return fail("SPEAKER_REQUEST_NOT_FOUND", { meeting, request });
  if (ctx.state.speakerEndFacts.get(request).some((at) => ctx.knows(at)))
    return fail("SPEAKER_NOT_WAITING", { meeting, request });
  return ok(found);
}

export const meetingSpeakerRequested = defineHandler({
  type: "meeting.speaker-requested",
  schema: z
    .object({ meeting: hexId, item: hexId, side: z.enum(SPEAKER_SIDES) })
    .strict(),
  apply(ctx, p) {
    const body = ownBody(ctx);
    if (!body.ok) return body;
    const meeting = openMeeting(ctx, p.meeting);
    if (!meeting.ok) return meeting;
    const item = knownItem(ctx, p.meeting, p.item);
    if (!item.ok) return item;
    if (!isPresentIn(ctx, p.meeting, ctx.actor))
      return fail("NOT_PRESENT", { meeting: p.meeting, member: ctx.actor });
    ctx.state.speakerRequests.set(ctx.event.id, p.meeting);
    ctx.state.meetings.set(p.meeting, {
      ...meeting.value,
      speakers: [
        ...meeting.value.speakers,
        {
          id: ctx.event.id,
          item: p.item,
          member: ctx.actor,
          side: p.side,
          status: "waiting",
          time: ctx.event.time,
        },
      ],
    });
    return ok(undefined);
  },
});

export const meetingSpeakerWithdrawn = defineHandler({
  type: "meeting.speaker-withdrawn",
  schema: z.object({ meeting: hexId, request: hexId }).strict(),
  apply(ctx, p) {
    const body = ownBody(ctx);
    if (!body.ok) return body;
    const meeting = openMeeting(ctx, p.meeting);
    if (!meeting.ok) return meeting;
    const request = waitingRequest(ctx, p.meeting, p.request);
    if (!request.ok) return request;
    if (
      request.value.member !== ctx.actor &&
      !isMeetingChairIn(ctx, ctx.event.scope, p.meeting, ctx.actor)
    )
      return fail("NOT_THE_SPEAKER", { request: p.request });
    ctx.state.speakerEndFacts.push(p.request, ctx.event.index);
    // A concurrent floor-given earlier in fold order has already let them speak.
    ctx.state.meetings.set(p.meeting, {
      ...meeting.value,
      speakers: meeting.value.speakers.map((s) =>
        s.id === p.request && s.status === "waiting"
          ? { ...s, status: "withdrawn" }
          : s,
      ),
    });
    return ok(undefined);
  },
});

export const meetingFloorGiven = defineHandler({
  type: "meeting.floor-given",
  schema: z.object({ meeting: hexId, request: hexId }).strict(),
  apply(ctx, p) {
    const meeting = chairedMeeting(ctx, p.meeting);
    if (!meeting.ok) return meeting;
    const request = waitingRequest(ctx, p.meeting, p.request);
    if (!request.ok) return request;
    ctx.state.speakerEndFacts.push(p.request, ctx.event.index);
    ctx.state.meetings.set(p.meeting, {
      ...meeting.value,
      // The speaker moves to the end of the list: who spoke reads in the order they spoke.
      speakers: [
        ...floorMovesOn(meeting.value.speakers).filter(
          (s) => s.id !== p.request,
        ),
        { ...request.value, status: "speaking", floorAt: ctx.event.time },
      ],
    });
    return ok(undefined);
  },
});
