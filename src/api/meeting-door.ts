/**
 * @module The meeting's door: the code the projector shows, a new door key, and a member's
 * pass for a scanned code.
 */
import { z } from "zod";
import { hexIdSchema } from "./shapes.js";

export const doorCodeSchema = z.object({
  meeting: hexIdSchema,
  code: z.string(),
  window: z.number().int(),
  /** When the next code replaces this one (ms since the epoch, by the hub's clock). */
  nextAt: z.number(),
});

export const newDoorSchema = z.object({
  /** The public half of a fresh door key kept on this hub: the `door` of the meeting.convened. */
  door: hexIdSchema,
});

export const meetingPassSchema = z.object({
  meeting: hexIdSchema,
  member: hexIdSchema,
  window: z.number().int(),
  signature: z.string(),
});
export type DoorCode = z.infer<typeof doorCodeSchema>;
export type NewDoor = z.infer<typeof newDoorSchema>;
export type MeetingPass = z.infer<typeof meetingPassSchema>;
