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

/** What a ballot of a method looks like: a ranking, a set of approved candidates, one candidate, or yes/no/abstain. */
export type BallotKind = "ranking" | "approval" | "single-choice" | "yes-no";

/** What a round of a count did. */
export type CountAction =
  /** the first count: ballots credited to their first (or only) choices */
  | "first-preferences"
  /** an elected candidate's surplus passed on */
  | "surplus"
  /** an excluded candidate's ballots passed on */
  | "exclusion"
  /** Meek: keep factors recomputed until the surpluses converge */
  | "iteration"
  /** Condorcet methods: the pairwise comparison and the ranking it gives */
  | "pairwise";

/**
 * Stable words for why a candidate was elected or excluded (the words people read come from i18n).
 * - `quota-reached`: the candidate's votes reached the quota (STV).
 * - `majority`: the candidate holds more than half of the continuing votes (IRV).
 * - `most-votes`: among the top `seats` by votes (plurality, approval).
 * - `last-vacancies`: as many continuing candidates as vacancies remain (STV).
 * - `condorcet-ranking`: placed by the method's pairwise ranking (Schulze, ranked pairs).
 * - `lowest-votes`: fewest votes among the continuing candidates.
 * - `seats-filled`: every seat is filled; the candidate cannot be elected.
 * - `tie-broken-by-earlier-round`: a tie settled by the votes at the latest round where they differed.
 * - `tie-broken-by-lot`: a tie settled by the deterministic lot.
 */
export type CountReason =
  | "quota-reached"
  | "majority"
  | "most-votes"
  | "last-vacancies"
  | "condorcet-ranking"
  | "lowest-votes"
  | "seats-filled"
  | "tie-broken-by-earlier-round"
  | "tie-broken-by-lot";

/** One candidate's fate in a round, with every reason that applied (e.g. lowest-votes then tie-broken-by-lot). */
export interface CountDecision {
  readonly candidate: number;
  readonly outcome: "elected" | "excluded";
  readonly reasons: readonly CountReason[];
}

/** Votes moved from one candidate to another in a round; `to` is -1 for ballots that became non-transferable. */
export interface Transfer {
  readonly from: number;
  readonly to: number;
  readonly votes: number;
}

/** One line of a count sheet: what happened in a round and why. */
export interface CountStep {
  readonly round: number;
  readonly action: CountAction;
  /** The candidate whose surplus or ballots this round passed on (surplus, exclusion). */
  readonly candidate?: number;
  /** Votes per candidate (by index) at the end of the round; withdrawn and excluded candidates hold 0. */
  readonly tallies: readonly number[];
  /** Candidates elected in this round, in order of election. */
  readonly elected: readonly number[];
  /** Candidates excluded in this round. */
  readonly excluded: readonly number[];
  /** Every reason used in this round (the union of the decisions' reasons), in first-use order. */
  readonly reasons: readonly CountReason[];
  readonly decisions: readonly CountDecision[];
  /** Total weight of ballots that could not be passed on, from the first round up to the end of this one. */
  readonly exhausted?: number;
  /** Total value lost by truncating transfer values, up to the end of this round (Scottish STV). */
  readonly lostToRounding?: number;
  readonly transfers?: readonly Transfer[];
  /** The quota in force at the end of this round (STV). */
  readonly quota?: number;
  /** The value at which this round's ballots were passed on, one entry per distinct value (Scottish STV surpluses). */
  readonly transferValues?: readonly number[];
  /** Meek: each candidate's keep factor at the end of this round. */
  readonly keepFactors?: readonly number[];
  /** Meek: how many iterations this round took to converge. */
  readonly iterations?: number;
}

/** The pairwise part of a Condorcet count: who is preferred to whom, and by how much. */
export interface PairwiseSheet {
  /** `preferences[a][b]`: weight of ballots ranking a above b. */
  readonly preferences: readonly (readonly number[])[];
  /** Schulze: `strongestPaths[a][b]`, the strength of the strongest path from a to b (winning votes). */
  readonly strongestPaths?: readonly (readonly number[])[];
  /** Ranked pairs: the pairs in the order considered, and whether each was locked in. */
  readonly pairs?: readonly {
    readonly winner: number;
    readonly loser: number;
    readonly votes: number;
    readonly against: number;
    readonly locked: boolean;
  }[];
}

/** The lot that settled ties: its seed (hex) and the order it drew, most favoured first. */
export interface LotDraw {
  readonly seed: string;
  readonly order: readonly number[];
}

/** What every election method is told besides the ballots. */
export interface TallyOptions {
  /** Number of candidates to elect (a positive integer). */
  readonly seats: number;
  /** Candidates withdrawn before the count: removed from every ballot as if never marked. */
  readonly withdrawn?: readonly number[];
}

/** The result of a method that elects candidates. */
export interface ElectionResult {
  readonly method: string;
  readonly seats: number;
  /** Number of candidates, withdrawn ones included (indices run 0..candidates-1). */
  readonly candidates: number;
  /** Candidate indices in order of election. */
  readonly elected: readonly number[];
  readonly rounds: readonly CountStep[];
  /** Candidates withdrawn before the count (removed from every ballot). */
  readonly withdrawn: readonly number[];
  /** Total weight of the ballots counted. */
  readonly valid: number;
  /** Total weight of the ballots set aside as invalid (empty, or an ambiguous first choice where the method forbids it). */
  readonly invalid: number;
  /** The quota (STV; Meek: the final quota). */
  readonly quota?: number;
  /** Condorcet methods: every candidate, best first. */
  readonly ranking?: readonly number[];
  readonly pairwise?: PairwiseSheet;
  /** Present when the lot decided something. */
  readonly lot?: LotDraw;
  /** Present (true) when no ballot was valid: nobody is elected and no round was counted. */
  readonly noValidVotes?: true;
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
