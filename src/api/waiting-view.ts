/** @module `GET /api/waiting`: what waits for the proven key — votes, vouching, calls, mandates. */
import { z } from "zod";
import { ballotChoiceSchema, hexIdSchema, i18nTextSchema } from "./shapes.js";

const motionItem = {
  motion: hexIdSchema,
  body: hexIdSchema,
  bodyName: i18nTextSchema,
  title: i18nTextSchema,
  openedAt: z.number(),
  /** The motion's closing time (ms since the epoch), or null when it has none. */
  closesAt: z.number().nullable(),
};

export const waitingItemSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("vote"), ...motionItem }),
  z.object({
    kind: z.literal("mandate"),
    ...motionItem,
    /** The body the member sits for, whose mandate binds the choice. */
    for: hexIdSchema,
    forName: i18nTextSchema,
    bound: ballotChoiceSchema,
  }),
  z.object({
    kind: z.literal("vouch"),
    request: hexIdSchema,
    body: hexIdSchema,
    bodyName: i18nTextSchema,
    name: z.string(),
    time: z.number(),
    endorsements: z.number().int(),
    needed: z.number().int(),
  }),
  z.object({
    kind: z.literal("call"),
    call: hexIdSchema,
    council: hexIdSchema,
    councilName: i18nTextSchema,
    body: hexIdSchema,
    bodyName: i18nTextSchema,
    title: i18nTextSchema,
    startsAt: z.number(),
  }),
  z.object({
    kind: z.literal("delegate-ballots"),
    council: hexIdSchema,
    councilName: i18nTextSchema,
    delegate: hexIdSchema,
    name: z.string().nullable(),
    bodies: z.array(hexIdSchema).readonly(),
    /** Every ballot the delegate cast on the council (the device subtracts what was seen). */
    ballots: z.number().int(),
    latest: z.number(),
  }),
]);

export const waitingViewSchema = z.object({
  items: z.array(waitingItemSchema),
});
export type WaitingView = z.infer<typeof waitingViewSchema>;
