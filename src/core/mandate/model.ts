/** @module Mandates: the instructions a body gives its delegates, and ballots that deviate from them. */
import type { BallotChoice } from "../motion/model.js";
import type { I18nText } from "../text/i18n-text.js";

/** A position the delegates are bound to on one council motion. */
export interface BoundPosition {
  readonly motion: string;
  readonly choice: BallotChoice;
}

export interface MandateRecord {
  readonly council: string;
  readonly body: string;
  /**
   * In the body's scope, the adopted mandate motion; in the council's, the body's close that
   * the attestation cites.
   */
  readonly motion: string;
  /** The instructions' text: in the body's scope only (a council gets the positions). */
  readonly instructions: I18nText | null;
  readonly positions: readonly BoundPosition[];
  readonly adoptedAt: number;
}

/** A delegate's ballot that differs from a position their body bound them to. */
export interface DeviationRecord {
  readonly ballot: string;
  readonly delegate: string;
  readonly body: string;
  readonly council: string;
  readonly motion: string;
  readonly bound: BallotChoice;
  readonly cast: BallotChoice;
  /** The mandate the ballot departed from (the close its attestation cites). */
  readonly mandate: string;
  readonly time: number;
}
