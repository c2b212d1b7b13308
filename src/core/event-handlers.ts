/** @module The registry of event types: one flat handler per type, found by its name. */
import { actionAnswered } from "./action/apply.js";
import { attestationMade, attestationSuperseded } from "./attestation/apply.js";
import { ballotCast } from "./ballot/apply.js";
import { voteClosed } from "./ballot/close.js";
import { motionDeadlinePassed } from "./ballot/deadline-passed.js";
import {
  bodyCreated,
  bodyDissolved,
  bodyLinked,
  bodyRenamed,
} from "./body/apply.js";
import { commentPosted } from "./comment/apply.js";
import { commentEdited } from "./comment/edit.js";
import { committeeSeated } from "./committee/apply.js";
import { federationCreated } from "./federation/apply.js";
import type { EventHandler } from "./fold/context.js";
import { headsMerged } from "./heads/apply.js";
import {
  keyAdded,
  keyRevoked,
  keyRotationEndorsed,
  keyRotationRequested,
} from "./key/apply.js";
import {
  meetingAgendaSet,
  meetingClosed,
  meetingConvened,
  meetingItemOpened,
  meetingItemProposed,
  meetingSpeakingTimeSet,
} from "./meeting/apply.js";
import { meetingCheckedIn, meetingCheckedOut } from "./meeting/attendance.js";
import { meetingDemanded, meetingDemandJoined } from "./meeting/demand.js";
import {
  meetingFloorGiven,
  meetingSpeakerRequested,
  meetingSpeakerWithdrawn,
} from "./meeting/speakers.js";
import {
  memberAdmissionEndorsed,
  memberJoinRequested,
  memberLeft,
} from "./member/apply.js";
import { motionOpened, motionWithdrawn } from "./motion/apply.js";
import {
  planActualReported,
  planNeedDeclared,
  planProcessDeclared,
} from "./plan/apply.js";
import { eventRedacted } from "./redaction/apply.js";
import { ballotSecret } from "./secret-ballot/ballot-secret.js";
import { registrarOffered } from "./secret-ballot/registrar-offered.js";
import { tokenIssued } from "./secret-ballot/token-issued.js";
import { tokenRequested } from "./secret-ballot/token-requested.js";

const handlers = [
  federationCreated,
  bodyCreated,
  bodyRenamed,
  bodyLinked,
  bodyDissolved,
  memberJoinRequested,
  memberAdmissionEndorsed,
  memberLeft,
  keyAdded,
  keyRevoked,
  keyRotationRequested,
  keyRotationEndorsed,
  motionOpened,
  motionWithdrawn,
  commentPosted,
  commentEdited,
  ballotCast,
  voteClosed,
  motionDeadlinePassed,
  eventRedacted,
  committeeSeated,
  actionAnswered,
  attestationMade,
  attestationSuperseded,
  headsMerged,
  registrarOffered,
  tokenRequested,
  tokenIssued,
  ballotSecret,
  meetingConvened,
  meetingDemanded,
  meetingDemandJoined,
  meetingItemProposed,
  meetingAgendaSet,
  meetingItemOpened,
  meetingCheckedIn,
  meetingCheckedOut,
  meetingSpeakerRequested,
  meetingSpeakerWithdrawn,
  meetingFloorGiven,
  meetingSpeakingTimeSet,
  meetingClosed,
  planProcessDeclared,
  planNeedDeclared,
  planActualReported,
] as EventHandler<unknown>[];

/** Every event type Kenges knows, by name. */
export const EVENT_HANDLERS: ReadonlyMap<
  string,
  EventHandler<unknown>
> = new Map(handlers.map((h) => [h.type, h]));

/** The names of all event types, sorted. */
export const EVENT_TYPES: readonly string[] = [...EVENT_HANDLERS.keys()].sort();
