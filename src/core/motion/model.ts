/** @module Motions: proposals in a body, their kinds, options, and decisions. */
import type {
  DecisionResult,
  ElectionResult,
  Threshold,
} from "../../voting/index.js";
import type { Rules } from "../body/model.js";
import type { PlanLimitsSubject } from "../plan/model.js";
import type { PlanVariant } from "../plan/plan-variants.js";
import type { I18nText } from "../text/i18n-text.js";

export const MOTION_KINDS = [
  "resolution",
  "amendment",
  "demand",
  "election",
  "recall",
  "rules",
  "action",
  "admission",
  "removal",
  "redaction",
  "mandate",
  "credentials",
  "agenda",
  "minutes",
  "referendum",
  "plan-limits",
  "plan",
] as const;
export type MotionKind = (typeof MOTION_KINDS)[number];

/**
 * The event types that may close a motion: a chair's close, and the attestation that its
 * deadline passed which completes k of them. A close cited elsewhere (committee.seated, an
 * attested claim) is one of these.
 */
export const CLOSE_TYPES: ReadonlySet<string> = new Set([
  "vote.closed",
  "motion.deadline-passed",
]);

/** What a motion acts on, by kind. */
export type MotionSubject =
  | { readonly kind: "rules"; readonly rules: Rules }
  | { readonly kind: "admission"; readonly request: string }
  | { readonly kind: "removal"; readonly member: string }
  | {
      readonly kind: "redaction";
      readonly event: string;
      /** What stays of a motion to redact: every field of its payload but title and text. */
      readonly keep?: unknown;
    }
  | { readonly kind: "election"; readonly role: "chair" }
  | {
      /** The meeting it is opened in elects the chair of that meeting only. */
      readonly kind: "election";
      readonly role: "meeting-chair";
      readonly meeting: string;
    }
  | {
      /** The meeting it is opened in orders its agenda. */
      readonly kind: "agenda";
      readonly meeting: string;
      readonly items: readonly string[];
    }
  | {
      /** A meeting adopts the minutes of `meeting` whose hash is `hash` (meeting/minutes.ts). */
      readonly kind: "minutes";
      readonly meeting: string;
      readonly hash: string;
    }
  | {
      readonly kind: "election";
      readonly role: "delegate";
      /** The council whose seats the election fills. */
      readonly council: string;
    }
  | {
      readonly kind: "election";
      readonly role: "committee";
      /** The committee accountable to the body whose elected members the election chooses. */
      readonly committee: string;
    }
  | {
      readonly kind: "recall";
      readonly council: string;
      readonly member: string;
    }
  | {
      /** The body recalls a member it elected to a committee accountable to it. */
      readonly kind: "recall";
      readonly committee: string;
      readonly member: string;
    }
  | {
      readonly kind: "mandate";
      readonly council: string;
      readonly positions: readonly {
        readonly motion: string;
        readonly choice: BallotChoice;
      }[];
    }
  | {
      readonly kind: "action";
      readonly action: "strike" | "demonstration" | "boycott" | "other";
      readonly startsAt: number;
      readonly scope: "all" | readonly string[];
    }
  | {
      /** A council puts the motion's question to the bodies below it (when adopted). */
      readonly kind: "referendum";
      readonly scope: "all" | readonly string[];
    }
  | {
      /** A body below votes on the question a council put (its referendum motion). */
      readonly kind: "referendum";
      readonly referendum: string;
    }
  /** A council sets its planning limits for a period (plan/model.ts), when adopted. */
  | PlanLimitsSubject
  | {
      /** 2–5 plans, each with its certificate, put to a ranked vote (plan/plan-variants.ts). */
      readonly kind: "plan";
      /**
       * The period the variants plan for (the council's totals and limits they were solved
       * from); absent in plan motions opened before motions named one: in force for any period.
       */
      readonly period?: string;
      readonly variants: readonly PlanVariant[];
    }
  | {
      /** A council replaces the attesters of a body below it (arrested, or rogue). */
      readonly kind: "credentials";
      readonly body: string;
      readonly attesters: readonly string[];
      readonly threshold: number;
    };

/** A candidate or choice on an election or plurality/approval motion. */
export interface MotionOption {
  readonly label: string;
  /** The member a candidate option stands for. */
  readonly member: string | null;
}

export type MotionStatus = "open" | "withdrawn" | "decided";

export type MotionResult =
  | { readonly kind: "decision"; readonly decision: DecisionResult }
  | {
      readonly kind: "election";
      readonly election: ElectionResult;
      readonly eligible: number;
      readonly present: number;
    };

export interface MotionRecord {
  readonly id: string;
  readonly body: string;
  readonly kind: MotionKind;
  readonly proposer: string;
  readonly title: I18nText;
  readonly text: I18nText;
  readonly method: string;
  readonly options: readonly MotionOption[];
  readonly seats: number;
  readonly threshold: Threshold;
  /** The motion this one amends (an amendment replaces its text when adopted). */
  readonly amends: string | null;
  readonly subject: MotionSubject | null;
  /**
   * Present when a redaction removed the title and text (both then empty): the motion stands,
   * with its ballots and result. Absent otherwise, so other motions keep their snapshot.
   */
  readonly redacted?: true;
  readonly status: MotionStatus;
  /**
   * "adopted" / "rejected" / "no-quorum" for decisions; "elected", "no-quorum" or
   * "no-valid-votes" (every ballot blank or invalid: nobody elected) for elections.
   */
  readonly outcome:
    | "adopted"
    | "rejected"
    | "no-quorum"
    | "elected"
    | "no-valid-votes"
    | null;
  readonly openedAt: number;
  /**
   * The closing time the opening carries (ms since the epoch, a claim like every event time),
   * absent when it has none. The fold never closes a motion because time passed: after it, a
   * chair closes (`vote.closed`) or k voters attest it passed (`motion.deadline-passed`).
   * Absent rather than null, so motions without one keep their snapshot and hash.
   */
  readonly closesAt?: number;
  readonly closedBy: string | null;
  readonly closedAt: number | null;
  /**
   * True when the close was the k-th voter's attestation that the deadline passed (then
   * `closedBy` is that voter, no chair); absent for a chair's close.
   */
  readonly closedByDeadline?: true;
  /**
   * The meeting the motion was opened in, and its electorate: the body's voters present at
   * the opening, sorted (meeting/meeting-vote.ts). Both absent for a motion opened outside a
   * meeting, which keeps its snapshot and hash.
   */
  readonly meeting?: string;
  readonly roll?: readonly string[];
  /**
   * The agenda item of `meeting` the vote decides, as its opening named it; absent when it
   * named none (and outside a meeting), so such a motion keeps its snapshot and hash.
   */
  readonly item?: string;
  readonly result: MotionResult | null;
  readonly amendments: readonly string[];
  /** The adopted amendment whose text replaced the original, if any. */
  readonly amendedBy: string | null;
}

/** A ballot as the fold keeps it. `at` is the event's index in the causal index. */
export interface BallotRecord {
  readonly at: number;
  readonly id: string;
  readonly member: string;
  readonly choice: BallotChoice;
  readonly time: number;
}

/** A ballot's content, shaped by the motion's method. */
export type BallotChoice =
  | { readonly vote: "yes" | "no" | "abstain" }
  | { readonly approve: readonly number[] }
  | { readonly pick: number }
  | { readonly ranking: readonly (readonly number[])[] };

export interface CommentRecord {
  readonly id: string;
  readonly member: string;
  readonly text: string;
  readonly lang: string;
  readonly time: number;
}

/** A later version of a comment, by its author (`comment.edited`). */
export interface CommentEditRecord {
  readonly id: string;
  readonly text: string;
  readonly lang: string;
  readonly time: number;
}

export interface RedactionRecord {
  readonly target: string;
  readonly by: string;
  readonly body: string;
  /** The redaction event, or the close that adopted a redaction motion. */
  readonly event: string;
}

/** A voter's attestation that a motion's closing time has passed (`motion.deadline-passed`). */
export interface DeadlineAttestationRecord {
  /** The event's index in the causal index. */
  readonly at: number;
  readonly id: string;
  readonly member: string;
  readonly time: number;
}
