/** @module The public surface of `src/voting`: tally methods, pure, importing nothing of ours. */

/** Ballot profiles: grouped, typed-array ballots in canonical order, and how to build them. */
export {
  type BallotProfile,
  BallotProfileBuilder,
  ballotRanking,
  MAX_CANDIDATES,
  profileFromRankings,
  type RankedBallot,
} from "./ballot-profile.js";
/** Readable text count sheets. */
export { type RenderOptions, renderCountSheet } from "./count-sheet.js";
/** Plain JSON count sheets with candidates named (what `kenges tally --json` prints). */
export {
  type CountSheetJson,
  type CountSheetRoundJson,
  countSheetJson,
} from "./count-sheet-json.js";
/** The words of a text count sheet, English by default. */
export {
  type CountSheetLabels,
  englishCountSheetLabels,
} from "./count-sheet-labels.js";
/** What a ballot file holds, and name comparison with white space collapsed. */
export {
  type BallotFile,
  normalizeCandidateName,
} from "./formats/ballot-file.js";
/** BLT: read from bytes whole or in pieces, write whole or in chunks. */
export {
  type BltContent,
  BltReader,
  readBlt,
  writeBlt,
  writeBltTo,
} from "./formats/blt.js";
/** PrefLib `.soi` and `.toi`: read from bytes. */
export { type PreflibKind, readPreflib } from "./formats/preflib.js";
/** Approval voting: the most approvals win. */
export { tallyApproval } from "./methods/approval.js";
/** Instant-runoff voting for one seat. */
export { tallyIrv } from "./methods/irv.js";
/** Meek STV. */
export { tallyMeekStv } from "./methods/meek-stv.js";
/** Plurality (single non-transferable vote with several seats). */
export { tallyPlurality } from "./methods/plurality.js";
/** Ranked pairs (Tideman), winning votes. */
export { tallyRankedPairs } from "./methods/ranked-pairs.js";
/** The Schulze method, winning votes. */
export { tallySchulze } from "./methods/schulze.js";
/** STV by the Scottish Local Government Elections Order 2007. */
export { tallyScottishStv } from "./methods/scottish-stv.js";
/** Yes/no/abstain with a quorum and a threshold. */
export {
  tallyYesNoAbstain,
  type YesNoAbstainInput,
} from "./methods/yes-no-abstain.js";
/** The registry: find a method by name, or count a profile with a named method after checking the options. */
export {
  type DecisionMethod,
  type ElectionMethod,
  type ElectionMethodName,
  electionMethodNames,
  findElectionMethod,
  findTallyMethod,
  type TallyMethod,
  type TallyMethodName,
  tallyElection,
  tallyMethodNames,
} from "./registry.js";
/** Shapes of ballots, count sheets and results. */
export type {
  BallotKind,
  CountAction,
  CountDecision,
  CountReason,
  CountStep,
  DecisionResult,
  ElectionResult,
  LotDraw,
  PairwiseSheet,
  TallyOptions,
  Threshold,
  Transfer,
  Weighted,
  YesNoChoice,
} from "./types.js";
/** Expected failures as data, with stable codes. */
export type {
  VotingError,
  VotingErrorCode,
  VotingResult,
} from "./voting-error.js";
