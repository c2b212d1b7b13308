/**
 * @module The demands board: the demands that live on the councils the viewer reads, each with
 * its aggregate as that council sees it — bodies and people by level, each body counted once
 * however many paths its demand took, people counted at the bodies where they are members —
 * the bodies right below named by their cards there, the forwardings that carried it, and
 * where the council's own attesters carried it on. A demand on a council the viewer does not
 * read is ID_NOT_FOUND, as one that does not exist.
 */
import type { DemandView } from "../../api/index.js";
import {
  aggregateDemand,
  type CouncilDemandRecord,
  forwardedInto,
  levelOf,
  pairKey,
} from "../../core/index.js";
import type { Hub } from "../hub.js";
import { HubError } from "../hub-error.js";
import { canRead, type Viewer } from "./viewer.js";

function demandView(
  hub: Hub,
  viewer: Viewer,
  d: CouncilDemandRecord,
): DemandView {
  const state = hub.replica.fold.state;
  const a = hub.memo(`demand ${d.id}`, () => aggregateDemand(state, d.id))!;
  const card = (body: string) =>
    state.links.get(pairKey(d.council, body))?.card ?? null;
  return {
    id: d.id,
    council: d.council,
    councilName: state.bodies.get(d.council)?.name ?? {},
    level: levelOf(state, d.council),
    title: d.title,
    text: d.text,
    openedAt: d.openedAt,
    ...(d.redacted ? { redacted: true as const } : {}),
    origin: { body: d.origin.body, card: card(d.origin.body) },
    members: a.members,
    bodies: a.bodies.length,
    levels: a.levels.map((l) => ({
      level: l.level,
      bodies: l.bodies.length,
      members: l.members,
    })),
    forwards: a.forwards.map((f) => ({
      body: f.body,
      card: card(f.body),
      event: f.event,
      time: f.time,
    })),
    carried: hub
      .shape()
      .linksOf(d.council)
      .filter((l) => canRead(viewer, l.council))
      .map((l) => ({
        council: l.council,
        councilName: state.bodies.get(l.council)?.name ?? {},
        into: forwardedInto(state, l.council, d.id),
      })),
  };
}

/** Demands on councils the viewer reads, most people first; `council` narrows to one. */
export function demandList(
  hub: Hub,
  viewer: Viewer,
  council: string | null,
): DemandView[] {
  const state = hub.replica.fold.state;
  if (
    council !== null &&
    (state.bodies.get(council)?.kind !== "council" || !canRead(viewer, council))
  )
    throw new HubError("BODY_NOT_FOUND", { body: council });
  return [...state.councilDemands.values()]
    .filter(
      (d) =>
        canRead(viewer, d.council) &&
        (council === null || d.council === council),
    )
    .map((d) => demandView(hub, viewer, d))
    .sort((a, b) => b.members - a.members || (a.id < b.id ? -1 : 1));
}

/** One demand on a council the viewer reads. */
export function demandOne(hub: Hub, viewer: Viewer, id: string): DemandView {
  const d = hub.replica.fold.state.councilDemands.get(id);
  if (d === undefined || !canRead(viewer, d.council))
    throw new HubError("ID_NOT_FOUND", { kind: "demand", id });
  return demandView(hub, viewer, d);
}
