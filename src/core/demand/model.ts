/** @module Demands that rise: a body's adopted demand carried up by attestation to the councils above it. */
import type { BodyLevel } from "../body/model.js";
import type { I18nText } from "../text/i18n-text.js";

/** A demand living on a council: opened by the first body whose attesters carried it there. */
export interface CouncilDemandRecord {
  readonly id: string;
  readonly council: string;
  readonly title: I18nText;
  readonly text: I18nText;
  /** The body below that first carried it, and the demand it cited there. */
  readonly origin: { readonly body: string; readonly demand: string };
  readonly openedAt: number;
  /**
   * The body that carried it redacted its words (an attested redaction): title and text are
   * empty; absent otherwise, so a demand never redacted keeps its snapshot and hash.
   */
  readonly redacted?: true;
}

/**
 * Who stands behind a demand, as a forwarding states it: every body in the tree below that
 * adopted or carried it, with its level and the members it represents. Body ids of bodies
 * further down are opaque to the council: ids to count each body once, never names.
 */
export interface SupportEntry {
  readonly body: string;
  readonly level: BodyLevel;
  readonly members: number;
}

/** One attested forwarding into a council demand. */
export interface DemandSupportRecord {
  /** The attestation event that completed the claim. */
  readonly event: string;
  readonly claim: string;
  /** The body below whose attesters carried it. */
  readonly body: string;
  /** The demand it cited in that body. */
  readonly from: string;
  readonly support: readonly SupportEntry[];
  readonly time: number;
}
