/** @module `GET /api/heads`: what a new event of a scope names. */
import { z } from "zod";
import { hexIdSchema } from "./shapes.js";

export const headsViewSchema = z.object({
  federation: hexIdSchema,
  scope: hexIdSchema,
  /** "read": deps for any event of the scope; "join": deps for a join or rotation request. */
  access: z.enum(["read", "join"]),
  /** The deps to name (merge first with `heads.merged` when more than 16). */
  deps: z.array(hexIdSchema),
  /** The proven key's chain head in the scope (its own events); null without a session. */
  chain: z.object({ seq: z.number().int(), id: hexIdSchema }).nullable(),
  /** The proven key's highest kseq among the events held here; null without a session. */
  kseq: z.number().int().nullable(),
});
export type HeadsView = z.infer<typeof headsViewSchema>;
