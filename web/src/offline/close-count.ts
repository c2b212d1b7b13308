/**
 * @module The result a close must state, counted on this browser's fold: the count depends on
 * the close's causal past, so the merges and a draft of the close are indexed (not folded)
 * exactly where the close will be — its prev, its deps — counted there (`closeResultFor`),
 * and taken back. Null when the fold does not hold what the close names.
 */
import {
  closeResultFor,
  type FoldEngine,
  type FoldInput,
} from "../../../src/core/index.js";
import type { CanonicalValue } from "../../../src/crypto/index.js";
import type { Draft } from "./sign-in-scope.js";

export function countCloseOn(
  fold: FoldEngine,
  motion: string,
  draft: Draft,
): CanonicalValue | null {
  const close: FoldInput = {
    id: "f".repeat(64),
    author: draft.author,
    scope: draft.scope,
    seq: draft.seq,
    kseq: draft.kseq,
    prev: draft.prev,
    deps: [...draft.deps].sort(),
    time: 0,
    type: "vote.closed",
    payload: null,
  };
  const staged = fold.stage([...draft.merges, close]);
  try {
    if (staged.added.length !== draft.merges.length + 1) return null;
    const counted = closeResultFor(fold, motion, fold.index.indexOf(close.id));
    return counted.ok ? (counted.value as unknown as CanonicalValue) : null;
  } finally {
    fold.abortStaged();
  }
}
