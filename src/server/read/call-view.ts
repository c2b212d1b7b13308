/**
 * @module Calls to action and their dashboard: a call issued by a council the viewer reads,
 * rolled up (`rollupCall`) as one council the viewer reads sees it — now, at the end of each
 * day, per level and per body right below (named by its card there), people counted once —
 * with the councils it can be looked at from and the bodies the viewer chairs that it asks to
 * answer. A call on a council the viewer does not read is CALL_NOT_FOUND, as one that does
 * not exist.
 */
import type { CallSummary, CallView } from "../../api/index.js";
import {
  type CallRecord,
  chairsIn,
  pairKey,
  rollupCall,
} from "../../core/index.js";
import type { Hub } from "../hub.js";
import { HubError } from "../hub-error.js";
import { reaches } from "./call-reach.js";
import { canRead, presentView, type Viewer } from "./viewer.js";

function rollup(hub: Hub, call: string, council: string) {
  return hub.memo(`rollup ${call} ${council}`, () =>
    rollupCall(hub.replica.fold.state, call, council),
  )!;
}

function summary(hub: Hub, c: CallRecord): CallSummary {
  const state = hub.replica.fold.state;
  return {
    id: c.id,
    council: c.council,
    councilName: state.bodies.get(c.council)?.name ?? {},
    kind: c.kind,
    title: c.title,
    text: c.text,
    startsAt: c.startsAt,
    adoptedAt: c.adoptedAt,
    scope: c.scope === "all" ? "all" : [...c.scope],
    total: rollup(hub, c.id, c.council).total,
  };
}

/** Calls issued by councils the viewer reads, newest first. */
export function callList(hub: Hub, viewer: Viewer): CallSummary[] {
  return [...hub.replica.fold.state.calls.values()]
    .filter((c) => canRead(viewer, c.council))
    .sort((a, b) => b.adoptedAt - a.adoptedAt)
    .map((c) => summary(hub, c));
}

/** One call's dashboard as `looking` (default: the calling council) sees it. */
export function callView(
  hub: Hub,
  viewer: Viewer,
  id: string,
  looking: string | null,
): CallView {
  const fold = hub.replica.fold;
  const state = fold.state;
  const c = state.calls.get(id);
  if (c === undefined || !canRead(viewer, c.council))
    throw new HubError("CALL_NOT_FOUND", { call: id });
  const view = presentView(fold, viewer);
  const reached = (b: string) => b === c.council || reaches(view, c, b);
  const council = looking ?? c.council;
  if (
    state.bodies.get(council)?.kind !== "council" ||
    !canRead(viewer, council) ||
    !reached(council)
  )
    throw new HubError("BODY_NOT_FOUND", { body: council });
  const r = rollup(hub, id, council);
  const councils = [...state.bodies.values()]
    .filter(
      (b) => b.kind === "council" && canRead(viewer, b.id) && reached(b.id),
    )
    .sort((a, b) =>
      a.id === c.council ? -1 : b.id === c.council ? 1 : a.id < b.id ? -1 : 1,
    )
    .map((b) => ({ id: b.id, name: b.name }));
  const answerable = [...viewer.takesPart]
    .filter((b) => {
      const chairs = chairsIn(view, b);
      return (
        b !== c.council &&
        reached(b) &&
        [...viewer.members].some((m) => chairs.has(m))
      );
    })
    .sort()
    .map((b) => ({
      body: b,
      name: state.bodies.get(b)?.name ?? {},
      answer: state.answers.get(pairKey(b, id)).at(-1)?.answer ?? null,
      // A council has no members of its own: its delegates count in their assemblies.
      maxHeadcount:
        state.bodies.get(b)?.kind === "council"
          ? 0
          : hub.shape().membersOf(b).length,
    }));
  return {
    ...summary(hub, c),
    looking: council,
    lookingName: state.bodies.get(council)?.name ?? {},
    now: r.total,
    days: r.days.map((d) => ({ ...d })),
    levels: r.levels.map((l) => ({ ...l })),
    children: r.children.map((x) => ({
      ...x,
      card: state.links.get(pairKey(council, x.body))?.card ?? null,
    })),
    councils,
    answerable,
  };
}
