/**
 * @module meeting.checked-in, meeting.checked-out — who is in the hall. A member checks
 * themselves in with the door's pass (door.ts), or the meeting's chair checks a member in; at a
 * council, a delegate checks in and is recorded with the bodies they sit for.
 */
import { z } from "zod";
import { ownBody } from "../body/apply.js";
import { defineHandler } from "../fold/context.js";
import { pairKey } from "../fold/state.js";
import { fail, ok } from "../result.js";
import { isVoterIn, seatsOf } from "../seat/authority.js";
import { hexId } from "../text/i18n-text.js";
import {
  isMeetingChairIn,
  isPresentIn,
  lastPassWindowIn,
  openMeeting,
} from "./authority.js";
import { isMeetingPassValid } from "./door.js";

function withMember(list: readonly string[], member: string): string[] {
  return list.includes(member) ? [...list] : [...list, member].sort();
}

export const meetingCheckedIn = defineHandler({
  type: "meeting.checked-in",
  schema: z
    .object({
      meeting: hexId,
      member: hexId,
      /** The door's pass, for a member checking themselves in. */
      pass: z
        .object({
          window: z.number().int().min(0),
          signature: z.string().regex(/^[0-9a-f]{128}$/),
        })
        .strict()
        .optional(),
    })
    .strict(),
  apply(ctx, p) {
    const body = ownBody(ctx);
    if (!body.ok) return body;
    const bodyId = ctx.event.scope;
    const meeting = openMeeting(ctx, p.meeting);
    if (!meeting.ok) return meeting;
    let window: number | null = null;
    if (!isMeetingChairIn(ctx, bodyId, p.meeting, ctx.actor)) {
      if (p.member !== ctx.actor)
        return fail("NOT_A_CHAIR", { body: bodyId, member: ctx.actor });
      const door = meeting.value.door;
      if (
        p.pass === undefined ||
        door === null ||
        p.pass.window <= lastPassWindowIn(ctx, p.meeting, p.member) ||
        !isMeetingPassValid(
          door,
          p.meeting,
          p.member,
          p.pass.window,
          p.pass.signature,
        )
      )
        return fail("MEETING_PASS_INVALID", { meeting: p.meeting });
      window = p.pass.window;
    }
    if (!isVoterIn(ctx, bodyId, p.member))
      return fail("NOT_A_MEMBER", { body: bodyId, member: p.member });
    if (isPresentIn(ctx, p.meeting, p.member))
      return fail("ALREADY_PRESENT", { meeting: p.meeting, member: p.member });
    ctx.state.attendanceFacts.push(pairKey(p.meeting, p.member), {
      at: ctx.event.index,
      present: true,
      window,
    });
    const m = ctx.state.meetings.get(p.meeting)!;
    const council = body.value.kind === "council";
    const bodies = council ? seatsOf(ctx, bodyId, p.member).sort() : [];
    ctx.state.meetings.set(p.meeting, {
      ...m,
      present: withMember(m.present, p.member),
      everPresent: withMember(m.everPresent, p.member),
      delegatesFor:
        bodies.length === 0
          ? m.delegatesFor
          : { ...m.delegatesFor, [p.member]: bodies },
    });
    return ok(undefined);
  },
});

export const meetingCheckedOut = defineHandler({
  type: "meeting.checked-out",
  schema: z.object({ meeting: hexId, member: hexId }).strict(),
  apply(ctx, p) {
    const body = ownBody(ctx);
    if (!body.ok) return body;
    const bodyId = ctx.event.scope;
    const meeting = openMeeting(ctx, p.meeting);
    if (!meeting.ok) return meeting;
    if (
      p.member !== ctx.actor &&
      !isMeetingChairIn(ctx, bodyId, p.meeting, ctx.actor)
    )
      return fail("NOT_A_CHAIR", { body: bodyId, member: ctx.actor });
    if (!isPresentIn(ctx, p.meeting, p.member))
      return fail("NOT_PRESENT", { meeting: p.meeting, member: p.member });
    ctx.state.attendanceFacts.push(pairKey(p.meeting, p.member), {
      at: ctx.event.index,
      present: false,
      window: null,
    });
    const m = ctx.state.meetings.get(p.meeting)!;
    ctx.state.meetings.set(p.meeting, {
      ...m,
      present: m.present.filter((x) => x !== p.member),
    });
    return ok(undefined);
  },
});
