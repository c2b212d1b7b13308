/**
 * @module One event as the audit pages show it (`GET /api/events/:id`): its wire form, with
 * what the fold concluded.
 */
import { z } from "zod";
import { hexIdSchema } from "./shapes.js";

export const eventEntrySchema = z.object({
  /** Position in arrival order on this hub. */
  n: z.number().int(),
  id: hexIdSchema,
  scope: hexIdSchema,
  type: z.string(),
  time: z.number(),
  author: hexIdSchema,
  /** The name the author's member goes by in the event's scope, if it knows them. */
  authorName: z.string().nullable(),
  seq: z.number().int(),
  kseq: z.number().int(),
  /** The code of the fold's verdict when the event is invalid. */
  invalid: z.string().nullable(),
  redacted: z.boolean(),
  /** The wire form `[envelope, signature, payload|null]`, base64url. */
  wire: z.string(),
});
export type EventEntry = z.infer<typeof eventEntrySchema>;
