/**
 * @module `GET /api/meetings/:id/minutes`: a meeting's minutes as data, and what adopting them
 * names.
 */
import { z } from "zod";
import { hexIdSchema, i18nTextSchema, namedSchema } from "./shapes.js";

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
export type MeetingMinutesView = z.infer<typeof meetingMinutesSchema>;
