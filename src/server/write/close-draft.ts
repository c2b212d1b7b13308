/**
 * @module Helping a browser sign a close: a close states its result, and the result is the
 * count in the close's causal past. The hub places a draft close on the deps a new event of
 * the motion's scope would name, counts there (`closeResultFor`), and answers the deps with
 * the result; the browser re-counts on its own replica before it signs, so it need not trust
 * the hub. For a motion the viewer reads only (else MOTION_NOT_FOUND, as for none).
 */
import { type CloseDraft, statedResultSchema } from "../../api/index.js";
import { closeResultFor, type FoldInput } from "../../core/index.js";
import type { Hub } from "../hub.js";
import { HubError } from "../hub-error.js";
import { readableMotion } from "../read/motion-view.js";
import type { Viewer } from "../read/viewer.js";

/** The deps and the counted result for a close of `motion`. */
export async function closeDraft(
  hub: Hub,
  viewer: Viewer,
  motion: string,
): Promise<CloseDraft> {
  const m = readableMotion(hub, viewer, motion);
  const scope = m.body;
  // The draft goes into the fold's index for a moment: never while a commit has events staged.
  return hub.committer.exclusive(() => {
    const fold = hub.replica.fold;
    const deps = hub.replica.defaultDeps(scope);
    // Any key's chain would do — the count depends only on the close's causal past, which
    // the deps fix (a chain head in the scope is at or below its heads). The motion's own
    // author has a chain here, so the draft adds no key or chain to the index.
    const author = fold.chainSlot(motion)!.author;
    const head = fold.chainHead(author, scope)!;
    const draft: FoldInput = {
      id: "f".repeat(64),
      author,
      scope,
      seq: head.seq + 1,
      kseq: fold.topKseq(author) + 1,
      prev: head.id,
      deps: deps.filter((d) => d !== head.id),
      time: 0,
      type: "vote.closed",
      payload: null,
    };
    const counted = fold.withDraft(draft, (i) =>
      closeResultFor(fold, motion, i),
    );
    if (!counted.ok)
      throw new HubError(counted.error.code, { ...counted.error.details });
    const result = statedResultSchema.parse(counted.value);
    return { motion, scope, deps, result };
  });
}
