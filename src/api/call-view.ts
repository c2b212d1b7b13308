/** @module `GET /api/calls` and `GET /api/calls/:id`: calls to action, and one call's dashboard. */
import { z } from "zod";
import {
  answerCountsSchema,
  answerSchema,
  cardSchema,
  hexIdSchema,
  i18nTextSchema,
} from "./shapes.js";

export const callSummarySchema = z.object({
  id: hexIdSchema,
  council: hexIdSchema,
  councilName: i18nTextSchema,
  kind: z.string(),
  title: i18nTextSchema,
  text: i18nTextSchema,
  startsAt: z.number(),
  adoptedAt: z.number(),
  /** "all": every body below the council; otherwise the chosen bodies below it. */
  scope: z.union([z.literal("all"), z.array(hexIdSchema)]),
  /** The roll-up as the calling council sees it now. */
  total: answerCountsSchema,
});
export type CallSummary = z.infer<typeof callSummarySchema>;

export const callViewSchema = callSummarySchema.extend({
  /** The council whose view this is. */
  looking: hexIdSchema,
  lookingName: i18nTextSchema,
  now: answerCountsSchema,
  days: z.array(answerCountsSchema.extend({ day: z.string() })),
  levels: z.array(answerCountsSchema.extend({ level: z.string() })),
  /** Per body right below the looking council that carried answers up: its subtree's counts. */
  children: z.array(
    answerCountsSchema.extend({
      body: hexIdSchema,
      card: cardSchema.nullable(),
    }),
  ),
  /** Councils the viewer reads that the call reaches (the calling one first). */
  councils: z.array(z.object({ id: hexIdSchema, name: i18nTextSchema })),
  /** Bodies the viewer chairs that the call asks to answer, with their latest answer. */
  answerable: z.array(
    z.object({
      body: hexIdSchema,
      name: i18nTextSchema,
      answer: answerSchema.nullable(),
      /** The most people its answer may report: its members now; 0 for a council. */
      maxHeadcount: z.number().int(),
    }),
  ),
});
export type CallView = z.infer<typeof callViewSchema>;

/** `GET /api/calls`: calls issued by councils the viewer reads, newest first. */
export const callListSchema = z.object({ calls: z.array(callSummarySchema) });
export type CallList = z.infer<typeof callListSchema>;
