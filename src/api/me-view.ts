/** @module `GET /api/me`: the proven key's own page. */
import { z } from "zod";
import { bodySummarySchema } from "./body-summary.js";
import { cardSchema, hexIdSchema, i18nTextSchema } from "./shapes.js";

export const meViewSchema = z.object({
  key: hexIdSchema,
  member: hexIdSchema,
  coordinator: z.boolean(),
  /** The names the member goes by, per scope the key reads. */
  names: z.array(z.object({ scope: hexIdSchema, name: z.string() })),
  /** Keys acting for the member, per the scopes the key reads. */
  keys: z.array(hexIdSchema),
  bodies: z.array(bodySummarySchema),
  seats: z.array(
    z.object({
      council: hexIdSchema,
      councilName: i18nTextSchema,
      body: hexIdSchema,
      card: cardSchema,
    }),
  ),
  /** Bodies this key signs claims for, and on which council. */
  attests: z.array(
    z.object({
      council: hexIdSchema,
      councilName: i18nTextSchema,
      body: hexIdSchema,
      card: cardSchema,
    }),
  ),
  joinRequests: z.array(
    z.object({
      id: hexIdSchema,
      body: hexIdSchema,
      bodyName: i18nTextSchema,
      time: z.number(),
      needed: z.number().int(),
      endorsements: z.number().int(),
      status: z.string(),
    }),
  ),
  /**
   * The bodies a new device of the member is added in (`key.added` in each, lowest first):
   * every body they belong to and every council where they sit, committees left out.
   */
  deviceScopes: z.array(hexIdSchema),
  /** Scopes the key reads, and the events in them. */
  reads: z.number().int(),
  events: z.number().int(),
});
export type MeView = z.infer<typeof meViewSchema>;
