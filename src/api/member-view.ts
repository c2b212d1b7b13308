/** @module `GET /api/members/:id`: a member in the scopes the viewer reads. */
import { z } from "zod";
import { cardSchema, hexIdSchema, i18nTextSchema } from "./shapes.js";

export const memberViewSchema = z.object({
  id: hexIdSchema,
  scopes: z.array(
    z.object({
      scope: hexIdSchema,
      scopeName: i18nTextSchema,
      name: z.string().nullable(),
      keys: z.array(hexIdSchema),
      membership: z
        .object({
          status: z.enum(["member", "left", "removed"]),
          since: z.number(),
        })
        .nullable(),
      chair: z.boolean(),
      /** On a council: the bodies below the member sits for, by their cards. */
      seatedFor: z.array(z.object({ body: hexIdSchema, card: cardSchema })),
    }),
  ),
});
export type MemberView = z.infer<typeof memberViewSchema>;
