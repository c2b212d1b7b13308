/**
 * @module A member as the scopes the viewer reads know them: per scope, the name they go by
 * there, their keys there, their membership and whether they chair, and on a council the
 * bodies they sit for (by card). Names are per scope, so nothing here comes from a scope the
 * viewer does not read; a member no readable scope knows is MEMBER_NOT_FOUND, as one that does
 * not exist.
 */
import { z } from "zod";
import { pairKey } from "../../core/index.js";
import type { Hub } from "../hub.js";
import { HubError } from "../hub-error.js";
import { cardSchema, hexIdSchema, i18nTextSchema } from "./shapes.js";
import type { Viewer } from "./viewer.js";

export const memberViewSchema = z.object({
  id: hexIdSchema,
  scopes: z.array(
    z.object({
      scope: hexIdSchema,
      scopeName: i18nTextSchema,
      name: z.string().nullable(),
      keys: z.array(hexIdSchema),
      membership: z
        .object({
          status: z.enum(["member", "left", "removed"]),
          since: z.number(),
        })
        .nullable(),
      chair: z.boolean(),
      /** On a council: the bodies below the member sits for, by their cards. */
      seatedFor: z.array(z.object({ body: hexIdSchema, card: cardSchema })),
    }),
  ),
});
export type MemberView = z.infer<typeof memberViewSchema>;

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
