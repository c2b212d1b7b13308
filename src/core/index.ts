/** @module The public surface of `src/core`: events, the fold, the model, errors. Pure; runs in Node and browsers. */

export {
  ACTION_KINDS,
  type ActionKind,
  ANSWERS,
  type Answer,
  type AnswerRecord,
  type CallRecord,
} from "./action/model.js";
export {
  type AnswerCounts,
  bodiesBelow,
  type CallRollup,
  rollupCall,
} from "./action/rollup.js";
export {
  type CountedBallot,
  type CountedBallots,
  countedBallots,
  viewAt,
} from "./ballot/counted-ballots.js";
export { type Recount, recountMotion } from "./ballot/recount.js";
export { electionProfile, rankingOf } from "./ballot/tally-election.js";
export {
  ASSEMBLY_SETTINGS,
  type AssemblySetting,
  BODY_KINDS,
  type BodyKind,
  type BodyRecord,
  COUNCIL_LEVELS,
  type CouncilLevel,
  DEFAULT_RULES,
  type LinkRecord,
  type Rules,
  rulesSchema,
} from "./body/model.js";
export {
  aggregateDemand,
  type DemandAggregate,
  type DemandPathNode,
  type LevelAggregate,
  levelOf,
  representedNow,
} from "./demand/aggregate.js";
export type {
  CouncilDemandRecord,
  DemandForwardRecord,
} from "./demand/model.js";
export {
  DOMAIN_ERROR_CODES,
  type ErrorCode,
  INVALIDITY_CODES,
  type InvalidityCode,
  REJECTION_CODES,
  REPLICA_CODES,
  type RejectionCode,
} from "./errors.js";
export { type CheckOptions, checkEvent } from "./event/check.js";
export {
  decodeEnvelope,
  type Envelope,
  encodeEnvelope,
} from "./event/envelope.js";
export { foldInputOf } from "./event/fold-input.js";
export {
  ENVELOPE_VERSION,
  MAX_DEPS,
  MAX_EVENT_BYTES,
  MAX_SEQ,
  MAX_TYPE_LENGTH,
} from "./event/limits.js";
export {
  decodePayload,
  decodeWireEvent,
  type EventDraft,
  encodeWireEvent,
  eventFromParts,
  type SignedEvent,
  signEvent,
  verifySignature,
  withoutPayload,
} from "./event/signed-event.js";
export { EVENT_HANDLERS, EVENT_TYPES } from "./event-handlers.js";
export type { FederationRecord } from "./federation/model.js";
export { CausalIndex } from "./fold/causal-index.js";
export type { ApplyContext, EventHandler, FoldEvent } from "./fold/context.js";
export {
  type AddResult,
  FoldEngine,
  type FoldInput,
  type FoldOptions,
} from "./fold/fold.js";
export { foldOrder } from "./fold/order.js";
export {
  hashSnapshot,
  SNAPSHOT_VERSION,
  type Snapshot,
  snapshotState,
} from "./fold/snapshot.js";
export { FoldState } from "./fold/state.js";
export { planMerges } from "./heads/merge-plan.js";
export { keyProofMessage } from "./key/apply.js";
export type { KeyRecord, RotationRequestRecord } from "./key/model.js";
export { mandateIn } from "./mandate/deviation.js";
export type {
  BoundPosition,
  DeviationRecord,
  MandateRecord,
} from "./mandate/model.js";
export {
  type CausalView,
  chairsIn,
  isCoordinator,
  isMemberIn,
  rulesIn,
} from "./member/authority.js";
export type {
  JoinRequestRecord,
  MemberRecord,
  MembershipRecord,
} from "./member/model.js";
export { isRedactableType } from "./motion/apply.js";
export {
  choiceSchema,
  defaultMethod,
  ELECTION_METHODS,
  type ElectionMethodName,
  isMethodName,
  type MethodName,
} from "./motion/methods.js";
export {
  type BallotChoice,
  type BallotRecord,
  type CommentRecord,
  MOTION_KINDS,
  type MotionKind,
  type MotionOption,
  type MotionRecord,
  type MotionResult,
  type MotionSubject,
  type RedactionRecord,
} from "./motion/model.js";
export { fail, type KengesError, ok, type Result } from "./result.js";
export {
  childrenIn,
  delegatesIn,
  isBelowIn,
  isChairIn,
  isVoterIn,
  linkSeatsIn,
  representedIn,
  seatsOf,
  sitsFor,
  votersIn,
} from "./seat/authority.js";
export type {
  DelegateRecord,
  DelegationRecord,
  SeatTerm,
} from "./seat/model.js";
export { type I18nText, i18nText } from "./text/i18n-text.js";
export {
  callViews,
  type DelegateView,
  delegateViews,
  demandViews,
} from "./views.js";
