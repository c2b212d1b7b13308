/**
 * @module `GET /api/demands` and `GET /api/demands/:id`: demands on councils, with their
 * support and path up the federation.
 */
import { z } from "zod";
import { cardSchema, hexIdSchema, i18nTextSchema } from "./shapes.js";

export const demandViewSchema = z.object({
  id: hexIdSchema,
  council: hexIdSchema,
  councilName: i18nTextSchema,
  level: z.string(),
  title: i18nTextSchema,
  text: i18nTextSchema,
  openedAt: z.number(),
  /** True when the body that carried it redacted its words (title and text then empty); absent otherwise. */
  redacted: z.literal(true).optional(),
  /** The body below that first carried it here, by its card. */
  origin: z.object({ body: hexIdSchema, card: cardSchema.nullable() }),
  /** People behind it, at member bodies, each body once. */
  members: z.number().int(),
  /** Bodies behind it. */
  bodies: z.number().int(),
  levels: z.array(
    z.object({
      level: z.string(),
      bodies: z.number().int(),
      members: z.number().int(),
    }),
  ),
  /** Forwardings into it, each by a body right below (named by its card). */
  forwards: z.array(
    z.object({
      body: hexIdSchema,
      card: cardSchema.nullable(),
      event: hexIdSchema,
      time: z.number(),
    }),
  ),
  /** Councils above (that the viewer reads) and the demand it went into there, if any. */
  carried: z.array(
    z.object({
      council: hexIdSchema,
      councilName: i18nTextSchema,
      into: hexIdSchema.nullable(),
    }),
  ),
});
export type DemandView = z.infer<typeof demandViewSchema>;

/** `GET /api/demands`: demands on councils the viewer reads, most people first. */
export const demandListSchema = z.object({
  demands: z.array(demandViewSchema),
});
export type DemandList = z.infer<typeof demandListSchema>;
