/**
 * @module A mandate as pages show it: the positions it binds, and in the body's own scope its
 * instructions.
 */
import { z } from "zod";
import { ballotChoiceSchema, hexIdSchema, i18nTextSchema } from "./shapes.js";

export const mandateSchema = z.object({
  /** In the body's scope: the adopted mandate motion; on a council: the close its claim cites. */
  motion: hexIdSchema,
  /** The instructions' text: in the body's own scope only (a council gets the positions). */
  instructions: i18nTextSchema.nullable(),
  positions: z.array(
    z.object({
      motion: hexIdSchema,
      title: i18nTextSchema.nullable(),
      choice: ballotChoiceSchema,
    }),
  ),
  adoptedAt: z.number(),
});
export type Mandate = z.infer<typeof mandateSchema>;
