/** @module The bodies a new device key must be registered in for a member to act there. */
import { BODY_LEVELS } from "../body/model.js";
import type { FoldState } from "../fold/state.js";

/**
 * Every body the member belongs to, every council where they sit and every council or
 * committee they chair without a vote — lowest first,
 * because a scope's events see the keys registered above it (registering there first would
 * make the lower registration a duplicate); a committee sees its parent's registrations and
 * needs none of its own.
 */
export function deviceScopesOf(st: FoldState, member: string): string[] {
  const bodies = new Set<string>();
  for (const m of st.memberships.values())
    if (m.member === member && m.status === "member") bodies.add(m.body);
  for (const d of st.delegations.values())
    if (d.delegates.includes(member)) bodies.add(d.council);
  // A council or committee the member chairs without a vote (its convener) is theirs to run.
  for (const b of st.bodies.values())
    if (b.kind !== "assembly" && !b.dissolved && b.chairs.includes(member))
      bodies.add(b.id);
  const rank = (b: string) => {
    const r = st.bodies.get(b);
    const level = r?.kind === "council" ? (r.level ?? "municipal") : r?.kind;
    return BODY_LEVELS.indexOf(level as (typeof BODY_LEVELS)[number]);
  };
  return [...bodies]
    .filter((b) => {
      const parent = st.bodies.get(b)?.accountableTo;
      return parent === null || parent === undefined || !bodies.has(parent);
    })
    .sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : 1));
}
