/** @module Signing in: `GET /api/auth/challenge` and `POST /api/auth/session`. */
import { z } from "zod";
import { hexIdSchema } from "./shapes.js";

/** A fresh single-use challenge, with the federation and hub ids the signature binds. */
export const challengeSchema = z.object({
  challenge: hexIdSchema,
  federation: z.string(),
  hub: z.string(),
  expiresAt: z.number().int(),
});
export type Challenge = z.infer<typeof challengeSchema>;

/** A session, and the member the key acts for. */
export const sessionSchema = z.object({
  token: z.string(),
  expiresAt: z.number().int(),
  member: hexIdSchema,
});
export type Session = z.infer<typeof sessionSchema>;
