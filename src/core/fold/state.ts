/**
 * @module The state of a federation as the fold builds it. Every table is journaled
 * (fold/journal.ts) so the fold can rewind. Every record belongs to one scope — the scope of
 * the events that write it — so a replica that holds a scope and the scopes above it builds
 * the same records for it as a replica that holds everything (snapshot.ts reads them scope
 * by scope). The `*Facts` tables keep, per subject, the events that changed authority, for
 * questions about an event's causal past.
 */

import type { AnswerRecord, CallRecord } from "../action/model.js";
import type { ClaimRecord, RollupClaim } from "../attestation/model.js";
import type { BodyRecord, LinkRecord, Rules } from "../body/model.js";
import type {
  CouncilDemandRecord,
  DemandSupportRecord,
} from "../demand/model.js";
import type { FederationRecord } from "../federation/model.js";
import type { KeyRecord, RotationRequestRecord } from "../key/model.js";
import type { DeviationRecord, MandateRecord } from "../mandate/model.js";
import type {
  AttendanceFact,
  DemandSignatureFact,
  MeetingDemandRecord,
  MeetingRecord,
} from "../meeting/model.js";
import type {
  JoinRequestRecord,
  MemberRecord,
  MembershipFact,
  MembershipRecord,
} from "../member/model.js";
import type {
  BallotRecord,
  CommentEditRecord,
  CommentRecord,
  DeadlineAttestationRecord,
  MotionRecord,
  RedactionRecord,
} from "../motion/model.js";
import type {
  ActualReport,
  NeedDeclaration,
  PlanLimitsRecord,
  PlanTotalsClaimRecord,
  ProcessDeclaration,
} from "../plan/model.js";
import type { ReferendumClaim, ReferendumRecord } from "../referendum/model.js";
import type { KengesError } from "../result.js";
import type {
  DelegateRecord,
  DelegationRecord,
  OwnDelegationRecord,
  SeatFact,
} from "../seat/model.js";
import type {
  RegistrarOfferRecord,
  SecretBallotRecord,
  SecretMotionRecord,
  SecretTallyRecord,
  TokenIssuanceRecord,
  TokenRequestRecord,
} from "../secret-ballot/model.js";
import {
  type Deferred,
  Journal,
  type JournalImage,
  TrackedLists,
  TrackedMap,
  type Undoable,
} from "./journal.js";

/** A fact with the index of the event that established it. */
export interface Fact<T> {
  readonly at: number;
  readonly value: T;
}

/** A fact carried up by an attestation: ignored once its claim is superseded. */
export interface AttestedFact<T> extends Fact<T> {
  /** The hash of the claim that established it. */
  readonly claim: string;
}

const pairKeys = new Map<string, Map<string, string>>();

/**
 * The key of a pair of ids (`"a b"`), interned: the same pair always gives the same flat
 * string, whose hash the engine caches — lookups by pair are the fold's most frequent
 * operation, and a freshly concatenated key would be flattened and hashed every time.
 */
export function pairKey(a: string, b: string): string {
  let inner = pairKeys.get(a);
  if (inner === undefined) pairKeys.set(a, (inner = new Map()));
  let key = inner.get(b);
  if (key === undefined) {
    key = `${a} ${b}`;
    // Force a flat copy once, so the interned string is not a two-part rope.
    key = key.split("").join("");
    inner.set(b, key);
  }
  return key;
}

/** Key of a (body, member) pair in the membership tables. */
export function membershipKey(body: string, member: string): string {
  return pairKey(body, member);
}

/** The two ids of a pair key. */
export function splitPair(key: string): [string, string] {
  const space = key.indexOf(" ");
  return [key.slice(0, space), key.slice(space + 1)];
}

/** A committee.seated event (`at`) and the parent's close it carried out (`close`), by index. */
export interface CommitteeSeating {
  readonly at: number;
  readonly close: number;
}

export class FoldState {
  readonly journal = new Journal();

  // — The federation scope —
  readonly federation = new TrackedMap<"federation", FederationRecord>(
    this.journal,
  );

  // — Each body's own scope —
  /** Body id (its scope) → the body. */
  readonly bodies = new TrackedMap<string, BodyRecord>(this.journal);
  /** `${scope} ${member}` → the member as that scope knows them. */
  readonly members = new TrackedMap<string, MemberRecord>(this.journal);
  /** `${body} ${member}` → membership. */
  readonly memberships = new TrackedMap<string, MembershipRecord>(this.journal);
  readonly joinRequests = new TrackedMap<string, JoinRequestRecord>(
    this.journal,
  );
  /** Members ever admitted to a body, in order (may repeat). */
  readonly bodyMembers = new TrackedLists<string, string>(this.journal);
  /** `${scope} ${key}` → a device key registered in that scope. */
  readonly keys = new TrackedMap<string, KeyRecord>(this.journal);
  readonly rotationRequests = new TrackedMap<string, RotationRequestRecord>(
    this.journal,
  );
  readonly motions = new TrackedMap<string, MotionRecord>(this.journal);
  readonly ballots = new TrackedLists<string, BallotRecord>(this.journal);
  /** Motion → the valid attestations that its closing time passed, in fold order. */
  readonly deadlineAttestations = new TrackedLists<
    string,
    DeadlineAttestationRecord
  >(this.journal);
  readonly comments = new TrackedLists<string, CommentRecord>(this.journal);
  readonly redactions = new TrackedMap<string, RedactionRecord>(this.journal);
  /** Comment → the body of its motion, known wherever the comment's payload was seen. */
  readonly commentBody = new TrackedMap<string, string>(this.journal);
  /** Comment → its motion, likewise. */
  readonly commentMotion = new TrackedMap<string, string>(this.journal);
  /** Comment → its later versions by its author, in fold order. */
  readonly commentEdits = new TrackedLists<string, CommentEditRecord>(
    this.journal,
  );
  /** Invalid events with the reason, by id (each in its event's scope). */
  readonly invalid = new TrackedMap<string, KengesError>(this.journal);
  /** `${body} ${council}` → the delegates the body's own closes elected there. */
  readonly ownDelegations = new TrackedMap<string, OwnDelegationRecord>(
    this.journal,
  );
  /** `${body} ${council}` → the mandate the body adopted for its delegates there. */
  readonly ownMandates = new TrackedMap<string, MandateRecord>(this.journal);
  /** `${body} ${call}` → the body's answers to a call, in fold order. */
  readonly answers = new TrackedLists<string, AnswerRecord>(this.journal);

  // — Secret ballots, in the body's scope (secret-ballot/) —
  /** Offer event id → a registrar's key for one motion. */
  readonly registrarOffers = new TrackedMap<string, RegistrarOfferRecord>(
    this.journal,
  );
  /** Offer → the motion that cited it: the first in fold order (an offer serves one motion). */
  readonly offerCitedBy = new TrackedMap<string, string>(this.journal);
  /** Motion → its registrars and frozen roll, for secret motions only. */
  readonly secretMotions = new TrackedMap<string, SecretMotionRecord>(
    this.journal,
  );
  /** Request event id → a valid token request. */
  readonly tokenRequests = new TrackedMap<string, TokenRequestRecord>(
    this.journal,
  );
  /**
   * `${motion} ${member}` → the member's request that counts: the first valid one in fold
   * order, so two concurrent requests from two devices never yield two sets of tokens.
   */
  readonly memberTokenRequests = new TrackedMap<string, string>(this.journal);
  /** `${request} ${registrar}` → the registrar's issuance on it that counts (the first). */
  readonly tokenIssuances = new TrackedMap<string, TokenIssuanceRecord>(
    this.journal,
  );
  /** Motion → its valid issuances, in fold order. */
  readonly motionIssuances = new TrackedLists<string, TokenIssuanceRecord>(
    this.journal,
  );
  /** Motion → ballots cast with tokens by one-time keys (valid ones; a late one may be applied out of fold order). */
  readonly secretBallots = new TrackedLists<string, SecretBallotRecord>(
    this.journal,
  );
  /** Motion → what its close found beside the count (uncounted double spends, issuances). */
  readonly secretTallies = new TrackedMap<string, SecretTallyRecord>(
    this.journal,
  );

  // — Meetings, in the body's scope (meeting/) —
  /** Meeting (its `meeting.convened` id) → the meeting in the fold's present. */
  readonly meetings = new TrackedMap<string, MeetingRecord>(this.journal);
  /** Agenda item (its `meeting.item-proposed` id) → its meeting. */
  readonly meetingItems = new TrackedMap<string, string>(this.journal);
  /** Request to speak (its `meeting.speaker-requested` id) → its meeting. */
  readonly speakerRequests = new TrackedMap<string, string>(this.journal);
  /** Meeting → its closes, by event index. */
  readonly meetingCloseFacts = new TrackedLists<string, number>(this.journal);
  /** `${meeting} ${member}` → check-ins and check-outs, in fold order. */
  readonly attendanceFacts = new TrackedLists<string, AttendanceFact>(
    this.journal,
  );
  /** Request to speak → the events that ended its wait (floor given, withdrawn), by index. */
  readonly speakerEndFacts = new TrackedLists<string, number>(this.journal);
  /** Demand for a meeting (its `meeting.demanded` id) → the demand in the fold's present. */
  readonly meetingDemands = new TrackedMap<string, MeetingDemandRecord>(
    this.journal,
  );
  /** Demand → its signatures (the demand itself and the joins), in fold order. */
  readonly demandSignatures = new TrackedLists<string, DemandSignatureFact>(
    this.journal,
  );
  /** Meeting convened by a demand → the signatures that convened it, by event index. */
  readonly demandConvenings = new TrackedLists<string, number>(this.journal);
  /** Meeting → the chairs its elections chose, by the closes that elected them. */
  readonly meetingChairFacts = new TrackedLists<
    string,
    Fact<readonly string[]>
  >(this.journal);

  // — A council's scope: the cards of bodies below, and what their attestations carried —
  /** `${council} ${child}` → the card and link of a body below (seats > 0). */
  readonly links = new TrackedMap<string, LinkRecord>(this.journal);
  /**
   * `${council} ${claim hash}` → the claim, its signatures, and whether it took effect. Per
   * council: the hash covers {body, claim} only, and the same claim may go to two councils.
   */
  readonly claims = new TrackedMap<string, ClaimRecord>(this.journal);
  /** `${council} ${body}` → the body's delegation on the council. */
  readonly delegations = new TrackedMap<string, DelegationRecord>(this.journal);
  /** `${council} ${member}` → a delegate's terms on the council. */
  readonly delegates = new TrackedMap<string, DelegateRecord>(this.journal);
  /** `${council} ${body}` → the mandate in force, as attested. */
  readonly mandates = new TrackedMap<string, MandateRecord>(this.journal);
  /** Council → delegates' ballots that deviated from their bodies' mandates. */
  readonly deviations = new TrackedLists<string, DeviationRecord>(this.journal);
  readonly councilDemands = new TrackedMap<string, CouncilDemandRecord>(
    this.journal,
  );
  /** Council demand → the attested forwardings that opened or endorsed it. */
  readonly demandSupport = new TrackedLists<string, DemandSupportRecord>(
    this.journal,
  );
  /** `${council} ${cited demand}` → the council demand it was forwarded into. */
  readonly forwardedInto = new TrackedMap<string, string>(this.journal);
  /** Calls to action, by the adopted action motion (in the calling council's scope). */
  readonly calls = new TrackedMap<string, CallRecord>(this.journal);
  /** `${council} ${call}` → roll-ups of answers attested by the bodies below, in fold order. */
  readonly rollups = new TrackedLists<string, RollupClaim>(this.journal);
  /** Referendum id (the council's adopted motion) → the question it put. */
  readonly referendums = new TrackedMap<string, ReferendumRecord>(this.journal);
  /** `${council} ${referendum}` → results attested by the bodies below, in fold order. */
  readonly referendumResults = new TrackedLists<string, ReferendumClaim>(
    this.journal,
  );

  // — Planning (plan/): declarations in the body's scope; limits and totals in the council's —
  /** `${body} ${period} ${name}` → the body's process declaration in force. */
  readonly planProcesses = new TrackedMap<string, ProcessDeclaration>(
    this.journal,
  );
  /** `${body} ${period} ${name}` → the workplace's latest report of what the process made. */
  readonly planActuals = new TrackedMap<string, ActualReport>(this.journal);
  /** `${body} ${period} ${product} ${tier} ${region}` → the body's need in force. */
  readonly planNeeds = new TrackedMap<string, NeedDeclaration>(this.journal);
  /** `${council} ${period}` → the limits its latest adopted plan-limits motion set. */
  readonly planLimits = new TrackedMap<string, PlanLimitsRecord>(this.journal);
  /** `${council} ${period}` → totals attested by the bodies below, in fold order. */
  readonly planTotals = new TrackedLists<string, PlanTotalsClaimRecord>(
    this.journal,
  );

  // — Facts for causal-past questions —
  /** `${child} ${parent}` → the link's seat counts over time (in the parent's scope). */
  readonly linkFacts = new TrackedLists<string, Fact<number>>(this.journal);
  /** `${council} ${child}` → the child's attesters and threshold over time. */
  readonly attesterFacts = new TrackedLists<
    string,
    Fact<{ readonly attesters: readonly string[]; readonly threshold: number }>
  >(this.journal);
  /** Council → bodies ever linked under it (may repeat). */
  readonly councilChildren = new TrackedLists<string, string>(this.journal);
  /** Body → councils it was ever linked to (may repeat). */
  readonly bodyParents = new TrackedLists<string, string>(this.journal);
  /** `${council} ${body}` → attested changes of the body's delegation. */
  readonly seatFacts = new TrackedLists<string, SeatFact>(this.journal);
  /** `${council} ${member}` → bodies the member was ever seated for (may repeat). */
  readonly seatedFor = new TrackedLists<string, string>(this.journal);
  /** Body → councils its own closes ever elected delegates to (may repeat). */
  readonly ownCouncils = new TrackedLists<string, string>(this.journal);
  /** `${body} ${council}` → the body's own delegate elections, recalls and vacancies. */
  readonly ownSeatFacts = new TrackedLists<string, SeatFact>(this.journal);
  /** `${council} ${body}` → attested mandates over time. */
  readonly mandateFacts = new TrackedLists<string, AttestedFact<MandateRecord>>(
    this.journal,
  );
  /** `${council} ${body}` → attested member counts over time. */
  readonly memberCountFacts = new TrackedLists<string, AttestedFact<number>>(
    this.journal,
  );
  /** `${council} ${claim hash}` → the events that superseded the claim on that council. */
  readonly supersededFacts = new TrackedLists<string, number>(this.journal);
  readonly membershipFacts = new TrackedLists<string, MembershipFact>(
    this.journal,
  );
  readonly chairFacts = new TrackedLists<string, Fact<readonly string[]>>(
    this.journal,
  );
  readonly rulesFacts = new TrackedLists<string, Fact<Rules>>(this.journal);
  readonly dissolvedFacts = new TrackedLists<string, number>(this.journal);
  /** Key → the member it acts for, from the event that registered it. */
  readonly keyFacts = new TrackedLists<string, Fact<string>>(this.journal);
  /** Motion → the close event (the first valid close in fold order). */
  readonly closeFacts = new TrackedMap<string, number>(this.journal);
  /** Close event id → the motion it decided (valid closes only). */
  readonly closedMotions = new TrackedMap<string, string>(this.journal);
  /** Committee → the parent's closes seated in it (committee.seated), by event index. */
  readonly committeeSeatings = new TrackedLists<string, CommitteeSeating>(
    this.journal,
  );
  /** Motion → withdrawal event. */
  readonly withdrawFacts = new TrackedMap<string, number>(this.journal);
  /** Motion → the event that opened it. */
  readonly motionOpenedAt = new TrackedMap<string, number>(this.journal);
}

/**
 * The state as plain data (fold-image.ts): every tracked table by its field name, and the
 * journal, whose entries name their tables by position in `tables`. Tables share their maps
 * with the live state: serialize the image before the state changes.
 */
export interface FoldStateImage {
  readonly tables: [name: string, contents: Deferred<Map<unknown, unknown>>][];
  readonly journal: JournalImage;
}

type TrackedTable =
  | TrackedMap<unknown, unknown>
  | TrackedLists<unknown, unknown>;

/** The tracked tables of a state, by field name, in declaration order. */
function trackedTables(state: FoldState): [string, TrackedTable][] {
  const out: [string, TrackedTable][] = [];
  for (const [name, value] of Object.entries(state))
    if (value instanceof TrackedMap || value instanceof TrackedLists)
      out.push([name, value as TrackedTable]);
  return out;
}

/** The state as plain data. */
export function foldStateToImage(state: FoldState): FoldStateImage {
  const tables = trackedTables(state);
  const position = new Map<Undoable, number>(tables.map(([, t], k) => [t, k]));
  return {
    tables: tables.map(([name, t]) => [
      name,
      t.toImage() as Map<unknown, unknown>,
    ]),
    journal: state.journal.toImage((t) => {
      const k = position.get(t);
      if (k === undefined) throw new Error("fold image: an untracked table");
      return k;
    }),
  };
}

/**
 * A state made from an image, which it takes over. Null when the image's tables are not
 * exactly this code's (an image from another build): the caller refolds.
 */
export function foldStateFromImage(image: FoldStateImage): FoldState | null {
  const state = new FoldState();
  const tables = trackedTables(state);
  if (tables.length !== image.tables.length) return null;
  for (let k = 0; k < tables.length; k++) {
    const [name, table] = tables[k]!;
    const [imageName, contents] = image.tables[k]!;
    if (
      name !== imageName ||
      !(contents instanceof Map || typeof contents === "function")
    )
      return null;
    (table as TrackedMap<unknown, unknown>).loadImage(contents);
  }
  // Every entry names a table of this code (checked now, in one pass over the numbers: the
  // entries themselves are filled in only if the fold rewinds).
  const numbers = image.journal.tables;
  for (let i = 0; i < numbers.length; i++) {
    const n = numbers[i]!;
    if (n < 0 || n >= tables.length) return null;
  }
  state.journal.loadImage(image.journal, (n) => {
    const t = tables[n];
    if (t === undefined)
      throw new Error("fold image: a journal entry names no table");
    return t[1];
  });
  return state;
}
