/** @module What a ballot file holds once read: candidate names, ballots, and what the file says of the count. */
import type { BallotProfile } from "../ballot-profile.js";

/** The content of a BLT or PrefLib file. */
export interface BallotFile {
  /** Candidate names as written in the file, by index. */
  readonly names: readonly string[];
  readonly title?: string;
  /** Seats to fill, when the format says (BLT does, PrefLib does not). */
  readonly seats?: number;
  /** Candidates the file marks as withdrawn. */
  readonly withdrawn: readonly number[];
  readonly profile: BallotProfile;
}

/**
 * A name with white space trimmed and runs collapsed to one space, for comparing names: published
 * files sometimes write "Kevin  LANG" for "Kevin LANG".
 */
export function normalizeCandidateName(name: string): string {
  return name.trim().replace(/\s+/g, " ");
}
