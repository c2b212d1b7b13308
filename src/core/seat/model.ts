/** @module Seats on councils: which members a body sends as its delegates, and their records. */

/**
 * A change to a body's delegation on a council, kept for causal-past questions:
 * "elected" adds members (a by-election), "replaced" sets the whole delegation (a full
 * election), "recalled" removes members at once.
 */
export interface SeatFact {
  readonly at: number;
  readonly kind: "elected" | "replaced" | "recalled";
  readonly members: readonly string[];
}

/** A body's delegation on a council, as the fold's present shows it. */
export interface DelegationRecord {
  readonly council: string;
  readonly body: string;
  /** Seats the link gives the body. */
  readonly seats: number;
  readonly delegates: readonly string[];
  /** The close that last changed the delegation. */
  readonly changedBy: string;
  readonly changedAt: number;
}

/** One term of a delegate on a council for a body. */
export interface SeatTerm {
  readonly council: string;
  readonly body: string;
  readonly from: number;
  readonly until: number | null;
  readonly ended: "recalled" | "replaced" | null;
  /** The close that seated the delegate. */
  readonly electedBy: string;
}

/** What a delegate's electors see: seats held and recalls. Ballots and deviations are listed beside. */
export interface DelegateRecord {
  readonly member: string;
  readonly terms: readonly SeatTerm[];
  /** Adopted recall motions that removed this delegate. */
  readonly recalls: readonly string[];
}
