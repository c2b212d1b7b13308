import { pairKey } from "../fold/state.js";
/**
 * @module Who holds a seat on a council, as an event could know it. A delegate sits for a
 * body when a known election of that body seated them, every known recall of them came
 * before that election, no later known full election left them out, they are still a voter
 * of the body, and the body still holds seats on the council — all in the causal past.
 */
import { type CausalView, chairsIn, isMemberIn } from "../member/authority.js";
import type { SeatFact } from "./model.js";

/** Seats a child body holds on a council in the view (0 when unlinked). */
export function linkSeatsIn(
  view: CausalView,
  child: string,
  council: string,
): number {
  // Facts are listed in fold order, which respects causality: the last known one is the
  // causally latest, and of concurrent changes the last in fold order.
  const facts = view.state.linkFacts.get(pairKey(child, council));
  for (let k = facts.length - 1; k >= 0; k--)
    if (view.knows(facts[k]!.at)) return facts[k]!.value;
  return 0;
}

/** Bodies holding seats on the council in the view. */
export function childrenIn(view: CausalView, council: string): string[] {
  return [...new Set(view.state.councilChildren.get(council))].filter(
    (b) => linkSeatsIn(view, b, council) > 0,
  );
}

function isSeated(
  view: CausalView,
  facts: readonly SeatFact[],
  member: string,
): boolean {
  const known = facts.filter((f) => view.knows(f.at));
  return known.some(
    (s) =>
      s.kind !== "recalled" &&
      s.members.includes(member) &&
      known.every(
        (r) =>
          !(r.kind === "recalled" && r.members.includes(member)) ||
          view.precedes(r.at, s.at),
      ) &&
      !known.some(
        (r) =>
          r.kind === "replaced" &&
          !r.members.includes(member) &&
          view.precedes(s.at, r.at),
      ),
  );
}

/** True when `member` sits on `council` for `body` in the view. */
export function sitsFor(
  view: CausalView,
  council: string,
  body: string,
  member: string,
): boolean {
  if (linkSeatsIn(view, body, council) === 0) return false;
  if (!isSeated(view, view.state.seatFacts.get(pairKey(council, body)), member))
    return false;
  return isVoterIn(view, body, member);
}

/** The bodies `member` sits for on `council` in the view. */
export function seatsOf(
  view: CausalView,
  council: string,
  member: string,
): string[] {
  return [
    ...new Set(view.state.seatedFor.get(pairKey(council, member))),
  ].filter((b) => sitsFor(view, council, b, member));
}

/** The delegates of `body` on `council` in the view. */
export function delegatesIn(
  view: CausalView,
  council: string,
  body: string,
): string[] {
  const candidates = new Set<string>();
  for (const f of view.state.seatFacts.get(pairKey(council, body)))
    for (const m of f.members) candidates.add(m);
  return [...candidates].filter((m) => sitsFor(view, council, body, m)).sort();
}

/**
 * True when `member` may take part in `body` in the view: a member of it, or — for a
 * council — a delegate sitting on it for a body below.
 */
export function isVoterIn(
  view: CausalView,
  body: string,
  member: string,
): boolean {
  if (isMemberIn(view, body, member)) return true;
  return (
    view.state.seatedFor.get(pairKey(body, member)).length > 0 &&
    seatsOf(view, body, member).length > 0
  );
}

/** Everyone who may vote in `body` in the view: its members and the delegates sitting on it. */
export function votersIn(view: CausalView, body: string): string[] {
  const candidates = new Set(view.state.bodyMembers.get(body));
  for (const child of new Set(view.state.councilChildren.get(body)))
    for (const f of view.state.seatFacts.get(pairKey(body, child)))
      for (const m of f.members) candidates.add(m);
  return [...candidates].filter((m) => isVoterIn(view, body, m)).sort();
}

/**
 * The members a body represents in the view: its own members, or for a council the members of
 * every body below it, each person counted once.
 */
export function representedIn(
  view: CausalView,
  body: string,
  cache = new Map<string, ReadonlySet<string>>(),
): ReadonlySet<string> {
  const hit = cache.get(body);
  if (hit) return hit;
  cache.set(body, new Set()); // guards against a (rejected) cycle
  const out = new Set<string>();
  const children = childrenIn(view, body);
  if (
    children.length === 0 ||
    view.state.bodies.get(body)?.kind !== "council"
  ) {
    for (const m of new Set(view.state.bodyMembers.get(body)))
      if (isMemberIn(view, body, m)) out.add(m);
  }
  for (const c of children)
    for (const m of representedIn(view, c, cache)) out.add(m);
  cache.set(body, out);
  return out;
}

/** True when the member chairs the body in the view and may still take part in it there. */
export function isChairIn(
  view: CausalView,
  body: string,
  member: string,
): boolean {
  return chairsIn(view, body).has(member) && isVoterIn(view, body, member);
}

/** True when `body` sits below `council` (through links with seats) in the view. */
export function isBelowIn(
  view: CausalView,
  body: string,
  council: string,
): boolean {
  const seen = new Set<string>();
  const stack = [body];
  while (stack.length > 0) {
    const b = stack.pop()!;
    for (const parent of new Set(view.state.bodyParents.get(b))) {
      if (seen.has(parent) || linkSeatsIn(view, b, parent) === 0) continue;
      if (parent === council) return true;
      seen.add(parent);
      stack.push(parent);
    }
  }
  return false;
}
