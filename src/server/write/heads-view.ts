/**
 * @module Helping a client sign in a scope: the deps a new event of the scope should name —
 * the heads of the scope, of every scope above it and of the federation scope (merge first
 * when more than 16) — with the proven key's chain head in the scope and its highest kseq.
 * Only for a scope the viewer reads. For any other scope (one it may not read, or one that
 * does not exist: the two answers are the same) it returns only what signing a join request
 * needs — the scope's founding id and the federation scope's heads — and nothing about the
 * scope's content.
 */
import { z } from "zod";
import type { Hub } from "../hub.js";
import { hexIdSchema } from "../read/shapes.js";
import { canRead, type Viewer } from "../read/viewer.js";

export const headsViewSchema = z.object({
  federation: hexIdSchema,
  scope: hexIdSchema,
  /** "read": deps for any event of the scope; "join": deps for a join or rotation request. */
  access: z.enum(["read", "join"]),
  /** The deps to name (merge first with `heads.merged` when more than 16). */
  deps: z.array(hexIdSchema),
  /** The proven key's chain head in the scope (its own events); null without a session. */
  chain: z.object({ seq: z.number().int(), id: hexIdSchema }).nullable(),
  /** The proven key's highest kseq among the events held here; null without a session. */
  kseq: z.number().int().nullable(),
});
export type HeadsView = z.infer<typeof headsViewSchema>;

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
