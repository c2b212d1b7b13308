/**
 * @module `GET /api/bodies/:id/meetings` and `GET /api/meetings/:id`: a body's meetings, and
 * one meeting with its agenda, attendance and speakers' lists.
 */
import { z } from "zod";
import { hexIdSchema, i18nTextSchema, namedSchema } from "./shapes.js";

const itemSchema = z.object({
  id: hexIdSchema,
  kind: z.enum(["motion", "election", "report", "point"]),
  title: i18nTextSchema,
  /** The motion the item takes up (a motion of the same body). */
  motion: hexIdSchema.nullable(),
  proposer: namedSchema,
  time: z.number(),
  /** True when a redaction removed its title (then empty); absent otherwise. */
  redacted: z.literal(true).optional(),
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
  /** True when a redaction removed its words (title, when and place, then empty); absent otherwise. */
  redacted: z.literal(true).optional(),
});

export const meetingViewSchema = meetingSummarySchema.extend({
  bodyName: i18nTextSchema,
  convenedBy: namedSchema,
  /** True when members may check themselves in by the projector's code. */
  door: z.boolean(),
  current: hexIdSchema.nullable(),
  agenda: z.array(itemSchema),
  proposed: z.array(itemSchema),
  /**
   * Who is present; at a council a present delegate also names the bodies they sit for
   * (`for`), in this one list: a hall's phones read it after every change, and a second list
   * of the same 300 names doubled each answer.
   */
  present: z.array(
    namedSchema.extend({ for: z.array(hexIdSchema).optional() }),
  ),
  /**
   * Those who were present and have checked out (the minutes name them among those present);
   * not everyone ever present, which would send a hall's names twice with every change.
   */
  left: z.array(namedSchema),
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
    /**
     * May show the door's code (`GET /api/meetings/:id/door`): a chair of the meeting or of
     * its body, so the projector on the body's chair's laptop keeps it once the meeting elects
     * a chair of its own.
     */
    showsDoor: z.boolean(),
  }),
});
export type AgendaItem = z.infer<typeof itemSchema>;
export type SpeakerRequest = z.infer<typeof speakerSchema>;
/** The quorum of those present, with the body's rules. */
export type MeetingQuorum = z.infer<typeof quorumSchema>;
export type MeetingSummary = z.infer<typeof meetingSummarySchema>;
export type MeetingView = z.infer<typeof meetingViewSchema>;

/** A demand for a meeting not yet convened: who demanded it, and how many of the voters needed have joined. */
export const meetingDemandSummarySchema = z.object({
  id: hexIdSchema,
  body: hexIdSchema,
  title: i18nTextSchema,
  when: z.string(),
  place: z.string(),
  demandedBy: namedSchema,
  demandedAt: z.number(),
  /** Signers who are voters of the body now (the demander included). */
  joined: z.number().int(),
  /** Signatures the body's rules ask for now: ceil(voters × percent / 100). */
  needed: z.number().int(),
  /** The body's share of voters (percent) whose demand convenes a meeting. */
  percent: z.number().int(),
  /** True when one of the viewer's members has signed it. */
  signedByViewer: z.boolean(),
  /** True when a redaction removed its words (title, when and place, then empty); absent otherwise. */
  redacted: z.literal(true).optional(),
});
export type MeetingDemandSummary = z.infer<typeof meetingDemandSummarySchema>;

/** `GET /api/bodies/:id/meetings`: a body's meetings, newest first, and its demands not yet convened. */
export const meetingListSchema = z.object({
  meetings: z.array(meetingSummarySchema),
  demands: z.array(meetingDemandSummarySchema),
  /** The body's rule for a new demand now: its share of voters (percent) and the signatures that makes. */
  demandRule: z.object({
    percent: z.number().int(),
    needed: z.number().int(),
  }),
});
export type MeetingList = z.infer<typeof meetingListSchema>;
