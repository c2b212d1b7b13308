/**
 * @module The shapes the hub answers with (docs/api.md): the zod schemas of
 * src/server/read/*.ts and src/server/write/*.ts, written out here because the web app may not
 * import the server (scripts/check-imports.mjs). The HTTP tests check every answer against
 * those schemas; keep these in step with them.
 */

export type Text = Readonly<Record<string, string>>;
export type Choice =
  | { readonly vote: "yes" | "no" | "abstain" }
  | { readonly approve: readonly number[] }
  | { readonly pick: number }
  | { readonly ranking: readonly (readonly number[])[] };

export interface Named {
  readonly id: string;
  readonly name: string;
}

/** What a council knows of a body below it: its card (a name or pseudonym, never members). */
export interface Card {
  readonly name: Text;
  readonly kind: "assembly" | "committee" | "council";
  readonly setting?: string;
  readonly level?: string;
}

export interface HubInfo {
  readonly federation: string;
  readonly name: Text;
  readonly hub: string;
  readonly tls: boolean;
  readonly fingerprint: string | null;
  /** Events in the scopes the viewer reads. */
  readonly events: number;
  readonly federationScope: string | null;
  /** Where other devices on the network reach the hub (told to those who take part only). */
  readonly networkOrigins: readonly string[];
}

/** What a new event of a scope names (`GET /api/heads?scope=`). */
export interface HeadsView {
  readonly federation: string;
  readonly scope: string;
  readonly access: "read" | "join";
  readonly deps: readonly string[];
  readonly chain: { readonly seq: number; readonly id: string } | null;
  readonly kseq: number | null;
}

export interface Rules {
  readonly admission:
    | { readonly method: "endorsements"; readonly endorsements: number }
    | { readonly method: "vote" };
  readonly quorumPercent: number;
  readonly majority: string;
  readonly recallThreshold: string;
  readonly redaction: string;
  readonly public: boolean;
  readonly delegateWeight: string;
}

export interface BodySummary {
  readonly id: string;
  readonly name: Text;
  readonly kind: "assembly" | "committee" | "council";
  readonly level: string | null;
  readonly setting: string | null;
  readonly dissolved: boolean;
  readonly public: boolean;
  /** Members now. */
  readonly members: number;
  /** People it represents: its members; for a council, the counts attested from below. */
  readonly represented: number;
  /** Councils it holds seats on, among those the viewer reads. */
  readonly councils: readonly {
    readonly council: string;
    readonly seats: number;
  }[];
  readonly mine: boolean;
  readonly chair: boolean;
}

export interface FederationView {
  readonly federation: {
    readonly id: string;
    readonly name: Text;
    readonly createdAt: number;
  } | null;
  readonly levels: readonly {
    readonly level: string;
    readonly bodies: readonly BodySummary[];
  }[];
  readonly call: {
    readonly call: string;
    readonly title: Text;
    readonly council: string;
    readonly kind: string;
    readonly startsAt: number;
  } | null;
}

export interface MotionSummary {
  readonly id: string;
  readonly body: string;
  readonly kind: string;
  readonly title: Text;
  /** A redaction removed the title and text (both then empty). */
  readonly redacted: boolean;
  readonly method: string;
  readonly status: "open" | "withdrawn" | "decided";
  readonly outcome: string | null;
  readonly openedAt: number;
  /** The closing time (ms since the epoch), or null when it has none. */
  readonly closesAt: number | null;
  readonly closedAt: number | null;
  readonly amends: string | null;
  readonly ballots: number;
}

export interface Mandate {
  /** In the body's scope: the adopted mandate motion; on a council: the close its claim cites. */
  readonly motion: string;
  /** The instructions: in the body's own scope only (a council gets the positions). */
  readonly instructions: Text | null;
  readonly positions: readonly {
    readonly motion: string;
    readonly title: Text | null;
    readonly choice: Choice;
  }[];
  readonly adoptedAt: number;
}

export type AnswerName = "will-join" | "will-not" | "started" | "ended";
export type AnswerCounts = Readonly<
  Record<
    "bodies" | "members" | "headcount",
    Readonly<Record<AnswerName, number>>
  >
>;

/** One claim about a body on a council above, checked against the body's own log. */
export interface ClaimAuditView {
  readonly council: string;
  readonly hash: string;
  readonly kind: string;
  readonly effective: boolean;
  readonly superseded: boolean;
  readonly signers: readonly string[];
  readonly status: "confirmed" | "mismatch" | "unverifiable";
  readonly problem: string | null;
  readonly details: Readonly<Record<string, unknown>>;
}

export interface BodyView extends BodySummary {
  readonly rules: Rules;
  readonly createdAt: number;
  readonly createdBy: Named;
  readonly accountableTo: string | null;
  readonly chairs: readonly Named[];
  readonly memberList: readonly (Named & { readonly chair: boolean })[];
  readonly motions: readonly MotionSummary[];
  readonly joinRequests: readonly {
    readonly id: string;
    readonly member: string;
    /** Empty when a redaction removed it (then `redacted`). */
    readonly name: string;
    readonly redacted: boolean;
    readonly time: number;
    readonly needed: number;
    readonly endorsedBy: readonly Named[];
    /** Members and other applicants here whose names look like this one. */
    readonly lookalikeOf: readonly Named[];
    /** One word of the name mixes scripts (Latin and Cyrillic letters…). */
    readonly mixedScript: boolean;
  }[];
  /** The councils this body holds seats on, with its card, attesters and delegates there. */
  readonly delegations: readonly {
    readonly council: string;
    readonly councilName: Text;
    readonly seats: number;
    readonly card: Card;
    readonly attesters: readonly string[];
    readonly threshold: number;
    /** Whom the body's own closes elected and did not recall. */
    readonly elected: readonly Named[];
    /** Whom the council seated on its attesters' word. */
    readonly seated: readonly Named[];
    readonly mandate: Mandate | null;
  }[];
  /** Calls from councils above that reach this body, with its answers so far. */
  readonly calls: readonly {
    readonly call: string;
    readonly council: string;
    readonly councilName: Text;
    readonly kind: string;
    readonly title: Text;
    readonly startsAt: number;
    readonly answers: readonly {
      readonly answer: AnswerName;
      readonly headcount: number;
      readonly note: string | null;
      readonly time: number;
    }[];
  }[];
  readonly audit: readonly ClaimAuditView[];
  readonly mismatches: number;
  /** Claims the viewer, an attester of this body, has yet to help carry up (as the hub counts them). */
  readonly pending: readonly {
    readonly council: string;
    readonly kind: string;
    readonly hash: string;
    readonly claim: Readonly<Record<string, unknown>>;
    readonly signers: readonly string[];
    readonly signedByMe: boolean;
  }[];
  readonly council: {
    readonly children: readonly {
      readonly body: string;
      readonly card: Card;
      readonly seats: number;
      readonly attesters: readonly string[];
      readonly threshold: number;
      readonly members: number | null;
      readonly delegates: readonly Named[];
      readonly mandate: Mandate | null;
    }[];
    readonly deviations: readonly {
      readonly ballot: string;
      readonly delegate: Named;
      readonly body: string;
      readonly motion: string;
      readonly title: Text | null;
      readonly bound: Choice;
      readonly cast: Choice;
      readonly mandate: string;
      readonly time: number;
    }[];
    readonly demands: readonly {
      readonly id: string;
      readonly title: Text;
      readonly members: number;
      readonly bodies: number;
    }[];
    readonly calls: readonly {
      readonly id: string;
      readonly council: string;
      readonly title: Text;
      readonly kind: string;
      readonly startsAt: number;
      readonly total: AnswerCounts;
    }[];
  } | null;
  /** Keys frozen here by a fork: the member each acts for, and from which number. */
  readonly frozenKeys: readonly (Named & {
    readonly key: string;
    readonly fromSeq: number;
  })[];
  /** Members asking to go on with a new key, not yet endorsed by enough members (members only). */
  readonly rotationRequests: readonly (Named & {
    readonly request: string;
    readonly oldKey: string;
    readonly newKey: string;
    readonly lastValidSeq: number;
    readonly needed: number;
    readonly endorsedBy: readonly Named[];
  })[];
  readonly viewer: {
    readonly member: boolean;
    readonly chair: boolean;
    /** Councils on which the viewer's key attests for this body. */
    readonly attesterOn: readonly string[];
  };
}

/** What a close states: the outcome and, for an election, who was elected. */
export interface StatedResult {
  readonly outcome:
    | "adopted"
    | "rejected"
    | "no-quorum"
    | "elected"
    | "no-valid-votes";
  readonly elected?: readonly string[];
}

export interface ElectionResultJson {
  readonly method: string;
  readonly seats: number;
  readonly candidates: number;
  readonly elected: readonly number[];
  readonly rounds: readonly unknown[];
  readonly withdrawn: readonly number[];
  readonly valid: number;
  readonly invalid: number;
}

export type MotionResult =
  | {
      readonly kind: "decision";
      readonly decision: {
        readonly outcome: string;
        readonly yes: number;
        readonly no: number;
        readonly abstain: number;
        readonly present: number;
        readonly quorumRequired: number;
        readonly threshold: string;
      };
    }
  | {
      readonly kind: "election";
      readonly election: ElectionResultJson;
      readonly eligible: number;
      readonly present: number;
    };

/** What the motion page shows of a secret motion (src/server/read/secret-motion-view.ts). */
export interface SecretMotionView {
  /** Members on the roll frozen at the opening. */
  readonly rollSize: number;
  /** Valid token requests (at most one per roll member). */
  readonly requests: number;
  /** The registrars in the motion's order, with their valid issuances. */
  readonly registrars: readonly {
    readonly offer: string;
    readonly registrar: Named;
    readonly issued: number;
  }[];
  /** Valid secret ballots held, double spends included. */
  readonly ballots: number;
  readonly doubleSpends: number;
  /** At the close: more ballots counted than some registrar issued (null while open). */
  readonly overIssued: boolean | null;
}

export interface MotionView {
  readonly id: string;
  readonly body: string;
  readonly bodyName: Text;
  readonly bodyKind: string;
  readonly kind: string;
  readonly proposer: Named;
  readonly title: Text;
  readonly text: Text;
  /** A redaction removed the title and text (both then empty); the motion stands. */
  readonly redacted: boolean;
  readonly method: string;
  readonly options: readonly {
    readonly label: string;
    readonly member: string | null;
  }[];
  readonly seats: number;
  readonly threshold: string;
  readonly amends: MotionSummary | null;
  readonly subject: Record<string, unknown> | null;
  /** The meeting the motion was voted in (those present at its opening its electorate), or null. */
  readonly meeting: string | null;
  /** For a vote in a meeting: how many were present at its opening; else null. */
  readonly electorate: number | null;
  readonly status: "open" | "withdrawn" | "decided";
  readonly outcome:
    | "adopted"
    | "rejected"
    | "no-quorum"
    | "elected"
    | "no-valid-votes"
    | null;
  readonly openedAt: number;
  /** The closing time (ms since the epoch), or null when it has none. */
  readonly closesAt: number | null;
  readonly closedAt: number | null;
  readonly closedBy: Named | null;
  /** Closed by the k-th member saying the deadline passed, not by a chair. */
  readonly closedByDeadline: boolean;
  /** Who said the deadline passed, and how many close it; null without a closing time. */
  readonly deadline: {
    readonly closesAt: number;
    readonly attesters: readonly Named[];
    readonly needed: number;
  } | null;
  /** The close event. */
  readonly close: string | null;
  /** The result the close states. */
  readonly stated: StatedResult | null;
  /** The hub's fold's count at the close. */
  readonly result: MotionResult | null;
  /** The ballots that counted at the close, with their weights. */
  readonly countSheet: {
    readonly eligible: number;
    readonly eligibleWeight: number;
    readonly counted: readonly {
      readonly ballot: string;
      readonly voter: Named;
      readonly choice: Choice;
      readonly weight: number;
    }[];
  } | null;
  readonly amendments: readonly MotionSummary[];
  readonly amendedBy: string | null;
  /** A secret motion's figures anyone can check (never who voted how); null when not secret. */
  readonly secret: SecretMotionView | null;
  readonly live: {
    readonly voters: number;
    readonly yes: number;
    readonly no: number;
    readonly abstain: number;
    readonly options: readonly number[];
  };
  readonly ballotCount: number;
  readonly ballots: readonly (Named & {
    readonly ballot: string;
    readonly choice: Choice;
    readonly time: number;
  })[];
  readonly comments: readonly {
    readonly id: string;
    readonly member: Named;
    /** The latest version's text and language. */
    readonly text: string;
    readonly lang: string;
    readonly time: number;
    /** When the latest version was written; null when never edited. */
    readonly editedAt: number | null;
    /** The earlier versions, oldest first. */
    readonly earlier: readonly {
      readonly text: string;
      readonly lang: string;
      readonly time: number;
    }[];
  }[];
  /** For an adopted demand: the councils above and the demand it went into on each, if any. */
  readonly carried: readonly {
    readonly council: string;
    readonly councilName: Text;
    readonly into: string | null;
  }[];
  readonly eligible: number;
  readonly viewer: {
    readonly canVote: boolean;
    readonly canClose: boolean;
    /** May remove the motion's title and text (its proposer; a chair where chairs redact). */
    readonly canRedact: boolean;
    readonly canWithdraw: boolean;
    readonly canComment: boolean;
    /** A voter who may say the deadline passed (once the closing time has come). */
    readonly canSayDeadlinePassed: boolean;
    readonly myBallot: Choice | null;
  };
}

export interface MeView {
  readonly key: string;
  readonly member: string;
  readonly coordinator: boolean;
  /** The names the member goes by, per scope the key reads. */
  readonly names: readonly { readonly scope: string; readonly name: string }[];
  readonly keys: readonly string[];
  readonly bodies: readonly BodySummary[];
  readonly seats: readonly {
    readonly council: string;
    readonly councilName: Text;
    readonly body: string;
    readonly card: Card;
  }[];
  /** Bodies this key signs claims for, and on which council. */
  readonly attests: readonly {
    readonly council: string;
    readonly councilName: Text;
    readonly body: string;
    readonly card: Card;
  }[];
  readonly joinRequests: readonly {
    readonly id: string;
    readonly body: string;
    readonly bodyName: Text;
    readonly time: number;
    readonly needed: number;
    readonly endorsements: number;
    readonly status: string;
  }[];
  /** The bodies a new device of the member is added in, lowest first. */
  readonly deviceScopes: readonly string[];
  /** Scopes the key reads, and the events in them. */
  readonly reads: number;
  readonly events: number;
}

export interface DelegateRecord {
  readonly council: string;
  readonly councilName: Text;
  /** The name attested for the delegate on this council. */
  readonly name: string;
  readonly terms: readonly {
    readonly body: string;
    /** The electing body's card on this council. */
    readonly card: Card | null;
    readonly from: number;
    readonly until: number | null;
    readonly ended: string | null;
    readonly electedBy: string;
    readonly mandate: Mandate | null;
    readonly canRecall: boolean;
    readonly openRecall: string | null;
  }[];
  readonly ballots: readonly {
    readonly ballot: string;
    readonly motion: string;
    readonly title: Text | null;
    readonly choice: Choice;
    readonly time: number;
    readonly outcome: string | null;
  }[];
  readonly deviations: readonly {
    readonly ballot: string;
    readonly body: string;
    readonly motion: string;
    readonly title: Text | null;
    readonly bound: Choice;
    readonly cast: Choice;
    readonly mandate: string;
    readonly time: number;
  }[];
  readonly recalls: readonly string[];
}

export interface DelegateView {
  readonly id: string;
  /** One record per council the viewer reads where the member was seated. */
  readonly councils: readonly DelegateRecord[];
}

export interface DemandView {
  readonly id: string;
  readonly council: string;
  readonly councilName: Text;
  readonly level: string;
  readonly title: Text;
  readonly text: Text;
  readonly openedAt: number;
  readonly origin: { readonly body: string; readonly card: Card | null };
  readonly members: number;
  readonly bodies: number;
  readonly levels: readonly {
    readonly level: string;
    readonly bodies: number;
    readonly members: number;
  }[];
  readonly forwards: readonly {
    readonly body: string;
    readonly card: Card | null;
    readonly event: string;
    readonly time: number;
  }[];
  readonly carried: readonly {
    readonly council: string;
    readonly councilName: Text;
    readonly into: string | null;
  }[];
}

export interface CallSummary {
  readonly id: string;
  readonly council: string;
  readonly councilName: Text;
  readonly kind: string;
  readonly title: Text;
  readonly text: Text;
  readonly startsAt: number;
  readonly adoptedAt: number;
  readonly scope: "all" | readonly string[];
  readonly total: AnswerCounts;
}

export interface CallView extends CallSummary {
  readonly looking: string;
  readonly lookingName: Text;
  readonly now: AnswerCounts;
  readonly days: readonly (AnswerCounts & { readonly day: string })[];
  readonly levels: readonly (AnswerCounts & { readonly level: string })[];
  /** Per body right below the looking council: its subtree's counts, by its card there. */
  readonly children: readonly (AnswerCounts & {
    readonly body: string;
    readonly card: Card | null;
  })[];
  readonly councils: readonly { readonly id: string; readonly name: Text }[];
  readonly answerable: readonly {
    readonly body: string;
    readonly name: Text;
    readonly answer: AnswerName | null;
    /** The most people its answer may report: its members now; 0 for a council. */
    readonly maxHeadcount: number;
  }[];
}

export interface EventEntry {
  readonly n: number;
  readonly id: string;
  readonly scope: string;
  readonly type: string;
  readonly time: number;
  readonly author: string;
  readonly authorName: string | null;
  readonly seq: number;
  readonly kseq: number;
  readonly invalid: string | null;
  readonly redacted: boolean;
  readonly wire: string;
}

export interface EventLogView {
  readonly scope: string;
  readonly total: number;
  readonly events: readonly EventEntry[];
  readonly next: number | null;
}

export interface StateView {
  readonly stateHash: string;
  readonly scopes: readonly {
    readonly scope: string;
    readonly hash: string;
    readonly events: number;
    readonly invalid: number;
  }[];
  readonly events: number;
  readonly invalid: number;
}

/** `GET /api/search`: the hub answers with core's `searchState` as it is, so its types serve. */
export type {
  SearchHit,
  SearchResult as SearchView,
} from "../../../src/core/index.js";

/** A meeting in a body's list (src/server/read/meeting-view.ts, meetingSummarySchema). */
export interface MeetingSummary {
  readonly id: string;
  readonly body: string;
  readonly title: Text;
  /** When and where, as free text (the place may be vague on purpose). */
  readonly when: string;
  readonly place: string;
  readonly status: "open" | "closed";
  readonly convenedAt: number;
  readonly closedAt: number | null;
  readonly quorum: MeetingQuorum;
}

/** The quorum of those present, with the body's rules. */
export interface MeetingQuorum {
  readonly present: number;
  readonly voters: number;
  readonly quorumPercent: number;
  readonly required: number;
  readonly met: boolean;
}

export interface AgendaItem {
  readonly id: string;
  readonly kind: "motion" | "election" | "report" | "point";
  readonly title: Text;
  readonly motion: string | null;
  readonly proposer: Named;
  readonly time: number;
}

export interface SpeakerRequest {
  readonly id: string;
  readonly item: string;
  readonly member: Named;
  readonly side: "pro" | "contra" | "point-of-order";
  readonly status: "waiting" | "speaking" | "spoke" | "withdrawn";
  readonly time: number;
  /** When the chair gave them the floor (the floor-given's claimed time), once given. */
  readonly floorAt?: number;
}

/** One meeting (meetingViewSchema). */
export interface MeetingView extends MeetingSummary {
  readonly bodyName: Text;
  readonly convenedBy: Named;
  /** True when members may check themselves in by the projector's code. */
  readonly door: boolean;
  readonly current: string | null;
  readonly agenda: readonly AgendaItem[];
  readonly proposed: readonly AgendaItem[];
  readonly present: readonly Named[];
  readonly everPresent: readonly Named[];
  readonly delegates: readonly {
    readonly member: Named;
    readonly bodies: readonly string[];
  }[];
  readonly speakers: readonly {
    readonly item: string;
    readonly speaking: SpeakerRequest | null;
    /** When the speaker's time runs out (ms since the epoch), for a countdown; else null. */
    readonly speakingUntil: number | null;
    /** Waiting, in queue order: points of order first, then pro and contra as asked. */
    readonly queue: readonly SpeakerRequest[];
    readonly spoke: readonly SpeakerRequest[];
  }[];
  /** The chairs the meeting elected for itself; null while the body's chairs chair it. */
  readonly chairs: readonly Named[] | null;
  /** Each speaker's time in seconds, if the meeting set one. */
  readonly speakingSeconds: number | null;
  /** The votes taken in the meeting (motions opened in it), in order. */
  readonly motions: readonly string[];
  /** Those of them still open, in order. */
  readonly openVotes: readonly string[];
  /** The minutes the meeting adopted: the motion and the hash it named. */
  readonly minutesAdopted: {
    readonly motion: string;
    readonly hash: string;
    readonly adoptedAt: number;
  } | null;
  readonly viewer: {
    readonly present: boolean;
    readonly chairs: boolean;
    readonly waiting: readonly string[];
  };
}

/** `GET /api/meetings/:id/minutes`, the parts the meeting page reads (meeting-minutes.ts). */
export interface MeetingMinutesView {
  /** What a `minutes` motion names to adopt these minutes. */
  readonly hash: string;
  readonly adopted: {
    readonly motion: string;
    readonly hash: string;
    readonly adoptedAt: number;
    /** False when the minutes changed after the adoption. */
    readonly matches: boolean;
  } | null;
}

/** The door's code now, for the projector (src/server/write/meeting-door.ts). */
export interface DoorCode {
  readonly meeting: string;
  readonly code: string;
  readonly window: number;
  /** When the next code replaces it (ms since the epoch, by the hub's clock). */
  readonly nextAt: number;
}

/** The door key's pass for a scanned code, carried by the member's own check-in. */
export interface MeetingPass {
  readonly meeting: string;
  readonly member: string;
  readonly window: number;
  readonly signature: string;
}
