/**
 * @module Finding things (`GET /api/search`): core's `searchState` over the hub's fold, limited
 * to the scopes the viewer reads — the same function the browser runs on its offline copy. A
 * body, motion, demand or call in a scope the viewer does not read is never found, counted or
 * hinted at.
 */
import type { SearchView } from "../../api/index.js";
import { searchState } from "../../core/index.js";
import type { Hub } from "../hub.js";
import { canRead, type Viewer } from "./viewer.js";

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
