/**
 * @module How much has happened to a motion or a body, as a number that only grows: what an
 * unread marker compares with what the member saw when they last opened it. A motion: its
 * ballots, comments, amendments, and its close or withdrawal. A body: each of its motions
 * (and their activity), its join requests and their endorsements.
 */
import type { FoldState } from "../../../src/core/index.js";

/** Activity of a motion (null: not held). */
export function motionActivity(state: FoldState, id: string): number | null {
  const m = state.motions.get(id);
  if (m === undefined) return null;
  return (
    state.ballots.get(id).length +
    state.comments.get(id).length +
    m.amendments.length +
    (m.status === "open" ? 0 : 1)
  );
}

/** Activity of every body held, by id (one pass over motions and join requests). */
export function bodyActivities(state: FoldState): Map<string, number> {
  const out = new Map<string, number>();
  const add = (body: string, n: number) =>
    out.set(body, (out.get(body) ?? 0) + n);
  for (const id of state.bodies.keys()) out.set(id, 0);
  for (const m of state.motions.values())
    add(m.body, 1 + (motionActivity(state, m.id) ?? 0));
  for (const r of state.joinRequests.values())
    add(r.body, 1 + r.endorsedBy.length);
  return out;
}
