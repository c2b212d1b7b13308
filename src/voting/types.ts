/** @module The shapes every tally method shares: weighted ballots in, a result with a count sheet out. */

/** A ballot with its weight (1 for a member; a council may weigh a delegate's ballot by the members represented). */
export interface Weighted<C> {
  readonly choice: C;
  readonly weight: number;
}

/** A yes/no/abstain vote. */
export type YesNoChoice = "yes" | "no" | "abstain";

/** The share of yes votes a motion needs. */
export type Threshold =
  /** more yes than no */
  | "simple"
  /** at least two thirds of yes + no */
  | "two-thirds"
  /** more yes than half of all eligible voters */
  | "absolute";

/** One line of a count sheet: what happened in a round and why. */
export interface CountStep {
  readonly round: number;
  /** Votes per candidate (by index) at the end of the round. */
  readonly tallies: readonly number[];
  readonly elected: readonly number[];
  readonly excluded: readonly number[];
  /** Stable words for why, e.g. "quota-reached", "lowest-votes", "tie-broken-by-lot". */
  readonly reasons: readonly string[];
  readonly exhausted?: number;
  readonly transfers?: readonly {
    readonly from: number;
    readonly to: number;
    readonly votes: number;
  }[];
}

/** The result of a method that elects candidates. */
export interface ElectionResult {
  readonly method: string;
  readonly seats: number;
  /** Candidate indices in order of election. */
  readonly elected: readonly number[];
  readonly rounds: readonly CountStep[];
}

/** The result of a yes/no/abstain vote. */
export interface DecisionResult {
  readonly method: "yes-no-abstain";
  readonly outcome: "adopted" | "rejected" | "no-quorum";
  readonly yes: number;
  readonly no: number;
  readonly abstain: number;
  /** Ballots counted towards the quorum (yes, no and abstain). */
  readonly present: number;
  readonly quorumRequired: number;
  readonly threshold: Threshold;
}
