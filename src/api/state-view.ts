/**
 * @module `GET /api/state`: each readable scope's hash and events, and the state hash over
 * them.
 */
import { z } from "zod";
import { hexIdSchema } from "./shapes.js";

export const stateViewSchema = z.object({
  /** SHA-256 over the sorted scope hashes below (docs/events.md §8). */
  stateHash: hexIdSchema,
  scopes: z.array(
    z.object({
      scope: hexIdSchema,
      hash: hexIdSchema,
      events: z.number().int(),
      invalid: z.number().int(),
    }),
  ),
  events: z.number().int(),
  invalid: z.number().int(),
});
export type StateView = z.infer<typeof stateViewSchema>;
