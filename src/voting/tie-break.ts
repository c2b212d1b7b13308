/**
 * @module How counts that proceed in rounds settle a tie: look back to the latest earlier round where
 * the tied candidates' votes differed (the rule of the Scottish order, rules 49 and 51, and of most
 * IRV and STV rules), and where that leaves a tie, draw the lot.
 */
import type { Lot } from "./lot.js";
import type { CountReason } from "./types.js";

/** The candidate a tie-break chose and the reasons to record for it (empty when there was no tie). */
export interface TieBreak {
  readonly candidate: number;
  readonly reasons: readonly CountReason[];
}

/**
 * Picks one of `tied` (never empty): the lowest (to exclude) or highest (to elect or transfer first).
 * `history` holds each earlier round's tallies, oldest first. Values within `epsilon` count as equal
 * (0 for exact counts; Meek passes a small tolerance for floating-point noise).
 */
export function breakTie(
  tied: readonly number[],
  history: readonly ArrayLike<number>[],
  want: "lowest" | "highest",
  lot: Lot,
  epsilon = 0,
): TieBreak {
  if (tied.length === 1) return { candidate: tied[0]!, reasons: [] };
  let remaining = tied.slice();
  let narrowed = false;
  for (let r = history.length - 1; r >= 0 && remaining.length > 1; r--) {
    const tallies = history[r]!;
    let extreme = tallies[remaining[0]!]!;
    let differ = false;
    for (const c of remaining) {
      const v = tallies[c]!;
      if (Math.abs(v - extreme) > epsilon) differ = true;
      if (want === "lowest" ? v < extreme : v > extreme) extreme = v;
    }
    if (!differ) continue;
    remaining = remaining.filter(
      (c) => Math.abs(tallies[c]! - extreme) <= epsilon,
    );
    narrowed = true;
  }
  const reasons: CountReason[] = narrowed
    ? ["tie-broken-by-earlier-round"]
    : [];
  if (remaining.length === 1) return { candidate: remaining[0]!, reasons };
  reasons.push("tie-broken-by-lot");
  const candidate =
    want === "lowest" ? lot.last(remaining) : lot.first(remaining);
  return { candidate, reasons };
}

/**
 * Orders candidates by votes, highest first, settling equal votes with {@link breakTie}; used when
 * several candidates are elected in one round and the order of election must be fixed. Stops after
 * `limit` candidates, so ties below the cut never draw the lot.
 */
export function orderByVotes(
  candidates: readonly number[],
  tallies: ArrayLike<number>,
  history: readonly ArrayLike<number>[],
  lot: Lot,
  epsilon = 0,
  limit = candidates.length,
): TieBreak[] {
  const left = candidates.slice();
  const out: TieBreak[] = [];
  while (left.length > 0 && out.length < limit) {
    let top = tallies[left[0]!]!;
    for (const c of left) if (tallies[c]! > top) top = tallies[c]!;
    const tied = left.filter((c) => Math.abs(tallies[c]! - top) <= epsilon);
    const pick = breakTie(tied, history, "highest", lot, epsilon);
    out.push(pick);
    left.splice(left.indexOf(pick.candidate), 1);
  }
  return out;
}
