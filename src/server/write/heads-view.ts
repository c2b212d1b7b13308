/**
 * @module Helping a client sign in a scope: the deps a new event of the scope should name —
 * the heads of the scope, of every scope above it and of the federation scope (merge first
 * when more than 16) — with the proven key's chain head in the scope and its highest kseq.
 * Only for a scope the viewer reads. For any other scope (one it may not read, or one that
 * does not exist: the two answers are the same) it returns only what signing a join request
 * needs — the scope's founding id and the federation scope's heads — and nothing about the
 * scope's content.
 */
import type { HeadsView } from "../../api/index.js";
import type { Hub } from "../hub.js";
import { canRead, type Viewer } from "../read/viewer.js";

/** What a new event of `scope` (default: the federation scope) names, for this viewer. */
export function headsView(
  hub: Hub,
  viewer: Viewer,
  scope: string | null,
): HeadsView {
  const fold = hub.replica.fold;
  const fed = fold.federationScope ?? hub.federation;
  const s = scope ?? fed;
  const readable = canRead(viewer, s);
  const head = viewer.key === null ? null : fold.chainHead(viewer.key, s);
  return {
    federation: hub.federation,
    scope: s,
    access: readable ? "read" : "join",
    deps: readable
      ? hub.replica.defaultDeps(s)
      : [...new Set([s, ...fold.headsOf(fed)])].sort(),
    chain: head === null ? null : { seq: head.seq, id: head.id },
    kseq: viewer.key === null ? null : fold.topKseq(viewer.key),
  };
}
