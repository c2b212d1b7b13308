/** @module Calls to action: a council's call (a general strike) and each body's answers. */
import type { BodyLevel } from "../body/model.js";
import type { I18nText } from "../text/i18n-text.js";

export const ACTION_KINDS = [
  "strike",
  "demonstration",
  "boycott",
  "other",
] as const;
export type ActionKind = (typeof ACTION_KINDS)[number];
export const ANSWERS = ["will-join", "will-not", "started", "ended"] as const;
export type Answer = (typeof ANSWERS)[number];

export interface CallRecord {
  /** The adopted action motion. */
  readonly id: string;
  readonly council: string;
  readonly kind: ActionKind;
  readonly title: I18nText;
  readonly text: I18nText;
  readonly startsAt: number;
  /** "all": every body below the council; otherwise the chosen bodies below it and theirs. */
  readonly scope: "all" | readonly string[];
  readonly adoptedAt: number;
}

/** A body's answer to a call, in the body's own scope. */
export interface AnswerRecord {
  readonly event: string;
  readonly call: string;
  readonly body: string;
  readonly answer: Answer;
  readonly headcount: number;
  readonly note: string | null;
  readonly by: string;
  readonly time: number;
}

/** One answer as it rises in a roll-up: no signer, no event id of the body below. */
export interface RisenAnswer {
  readonly answer: Answer;
  readonly headcount: number;
  readonly time: number;
}

/** A body's answers as a roll-up carries them up: its level and the members it represents. */
export interface RollupEntry {
  readonly body: string;
  readonly level: BodyLevel;
  readonly members: number;
  readonly answers: readonly RisenAnswer[];
}
