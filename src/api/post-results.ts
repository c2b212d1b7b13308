/** @module `POST /api/events`: what became of each posted event. */
import { z } from "zod";
import { errorSchema, hexIdSchema } from "./shapes.js";

export const postResultsSchema = z.object({
  results: z.array(
    z.object({
      id: hexIdSchema,
      /** A refused event makes the whole answer an error (its `details.results` say which). */
      outcome: z.enum(["added", "duplicate", "quarantined"]),
      /** Why the fold keeps the event as invalid (its code, message and details), if it does. */
      invalid: errorSchema.nullable(),
    }),
  ),
});
export type PostResults = z.infer<typeof postResultsSchema>;
export type PostResult = PostResults["results"][number];
