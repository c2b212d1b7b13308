/**
 * @module Secret ballots: registrars, the frozen roll, token requests and issuances, and
 * ballots signed by one-time keys (docs/architecture.md, "Secret ballots").
 */
import type { BallotChoice } from "../motion/model.js";

/** The fewest registrars a secret motion names: one alone could mint tokens for itself. */
export const MIN_REGISTRARS = 2;
/** The most: each costs every ballot one RSA verification. */
export const MAX_REGISTRARS = 5;

/** A registrar's key for one motion, offered by the member who holds it. */
export interface RegistrarOfferRecord {
  readonly id: string;
  readonly body: string;
  /** The member the offering key acted for. */
  readonly member: string;
  /** The RSA public key, SPKI DER as hex. */
  readonly key: string;
}

/** One registrar of a secret motion, in the motion's order. */
export interface SecretRegistrar {
  readonly offer: string;
  readonly member: string;
  readonly key: string;
}

/** What makes a motion secret: its registrars and the roll frozen when it opened. */
export interface SecretMotionRecord {
  readonly motion: string;
  readonly body: string;
  readonly registrars: readonly SecretRegistrar[];
  /** Members eligible to vote in the causal past of `motion.opened`, sorted. */
  readonly roll: readonly string[];
}

/** A roll member's (first, valid) request for tokens. */
export interface TokenRequestRecord {
  readonly id: string;
  readonly motion: string;
  readonly member: string;
  /** One blinded message per registrar, in the motion's order (hex). */
  readonly blinded: readonly string[];
}

/** A registrar's blind signature on a request. `at` is the event's index. */
export interface TokenIssuanceRecord {
  readonly at: number;
  readonly id: string;
  readonly motion: string;
  readonly request: string;
  /** The registrar's place in the motion's order. */
  readonly registrar: number;
  /** The blind signature (hex). */
  readonly signature: string;
}

/** A ballot signed by a one-time key. `at` is the event's index. */
export interface SecretBallotRecord {
  readonly at: number;
  readonly id: string;
  /** The one-time key that signed it (hex). */
  readonly key: string;
  readonly choice: BallotChoice;
  readonly time: number;
}

/** A ballot the close did not count because its token was spent by a lower id. */
export interface UncountedSecretBallot {
  readonly ballot: string;
  readonly code: "TOKEN_SPENT_TWICE";
}

/** What a close found about a secret motion beside the count. */
export interface SecretCount {
  /** Ballots whose one-time key had already voted in the close's past (lowest id counts). */
  readonly uncounted: readonly UncountedSecretBallot[];
  /** Valid issuances per registrar in the close's causal past, in the motion's order. */
  readonly issued: readonly number[];
  /**
   * More ballots counted than some registrar validly issued tokens: only possible if every
   * registrar signed outside the log, or signed a request the fold then found invalid, or the
   * close did not know all issuances.
   */
  readonly overIssued: boolean;
}

/** The secret count a close recorded for its motion. */
export interface SecretTallyRecord extends SecretCount {
  readonly close: string;
  readonly counted: number;
  readonly rollSize: number;
}
