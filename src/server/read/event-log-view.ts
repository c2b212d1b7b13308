/**
 * @module The audit page's data: a scope's events, newest first (see event-view.ts), for a
 * scope the viewer reads — a body, or the federation scope. Any other scope is
 * BODY_NOT_FOUND, exactly as one that does not exist; its events are never listed or counted.
 */
import type { EventLogView } from "../../api/index.js";
import type { Hub } from "../hub.js";
import { HubError } from "../hub-error.js";
import { eventEntry } from "./event-view.js";
import { canRead, type Viewer } from "./viewer.js";

/** Up to `limit` events of a scope, newest first, older than position `before`. */
export async function eventLogView(
  hub: Hub,
  viewer: Viewer,
  scope: string,
  before: number | null,
  limit: number,
): Promise<EventLogView> {
  const withheld = hub.withheld();
  const ids = hub.replica.fold.index.ids;
  const held = hub.eventsOf(scope);
  const all =
    withheld.size === 0 ? held : held.filter((n) => !withheld.has(ids[n]!));
  if (all.length === 0 || !canRead(viewer, scope))
    throw new HubError("BODY_NOT_FOUND", { body: scope });
  let end = all.length;
  if (before !== null) {
    // Positions are ascending: find the first at or after `before`.
    let lo = 0;
    let hi = all.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (all[mid]! < before) lo = mid + 1;
      else hi = mid;
    }
    end = lo;
  }
  const start = Math.max(0, end - limit);
  const events: EventLogView["events"] = [];
  for (const n of all.slice(start, end).reverse()) {
    const entry = await eventEntry(hub, n);
    if (entry !== null) events.push(entry);
  }
  return {
    scope,
    total: all.length,
    events,
    next: start > 0 ? all[start]! : null,
  };
}
