/**
 * @module The federation's shape in the fold's present, indexed for readers: each body's
 * members, and the links (cards) each council holds of the bodies below it. Raw facts of the
 * state, not a read rule: every view takes from it only what lies in scopes the viewer reads
 * (`canRead`). Rebuilt only when an added event may change the shape (Hub.structureVersion).
 */
import type { FoldEngine, LinkRecord } from "../../core/index.js";

export class FederationShape {
  /** Body → its members now (status "member"), in admission order. */
  private readonly members = new Map<string, string[]>();
  /** Child → its links (cards) on councils, each in its council's scope. */
  private readonly parents = new Map<string, LinkRecord[]>();
  /** Council → the links (cards) it holds of bodies below it. */
  private readonly children = new Map<string, LinkRecord[]>();

  constructor(readonly fold: FoldEngine) {
    const s = fold.state;
    for (const m of s.memberships.values())
      if (m.status === "member") push(this.members, m.body, m.member);
    for (const l of s.links.values()) {
      if (l.seats <= 0) continue;
      push(this.parents, l.child, l);
      push(this.children, l.council, l);
    }
  }

  /** Members of a body now (the body's own scope). */
  membersOf(body: string): readonly string[] {
    return this.members.get(body) ?? [];
  }

  /** The links of a body on councils (each in that council's scope). */
  linksOf(child: string): readonly LinkRecord[] {
    return this.parents.get(child) ?? [];
  }

  /** The links a council holds of the bodies below it (the council's scope). */
  cardsOn(council: string): readonly LinkRecord[] {
    return this.children.get(council) ?? [];
  }
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [value]);
  else list.push(value);
}
