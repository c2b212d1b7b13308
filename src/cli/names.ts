/**
 * @module Names as a replica knows them. In format 2 a member's name is known per scope (the
 * name they gave a body, or the name attested to a council), and a body below a council may
 * be known only by its card there (a name or a pseudonym): names are looked up where the
 * reader meets them, falling back to what else the replica holds, then to a short id.
 */
import { type FoldState, pairKey } from "../core/index.js";
import { pickText, short } from "./render.js";

/** A member's name in a scope, else in any scope the replica holds, else a short id. */
export function memberName(
  state: FoldState,
  member: string,
  scope?: string,
): string {
  if (scope !== undefined) {
    const own = state.members.get(pairKey(scope, member));
    // An empty name is one a redaction removed: the key stands in for it.
    if (own !== undefined && own.name !== "") return own.name;
  }
  for (const m of state.members.values())
    if (m.id === member && m.name !== "") return m.name;
  return short(member);
}

/**
 * A body's name: its own record when held, else its card on a council (the one named, or
 * any), else a short id.
 */
export function bodyName(
  state: FoldState,
  body: string,
  lang: string,
  council?: string,
): string {
  const record = state.bodies.get(body);
  if (record !== undefined) return pickText(record.name, lang) || short(body);
  const card =
    (council !== undefined
      ? state.links.get(pairKey(council, body))
      : undefined) ?? [...state.links.values()].find((l) => l.child === body);
  if (card !== undefined) return pickText(card.card.name, lang) || short(body);
  return short(body);
}
