/**
 * @module The lookalike warning on a join request: names of the body that look like the new
 * one.
 */
import { z } from "zod";
import { namedSchema } from "./shapes.js";

export const joinLookalikesSchema = z.object({
  /** Members and other applicants of the body whose names look like this one. */
  lookalikeOf: z.array(namedSchema),
  /** True when one word of the name mixes scripts (Latin and Cyrillic letters…). */
  mixedScript: z.boolean(),
});
export type JoinLookalikes = z.infer<typeof joinLookalikesSchema>;
