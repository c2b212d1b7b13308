/**
 * @module Who is asking, and what they may read. What a viewer reads is exactly what core's
 * one access rule (`readableScopes`, docs/architecture.md "One access rule") says their key may
 * receive: whole scopes. Every read view, the live feed and the event log ask `canRead` and
 * nothing else; a thing in a scope the viewer may not read is answered exactly like a thing
 * that does not exist.
 */
import {
  type CausalView,
  type FoldEngine,
  type Hosted,
  isChairIn,
  isCoordinator,
  membersOfKey,
  readableScopes,
} from "../../core/index.js";

export interface Viewer {
  /** The proven key, or null for an outsider. */
  readonly key: string | null;
  /** The member the key acts for (its registration, else the key itself); null for an outsider. */
  readonly member: string | null;
  /** Every member the key acts for (the key itself included). */
  readonly members: ReadonlySet<string>;
  /** True when the key acts for a coordinator (a founder named in the genesis). */
  readonly coordinator: boolean;
  /** The scopes the viewer reads: `readableScopes` for the key, and nothing else. */
  readonly reads: ReadonlySet<string>;
  /**
   * Bodies the viewer takes part in now: a member of them, a delegate seated on a council, or
   * a chair convening a council or committee without a vote there (coordinating is not voting).
   * Not a read rule (they are all among `reads`): it marks the viewer's own bodies on pages
   * and lets the write gate tell members from strangers.
   */
  readonly takesPart: ReadonlySet<string>;
}

/** What a key (or an outsider, for null) may read on this replica now. */
export function viewerOf(
  fold: FoldEngine,
  key: string | null,
  hosted: Hosted,
): Viewer {
  if (key === null)
    return {
      key: null,
      member: null,
      members: new Set(),
      coordinator: false,
      reads: readableScopes(fold, { kind: "outsider" }, hosted),
      takesPart: new Set(),
    };
  const members = membersOfKey(fold, key);
  const registered = [...members].filter((m) => m !== key).sort();
  const reads = readableScopes(fold, { kind: "key", key }, hosted);
  const takesPart = new Set<string>();
  for (const m of fold.state.memberships.values())
    if (m.status === "member" && members.has(m.member) && reads.has(m.body))
      takesPart.add(m.body);
  for (const d of fold.state.delegations.values())
    if (reads.has(d.council) && d.delegates.some((x) => members.has(x)))
      takesPart.add(d.council);
  // A council or committee the viewer convenes as chair without a vote is theirs to run.
  const index = fold.index;
  const sees = (scope: string) => reads.has(scope);
  const view: CausalView = {
    state: fold.state,
    knows: () => true,
    precedes: (x, y) => index.precedes(x, y),
    sees,
    canSee: sees,
  };
  for (const b of fold.state.bodies.values())
    if (
      b.kind !== "assembly" &&
      reads.has(b.id) &&
      b.chairs.some((c) => members.has(c) && isChairIn(view, b.id, c))
    )
      takesPart.add(b.id);
  return {
    key,
    member: registered[0] ?? key,
    members,
    coordinator: [...members].some((m) => isCoordinator(fold.state, m)),
    reads,
    takesPart,
  };
}

/** True when the viewer may read the scope: the one question every read asks. */
export function canRead(
  viewer: Viewer,
  scope: string | null | undefined,
): boolean {
  return typeof scope === "string" && viewer.reads.has(scope);
}

/**
 * The fold's present as a view for core's authority questions, seeing only the scopes the
 * viewer reads: a question about any other scope is answered "nothing known".
 */
export function presentView(fold: FoldEngine, viewer: Viewer): CausalView {
  const index = fold.index;
  const sees = (scope: string) => viewer.reads.has(scope);
  return {
    state: fold.state,
    knows: () => true,
    precedes: (x, y) => index.precedes(x, y),
    sees,
    canSee: sees,
  };
}
