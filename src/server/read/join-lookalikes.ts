/**
 * @module The lookalike warning on a join request: the members of the body (and the other
 * people asking to join it) whose names look like the new name — the same skeleton, as core's
 * `findLookalikes` says — and whether the name mixes scripts in one word. Shown to whoever
 * admits (the chairs, the endorsers, the members voting on an admission motion), so an
 * informer cannot join as a copy of a known comrade. Only names of the body itself are
 * compared: they are what the viewer, who reads the body, already sees.
 */
import type { JoinLookalikes } from "../../api/index.js";
import {
  type FoldState,
  findLookalikes,
  type JoinRequestRecord,
  type NamedMember,
  pairKey,
} from "../../core/index.js";

/** The names the body knows: its members', and those of the others asking to join. */
function namesIn(state: FoldState, body: string, request: JoinRequestRecord) {
  const names: NamedMember[] = [];
  for (const m of state.memberships.values())
    if (m.body === body && m.status === "member") {
      const name = state.members.get(pairKey(body, m.member))?.name;
      // A name a redaction removed looks like nothing.
      if (name !== undefined && name !== "")
        names.push({ member: m.member, name });
    }
  for (const r of state.joinRequests.values())
    if (
      r.body === body &&
      r.status === "pending" &&
      r.id !== request.id &&
      r.name !== ""
    )
      names.push({ member: r.member, name: r.name });
  return names;
}

/** The warning for one join request of a body. */
export function joinLookalikes(
  state: FoldState,
  request: JoinRequestRecord,
): JoinLookalikes {
  if (request.redacted) return { lookalikeOf: [], mixedScript: false };
  const found = findLookalikes(
    request.name,
    namesIn(state, request.body, request),
    request.member,
  );
  return {
    lookalikeOf: found.lookalikeOf.map((n) => ({ id: n.member, name: n.name })),
    mixedScript: found.mixedScript,
  };
}
