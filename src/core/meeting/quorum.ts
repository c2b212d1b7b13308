/** @module The quorum of a meeting: how many of the body's voters must be present. */

/** The fewest present voters that make a quorum of `voters` at `quorumPercent` (at least one). */
export function requiredPresent(voters: number, quorumPercent: number): number {
  return Math.max(1, Math.ceil((voters * quorumPercent) / 100));
}
