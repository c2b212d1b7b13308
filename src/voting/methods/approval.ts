/** @module Approval voting: each ballot counts once for every candidate it marks; the most approvals win. */
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
 * Counts each ballot with its full weight for every standing candidate it marks (at any rank: a
 * ranking approves everyone it ranks) and elects the `seats` candidates with most approvals.
 * A ballot marking no standing candidate is invalid. Equal approvals are settled by the lot.
 */
export function tallyApproval(
  profile: BallotProfile,
  options: TallyOptions,
): ElectionResult {
  const m = profile.candidates;
  const withdrawn = withdrawnFlags(m, options.withdrawn);
  const { offsets, prefs, weights } = profile;
  const votes = new Float64Array(m);
  let invalid = 0;
  for (let b = 0; b < profile.ballots; b++) {
    const w = weights[b]!;
    let marked = false;
    for (let p = offsets[b]!; p < offsets[b + 1]!; p++) {
      const c = prefs[p]!;
      if (withdrawn[c] === 1) continue;
      votes[c]! += w;
      marked = true;
    }
    if (!marked) invalid += w;
  }
  const lot = new Lot(profile);
  const { elected, round } = selectByScore(
    votes,
    standingCandidates(withdrawn),
    options.seats,
    lot,
  );
  return {
    method: "approval",
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
