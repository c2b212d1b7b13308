/**
 * @module Every word a rendered count sheet shows, in one place, so that the edge can pass a
 * translated set (from the i18n catalogs) instead of the English default.
 */
import type { CountAction, CountReason } from "./types.js";

/** The words of a count sheet. */
export interface CountSheetLabels {
  readonly method: string;
  readonly seats: string;
  readonly valid: string;
  readonly invalid: string;
  readonly quota: string;
  readonly candidate: string;
  readonly round: string;
  readonly nonTransferable: string;
  readonly lostToRounding: string;
  readonly elected: string;
  readonly excluded: string;
  readonly withdrawn: string;
  readonly transferValue: string;
  readonly ranking: string;
  readonly preferences: string;
  readonly strongestPaths: string;
  readonly pairs: string;
  readonly locked: string;
  readonly skipped: string;
  readonly lot: string;
  readonly noValidVotes: string;
  readonly actions: Readonly<Record<CountAction, string>>;
  readonly reasons: Readonly<Record<CountReason, string>>;
}

/** The English words, used until the caller passes others. */
export const englishCountSheetLabels: CountSheetLabels = {
  method: "Method",
  seats: "Seats",
  valid: "Valid",
  invalid: "Invalid",
  quota: "Quota",
  candidate: "Candidate",
  round: "Round",
  nonTransferable: "Non-transferable",
  lostToRounding: "Lost to rounding",
  elected: "Elected",
  excluded: "Excluded",
  withdrawn: "Withdrawn",
  transferValue: "transfer value",
  ranking: "Ranking",
  preferences: "Pairwise preferences (row over column)",
  strongestPaths: "Strongest paths (row to column)",
  pairs: "Pairs, strongest first",
  locked: "locked",
  skipped: "skipped (cycle)",
  lot: "Lot seed",
  noValidVotes: "No valid votes: nobody is elected",
  actions: {
    "first-preferences": "first",
    surplus: "surplus",
    exclusion: "exclusion",
    iteration: "iteration",
    pairwise: "pairwise",
  },
  reasons: {
    "quota-reached": "reached the quota",
    majority: "majority",
    "most-votes": "most votes",
    "last-vacancies": "last vacancies",
    "condorcet-ranking": "pairwise ranking",
    "lowest-votes": "fewest votes",
    "seats-filled": "seats filled",
    "tie-broken-by-earlier-round": "tie settled by an earlier round",
    "tie-broken-by-lot": "tie settled by lot",
  },
};
