/**
 * @module Who is asking, and what they may read (docs/api.md, "Who reads what"). A member
 * reads in full the bodies they take part in, every council above those, and — where they
 * take part in a council — every body below it; coordinators read everything. Member lists
 * are shown only to those who take part in the body, to electors of a council (the bodies
 * below it), and to coordinators. Everyone, outsiders included, sees the public projection
 * of a body whose rules say `public` — which never names a member.
 */
import type { FederationIndex } from "./federation-index.js";

export interface Viewer {
  /** The proven key, or null for an outsider. */
  readonly key: string | null;
  /** The member the key acts for (the key itself for a key no member registered). */
  readonly member: string | null;
  readonly coordinator: boolean;
  /** Bodies the viewer takes part in: a member, or a delegate sitting on the council. */
  readonly takesPart: ReadonlySet<string>;
  /** Bodies the viewer reads in full. */
  readonly reads: ReadonlySet<string>;
  /** Bodies whose member list the viewer sees. */
  readonly seesMembers: ReadonlySet<string>;
}

/** The viewer with no proven key. */
export const OUTSIDER: Viewer = {
  key: null,
  member: null,
  coordinator: false,
  takesPart: new Set(),
  reads: new Set(),
  seesMembers: new Set(),
};

/** What a proven key may read, in the federation's present. */
export function viewerOf(index: FederationIndex, key: string): Viewer {
  const state = index.fold.state;
  const member = state.keys.get(key)?.member ?? key;
  const coordinator = index.isCoordinator(member);
  const takesPart = new Set<string>(index.bodiesOf.get(member) ?? []);
  for (const s of index.seatsOf.get(member) ?? []) takesPart.add(s.council);
  const seesMembers = new Set(takesPart);
  const reads = new Set(takesPart);
  for (const b of takesPart) {
    for (const c of index.above(b)) {
      reads.add(c);
      seesMembers.add(c);
    }
    if (state.bodies.get(b)?.kind === "council")
      for (const below of index.below(b)) reads.add(below);
  }
  if (coordinator)
    for (const id of state.bodies.keys()) {
      reads.add(id);
      seesMembers.add(id);
    }
  return { key, member, coordinator, takesPart, reads, seesMembers };
}

/** True when the viewer sees at least the public projection of a body. */
export function canSee(
  viewer: Viewer,
  index: FederationIndex,
  body: string,
): boolean {
  return viewer.reads.has(body) || index.publicBodies.has(body);
}
