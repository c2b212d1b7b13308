/**
 * @module `GET /api/motions/:id/close-draft`: the deps a close names and the result counted
 * there.
 */
import { z } from "zod";
import { hexIdSchema, statedResultSchema } from "./shapes.js";

export const closeDraftSchema = z.object({
  motion: hexIdSchema,
  scope: hexIdSchema,
  /** The deps the close names (merge first with `heads.merged` when more than 16). */
  deps: z.array(hexIdSchema),
  /** The result counted at those deps: the close's payload is `{motion, result}`. */
  result: statedResultSchema,
});
export type CloseDraft = z.infer<typeof closeDraftSchema>;
