/**
 * @module The tally methods a motion may use, by name, and which to offer for how many seats —
 * apart from the ballot schemas (methods.ts), so that a form offering the methods does not
 * carry the schema library with it (the web app's motion page did, 25 KB on a slow link).
 */

/** Methods that elect candidates, by the ballot they take. */
export const ELECTION_METHODS = {
  plurality: "pick",
  approval: "approve",
  irv: "ranking",
  "scottish-stv": "ranking",
  "meek-stv": "ranking",
  schulze: "ranking",
  "ranked-pairs": "ranking",
} as const;

export type ElectionMethodName = keyof typeof ELECTION_METHODS;
export type MethodName = "yes-no-abstain" | ElectionMethodName;

/** Every election method, in the order the forms offer them. */
export const ELECTION_METHOD_NAMES = Object.keys(
  ELECTION_METHODS,
) as readonly ElectionMethodName[];

/**
 * Single transferable vote shares seats out in proportion; for one seat it elects whom
 * instant runoff elects (ties aside), so a one-seat election is offered the others only.
 */
const PROPORTIONAL: ReadonlySet<ElectionMethodName> = new Set([
  "scottish-stv",
  "meek-stv",
]);

/** The methods to offer for an election of `seats` seats (every method counts any number). */
export function electionMethodsFor(
  seats: number,
): readonly ElectionMethodName[] {
  return seats === 1
    ? ELECTION_METHOD_NAMES.filter((m) => !PROPORTIONAL.has(m))
    : ELECTION_METHOD_NAMES;
}
