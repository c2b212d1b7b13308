/**
 * @module `GET /api/hub`: which federation this hub serves, its id and certificate, and what
 * the viewer reads here.
 */
import { z } from "zod";
import { hexIdSchema, i18nTextSchema } from "./shapes.js";

export const hubInfoSchema = z.object({
  federation: z.string(),
  name: i18nTextSchema,
  hub: z.string(),
  tls: z.boolean(),
  fingerprint: z.string().nullable(),
  /** Events in the scopes the viewer reads. */
  events: z.number().int(),
  /** The federation scope's id, which every viewer reads. */
  federationScope: hexIdSchema.nullable(),
  /**
   * The origins other devices on the network reach this hub on (none when it listens
   * on the loopback only) — told only to a viewer who takes part here, for invite
   * links: the machine's addresses are nobody else's business.
   */
  networkOrigins: z.array(z.string()),
});
export type HubInfo = z.infer<typeof hubInfoSchema>;
