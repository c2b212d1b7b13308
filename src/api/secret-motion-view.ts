/**
 * @module What the motion page shows of a secret motion: the figures anyone can check, never
 * who voted how.
 */
import { z } from "zod";
import { hexIdSchema, namedSchema } from "./shapes.js";

export const secretMotionViewSchema = z.object({
  /** Members on the roll frozen at the opening. */
  rollSize: z.number().int(),
  /** Valid token requests (at most one per roll member). */
  requests: z.number().int(),
  /** The registrars in the motion's order, with their valid issuances. */
  registrars: z.array(
    z.object({
      offer: hexIdSchema,
      registrar: namedSchema,
      issued: z.number().int(),
    }),
  ),
  /** Valid secret ballots held, double spends included. */
  ballots: z.number().int(),
  /** Ballots whose one-time key had cast one before (the lowest id counts). */
  doubleSpends: z.number().int(),
  /** At the close: more ballots counted than some registrar issued (null while open). */
  overIssued: z.boolean().nullable(),
});
export type SecretMotionView = z.infer<typeof secretMotionViewSchema>;
