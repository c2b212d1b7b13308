/**
 * @module The state as the viewer may compare it: per scope it reads, the scope hash
 * (`FoldEngine.scopeHashes`) and the events held here, and the state hash over those scopes
 * alone (`hashScopes`) — what a replica holding the same scopes computes. No fingerprint or
 * count of any other scope.
 */
import type { StateView } from "../../api/index.js";
import { hashScopes } from "../../core/index.js";
import type { Hub } from "../hub.js";
import type { Viewer } from "./viewer.js";

/** The state of the scopes the viewer reads. */
export function stateView(hub: Hub, viewer: Viewer): StateView {
  const fold = hub.replica.fold;
  const hashes = hub.memo("scope hashes", () => fold.scopeHashes());
  const invalid = hub.memo("invalid by scope", () => {
    const out = new Map<string, number>();
    for (const id of fold.state.invalid.keys()) {
      const s = fold.scopeOf(id);
      if (s !== null) out.set(s, (out.get(s) ?? 0) + 1);
    }
    return out;
  });
  const mine = new Map<string, string>();
  const scopes: StateView["scopes"] = [];
  for (const [scope, hash] of [...hashes].sort((a, b) =>
    a[0] < b[0] ? -1 : 1,
  )) {
    if (!viewer.reads.has(scope)) continue;
    mine.set(scope, hash);
    scopes.push({
      scope,
      hash,
      events: hub.eventsOf(scope).length,
      invalid: invalid.get(scope) ?? 0,
    });
  }
  return {
    stateHash: hashScopes(mine),
    scopes,
    events: scopes.reduce((n, s) => n + s.events, 0),
    invalid: scopes.reduce((n, s) => n + s.invalid, 0),
  };
}
