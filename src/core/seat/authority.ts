/**
 * @module Who holds a seat on a council, as an event could know it. In the council's scope a
 * delegate sits for a body when an attested election seated them, every known attested
 * recall or vacancy of them came before it, no later known full election left them out, the
 * claims were not superseded, and the body still holds seats on the council. In the body's
 * own scope, its delegates are those its own closes elected and did not recall.
 */

import { pairKey } from "../fold/state.js";
import {
  type CausalView,
  chairsIn,
  isCoordinator,
  isMemberIn,
  latestKnown,
} from "../member/authority.js";
import type { SeatFact } from "./model.js";

/** True when the supersession of a claim on `council` is in the view. */
export function isSupersededIn(
  view: CausalView,
  council: string,
  claim: string,
): boolean {
  return view.state.supersededFacts
    .get(pairKey(council, claim))
    .some((at) => view.knows(at));
}

/** Seats a child body holds on a council in the view (0 when unlinked or not visible). */
export function linkSeatsIn(
  view: CausalView,
  child: string,
  council: string,
): number {
  if (!view.sees(council)) return 0;
  // Facts are listed in fold order, which respects causality: the last known one is the
  // causally latest, and of concurrent changes the last in fold order.
  const facts = view.state.linkFacts.get(pairKey(child, council));
  for (let k = facts.length - 1; k >= 0; k--)
    if (view.knows(facts[k]!.at)) return facts[k]!.value;
  return 0;
}

/** Bodies holding seats on the council in the view. */
export function childrenIn(view: CausalView, council: string): string[] {
  if (!view.sees(council)) return [];
  return [...new Set(view.state.councilChildren.get(council))].filter(
    (b) => linkSeatsIn(view, b, council) > 0,
  );
}

/** The attesters and threshold of a child on a council in the view, or null. */
export function attestersIn(
  view: CausalView,
  council: string,
  child: string,
): { attesters: readonly string[]; threshold: number } | null {
  if (!view.sees(council)) return null;
  const latest = latestKnown(
    view,
    view.state.attesterFacts.get(pairKey(council, child)),
  );
  return latest.length === 0 ? null : latest[latest.length - 1]!.value;
}

/** `council`: where the facts' claims were attested (a body's own facts carry none). */
function isSeated(
  view: CausalView,
  council: string,
  facts: readonly SeatFact[],
  member: string,
): boolean {
  const known = facts.filter(
    (f) =>
      view.knows(f.at) &&
      (f.claim === null || !isSupersededIn(view, council, f.claim)),
  );
  return known.some(
    (s) =>
      (s.kind === "elected" || s.kind === "replaced") &&
      s.members.includes(member) &&
      known.every(
        (r) =>
          !(
            (r.kind === "recalled" || r.kind === "vacated") &&
            r.members.includes(member)
          ) || view.precedes(r.at, s.at),
      ) &&
      !known.some(
        (r) =>
          r.kind === "replaced" &&
          !r.members.includes(member) &&
          view.precedes(s.at, r.at),
      ),
  );
}

/** True when `member` sits on `council` for `body` in the view (the council's attested facts). */
export function sitsFor(
  view: CausalView,
  council: string,
  body: string,
  member: string,
): boolean {
  if (linkSeatsIn(view, body, council) === 0) return false;
  return isSeated(
    view,
    council,
    view.state.seatFacts.get(pairKey(council, body)),
    member,
  );
}

/** The bodies `member` sits for on `council` in the view. */
export function seatsOf(
  view: CausalView,
  council: string,
  member: string,
): string[] {
  if (!view.sees(council)) return [];
  return [
    ...new Set(view.state.seatedFor.get(pairKey(council, member))),
  ].filter((b) => sitsFor(view, council, b, member));
}

/** The delegates of `body` on `council` in the view (attested). */
export function delegatesIn(
  view: CausalView,
  council: string,
  body: string,
): string[] {
  if (!view.sees(council)) return [];
  const candidates = new Set<string>();
  for (const f of view.state.seatFacts.get(pairKey(council, body)))
    for (const m of f.members) candidates.add(m);
  return [...candidates].filter((m) => sitsFor(view, council, body, m)).sort();
}

/** The delegates `body`'s own closes elected to `council` and did not recall, in the view. */
export function ownDelegatesIn(
  view: CausalView,
  body: string,
  council: string,
): string[] {
  if (!view.sees(body)) return [];
  const facts = view.state.ownSeatFacts.get(pairKey(body, council));
  const candidates = new Set<string>();
  for (const f of facts) for (const m of f.members) candidates.add(m);
  return [...candidates]
    .filter((m) => isSeated(view, council, facts, m))
    .sort();
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
  if (!view.sees(body)) return [];
  const candidates = new Set(view.state.bodyMembers.get(body));
  for (const child of new Set(view.state.councilChildren.get(body)))
    for (const f of view.state.seatFacts.get(pairKey(body, child)))
      for (const m of f.members) candidates.add(m);
  return [...candidates].filter((m) => isVoterIn(view, body, m)).sort();
}

/** The member count a child's attesters last reported to a council, in the view; null if none. */
export function attestedCountIn(
  view: CausalView,
  council: string,
  child: string,
): number | null {
  if (!view.sees(council)) return null;
  const facts = view.state.memberCountFacts
    .get(pairKey(council, child))
    .filter((f) => view.knows(f.at) && !isSupersededIn(view, council, f.claim));
  const latest = latestKnown(view, facts);
  return latest.length === 0 ? null : latest[latest.length - 1]!.value;
}

/**
 * The members a body represents in the view: its own members for an assembly or committee;
 * for a council, the counts its children's attesters reported, summed (a person in two
 * bodies below counts in each: the council cannot see who they are).
 */
export function representedIn(view: CausalView, body: string): number {
  if (!view.sees(body)) return 0;
  const record = view.state.bodies.get(body);
  if (record?.kind !== "council") {
    let n = 0;
    for (const m of new Set(view.state.bodyMembers.get(body)))
      if (isMemberIn(view, body, m)) n++;
    return n;
  }
  let n = 0;
  for (const child of childrenIn(view, body))
    n += attestedCountIn(view, body, child) ?? 0;
  return n;
}

/**
 * True when `member` may convene `body` without voting in it: a council convened by one of
 * the federation's coordinators, or a committee convened by a chair of the body it is
 * accountable to. Coordinating is not voting — such a chair opens and closes motions but
 * casts no ballot and counts in no electorate, quorum or member count
 * (docs/architecture.md, "Coordinating is not voting").
 */
export function canConveneIn(
  view: CausalView,
  body: string,
  member: string,
): boolean {
  const record = view.state.bodies.get(body);
  if (record?.kind === "council") return isCoordinator(view.state, member);
  if (record?.kind === "committee" && record.accountableTo !== null)
    return isChairIn(view, record.accountableTo, member);
  return false;
}

/**
 * True when the member chairs the body in the view and may still act there: one who takes
 * part in it (a member, a seated delegate), or one who convenes it without a vote.
 */
export function isChairIn(
  view: CausalView,
  body: string,
  member: string,
): boolean {
  return (
    chairsIn(view, body).has(member) &&
    (isVoterIn(view, body, member) || canConveneIn(view, body, member))
  );
}

/**
 * True when `member` may speak in `body` in the view — open motions, comment, register a
 * device: whoever may vote there, and a chair convening it without a vote.
 */
export function takesPartIn(
  view: CausalView,
  body: string,
  member: string,
): boolean {
  return isVoterIn(view, body, member) || isChairIn(view, body, member);
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
      // Councils linked above only later, beyond the event's past, are not its to ask about.
      if (seen.has(parent) || !view.canSee(parent)) continue;
      if (linkSeatsIn(view, b, parent) === 0) continue;
      if (parent === council) return true;
      seen.add(parent);
      stack.push(parent);
    }
  }
  return false;
}
