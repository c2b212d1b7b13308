/**
 * @module The federation page: the bodies in the scopes the viewer reads, by level
 * (national → regional → municipal → sectoral → base), and the latest call to action among
 * them. Nothing else is listed or counted: a coordinator, who reads every council and no
 * assembly, sees the councils (and on each council's page, the cards of the bodies below);
 * an outsider sees the public bodies.
 */
import { type FederationView, LEVEL_ORDER } from "../../api/index.js";
import type { I18nText } from "../../core/index.js";
import type { Hub } from "../hub.js";
import { bodySummary } from "./body-summary.js";
import { canRead, type Viewer } from "./viewer.js";

/** True when the text matches the query in any language (case-insensitive). */
function matches(name: I18nText, q: string): boolean {
  const needle = q.toLocaleLowerCase();
  return Object.values(name).some((t) =>
    t.toLocaleLowerCase().includes(needle),
  );
}

/** The federation as the viewer reads it, optionally filtered by a search. */
export function federationView(
  hub: Hub,
  viewer: Viewer,
  q: string | null,
): FederationView {
  const state = hub.replica.fold.state;
  const fed = state.federation.get("federation") ?? null;
  const current =
    [...state.calls.values()]
      .filter((c) => canRead(viewer, c.council))
      .sort((a, b) => b.adoptedAt - a.adoptedAt)[0] ?? null;
  const byLevel = new Map<string, FederationView["levels"][number]["bodies"]>();
  for (const b of state.bodies.values()) {
    if (b.dissolved || !canRead(viewer, b.id)) continue;
    if (q && !matches(b.name, q)) continue;
    const level = b.kind === "council" ? (b.level ?? "sectoral") : "base";
    const list = byLevel.get(level) ?? [];
    list.push(bodySummary(hub, viewer, b));
    byLevel.set(level, list);
  }
  const label = (n: I18nText) => n.en ?? Object.values(n)[0] ?? "";
  return {
    federation: fed
      ? { id: fed.id, name: fed.name, createdAt: fed.createdAt }
      : null,
    levels: LEVEL_ORDER.filter((l) => byLevel.has(l)).map((level) => ({
      level,
      bodies: byLevel
        .get(level)!
        .sort((a, b) => label(a.name).localeCompare(label(b.name))),
    })),
    call: current
      ? {
          call: current.id,
          title: current.title,
          council: current.council,
          kind: current.kind,
          startsAt: current.startsAt,
        }
      : null,
  };
}
