/** @module Counting an election motion through the voting registry. */
import {
  type BallotProfile,
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
export function rankingOf(choice: BallotChoice): RankedBallot["ranking"] {
  if ("pick" in choice) return [[choice.pick]];
  if ("approve" in choice)
    return choice.approve.length > 0 ? [choice.approve] : [];
  if ("ranking" in choice) return choice.ranking;
  return [];
}

/** The ballot profile of an election motion's counted ballots. */
export function electionProfile(
  optionCount: number,
  ballots: readonly Weighted<BallotChoice>[],
): Result<BallotProfile> {
  const profile = profileFromRankings(
    optionCount,
    ballots.map((b) => ({ ranking: rankingOf(b.choice), weight: b.weight })),
  );
  if (!profile.ok) return fail("TALLY_FAILED", { reason: profile.error.code });
  return ok(profile.value);
}

/** Counts weighted ballots of an election motion with its method. */
export function tallyElection(
  method: ElectionMethodName,
  optionCount: number,
  seats: number,
  ballots: readonly Weighted<BallotChoice>[],
): Result<ElectionResult> {
  const profile = electionProfile(optionCount, ballots);
  if (!profile.ok) return profile;
  const result = tallyWithMethod(method, profile.value, { seats });
  if (!result.ok) return fail("TALLY_FAILED", { reason: result.error.code });
  return ok(result.value);
}
