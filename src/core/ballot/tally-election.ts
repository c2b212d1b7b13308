/** @module Counting an election motion through the voting registry. */
import {
  type ElectionResult,
  profileFromRankings,
  type RankedBallot,
  tallyElection as tallyWithMethod,
  type Weighted,
} from "../../voting/index.js";
import type { ElectionMethodName } from "../motion/methods.js";
import type { BallotChoice } from "../motion/model.js";
import { fail, ok, type Result } from "../result.js";

/** A ballot of any election method as a ranking: a pick is one choice, approvals one equal group. */
function rankingOf(choice: BallotChoice): RankedBallot["ranking"] {
  if ("pick" in choice) return [[choice.pick]];
  if ("approve" in choice)
    return choice.approve.length > 0 ? [choice.approve] : [];
  if ("ranking" in choice) return choice.ranking;
  return [];
}

/** Counts weighted ballots of an election motion with its method. */
export function tallyElection(
  method: ElectionMethodName,
  optionCount: number,
  seats: number,
  ballots: readonly Weighted<BallotChoice>[],
): Result<ElectionResult> {
  const profile = profileFromRankings(
    optionCount,
    ballots.map((b) => ({ ranking: rankingOf(b.choice), weight: b.weight })),
  );
  if (!profile.ok) return fail("TALLY_FAILED", { reason: profile.error.code });
  const result = tallyWithMethod(method, profile.value, { seats });
  if (!result.ok) return fail("TALLY_FAILED", { reason: result.error.code });
  return ok(result.value);
}
