/**
 * @module The short form of a body that lists show (the federation page, a member's own
 * page), and the names of members — small shared pieces of every read projection. A member's
 * name is always the one the scope being shown knows them by: names are per scope.
 */
import type { BodySummary, Named } from "../../api/index.js";
import {
  type BodyRecord,
  type FoldState,
  pairKey,
  representedIn,
} from "../../core/index.js";
import type { Hub } from "../hub.js";
import { canRead, presentView, type Viewer } from "./viewer.js";

/** A member's id and the name `scope` knows them by. */
export function nameIn(state: FoldState, scope: string, id: string): Named {
  return {
    id,
    name: state.members.get(pairKey(scope, id))?.name ?? id.slice(0, 8),
  };
}

/** The summary of a body the viewer reads. */
export function bodySummary(
  hub: Hub,
  viewer: Viewer,
  body: BodyRecord,
): BodySummary {
  const fold = hub.replica.fold;
  const shape = hub.shape();
  const members = shape.membersOf(body.id).length;
  const mine = viewer.takesPart.has(body.id);
  return {
    id: body.id,
    name: body.name,
    kind: body.kind,
    level: body.level,
    setting: body.setting,
    dissolved: body.dissolved,
    public: body.rules.public,
    members,
    represented:
      body.kind === "council"
        ? representedIn(presentView(fold, viewer), body.id)
        : members,
    councils: shape
      .linksOf(body.id)
      .filter((l) => canRead(viewer, l.council))
      .map((l) => ({ council: l.council, seats: l.seats })),
    mine,
    chair: mine && body.chairs.some((c) => viewer.members.has(c)),
  };
}
