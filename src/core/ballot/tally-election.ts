/** @module Counting an election motion through the voting registry. */
import type { ElectionResult, Weighted } from "../../voting/index.js";
import type { ElectionMethodName } from "../motion/methods.js";
import type { BallotChoice } from "../motion/model.js";
import { fail, type Result } from "../result.js";

/** Counts weighted ballots of an election motion with its method. */
export function tallyElection(
  method: ElectionMethodName,
  _optionCount: number,
  _seats: number,
  _ballots: readonly Weighted<BallotChoice>[],
): Result<ElectionResult> {
  return fail("METHOD_UNKNOWN", { method });
}
