/**
 * @module A meeting as the phone's meeting page and the projector show it, for a meeting of a
 * body the viewer reads (any other is MEETING_NOT_FOUND, exactly as one that does not exist):
 * the agenda in the chair's order and the items still waiting for a place, who is present and
 * the quorum of those present, each item's speakers' list (points of order first), and what
 * the viewer may do. The page stays live through the live feed: a `changed` message naming
 * the meeting's body means "fetch again".
 */
import { z } from "zod";
import {
  type AgendaItemRecord,
  isMeetingChairIn,
  type MeetingRecord,
  meetingView,
  type SpeakerRecord,
} from "../../core/index.js";
import type { Hub } from "../hub.js";
import { HubError } from "../hub-error.js";
import { nameIn } from "./body-summary.js";
import { hexIdSchema, i18nTextSchema, namedSchema } from "./shapes.js";
import { canRead, presentView, type Viewer } from "./viewer.js";

const itemSchema = z.object({
  id: hexIdSchema,
  kind: z.enum(["motion", "election", "report", "point"]),
  title: i18nTextSchema,
  /** The motion the item takes up (a motion of the same body). */
  motion: hexIdSchema.nullable(),
  proposer: namedSchema,
  time: z.number(),
});

const speakerSchema = z.object({
  id: hexIdSchema,
  item: hexIdSchema,
  member: namedSchema,
  side: z.enum(["pro", "contra", "point-of-order"]),
  status: z.enum(["waiting", "speaking", "spoke", "withdrawn"]),
  time: z.number(),
  /** When the chair gave them the floor (the floor-given's claimed time), once given. */
  floorAt: z.number().optional(),
});

const quorumSchema = z.object({
  present: z.number().int(),
  voters: z.number().int(),
  quorumPercent: z.number().int(),
  required: z.number().int(),
  met: z.boolean(),
});

export const meetingSummarySchema = z.object({
  id: hexIdSchema,
  body: hexIdSchema,
  title: i18nTextSchema,
  when: z.string(),
  place: z.string(),
  status: z.enum(["open", "closed"]),
  convenedAt: z.number(),
  closedAt: z.number().nullable(),
  quorum: quorumSchema,
});

export const meetingViewSchema = meetingSummarySchema.extend({
  bodyName: i18nTextSchema,
  convenedBy: namedSchema,
  /** True when members may check themselves in by the projector's code. */
  door: z.boolean(),
  current: hexIdSchema.nullable(),
  agenda: z.array(itemSchema),
  proposed: z.array(itemSchema),
  present: z.array(namedSchema),
  everPresent: z.array(namedSchema),
  /** At a council: a present delegate and the bodies they sit for. */
  delegates: z.array(
    z.object({ member: namedSchema, bodies: z.array(hexIdSchema) }),
  ),
  speakers: z.array(
    z.object({
      item: hexIdSchema,
      speaking: speakerSchema.nullable(),
      /**
       * When the speaker's time runs out (ms): `floorAt` plus the meeting's speaking time, for
       * a countdown; null with no speaker or no speaking time.
       */
      speakingUntil: z.number().nullable(),
      /** Waiting, in queue order: points of order first, then pro and contra as asked. */
      queue: z.array(speakerSchema),
      spoke: z.array(speakerSchema),
    }),
  ),
  /** The chairs the meeting elected for itself; null while the body's chairs chair it. */
  chairs: z.array(namedSchema).nullable(),
  /** Each speaker's time in seconds, if the meeting set one. */
  speakingSeconds: z.number().int().nullable(),
  /** The votes taken in the meeting (motions opened in it), in order. */
  motions: z.array(hexIdSchema),
  /** Those of them still open, in order: the projector shows the latest of these live. */
  openVotes: z.array(hexIdSchema),
  /** The minutes the meeting adopted: the motion and the hash it named. */
  minutesAdopted: z
    .object({ motion: hexIdSchema, hash: z.string(), adoptedAt: z.number() })
    .nullable(),
  viewer: z.object({
    present: z.boolean(),
    chairs: z.boolean(),
    /** The viewer's own waiting request on each item, if any. */
    waiting: z.array(hexIdSchema),
  }),
});

/** The meeting a viewer reads, or MEETING_NOT_FOUND — the same answer for one that does not exist. */
function readableMeeting(hub: Hub, viewer: Viewer, id: string): MeetingRecord {
  const m = hub.replica.fold.state.meetings.get(id);
  if (m === undefined || !canRead(viewer, m.body))
    throw new HubError("MEETING_NOT_FOUND", { meeting: id });
  return m;
}

function summaryOf(
  hub: Hub,
  m: MeetingRecord,
): z.infer<typeof meetingSummarySchema> {
  const fold = hub.replica.fold;
  const v = meetingView(fold.state, fold.index, m);
  return {
    id: m.id,
    body: m.body,
    title: m.title,
    when: m.when,
    place: m.place,
    status: m.status,
    convenedAt: m.convenedAt,
    closedAt: m.closedAt,
    quorum: v.quorum,
  };
}

/** The meetings of a body the viewer reads, newest first (else BODY_NOT_FOUND). */
export function meetingList(
  hub: Hub,
  viewer: Viewer,
  body: string,
): z.infer<typeof meetingSummarySchema>[] {
  const state = hub.replica.fold.state;
  if (state.bodies.get(body) === undefined || !canRead(viewer, body))
    throw new HubError("BODY_NOT_FOUND", { body });
  return [...state.meetings.values()]
    .filter((m) => m.body === body)
    .sort((a, b) => b.convenedAt - a.convenedAt || (a.id < b.id ? -1 : 1))
    .map((m) => summaryOf(hub, m));
}

/** One meeting with its agenda, attendance and speakers' lists. */
export function meetingOne(
  hub: Hub,
  viewer: Viewer,
  id: string,
): z.infer<typeof meetingViewSchema> {
  const m = readableMeeting(hub, viewer, id);
  const fold = hub.replica.fold;
  const state = fold.state;
  const v = meetingView(state, fold.index, m);
  const named = (member: string) => nameIn(state, m.body, member);
  const item = (i: AgendaItemRecord) => ({
    ...i,
    proposer: named(i.proposer),
  });
  const speaker = (s: SpeakerRecord) => ({ ...s, member: named(s.member) });
  const mine = (member: string) => viewer.members.has(member);
  const view = presentView(fold, viewer);
  return {
    ...summaryOf(hub, m),
    bodyName: state.bodies.get(m.body)?.name ?? {},
    convenedBy: named(m.convenedBy),
    door: m.door !== null,
    current: m.current,
    agenda: v.agendaItems.map(item),
    proposed: v.proposedItems.map(item),
    present: m.present.map(named),
    everPresent: m.everPresent.map(named),
    delegates: Object.entries(m.delegatesFor)
      .filter(([member]) => m.present.includes(member))
      // Body ids as the council's cards name them (the cards are in the council's scope).
      .map(([member, bodies]) => ({
        member: named(member),
        bodies: [...bodies],
      })),
    speakers: v.speakers.map((s) => ({
      item: s.item,
      speaking: s.speaking === null ? null : speaker(s.speaking),
      speakingUntil: s.speakingUntil,
      queue: s.queue.map(speaker),
      spoke: s.spoke.map(speaker),
    })),
    chairs: m.chairs === undefined ? null : m.chairs.map(named),
    speakingSeconds: m.speakingSeconds ?? null,
    motions: [...(m.motions ?? [])],
    openVotes: (m.motions ?? []).filter(
      (x) => state.motions.get(x)?.status === "open",
    ),
    minutesAdopted: m.minutes ?? null,
    viewer: {
      present: m.present.some(mine),
      chairs: [...viewer.members].some((x) =>
        isMeetingChairIn(view, m.body, m.id, x),
      ),
      waiting: m.speakers
        .filter((s) => s.status === "waiting" && mine(s.member))
        .map((s) => s.id),
    },
  };
}
