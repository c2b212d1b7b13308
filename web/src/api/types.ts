/**
 * @module The shapes the hub answers with (docs/api.md). Written out here because the web
 * app may not import the server; the HTTP tests pin the server side of each.
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

export interface HubInfo {
  readonly federation: string;
  readonly name: Text;
  readonly hub: string;
  readonly tls: boolean;
  readonly fingerprint: string | null;
  readonly events: number;
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
  readonly memberCount: number;
  readonly represented: number;
  readonly parents: readonly {
    readonly council: string;
    readonly seats: number;
  }[];
  readonly readable: boolean;
  readonly mine: boolean;
}

export interface FederationView {
  readonly federation: {
    readonly id: string;
    readonly name: Text;
    readonly createdAt: number;
  } | null;
  readonly levels: readonly {
    readonly level: string;
    readonly bodies: readonly (BodySummary & {
      readonly answer: {
        readonly answer: string;
        readonly headcount: number;
        readonly time: number;
      } | null;
    })[];
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
  readonly method: string;
  readonly status: "open" | "withdrawn" | "decided";
  readonly outcome: string | null;
  readonly openedAt: number;
  readonly closedAt: number | null;
  readonly amends: string | null;
  readonly ballots: number;
}

export interface Mandate {
  readonly motion: string;
  readonly instructions: Text;
  readonly positions: readonly {
    readonly motion: string;
    readonly title: Text | null;
    readonly choice: Choice;
  }[];
}

export interface BodyView extends BodySummary {
  readonly rules: Rules;
  readonly createdAt: number;
  readonly accountableTo: string | null;
  readonly chairs: readonly Named[] | null;
  readonly members: readonly (Named & { readonly chair: boolean })[] | null;
  readonly motions: readonly MotionSummary[];
  readonly seats: readonly {
    readonly council: string;
    readonly councilName: Text;
    readonly seats: number;
    readonly delegates: readonly Named[];
    readonly mandate: Mandate | null;
  }[];
  readonly below: readonly {
    readonly body: string;
    readonly name: Text;
    readonly seats: number;
    readonly delegates: readonly Named[] | null;
  }[];
  readonly joinRequests: readonly {
    readonly id: string;
    readonly member: string;
    readonly name: string;
    readonly time: number;
    readonly needed: number;
    readonly endorsedBy: readonly Named[];
  }[];
  readonly calls: readonly {
    readonly call: string;
    readonly title: Text;
    readonly council: string;
    readonly kind: string;
    readonly startsAt: number;
    readonly answer: {
      readonly answer: string;
      readonly headcount: number;
      readonly note: string | null;
      readonly time: number;
    } | null;
  }[];
  readonly demands: readonly {
    readonly id: string;
    readonly title: Text;
    readonly members: number;
    readonly bodies: number;
  }[];
  readonly viewer: {
    readonly member: boolean;
    readonly chair: boolean;
    readonly seesMembers: boolean;
    readonly full: boolean;
  };
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

export interface ForwardTarget {
  readonly council: string;
  readonly name: Text;
  readonly forwardedInto: string | null;
  readonly existing: readonly { readonly id: string; readonly title: Text }[];
}

export interface MotionView {
  readonly id: string;
  readonly body: string;
  readonly bodyName: Text;
  readonly bodyKind: string;
  readonly kind: string;
  readonly proposer: Named | null;
  readonly title: Text;
  readonly text: Text;
  readonly method: string;
  readonly options: readonly {
    readonly label: string;
    readonly member: string | null;
  }[];
  readonly seats: number;
  readonly threshold: string;
  readonly amends: MotionSummary | null;
  readonly subject: Record<string, unknown> | null;
  readonly status: "open" | "withdrawn" | "decided";
  readonly outcome: string | null;
  readonly openedAt: number;
  readonly closedAt: number | null;
  readonly closedBy: Named | null;
  readonly result: MotionResult | null;
  readonly amendments: readonly MotionSummary[];
  readonly amendedBy: string | null;
  readonly live: {
    readonly voters: number;
    readonly yes: number;
    readonly no: number;
    readonly abstain: number;
    readonly options: readonly number[];
  };
  readonly ballotCount: number;
  readonly ballots:
    | readonly (Named & {
        readonly ballot: string;
        readonly choice: Choice;
        readonly time: number;
      })[]
    | null;
  readonly comments: readonly {
    readonly id: string;
    readonly member: Named | null;
    readonly text: string;
    readonly lang: string;
    readonly time: number;
  }[];
  readonly forward: readonly ForwardTarget[];
  readonly eligible: number;
  readonly viewer: {
    readonly canVote: boolean;
    readonly canClose: boolean;
    readonly canWithdraw: boolean;
    readonly canComment: boolean;
    readonly canForward: boolean;
    readonly myBallot: Choice | null;
  };
}

export interface MeView {
  readonly key: string;
  readonly member: string;
  readonly name: string | null;
  readonly coordinator: boolean;
  readonly keys: readonly string[];
  readonly bodies: readonly (BodySummary & { readonly chair: boolean })[];
  readonly seats: readonly {
    readonly council: string;
    readonly councilName: Text;
    readonly body: string;
    readonly bodyName: Text;
  }[];
  readonly joinRequests: readonly {
    readonly id: string;
    readonly body: string;
    readonly bodyName: Text;
    readonly time: number;
    readonly needed: number;
    readonly endorsedBy: readonly Named[];
    readonly status: string;
  }[];
  readonly chain: { readonly seq: number; readonly id: string } | null;
}

export interface DelegateView extends Named {
  readonly terms: readonly {
    readonly council: string;
    readonly body: string;
    readonly from: number;
    readonly until: number | null;
    readonly ended: "recalled" | "replaced" | null;
    readonly electedBy: string;
    readonly councilName: Text;
    readonly bodyName: Text;
    readonly mandate: Mandate | null;
    readonly canRecall: boolean;
    readonly openRecall: string | null;
  }[];
  readonly ballots: readonly {
    readonly ballot: string;
    readonly motion: string;
    readonly title: Text | null;
    readonly council: string;
    readonly choice: Choice;
    readonly time: number;
    readonly outcome: string | null;
  }[];
  readonly deviations: readonly {
    readonly ballot: string;
    readonly body: string;
    readonly council: string;
    readonly motion: string;
    readonly bound: Choice;
    readonly cast: Choice;
    readonly mandate: string;
    readonly time: number;
    readonly title: Text | null;
  }[];
  readonly recalls: readonly string[];
}

export interface PathNode {
  readonly body: string | null;
  readonly name: Text | null;
  readonly level: string;
  readonly time: number;
  readonly from: readonly PathNode[];
}

export interface DemandView {
  readonly id: string;
  readonly council: string;
  readonly councilName: Text;
  readonly level: string;
  readonly title: Text;
  readonly text: Text;
  readonly openedAt: number;
  readonly members: number;
  readonly bodies: number;
  readonly levels: readonly {
    readonly level: string;
    readonly members: number;
    readonly bodies: readonly {
      readonly id: string | null;
      readonly name: Text | null;
    }[];
  }[];
  readonly path: readonly PathNode[];
  readonly forward: readonly ForwardTarget[];
  readonly canForward: boolean;
}

export type AnswerName = "will-join" | "will-not" | "started" | "ended";
export type AnswerCounts = Readonly<
  Record<
    "bodies" | "members" | "headcount",
    Readonly<Record<AnswerName, number>>
  >
>;

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
  readonly total: AnswerCounts | null;
}

export interface CallView extends CallSummary {
  readonly looking: string;
  readonly rollup: {
    readonly total: AnswerCounts;
    readonly levels: readonly (AnswerCounts & { readonly level: string })[];
    readonly days: readonly (AnswerCounts & { readonly day: string })[];
  };
  readonly regions: readonly {
    readonly council: string;
    readonly name: Text;
    readonly level: string | null;
    readonly total: AnswerCounts;
  }[];
  readonly answers: readonly {
    readonly body: string | null;
    readonly name: Text | null;
    readonly level: string;
    readonly answer: AnswerName;
    readonly headcount: number;
    readonly note: string | null;
    readonly time: number;
  }[];
  readonly councils: readonly { readonly id: string; readonly name: Text }[];
  readonly answerable: readonly {
    readonly body: string;
    readonly name: Text;
    readonly answer: AnswerName | null;
  }[];
}

export interface EventLogView {
  readonly body: string;
  readonly total: number;
  readonly events: readonly {
    readonly n: number;
    readonly id: string;
    readonly type: string;
    readonly time: number;
    readonly author: string;
    readonly authorName: string | null;
    readonly seq: number;
    readonly invalid: string | null;
    readonly redacted: boolean;
    readonly wire: string;
  }[];
  readonly next: number | null;
}

export interface StateView {
  readonly stateHash: string;
  readonly events: number;
  readonly invalid: number;
  readonly quarantined: number;
}
