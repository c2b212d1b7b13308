/** @module Members: people known by keys, their requests to join bodies, and membership. */

/** A member as one scope knows them: names and keys are per scope, never federation-wide. */
export interface MemberRecord {
  readonly scope: string;
  /** The hex public key of the member's first key: their identity. */
  readonly id: string;
  readonly name: string;
  /** Every key that acts for the member in this scope (the first one included). */
  readonly keys: readonly string[];
}

export type JoinRequestStatus = "pending" | "admitted" | "ended";

export interface JoinRequestRecord {
  readonly id: string;
  readonly body: string;
  readonly member: string;
  readonly name: string;
  readonly time: number;
  /** Endorsements needed, fixed by the body's rules known to the request. 0 = by vote. */
  readonly needed: number;
  readonly endorsedBy: readonly string[];
  readonly status: JoinRequestStatus;
  /** Present when a redaction removed the name (then empty); the request stands. */
  readonly redacted?: true;
}

export interface MembershipRecord {
  readonly body: string;
  readonly member: string;
  readonly status: "member" | "left" | "removed";
  readonly since: number;
}

/**
 * One fact about a member's standing in a body, kept for causal-past questions.
 * `at` is the event's index in the causal index.
 */
export interface MembershipFact {
  readonly at: number;
  readonly kind:
    | "founded"
    | "requested"
    | "endorsed"
    | "admitted"
    | "ended"
    /** Elected to a committee by its parent (committee.seated): an episode of its own. */
    | "seated"
    /** A later election or a recall ended the "seated" episodes before it, no others. */
    | "unseated";
  /** The join request (or body creation) the fact belongs to. */
  readonly episode: number;
  /** For "requested": endorsements needed (0: admission by vote). */
  readonly needed: number;
}
