/**
 * @module Who attests for a body on a council now: the latest attester set the council holds
 * — from the link, a credentials vote or an attesters claim, in fold order — not only the
 * set the link first named.
 */
import { type FoldState, pairKey } from "../core/index.js";

export function attestersNow(
  state: FoldState,
  council: string,
  body: string,
): { attesters: readonly string[]; threshold: number } | null {
  const facts = state.attesterFacts.get(pairKey(council, body));
  const latest = facts[facts.length - 1]?.value;
  if (latest !== undefined) return latest;
  const link = state.links.get(pairKey(council, body));
  return link === undefined
    ? null
    : { attesters: link.attesters, threshold: link.threshold };
}
