/** @module Calls to action: a council's call (a general strike) and each body's answers. */
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
  /** "all": every body below the council; otherwise the chosen bodies. */
  readonly scope: "all" | readonly string[];
  readonly adoptedAt: number;
}

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
