/**
 * @module Referendums: a council puts one question to the bodies below it; each body votes on
 * it in its own motion (secret or open), and its attesters carry the result up as a claim the
 * council sums — "the same question in every assembly, results summed by attestation".
 */
import type { I18nText } from "../text/i18n-text.js";

/**
 * The options a referendum's result counts, in the order of a result's `counts`: the choices
 * of a yes/no/abstain vote.
 */
export const REFERENDUM_OPTIONS = ["yes", "no", "abstain"] as const;
export type ReferendumOption = (typeof REFERENDUM_OPTIONS)[number];

/** A question a council put to the bodies below it (its adopted referendum motion). */
export interface ReferendumRecord {
  /** The council's adopted motion that put the question. */
  readonly id: string;
  readonly council: string;
  readonly title: I18nText;
  readonly text: I18nText;
  /** "all": every body below the council; otherwise the chosen bodies below it and theirs. */
  readonly scope: "all" | readonly string[];
  readonly method: "yes-no-abstain";
  readonly options: readonly ReferendumOption[];
  readonly adoptedAt: number;
}

/** One body's result as it rises: its close (a reference), the counts per option, and turnout. */
export interface ReferendumEntry {
  readonly body: string;
  /** The body's close that decided its motion on the question. */
  readonly cites: string;
  /** Per option, in REFERENDUM_OPTIONS order. */
  readonly counts: readonly number[];
  /** Voters on the roll (for a secret motion, the roll frozen at its opening). */
  readonly eligible: number;
  /** Ballots counted (yes, no and abstain). */
  readonly cast: number;
}

/** An attested referendum result held by a council, in fold order. */
export interface ReferendumClaim {
  readonly at: number;
  readonly claim: string;
  /** The body below whose attesters carried it. */
  readonly child: string;
  readonly entries: readonly ReferendumEntry[];
  readonly time: number;
}
