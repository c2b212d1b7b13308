/**
 * @module The key's own page: who it acts for and by which names, the bodies it takes part
 * in, the seats it holds and the bodies it attests for, and its join requests — all from the
 * scopes it reads. A join request to a body it does not read yet shows nothing here (not even
 * that the hub holds it): it appears once the key is admitted and reads the body.
 */
import type { MeView } from "../../api/index.js";
import { deviceScopesOf, pairKey } from "../../core/index.js";
import type { Hub } from "../hub.js";
import { bodySummary, nameIn } from "./body-summary.js";
import { canRead, type Viewer } from "./viewer.js";

/** The proven key's own page. */
export function meView(
  hub: Hub,
  viewer: Viewer & { key: string; member: string },
): MeView {
  const state = hub.replica.fold.state;
  const names: MeView["names"] = [];
  const keys = new Set([viewer.key]);
  for (const scope of [...viewer.reads].sort()) {
    const known = state.members.get(pairKey(scope, viewer.member));
    if (known === undefined) continue;
    names.push({ scope, name: nameIn(state, scope, viewer.member).name });
    for (const k of known.keys) keys.add(k);
  }
  const seats: MeView["seats"] = [];
  for (const d of state.delegations.values())
    if (
      canRead(viewer, d.council) &&
      d.delegates.some((m) => viewer.members.has(m))
    ) {
      const link = state.links.get(pairKey(d.council, d.body));
      if (link)
        seats.push({
          council: d.council,
          councilName: state.bodies.get(d.council)?.name ?? {},
          body: d.body,
          card: link.card,
        });
    }
  const attests: MeView["attests"] = [];
  for (const l of state.links.values())
    if (canRead(viewer, l.council) && l.attesters.includes(viewer.key))
      attests.push({
        council: l.council,
        councilName: state.bodies.get(l.council)?.name ?? {},
        body: l.child,
        card: l.card,
      });
  return {
    key: viewer.key,
    member: viewer.member,
    coordinator: viewer.coordinator,
    names,
    keys: [...keys].sort(),
    bodies: [...viewer.takesPart]
      .map((b) => state.bodies.get(b))
      .filter((b) => b !== undefined)
      .map((b) => bodySummary(hub, viewer, b)),
    seats,
    attests,
    joinRequests: [...state.joinRequests.values()]
      .filter((r) => viewer.members.has(r.member) && canRead(viewer, r.body))
      .map((r) => ({
        id: r.id,
        body: r.body,
        bodyName: state.bodies.get(r.body)?.name ?? {},
        time: r.time,
        needed: r.needed,
        endorsements: r.endorsedBy.length,
        status: r.status,
      })),
    deviceScopes: deviceScopesOf(state, viewer.member).filter((b) =>
      canRead(viewer, b),
    ),
    reads: viewer.reads.size,
    events: hub.eventCount(viewer),
  };
}
