/**
 * @module The minutes of a meeting for a viewer who reads its body (any other:
 * MEETING_NOT_FOUND, as for one that does not exist): as data — the same minutes as
 * `kenges meeting minutes --json`, members named — or as the one HTML page
 * `kenges meeting minutes --html` writes, in the reader's language.
 */
import { z } from "zod";
import {
  type MeetingMinutes,
  type MinutesItem,
  type MinutesMotion,
  meetingMinutes,
} from "../../core/index.js";
import type { Language } from "../../i18n/index.js";
import type { Hub } from "../hub.js";
import { HubError } from "../hub-error.js";
import { nameIn } from "./body-summary.js";
import { minutesHtml } from "./minutes-html.js";
import { hexIdSchema, i18nTextSchema, namedSchema } from "./shapes.js";
import { canRead, type Viewer } from "./viewer.js";

const minutesMotionBase = z.object({
  id: hexIdSchema,
  kind: z.string(),
  title: i18nTextSchema,
  status: z.enum(["open", "withdrawn", "decided"]),
  outcome: z
    .enum(["adopted", "rejected", "no-quorum", "elected", "no-valid-votes"])
    .nullable(),
  /** The fold's count at the close, with the count sheet (as the motion's view gives it). */
  result: z.record(z.string(), z.unknown()).nullable(),
  closedAt: z.number().nullable(),
  /** For a vote in the meeting: how many were present at its opening. */
  electorate: z.number().int().nullable(),
  elected: z.array(namedSchema),
});

const minutesMotionSchema = minutesMotionBase.extend({
  amendments: z.array(minutesMotionBase),
});

const minutesItemSchema = z.object({
  id: hexIdSchema,
  kind: z.enum(["motion", "election", "report", "point"]),
  title: i18nTextSchema,
  proposer: namedSchema,
  motion: minutesMotionSchema.nullable(),
  /** The votes of the meeting that name this item (absent when none does). */
  votes: z.array(minutesMotionSchema).optional(),
  speakers: z.array(
    z.object({
      member: namedSchema,
      side: z.enum(["pro", "contra", "point-of-order"]),
    }),
  ),
});

export const meetingMinutesSchema = z.object({
  meeting: hexIdSchema,
  body: hexIdSchema,
  title: i18nTextSchema,
  when: z.string(),
  place: z.string(),
  convenedBy: namedSchema,
  convenedAt: z.number(),
  status: z.enum(["open", "closed"]),
  closedAt: z.number().nullable(),
  present: z.array(namedSchema),
  presentAtEnd: z.array(namedSchema),
  quorum: z.object({
    present: z.number().int(),
    voters: z.number().int(),
    quorumPercent: z.number().int(),
    required: z.number().int(),
    met: z.boolean(),
  }),
  items: z.array(minutesItemSchema),
  notTaken: z.array(minutesItemSchema),
  /** The chairs the meeting elected; null when the body's chairs chaired it. */
  chairs: z.array(namedSchema).nullable(),
  votes: z.array(minutesMotionSchema),
  /** What a `minutes` motion names to adopt these minutes. */
  hash: z.string().regex(/^[0-9a-f]{64}$/),
  adopted: z
    .object({
      motion: hexIdSchema,
      hash: z.string().regex(/^[0-9a-f]{64}$/),
      adoptedAt: z.number(),
      /** True when these minutes are the ones adopted. */
      matches: z.boolean(),
    })
    .nullable(),
});

/** The minutes of a meeting the viewer reads, or MEETING_NOT_FOUND. */
function readableMinutes(hub: Hub, viewer: Viewer, id: string): MeetingMinutes {
  const fold = hub.replica.fold;
  const m = fold.state.meetings.get(id);
  if (m === undefined || !canRead(viewer, m.body))
    throw new HubError("MEETING_NOT_FOUND", { meeting: id });
  return meetingMinutes(fold.state, fold.index, id)!;
}

/** The minutes as data, members named as the body knows them. */
export function minutesOf(
  hub: Hub,
  viewer: Viewer,
  id: string,
): z.infer<typeof meetingMinutesSchema> {
  const data = readableMinutes(hub, viewer, id);
  const state = hub.replica.fold.state;
  const named = (member: string) => nameIn(state, data.body, member);
  const motion = (x: MinutesMotion) => ({
    ...x,
    result: x.result ? ({ ...x.result } as Record<string, unknown>) : null,
    elected: x.elected.map(named),
  });
  const withAmendments = (x: MinutesMotion) => ({
    ...motion(x),
    amendments: x.amendments.map(motion),
  });
  const item = ({ votes, ...i }: MinutesItem) => ({
    ...i,
    proposer: named(i.proposer),
    motion: i.motion === null ? null : withAmendments(i.motion),
    ...(votes === undefined ? {} : { votes: votes.map(withAmendments) }),
    speakers: i.speakers.map((s) => ({ ...s, member: named(s.member) })),
  });
  return {
    ...data,
    convenedBy: named(data.convenedBy),
    present: data.present.map(named),
    presentAtEnd: data.presentAtEnd.map(named),
    items: data.items.map(item),
    notTaken: data.notTaken.map(item),
    chairs: data.chairs === null ? null : data.chairs.map(named),
    votes: data.votes.map(withAmendments),
  };
}

/** The minutes as one HTML page in `lang`. */
export function minutesPage(
  hub: Hub,
  viewer: Viewer,
  id: string,
  lang: Language,
): string {
  const data = readableMinutes(hub, viewer, id);
  const state = hub.replica.fold.state;
  return minutesHtml(data, {
    lang,
    nameOf: (member) => nameIn(state, data.body, member).name,
  });
}
