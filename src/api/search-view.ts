/** @module `GET /api/search`: what the viewer may find, best first. */
import { z } from "zod";
import { SEARCH_KINDS } from "../core/index.js";
import { hexIdSchema, i18nTextSchema } from "./shapes.js";

export const searchHitSchema = z.object({
  kind: z.enum(SEARCH_KINDS),
  id: hexIdSchema,
  title: i18nTextSchema,
  /** The body it belongs to: the body itself, a motion's body, a demand's or call's council. */
  body: hexIdSchema,
  bodyName: i18nTextSchema,
  time: z.number(),
  /** Every word in the title (or name), or only with the text's help. */
  found: z.enum(["title", "text"]),
  /** A motion's status; null for the other kinds. */
  status: z.string().nullable(),
});

export const searchViewSchema = z.object({
  hits: z.array(searchHitSchema),
  /** Every hit the viewer may see, including those past the limit. */
  total: z.number().int(),
});
export type SearchView = z.infer<typeof searchViewSchema>;
export type SearchHit = z.infer<typeof searchHitSchema>;
