/**
 * @module Signing an event on more heads than it may name: first the `heads.merged` events
 * planMerges asks for, each next in the author's chain, then the event itself on the last.
 */
import type { KeyPair } from "../../crypto/index.js";
import {
  type EventDraft,
  type SignedEvent,
  signEvent,
} from "../event/signed-event.js";
import { planMerges } from "./merge-plan.js";

/** The event as it would be signed on no merge: `seq`, `kseq`, `prev` are the next in the chain. */
export type MergedDraft = Omit<EventDraft, "deps">;

/**
 * The merges and the event, in the order they go to the hub (the event last). `heads` are the
 * deps wanted; `first`, the scope's own heads for a key with no chain there yet.
 */
export function signMerged(
  key: KeyPair,
  draft: MergedDraft,
  heads: readonly string[],
  first: readonly string[] = [],
): SignedEvent[] {
  const plan = planMerges(heads, draft.prev, first);
  let { seq, kseq, prev } = draft;
  const signed: SignedEvent[] = [];
  for (const deps of plan.merges) {
    const merge = signEvent(key, {
      ...draft,
      seq: seq++,
      kseq: kseq++,
      prev,
      deps,
      type: "heads.merged",
      payload: {},
    });
    signed.push(merge);
    prev = merge.id;
  }
  signed.push(signEvent(key, { ...draft, seq, kseq, prev, deps: plan.deps }));
  return signed;
}
