/** @module `GET /api/scopes/:id/events`: a page of a scope's event log, newest first. */
import { z } from "zod";
import { eventEntrySchema } from "./event-view.js";
import { hexIdSchema } from "./shapes.js";

export const eventLogViewSchema = z.object({
  scope: hexIdSchema,
  /** Events of the scope held here. */
  total: z.number().int(),
  events: z.array(eventEntrySchema),
  /** Pass as `before` for the next (older) page; null at the start of the log. */
  next: z.number().int().nullable(),
});
export type EventLogView = z.infer<typeof eventLogViewSchema>;
