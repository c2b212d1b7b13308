/** @module The federation: its genesis, name and founders. */
import type { I18nText } from "../text/i18n-text.js";

export interface FederationRecord {
  /** The id of the genesis event. */
  readonly id: string;
  readonly name: I18nText;
  /** Member ids of the founders: the federation's first coordinators. */
  readonly founders: readonly string[];
  readonly createdAt: number;
}
