/** @module The public surface of `src/core`: events, the fold, the model, errors. Pure; runs in Node and browsers. */

export {
  type Hosted,
  isReadableEvent,
  isServedWithheld,
  membersOfKey,
  publicScopes,
  type Reader,
  readableScopes,
  withheldEvents,
} from "./access/readable-scopes.js";
export {
  ACTION_KINDS,
  type ActionKind,
  ANSWERS,
  type Answer,
  type AnswerRecord,
  type CallRecord,
  type RisenAnswer,
  type RollupEntry,
} from "./action/model.js";
export {
  type AnswerCounts,
  type CallRollup,
  callViews,
  rollupCall,
  rollupEntries,
} from "./action/rollup.js";
export { auditAttestations, type ClaimAudit } from "./attestation/audit.js";
export {
  type Claim,
  type ClaimKind,
  type ClaimRecord,
  claimHash,
  claimSchema,
  MAX_ATTESTERS,
  type RollupClaim,
  supersedeHash,
} from "./attestation/model.js";
export {
  answerEntries,
  councilsOf,
  demandClaim,
  type PendingClaim,
  pendingClaims,
  primaryCouncilOf,
} from "./attestation/pending.js";
export {
  countMotion,
  type MotionCount,
  type StatedResult,
  statedResultOf,
} from "./ballot/close.js";
export {
  type CountedBallot,
  type CountedBallots,
  countedBallots,
} from "./ballot/counted-ballots.js";
export {
  DEADLINE_ATTESTERS,
  deadlineQuorum,
} from "./ballot/deadline-passed.js";
export {
  type DeadlineStatus,
  deadlineStatus,
} from "./ballot/deadline-status.js";
export { closeResultFor } from "./ballot/draft-close.js";
export { type Recount, recountMotion } from "./ballot/recount.js";
export { electionProfile, rankingOf } from "./ballot/tally-election.js";
export {
  ASSEMBLY_SETTINGS,
  type AssemblySetting,
  BODY_KINDS,
  BODY_LEVELS,
  type BodyKind,
  type BodyLevel,
  type BodyRecord,
  type Card,
  COUNCIL_LEVELS,
  type CouncilLevel,
  cardSchema,
  DEFAULT_RULES,
  type LinkRecord,
  type Rules,
  rulesSchema,
} from "./body/model.js";
export {
  aggregateDemand,
  type DemandAggregate,
  type DemandForward,
  demandSupportOf,
  demandViews,
  forwardedInto,
  isMemberLevel,
  type LevelAggregate,
  levelOf,
} from "./demand/aggregate.js";
export type {
  CouncilDemandRecord,
  DemandSupportRecord,
  SupportEntry,
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
  type FoldImage,
  type FoldInput,
  type FoldOptions,
  ScopeViolation,
} from "./fold/fold.js";
export { foldOrder } from "./fold/order.js";
export {
  ANY_SCOPE_TYPES,
  FEDERATION_SCOPE_TYPES,
  SCOPE_FOUNDING_TYPES,
} from "./fold/scope-graph.js";
export {
  hashScopes,
  hashSnapshot,
  SNAPSHOT_VERSION,
  type Snapshot,
  snapshotScopes,
} from "./fold/snapshot.js";
export { FoldState, pairKey, splitPair } from "./fold/state.js";
export { planMerges } from "./heads/merge-plan.js";
export { type MergedDraft, signMerged } from "./heads/sign-merged.js";
export { isKeyProofValid, keyProofMessage } from "./key/apply.js";
export {
  ADD_DEVICE_PATH,
  type DeviceAnswer,
  type DeviceLink,
  type DeviceLinkField,
  type DeviceOffer,
  deviceAnswerLink,
  deviceCode,
  deviceOfferLink,
  isDeviceAnswerValid,
  parseDeviceLink,
} from "./key/device-link.js";
export { deviceScopesOf } from "./key/device-scopes.js";
export type { KeyRecord, RotationRequestRecord } from "./key/model.js";
export { RESTORE_KSEQ_GAP, restoredKseqFloor } from "./key/restore-gap.js";
export { mandateIn } from "./mandate/deviation.js";
export type {
  BoundPosition,
  DeviationRecord,
  MandateRecord,
} from "./mandate/model.js";
export { isMeetingChairIn } from "./meeting/authority.js";
export {
  type MeetingDemandView,
  meetingDemandRule,
  meetingDemandView,
  meetingDemandViews,
} from "./meeting/demand-view.js";
export {
  checkMeetingCode,
  DOOR_WINDOW_MS,
  doorWindowAt,
  isMeetingPassValid,
  meetingCode,
  meetingPassMessage,
  signMeetingPass,
} from "./meeting/door.js";
export {
  type MeetingMinutes,
  type MinutesItem,
  type MinutesMotion,
  meetingMinutes,
} from "./meeting/minutes.js";
export {
  type AdoptedMinutes,
  AGENDA_ITEM_KINDS,
  type AgendaItemKind,
  type AgendaItemRecord,
  DEFAULT_MEETING_DEMAND_PERCENT,
  MAX_SPEAKING_SECONDS,
  type MeetingDemandRecord,
  type MeetingRecord,
  MIN_SPEAKING_SECONDS,
  meetingDemandNeeded,
  SPEAKER_SIDES,
  type SpeakerRecord,
  type SpeakerSide,
} from "./meeting/model.js";
export {
  type MeetingQuorum,
  type MeetingView,
  meetingView,
  meetingViews,
  type SpeakersView,
  speakersQueue,
} from "./meeting/view.js";
export {
  type CausalView,
  chairsIn,
  isCoordinator,
  isMemberIn,
  membersIn,
  rulesIn,
} from "./member/authority.js";
export type {
  JoinRequestRecord,
  MemberRecord,
  MembershipRecord,
} from "./member/model.js";
export { isRedactableType } from "./motion/apply.js";
export {
  ELECTION_METHOD_NAMES,
  ELECTION_METHODS,
  type ElectionMethodName,
  electionMethodsFor,
  type MethodName,
} from "./motion/method-names.js";
export {
  choiceSchema,
  defaultMethod,
  isMethodName,
} from "./motion/methods.js";
export {
  type BallotChoice,
  type BallotRecord,
  CLOSE_TYPES,
  type CommentRecord,
  type DeadlineAttestationRecord,
  MOTION_KINDS,
  type MotionKind,
  type MotionOption,
  type MotionRecord,
  type MotionResult,
  type MotionSubject,
  type RedactionRecord,
} from "./motion/model.js";
export {
  findLookalikes,
  type Lookalikes,
  type NamedMember,
} from "./names/find-lookalikes.js";
export { isMixedScript, skeletonOf } from "./names/name-skeleton.js";
export { isNormalizedName, normalizeName } from "./names/normalize-name.js";
export {
  FIXED_DECIMALS,
  fixedToMicros,
  fixedToNumber,
  isFixed,
  microsToFixed,
  numberToFixed,
} from "./plan/fixed-point.js";
export {
  type NeedDeclaration,
  type NeedTotal,
  PLAN_TIERS,
  type PlanLimitsRecord,
  type PlanTier,
  type PlanTotals,
  type ProcessDeclaration,
  type SupplyTotal,
} from "./plan/model.js";
export {
  type CarriedPlan,
  carriedPlanAbove,
  carriedPlanOf,
  type PlanMonitor,
  type PlanMonitorOptions,
  type PlanMonitorResult,
  planMonitor,
} from "./plan/monitor.js";
export { type PlanInForce, planInForce } from "./plan/plan-in-force.js";
export {
  checkPlanVariants,
  MAX_PLAN_VARIANTS,
  MIN_PLAN_VARIANTS,
  type PlanVariant,
  planMotionPayload,
  planVariantId,
} from "./plan/plan-variants.js";
export {
  type BodyTotals,
  bodyTotals,
  type ChildTotals,
  declarationsOf,
  heldTotals,
  labourOf,
  planBasis,
  planPeriodsOf,
} from "./plan/totals.js";
export { type PlanView, planViews } from "./plan/view.js";
export { keptPartOf } from "./redaction/kept-part.js";
export {
  REFERENDUM_OPTIONS,
  type ReferendumEntry,
  type ReferendumRecord,
} from "./referendum/model.js";
export {
  entryOfMotion,
  ownReferendumEntry,
} from "./referendum/own-result.js";
export {
  type ReferendumSum,
  type ReferendumTally,
  referendumEntries,
  referendumViews,
  tallyReferendum,
} from "./referendum/tally.js";
export { fail, type KengesError, ok, type Result } from "./result.js";
export {
  queryWords,
  SEARCH_KINDS,
  SEARCH_LIMIT,
  SEARCH_QUERY_MAX,
  type SearchHit,
  type SearchKind,
  type SearchResult,
  searchForm,
  searchState,
} from "./search/search.js";
export {
  attestedCountIn,
  attestersIn,
  canConveneIn,
  childrenIn,
  delegatesIn,
  isBelowIn,
  isChairIn,
  isVoterIn,
  linkSeatsIn,
  ownDelegatesIn,
  representedIn,
  seatsOf,
  sitsFor,
  takesPartIn,
  votersIn,
} from "./seat/authority.js";
export type {
  DelegateRecord,
  DelegationRecord,
  OwnDelegationRecord,
  SeatTerm,
} from "./seat/model.js";
export {
  type SecretBallotAudit,
  secretBallotAudit,
  tokenIssuanceOf,
} from "./secret-ballot/audit.js";
export {
  MAX_REGISTRARS,
  MIN_REGISTRARS,
  type RegistrarOfferRecord,
  type SecretBallotRecord,
  type SecretCount,
  type SecretMotionRecord,
  type SecretRegistrar,
  type SecretTallyRecord,
  type TokenIssuanceRecord,
  type TokenRequestRecord,
  type UncountedSecretBallot,
} from "./secret-ballot/model.js";
export {
  carriesTokens,
  secretBallotTokenChecks,
} from "./secret-ballot/token-checks.js";
export {
  SECRET_BALLOT_TOKEN_CONTEXT,
  secretBallotMessage,
} from "./secret-ballot/token-message.js";
export { type I18nText, i18nText } from "./text/i18n-text.js";
export { type DelegateView, delegateViews } from "./views.js";
export {
  newSinceSeen,
  WAITING_KINDS,
  type WaitingCall,
  type WaitingDelegateBallots,
  type WaitingItem,
  type WaitingMandate,
  type WaitingShown,
  type WaitingVote,
  type WaitingVouch,
  waitingFor,
  waitingKey,
} from "./waiting/waiting-for.js";
