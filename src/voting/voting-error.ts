/** @module Expected failures of the voting layer as data: a stable code and typed details, never English. */

/**
 * Every code the voting layer returns. Once shipped, a code keeps its meaning forever.
 * Parsers' details always include the 1-based `line` where the problem is.
 */
export type VotingErrorCode =
  // ballots built by callers
  | "BALLOT_UNKNOWN_CANDIDATE"
  | "BALLOT_DUPLICATE_CANDIDATE"
  | "BALLOT_BAD_WEIGHT"
  | "BALLOT_BAD_CANDIDATE_COUNT"
  // BLT files
  | "BLT_EMPTY"
  | "BLT_BAD_HEADER"
  | "BLT_BAD_WITHDRAWN"
  | "BLT_BAD_WEIGHT"
  | "BLT_NEGATIVE_WEIGHT"
  | "BLT_BAD_BALLOT_LINE"
  | "BLT_UNKNOWN_CANDIDATE"
  | "BLT_DUPLICATE_CANDIDATE"
  | "BLT_MISSING_END"
  | "BLT_MISSING_NAMES"
  | "BLT_BAD_NAME"
  | "BLT_DUPLICATE_NAME"
  | "BLT_TRAILING_CONTENT"
  | "BLT_UNWRITABLE_NAME"
  // PrefLib files
  | "PREFLIB_BAD_HEADER"
  | "PREFLIB_MISSING_NAMES"
  | "PREFLIB_BAD_LINE"
  | "PREFLIB_BAD_COUNT"
  | "PREFLIB_UNKNOWN_CANDIDATE"
  | "PREFLIB_DUPLICATE_CANDIDATE"
  | "PREFLIB_TIES_NOT_ALLOWED"
  | "PREFLIB_VOTER_COUNT_MISMATCH"
  // tallies
  | "TALLY_UNKNOWN_METHOD"
  | "TALLY_NOT_AN_ELECTION_METHOD"
  | "TALLY_BAD_SEATS"
  | "TALLY_SEATS_NOT_SUPPORTED"
  | "TALLY_NO_CANDIDATES"
  | "TALLY_BAD_WITHDRAWN";

/** A failure with its stable code and the facts a message needs. */
export interface VotingError {
  readonly code: VotingErrorCode;
  readonly details: Readonly<
    Record<string, string | number | readonly string[]>
  >;
}

/** Success with a value, or an expected failure. */
export type VotingResult<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly error: VotingError };

/** Wraps a value as a success. */
export function ok<T>(value: T): VotingResult<T> {
  return { ok: true, value };
}

/** Builds a failure from a code and its details. */
export function fail<T>(
  code: VotingErrorCode,
  details: VotingError["details"] = {},
): VotingResult<T> {
  return { ok: false, error: { code, details } };
}
