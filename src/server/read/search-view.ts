/**
 * @module Finding things (`GET /api/search`): core's `searchState` over the hub's fold, limited
 * to the scopes the viewer reads — the same function the browser runs on its offline copy. A
 * body, motion, demand or call in a scope the viewer does not read is never found, counted or
 * hinted at.
 */
import { z } from "zod";
import { SEARCH_KINDS, searchState } from "../../core/index.js";
import type { Hub } from "../hub.js";
import { hexIdSchema, i18nTextSchema } from "./shapes.js";
import { canRead, type Viewer } from "./viewer.js";

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

/** What the viewer may find for the query, best first. */
export function searchView(
  hub: Hub,
  viewer: Viewer,
  q: string,
  limit: number,
): SearchView {
  const found = searchState(
    hub.replica.fold.state,
    q,
    (scope) => canRead(viewer, scope),
    limit,
  );
  return { hits: [...found.hits], total: found.total };
}
