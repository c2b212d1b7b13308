/** @module Seats on councils: which members a body sends as its delegates, and their records. */

/**
 * A change to a body's delegation on a council, kept for causal-past questions:
 * "elected" adds members (a by-election), "replaced" sets the whole delegation (a full
 * election), "recalled" and "vacated" remove members at once. In the body's own scope it
 * comes from the body's closes; in the council's, from an attested claim (`claim`).
 */
export interface SeatFact {
  readonly at: number;
  readonly kind: "elected" | "replaced" | "recalled" | "vacated";
  readonly members: readonly string[];
  /** The claim that carried it to the council; null in the body's own scope. */
  readonly claim: string | null;
}

/** A body's delegation on a council, as the council's present shows it. */
export interface DelegationRecord {
  readonly council: string;
  readonly body: string;
  /** Seats the link gives the body. */
  readonly seats: number;
  readonly delegates: readonly string[];
  /** The attestation that last changed the delegation. */
  readonly changedBy: string;
  readonly changedAt: number;
}

/** The delegates a body's own closes elected to a council (the body's scope). */
export interface OwnDelegationRecord {
  readonly body: string;
  readonly council: string;
  readonly delegates: readonly string[];
  /** The close (or leaving) that last changed it. */
  readonly changedBy: string;
  readonly changedAt: number;
}

/** One term of a delegate on a council for a body. */
export interface SeatTerm {
  readonly body: string;
  readonly from: number;
  readonly until: number | null;
  readonly ended:
    | "recalled"
    | "replaced"
    | "vacated"
    | "superseded"
    | "unlinked"
    | null;
  /** The attestation that seated the delegate. */
  readonly electedBy: string;
}

/** What a council knows of one delegate: name as attested, seats held, recalls. */
export interface DelegateRecord {
  readonly council: string;
  readonly member: string;
  readonly name: string;
  readonly terms: readonly SeatTerm[];
  /** Attestations of recalls that removed this delegate. */
  readonly recalls: readonly string[];
}
