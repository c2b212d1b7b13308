/**
 * @module meeting.convened, meeting.item-proposed, meeting.agenda-set, meeting.item-opened,
 * meeting.speaking-time-set, meeting.closed — a meeting of a body and its agenda, in the
 * body's scope. A chair's acts check `chairedMeeting`: the meeting's elected chair once it has
 * one, before that the body's chairs.
 */
import { z } from "zod";
import { ownBody, requireChair } from "../body/apply.js";
import { type ApplyContext, defineHandler, knowsId } from "../fold/context.js";
import { requireTakingPart } from "../member/apply.js";
import { fail, ok, type Result } from "../result.js";
import { hexId, i18nText } from "../text/i18n-text.js";
import {
  chairedMeeting,
  checkAgenda,
  isMeetingChairIn,
  knownItem,
  openMeeting,
} from "./authority.js";
import {
  AGENDA_ITEM_KINDS,
  convenedMeeting,
  MAX_SPEAKING_SECONDS,
  MIN_SPEAKING_SECONDS,
  REDACTED_WORDS,
  type SpeakerRecord,
} from "./model.js";

/** A speaking time in whole seconds, within bounds a hall can use. */
export const speakingSecondsSchema = z
  .number()
  .int()
  .min(MIN_SPEAKING_SECONDS)
  .max(MAX_SPEAKING_SECONDS);

/** Speakers of the meeting: whoever had the floor has spoken once it moves on. */
export function floorMovesOn(
  speakers: readonly SpeakerRecord[],
): SpeakerRecord[] {
  return speakers.map((s) =>
    s.status === "speaking" ? { ...s, status: "spoke" } : s,
  );
}

const meetingConvenedSchema = z
  .object({
    title: i18nText(300),
    /** When, as free text ("Tuesday after the shift"). */
    when: z.string().max(200),
    /** Where, as free text; may be left vague for safety. */
    place: z.string().max(200),
    /** The door key's public half: self check-in needs its pass. */
    door: hexId.optional(),
    /** Each speaker's time, in seconds. */
    speakingSeconds: speakingSecondsSchema.optional(),
  })
  .strict();
type MeetingConvenedPayload = z.infer<typeof meetingConvenedSchema>;

/** What a redaction keeps of a convening: all but its words (title, when, place). */
const keptConveningSchema = meetingConvenedSchema
  .omit({ title: true, when: true, place: true })
  .strict();

function convene(
  ctx: ApplyContext,
  p: MeetingConvenedPayload,
  redacted: boolean,
): Result<void> {
  const body = ownBody(ctx);
  if (!body.ok) return body;
  const chair = requireChair(ctx, ctx.event.scope);
  if (!chair.ok) return chair;
  const record = convenedMeeting({
    id: ctx.event.id,
    body: ctx.event.scope,
    title: p.title,
    when: p.when,
    place: p.place,
    door: p.door ?? null,
    convenedBy: ctx.actor,
    convenedAt: ctx.event.time,
    ...(p.speakingSeconds === undefined
      ? {}
      : { speakingSeconds: p.speakingSeconds }),
    redacted,
  });
  ctx.state.meetings.set(ctx.event.id, record);
  return ok(undefined);
}

export const meetingConvened = defineHandler({
  type: "meeting.convened",
  schema: meetingConvenedSchema,
  redactable: true,
  // The meeting stands — agenda, attendance, votes — without its words: a place can be an
  // address an informer must not keep, and a title or a time can name people as well.
  redacted: {
    kept: keptConveningSchema,
    keptOf: ({
      title: _title,
      when: _when,
      place: _place,
      ...kept
    }: MeetingConvenedPayload) => kept,
    applyKept: (ctx, kept) =>
      convene(
        ctx,
        {
          ...(kept as z.infer<typeof keptConveningSchema>),
          ...REDACTED_WORDS,
        },
        true,
      ),
  },
  apply: (ctx, p) => convene(ctx, p, false),
});

const itemProposedSchema = z
  .object({
    meeting: hexId,
    kind: z.enum(AGENDA_ITEM_KINDS),
    title: i18nText(300),
    /** The motion the item takes up (a motion of the same body). */
    motion: hexId.optional(),
  })
  .strict();
type ItemProposedPayload = z.infer<typeof itemProposedSchema>;

/** What a redaction keeps of an agenda item: all but its title. */
const keptItemSchema = itemProposedSchema.omit({ title: true }).strict();

function proposeItem(
  ctx: ApplyContext,
  p: ItemProposedPayload,
  redacted: boolean,
): Result<void> {
  const body = ownBody(ctx);
  if (!body.ok) return body;
  const member = requireTakingPart(ctx, ctx.event.scope);
  if (!member.ok) return member;
  const meeting = openMeeting(ctx, p.meeting);
  if (!meeting.ok) return meeting;
  if (p.motion !== undefined) {
    const m = ctx.state.motions.get(p.motion);
    if (
      m === undefined ||
      m.body !== ctx.event.scope ||
      !knowsId(ctx, p.motion)
    )
      return fail("MOTION_NOT_FOUND", { motion: p.motion });
  }
  const id = ctx.event.id;
  const byChair = isMeetingChairIn(ctx, ctx.event.scope, p.meeting, ctx.actor);
  ctx.state.meetingItems.set(id, p.meeting);
  ctx.state.meetings.set(p.meeting, {
    ...meeting.value,
    items: [
      ...meeting.value.items,
      {
        id,
        kind: p.kind,
        title: p.title,
        motion: p.motion ?? null,
        proposer: ctx.actor,
        time: ctx.event.time,
        ...(redacted ? { redacted: true as const } : {}),
      },
    ],
    // The chair's own items go on the agenda at once; members' wait for the chair.
    agenda: byChair ? [...meeting.value.agenda, id] : meeting.value.agenda,
  });
  return ok(undefined);
}

export const meetingItemProposed = defineHandler({
  type: "meeting.item-proposed",
  schema: itemProposedSchema,
  redactable: true,
  // Any member may propose an item, so an informer's words can sit in its title: the item
  // stays on the agenda (ordered, opened, spoken to) without them.
  redacted: {
    kept: keptItemSchema,
    keptOf: ({ title: _title, ...kept }: ItemProposedPayload) => kept,
    applyKept: (ctx, kept) =>
      proposeItem(
        ctx,
        { ...(kept as z.infer<typeof keptItemSchema>), title: {} },
        true,
      ),
  },
  apply: (ctx, p) => proposeItem(ctx, p, false),
});

export const meetingAgendaSet = defineHandler({
  type: "meeting.agenda-set",
  schema: z.object({ meeting: hexId, items: z.array(hexId).max(200) }).strict(),
  apply(ctx, p) {
    const meeting = chairedMeeting(ctx, p.meeting);
    if (!meeting.ok) return meeting;
    const agenda = checkAgenda(ctx, p.meeting, p.items);
    if (!agenda.ok) return agenda;
    // Of concurrent orderings, the last in fold order stands.
    ctx.state.meetings.set(p.meeting, { ...meeting.value, agenda: p.items });
    return ok(undefined);
  },
});

export const meetingItemOpened = defineHandler({
  type: "meeting.item-opened",
  schema: z.object({ meeting: hexId, item: hexId }).strict(),
  apply(ctx, p) {
    const meeting = chairedMeeting(ctx, p.meeting);
    if (!meeting.ok) return meeting;
    const known = knownItem(ctx, p.meeting, p.item);
    if (!known.ok) return known;
    ctx.state.meetings.set(p.meeting, {
      ...meeting.value,
      current: p.item,
      speakers: floorMovesOn(meeting.value.speakers),
    });
    return ok(undefined);
  },
});

export const meetingClosed = defineHandler({
  type: "meeting.closed",
  schema: z.object({ meeting: hexId }).strict(),
  apply(ctx, p) {
    const meeting = chairedMeeting(ctx, p.meeting);
    if (!meeting.ok) return meeting;
    ctx.state.meetingCloseFacts.push(p.meeting, ctx.event.index);
    const m = ctx.state.meetings.get(p.meeting)!;
    // Of concurrent closes, the first in fold order gives the time.
    if (m.status === "closed") return ok(undefined);
    ctx.state.meetings.set(p.meeting, {
      ...m,
      status: "closed",
      closedAt: ctx.event.time,
      current: null,
      speakers: floorMovesOn(m.speakers),
    });
    return ok(undefined);
  },
});

export const meetingSpeakingTimeSet = defineHandler({
  type: "meeting.speaking-time-set",
  schema: z.object({ meeting: hexId, seconds: speakingSecondsSchema }).strict(),
  apply(ctx, p) {
    const meeting = chairedMeeting(ctx, p.meeting);
    if (!meeting.ok) return meeting;
    // Of concurrent settings, the last in fold order stands.
    ctx.state.meetings.set(p.meeting, {
      ...meeting.value,
      speakingSeconds: p.seconds,
    });
    return ok(undefined);
  },
});
