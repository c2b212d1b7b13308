/**
 * @module A member as the scopes the viewer reads know them: per scope, the name they go by
 * there, their keys there, their membership and whether they chair, and on a council the
 * bodies they sit for (by card). Names are per scope, so nothing here comes from a scope the
 * viewer does not read; a member no readable scope knows is MEMBER_NOT_FOUND, as one that does
 * not exist.
 */
import type { MemberView } from "../../api/index.js";
import { pairKey } from "../../core/index.js";
import type { Hub } from "../hub.js";
import { HubError } from "../hub-error.js";
import type { Viewer } from "./viewer.js";

/** The member in the scopes the viewer reads. */
export function memberView(hub: Hub, viewer: Viewer, id: string): MemberView {
  const fold = hub.replica.fold;
  const state = fold.state;
  const fed = fold.federationScope;
  const scopes: MemberView["scopes"] = [];
  for (const scope of [...viewer.reads].sort()) {
    const known = state.members.get(pairKey(scope, id));
    const membership = state.memberships.get(pairKey(scope, id)) ?? null;
    const seatedFor = hub
      .shape()
      .cardsOn(scope)
      .filter((l) =>
        state.delegations.get(pairKey(scope, l.child))?.delegates.includes(id),
      )
      .map((l) => ({ body: l.child, card: l.card }));
    if (known === undefined && membership === null && seatedFor.length === 0)
      continue;
    const body = state.bodies.get(scope);
    scopes.push({
      scope,
      scopeName:
        body?.name ??
        (scope === fed ? state.federation.get("federation")?.name : null) ??
        {},
      name: known?.name ?? null,
      keys: [...(known?.keys ?? [])],
      membership:
        membership === null
          ? null
          : { status: membership.status, since: membership.since },
      chair: body?.chairs.includes(id) ?? false,
      seatedFor,
    });
  }
  if (scopes.length === 0)
    throw new HubError("MEMBER_NOT_FOUND", { member: id });
  return { id, scopes };
}
