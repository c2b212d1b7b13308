/**
 * @module Who is a member, chair or coordinator, as an event's author could know it:
 * every question is answered from the facts in the event's causal past, never from
 * events that merely come earlier in the fold order — and only about scopes the event can
 * see (its own, the federation scope, the scopes above it): the fold is scope-pure.
 */
import type { Rules } from "../body/model.js";
import type { FoldState } from "../fold/state.js";
import { membershipKey } from "../fold/state.js";

/** The causal past of one event, as the authority questions need it. */
export interface CausalView {
  readonly state: FoldState;
  /** True when the event with index x is in the causal past. */
  knows(x: number): boolean;
  /** True when event x is in the causal past of event y. */
  precedes(x: number, y: number): boolean;
  /**
   * True when the view may judge facts of `scope` (see ApplyContext.sees): false (or a
   * throw, in tests) for a scope outside the event's own and those above it.
   */
  sees(scope: string): boolean;
  /**
   * The same question without the test-time throw: for walks that meet scopes they must
   * skip (a council above one the event can see, linked only later).
   */
  canSee(scope: string): boolean;
}

/**
 * True when `member` belongs to `body` in the view: an episode (the body's founding, or a
 * join request) is known and admitted — by enough known endorsements, or a known adopted
 * admission vote — and no known leave or removal came after the episode began.
 * Concurrent changes all take effect: a removal ends the episodes it knew of. A committee
 * seat (committee.seated) is an episode too, ended by a removal or by an unseating.
 */
export function isMemberIn(
  view: CausalView,
  body: string,
  member: string,
): boolean {
  if (!view.sees(body)) return false;
  const facts = view.state.membershipFacts.get(membershipKey(body, member));
  if (facts.length === 0) return false;
  for (const f of facts) {
    if (f.kind !== "founded" && f.kind !== "requested" && f.kind !== "seated")
      continue;
    if (!view.knows(f.at)) continue;
    let admitted = f.kind === "founded" || f.kind === "seated";
    if (!admitted) {
      let endorsements = 0;
      for (const g of facts) {
        if (g.episode !== f.at || !view.knows(g.at)) continue;
        if (g.kind === "admitted") admitted = true;
        else if (g.kind === "endorsed") endorsements++;
      }
      if (f.needed > 0 && endorsements >= f.needed) admitted = true;
    }
    if (!admitted) continue;
    let ended = false;
    for (const g of facts)
      if (
        (g.kind === "ended" ||
          (g.kind === "unseated" && f.kind === "seated")) &&
        view.knows(g.at) &&
        view.precedes(f.at, g.at)
      ) {
        ended = true;
        break;
      }
    if (!ended) return true;
  }
  return false;
}

/** The members of a body in the view, sorted. */
export function membersIn(view: CausalView, body: string): string[] {
  if (!view.sees(body)) return [];
  return [...new Set(view.state.bodyMembers.get(body))]
    .filter((m) => isMemberIn(view, body, m))
    .sort();
}

/** The causally latest facts the view knows: those no other known fact comes after. */
export function latestKnown<T extends { readonly at: number }>(
  view: CausalView,
  facts: readonly T[],
): T[] {
  const known = facts.filter((f) => view.knows(f.at));
  return known.filter(
    (f) => !known.some((g) => g !== f && view.precedes(f.at, g.at)),
  );
}

/** The chairs of a body in the view (the union when concurrent elections both took effect). */
export function chairsIn(view: CausalView, body: string): Set<string> {
  const out = new Set<string>();
  if (!view.sees(body)) return out;
  for (const f of latestKnown(view, view.state.chairFacts.get(body)))
    for (const m of f.value) out.add(m);
  return out;
}

/** The rules of a body in the view; of concurrent changes, the last in fold order. */
export function rulesIn(view: CausalView, body: string): Rules | null {
  if (!view.sees(body)) return null;
  const latest = latestKnown(view, view.state.rulesFacts.get(body));
  return latest.length === 0 ? null : latest[latest.length - 1]!.value;
}

/** True when the body's dissolution is in the view. */
export function isDissolvedIn(view: CausalView, body: string): boolean {
  if (!view.sees(body)) return false;
  return view.state.dissolvedFacts.get(body).some((at) => view.knows(at));
}

/** True when the member is one of the federation's coordinators (its founders). */
export function isCoordinator(state: FoldState, member: string): boolean {
  return state.federation.get("federation")?.founders.includes(member) ?? false;
}
