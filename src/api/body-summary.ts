/** @module The short form of a body that lists show (the federation page, a member's own page). */
import { z } from "zod";
import { bodyKindSchema, hexIdSchema, i18nTextSchema } from "./shapes.js";

export const bodySummarySchema = z.object({
  id: hexIdSchema,
  name: i18nTextSchema,
  kind: bodyKindSchema,
  level: z.string().nullable(),
  setting: z.string().nullable(),
  dissolved: z.boolean(),
  public: z.boolean(),
  /** Members now (for a council: its founder and anyone admitted to it). */
  members: z.number().int(),
  /** People it represents now: its members; for a council, the counts attested from below. */
  represented: z.number().int(),
  /** Councils it holds seats on, among those the viewer reads (their cards of it). */
  councils: z.array(
    z.object({ council: hexIdSchema, seats: z.number().int() }),
  ),
  /** True when the viewer takes part in it (member, or seated delegate). */
  mine: z.boolean(),
  /** True when the viewer chairs it. */
  chair: z.boolean(),
});
export type BodySummary = z.infer<typeof bodySummarySchema>;
