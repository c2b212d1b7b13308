/** @module Test builders for the voting layer (never imported by src/): profiles written as short lines. */
import { type BallotProfile, profileFromRankings } from "./ballot-profile.js";
import { tallyElection } from "./registry.js";
import type { ElectionResult } from "./types.js";

/**
 * A profile from lines like `"3 A B=C D"`: a weight, then candidates best first, `=` for equal
 * preferences; candidates are named by `names` (one letter each is easiest to read).
 */
export function profileOf(
  names: readonly string[],
  lines: readonly string[],
): BallotProfile {
  const made = profileFromRankings(
    names.length,
    lines.map((line) => {
      const [weight, ...groups] = line.trim().split(/\s+/);
      return {
        weight: Number(weight),
        ranking: groups.map((g) =>
          g.split("=").map((n) => {
            const c = names.indexOf(n);
            if (c < 0) throw new Error(`unknown candidate ${n} in "${line}"`);
            return c;
          }),
        ),
      };
    }),
  );
  if (!made.ok) throw new Error(JSON.stringify(made.error));
  return made.value;
}

/** Counts with a registered method and fails the test on an expected failure. */
export function count(
  method: string,
  profile: BallotProfile,
  seats: number,
  withdrawn: readonly number[] = [],
): ElectionResult {
  const counted = tallyElection(method, profile, { seats, withdrawn });
  if (!counted.ok) throw new Error(JSON.stringify(counted.error));
  return counted.value;
}

/** The names of the elected, in order of election. */
export function electedNames(
  result: ElectionResult,
  names: readonly string[],
): string[] {
  return result.elected.map((c) => names[c]!);
}
