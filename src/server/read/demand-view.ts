/**
 * @module The demands board: every demand living on a council the viewer may see, with the
 * bodies endorsing it at each level, the people they represent (each person once), and the
 * path it rose along. Bodies the viewer may not see are shown by level only, unnamed.
 */
import {
  aggregateDemand,
  type DemandPathNode,
  type I18nText,
} from "../../core/index.js";
import type { Hub } from "../hub.js";
import { HubError } from "../hub-error.js";
import { type ForwardTarget, forwardTargets } from "./motion-view.js";
import { canSee, type Viewer } from "./viewer.js";

export interface PathNodeView {
  readonly body: string | null;
  readonly name: I18nText | null;
  readonly level: string;
  readonly time: number;
  readonly from: readonly PathNodeView[];
}

export interface DemandView {
  readonly id: string;
  readonly council: string;
  readonly councilName: I18nText;
  readonly level: string;
  readonly title: I18nText;
  readonly text: I18nText;
  readonly openedAt: number;
  readonly members: number;
  readonly bodies: number;
  readonly levels: readonly {
    readonly level: string;
    readonly members: number;
    readonly bodies: readonly {
      readonly id: string | null;
      readonly name: I18nText | null;
    }[];
  }[];
  readonly path: readonly PathNodeView[];
  /** Councils above this one it may be forwarded to (for chairs and delegates of its council). */
  readonly forward: readonly ForwardTarget[];
  readonly canForward: boolean;
}

/** Every demand the viewer may see, most members first; `council` narrows to one council. */
export function demandViews(
  hub: Hub,
  viewer: Viewer,
  council: string | null,
): DemandView[] {
  const state = hub.replica.fold.state;
  const index = hub.index();
  if (council !== null && !state.bodies.has(council))
    throw new HubError("BODY_NOT_FOUND", { body: council });
  const levelOf = (b: string) => {
    const r = state.bodies.get(b);
    return r?.kind === "council"
      ? (r.level ?? "council")
      : (r?.kind ?? "unknown");
  };
  const shown = (b: string) => canSee(viewer, index, b);
  const nodeView = (n: DemandPathNode): PathNodeView => ({
    body: shown(n.body) ? n.body : null,
    name: shown(n.body) ? (state.bodies.get(n.body)?.name ?? null) : null,
    level: levelOf(n.body),
    time: n.time,
    from: n.from.map(nodeView),
  });
  const out: DemandView[] = [];
  for (const d of state.councilDemands.values()) {
    if (council !== null && d.council !== council) continue;
    if (!shown(d.council)) continue;
    const a = aggregateDemand(state, d.id);
    if (a === null) continue;
    const member = viewer.member;
    const canForward =
      member !== null &&
      viewer.reads.has(d.council) &&
      (state.bodies.get(d.council)?.chairs.includes(member) ?? false);
    out.push({
      id: d.id,
      council: d.council,
      councilName: state.bodies.get(d.council)?.name ?? {},
      level: levelOf(d.council),
      title: d.title,
      text: d.text,
      openedAt: d.openedAt,
      members: a.members,
      bodies: a.bodies.length,
      levels: a.levels.map((l) => ({
        level: l.level,
        members: l.members,
        bodies: l.bodies.map((b) =>
          shown(b)
            ? { id: b, name: state.bodies.get(b)?.name ?? null }
            : { id: null, name: null },
        ),
      })),
      path: a.path.map(nodeView),
      forward: viewer.reads.has(d.council)
        ? forwardTargets(hub, d.council, d.id)
        : [],
      canForward,
    });
  }
  return out.sort((a, b) => b.members - a.members || (a.id < b.id ? -1 : 1));
}
