/**
 * @module The registry of tally methods, keyed by name: each method declares the kind of ballot it
 * counts, and callers (the fold, the CLI) find a method by the name a body's rules store.
 */
import type { BallotProfile } from "./ballot-profile.js";
import { tallyApproval } from "./methods/approval.js";
import { tallyIrv } from "./methods/irv.js";
import { tallyMeekStv } from "./methods/meek-stv.js";
import { tallyPlurality } from "./methods/plurality.js";
import { tallyRankedPairs } from "./methods/ranked-pairs.js";
import { tallySchulze } from "./methods/schulze.js";
import { tallyScottishStv } from "./methods/scottish-stv.js";
import {
  tallyYesNoAbstain,
  type YesNoAbstainInput,
} from "./methods/yes-no-abstain.js";
import type {
  BallotKind,
  DecisionResult,
  ElectionResult,
  TallyOptions,
} from "./types.js";
import { fail, ok, type VotingResult } from "./voting-error.js";

/** The names of the methods that elect candidates. */
export type ElectionMethodName =
  | "plurality"
  | "approval"
  | "irv"
  | "scottish-stv"
  | "meek-stv"
  | "schulze"
  | "ranked-pairs";

/** The name of every registered method. */
export type TallyMethodName = ElectionMethodName | "yes-no-abstain";

/** A method that elects candidates from a ballot profile. */
export interface ElectionMethod {
  readonly name: ElectionMethodName;
  readonly ballotKind: Exclude<BallotKind, "yes-no">;
  /** The most seats the method can fill (1 for single-winner methods), or undefined for any number. */
  readonly maxSeats?: number;
  /** Counts a profile; `options` must already be valid (use {@link tallyElection} to check them). */
  tally(profile: BallotProfile, options: TallyOptions): ElectionResult;
}

/** A method that decides a motion from yes/no/abstain ballots. */
export interface DecisionMethod {
  readonly name: "yes-no-abstain";
  readonly ballotKind: "yes-no";
  tally(input: YesNoAbstainInput): DecisionResult;
}

/** Any registered method; `ballotKind` tells which one it is. */
export type TallyMethod = ElectionMethod | DecisionMethod;

const electionMethods: readonly ElectionMethod[] = [
  { name: "plurality", ballotKind: "single-choice", tally: tallyPlurality },
  { name: "approval", ballotKind: "approval", tally: tallyApproval },
  { name: "irv", ballotKind: "ranking", maxSeats: 1, tally: tallyIrv },
  { name: "scottish-stv", ballotKind: "ranking", tally: tallyScottishStv },
  { name: "meek-stv", ballotKind: "ranking", tally: tallyMeekStv },
  { name: "schulze", ballotKind: "ranking", tally: tallySchulze },
  { name: "ranked-pairs", ballotKind: "ranking", tally: tallyRankedPairs },
];

const decisionMethods: readonly DecisionMethod[] = [
  { name: "yes-no-abstain", ballotKind: "yes-no", tally: tallyYesNoAbstain },
];

const byName = new Map<string, TallyMethod>(
  [...electionMethods, ...decisionMethods].map((m) => [m.name, m]),
);

/** Every registered method name, in a stable order. */
export const tallyMethodNames: readonly TallyMethodName[] = [
  ...electionMethods.map((m) => m.name),
  ...decisionMethods.map((m) => m.name),
];

/** Every method that elects candidates, in a stable order. */
export const electionMethodNames: readonly ElectionMethodName[] =
  electionMethods.map((m) => m.name);

/** Finds a method by name, or fails with TALLY_UNKNOWN_METHOD listing the known names. */
export function findTallyMethod(name: string): VotingResult<TallyMethod> {
  const method = byName.get(name);
  if (method === undefined)
    return fail("TALLY_UNKNOWN_METHOD", {
      method: name,
      known: tallyMethodNames,
    });
  return ok(method);
}

/** Finds a method that elects candidates; a decision method's name fails with TALLY_NOT_AN_ELECTION_METHOD. */
export function findElectionMethod(name: string): VotingResult<ElectionMethod> {
  const found = findTallyMethod(name);
  if (!found.ok) return found;
  if (found.value.ballotKind === "yes-no")
    return fail("TALLY_NOT_AN_ELECTION_METHOD", {
      method: name,
      known: electionMethodNames,
    });
  return ok(found.value);
}

/**
 * Counts a profile with the named election method after checking the options: seats a positive
 * integer within the method's limit, withdrawn candidates valid indices, some candidate standing.
 * With no valid ballot nobody is elected (`noValidVotes`), whatever the method.
 * @example tallyElection("scottish-stv", profile, { seats: 3 })
 */
export function tallyElection(
  name: string,
  profile: BallotProfile,
  options: TallyOptions,
): VotingResult<ElectionResult> {
  const found = findElectionMethod(name);
  if (!found.ok) return found;
  const method = found.value;
  const { seats } = options;
  if (!Number.isInteger(seats) || seats < 1)
    return fail("TALLY_BAD_SEATS", { seats: String(seats) });
  if (method.maxSeats !== undefined && seats > method.maxSeats)
    return fail("TALLY_SEATS_NOT_SUPPORTED", {
      method: method.name,
      seats,
      max: method.maxSeats,
    });
  const withdrawn = new Set<number>();
  for (const c of options.withdrawn ?? []) {
    if (!Number.isInteger(c) || c < 0 || c >= profile.candidates)
      return fail("TALLY_BAD_WITHDRAWN", {
        candidate: String(c),
        candidates: profile.candidates,
      });
    withdrawn.add(c);
  }
  if (withdrawn.size >= profile.candidates)
    return fail("TALLY_NO_CANDIDATES", { candidates: profile.candidates });
  const result = method.tally(profile, { seats, withdrawn: [...withdrawn] });
  if (result.valid > 0) return ok(result);
  // Nothing to count: a method left to itself would fill the seats by lot or list order, and a
  // seat given by chance with no one's vote behind it is no election.
  return ok({
    method: result.method,
    seats: result.seats,
    candidates: result.candidates,
    elected: [],
    rounds: [],
    withdrawn: result.withdrawn,
    valid: 0,
    invalid: result.invalid,
    noValidVotes: true,
  });
}
