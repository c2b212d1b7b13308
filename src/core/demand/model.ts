/** @module Demands that rise: a body's adopted demand forwarded to the councils above it. */
import type { I18nText } from "../text/i18n-text.js";

/** A demand living on a council: opened by the first body that forwarded it there. */
export interface CouncilDemandRecord {
  readonly id: string;
  readonly council: string;
  readonly title: I18nText;
  readonly text: I18nText;
  /** The demand it was first forwarded from (an adopted demand motion or a council demand). */
  readonly origin: string;
  readonly openedAt: number;
}

/** One forwarding: a body sends its demand to a council, opening or endorsing a demand there. */
export interface DemandForwardRecord {
  readonly event: string;
  /** The demand forwarded: an adopted demand motion of `body`, or a council demand on `body`. */
  readonly from: string;
  readonly body: string;
  readonly council: string;
  /** The council demand it opened or endorsed. */
  readonly into: string;
  readonly by: string;
  readonly time: number;
}
