/** @module The public surface of `src/voting`: tally methods, pure, importing nothing of ours. */
export {
  tallyYesNoAbstain,
  type YesNoAbstainInput,
} from "./methods/yes-no-abstain.js";
export type {
  CountStep,
  DecisionResult,
  ElectionResult,
  Threshold,
  Weighted,
  YesNoChoice,
} from "./types.js";
