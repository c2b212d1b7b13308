/** @module Plurality: each ballot counts for its single (or first) choice; the most votes win. */
import type { BallotProfile } from "../ballot-profile.js";
import { Lot } from "../lot.js";
import { selectByScore } from "../select-by-score.js";
import type { ElectionResult, TallyOptions } from "../types.js";
import {
  standingCandidates,
  withdrawnFlags,
  withdrawnList,
} from "../withdrawn.js";

/**
 * Counts each ballot for its first choice among the standing candidates and elects the `seats`
 * candidates with most votes (single non-transferable vote when seats > 1). A ballot whose first
 * choice names several candidates equally is an overvote and, like an empty ballot, is invalid.
 * Equal votes are settled by the lot.
 */
export function tallyPlurality(
  profile: BallotProfile,
  options: TallyOptions,
): ElectionResult {
  const m = profile.candidates;
  const withdrawn = withdrawnFlags(m, options.withdrawn);
  const { offsets, prefs, tied, weights } = profile;
  const votes = new Float64Array(m);
  let invalid = 0;
  for (let b = 0; b < profile.ballots; b++) {
    const end = offsets[b + 1]!;
    let p = offsets[b]!;
    while (p < end && withdrawn[prefs[p]!] === 1) p++;
    if (p === end) {
      invalid += weights[b]!;
      continue;
    }
    if (tied !== null) {
      // The first choice is the whole group containing position p, less withdrawn candidates.
      let groupStart = p;
      while (groupStart > offsets[b]! && tied[groupStart] === 1) groupStart--;
      let marked = 0;
      for (
        let q = groupStart;
        q < end && (q === groupStart || tied[q] === 1);
        q++
      )
        if (withdrawn[prefs[q]!] === 0) marked++;
      if (marked > 1) {
        invalid += weights[b]!;
        continue;
      }
    }
    votes[prefs[p]!]! += weights[b]!;
  }
  const lot = new Lot(profile);
  const { elected, round } = selectByScore(
    votes,
    standingCandidates(withdrawn),
    options.seats,
    lot,
  );
  return {
    method: "plurality",
    seats: options.seats,
    candidates: m,
    elected,
    rounds: [round],
    withdrawn: withdrawnList(withdrawn),
    valid: profile.totalWeight - invalid,
    invalid,
    ...(lot.used ? { lot: lot.result()! } : {}),
  };
}
