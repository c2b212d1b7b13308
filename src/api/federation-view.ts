/**
 * @module `GET /api/federation`: the bodies the viewer reads, by level, with the latest call
 * to action.
 */
import { z } from "zod";
import { bodySummarySchema } from "./body-summary.js";
import { hexIdSchema, i18nTextSchema } from "./shapes.js";

/** The levels of the federation, top first: the order the federation page lists them in. */
export const LEVEL_ORDER = [
  "national",
  "regional",
  "municipal",
  "sectoral",
  "base",
] as const;

export const federationViewSchema = z.object({
  federation: z
    .object({ id: hexIdSchema, name: i18nTextSchema, createdAt: z.number() })
    .nullable(),
  levels: z.array(
    z.object({
      level: z.enum(LEVEL_ORDER),
      bodies: z.array(bodySummarySchema),
    }),
  ),
  /** The most recent call to action the viewer reads. */
  call: z
    .object({
      call: hexIdSchema,
      title: i18nTextSchema,
      council: hexIdSchema,
      kind: z.string(),
      startsAt: z.number(),
    })
    .nullable(),
});
export type FederationView = z.infer<typeof federationViewSchema>;
