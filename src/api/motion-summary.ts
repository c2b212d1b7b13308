/** @module The short form of a motion that lists show. */
import { z } from "zod";
import { hexIdSchema, i18nTextSchema } from "./shapes.js";

export const motionSummarySchema = z.object({
  id: hexIdSchema,
  body: hexIdSchema,
  kind: z.string(),
  title: i18nTextSchema,
  /** True when a redaction removed the title and text (both then empty). */
  redacted: z.boolean(),
  method: z.string(),
  status: z.enum(["open", "withdrawn", "decided"]),
  outcome: z
    .enum(["adopted", "rejected", "no-quorum", "elected", "no-valid-votes"])
    .nullable(),
  openedAt: z.number(),
  /** The closing time the opening carries (ms since the epoch), or null. */
  closesAt: z.number().nullable(),
  closedAt: z.number().nullable(),
  amends: hexIdSchema.nullable(),
  /** Ballots cast so far (every ballot, also a member's earlier ones). */
  ballots: z.number().int(),
});
export type MotionSummary = z.infer<typeof motionSummarySchema>;
