/**
 * @module Meetings of a body: an assembly in a hall or a council in session, with an agenda,
 * attendance, speakers' lists per item, and a close. Every meeting event lives in the body's
 * scope; the records here are the fold's present state of each meeting (authority checks use
 * the facts in FoldState instead, judged in each event's causal past).
 */
import type { I18nText } from "../text/i18n-text.js";

/** What an agenda item is about. */
export const AGENDA_ITEM_KINDS = [
  "motion",
  "election",
  "report",
  "point",
] as const;
export type AgendaItemKind = (typeof AGENDA_ITEM_KINDS)[number];

/** Which side a speaker asks to speak on; a point of order jumps the queue. */
export const SPEAKER_SIDES = ["pro", "contra", "point-of-order"] as const;
export type SpeakerSide = (typeof SPEAKER_SIDES)[number];

/** An agenda item as proposed (by `meeting.item-proposed`, its id). */
export interface AgendaItemRecord {
  readonly id: string;
  readonly kind: AgendaItemKind;
  readonly title: I18nText;
  /** The motion the item takes up, if any (a motion of the same body). */
  readonly motion: string | null;
  readonly proposer: string;
  readonly time: number;
  /**
   * Its title was redacted (the item stands, on the agenda as ordered, without words); absent
   * otherwise, so an item never redacted keeps its snapshot and hash.
   */
  readonly redacted?: true;
}

/**
 * A request to speak on an item (by `meeting.speaker-requested`, its id). `waiting` until the
 * chair gives the speaker the floor (`speaking`), then `spoke` once the floor goes to someone
 * else or the item changes; `withdrawn` when the speaker or the chair takes it back.
 */
export interface SpeakerRecord {
  readonly id: string;
  readonly item: string;
  readonly member: string;
  readonly side: SpeakerSide;
  readonly status: "waiting" | "speaking" | "spoke" | "withdrawn";
  readonly time: number;
  /**
   * When the chair gave them the floor (the floor-given's claimed time), for clients' countdown;
   * absent until then, so a list without it keeps its hash.
   */
  readonly floorAt?: number;
}

/** The least and most speaking time a meeting may set (seconds). */
export const MIN_SPEAKING_SECONDS = 10;
export const MAX_SPEAKING_SECONDS = 3600;

/** Minutes the meeting adopted: the motion and the hash of the minutes it named. */
export interface AdoptedMinutes {
  readonly motion: string;
  readonly hash: string;
  readonly adoptedAt: number;
}

/** A meeting as the fold's present state has it. */
export interface MeetingRecord {
  /** The id of its `meeting.convened`. */
  readonly id: string;
  readonly body: string;
  readonly title: I18nText;
  /** When and where, as free text (it may be vague on purpose). */
  readonly when: string;
  readonly place: string;
  /** The door key: the public key whose passes admit self check-in (null: only the chair checks in). */
  readonly door: string | null;
  readonly convenedBy: string;
  readonly convenedAt: number;
  readonly status: "open" | "closed";
  readonly closedAt: number | null;
  /** Items proposed, in fold order. */
  readonly items: readonly AgendaItemRecord[];
  /** The agenda in the chair's latest order (item ids). */
  readonly agenda: readonly string[];
  /** The item under discussion, if any. */
  readonly current: string | null;
  /** Members present now, sorted. */
  readonly present: readonly string[];
  /** Members present at any time during the meeting, sorted. */
  readonly everPresent: readonly string[];
  /** For a council: member → the bodies they sat for when they checked in. */
  readonly delegatesFor: Readonly<Record<string, readonly string[]>>;
  /** Requests to speak, in fold order. */
  readonly speakers: readonly SpeakerRecord[];
  /**
   * The chairs the meeting elected (by an election motion of the meeting), sorted; absent
   * while it has elected none and any chair of the body chairs it. Fields below are absent
   * until set, so a meeting without them keeps its snapshot and hash.
   */
  readonly chairs?: readonly string[];
  /** Each speaker's time (seconds), set at the convening or by the meeting's chair. */
  readonly speakingSeconds?: number;
  /** Motions opened in the meeting (`motion.opened` with `meeting`), in fold order. */
  readonly motions?: readonly string[];
  /** The minutes the meeting adopted (the last adoption in fold order). */
  readonly minutes?: AdoptedMinutes;
  /**
   * Its words — title, when and place — were redacted (from the convening, or from the demand
   * that convened it); absent otherwise.
   */
  readonly redacted?: true;
}

/** One check-in or check-out of a member, as a fact judged in later events' causal past. */
export interface AttendanceFact {
  readonly at: number;
  readonly present: boolean;
  /** The door window of a self check-in's pass (passes must move forward), else null. */
  readonly window: number | null;
}

/**
 * The share of a body's voters (percent) whose demand convenes a meeting when its rules set
 * none: a quarter, so a minority can call the body together without waiting for a chair.
 */
export const DEFAULT_MEETING_DEMAND_PERCENT = 25;

/** How many distinct voters' signatures convene a meeting: ceil(voters × percent / 100), at least 1. */
export function meetingDemandNeeded(voters: number, percent: number): number {
  return Math.max(1, Math.ceil((voters * percent) / 100));
}

/**
 * A demand for a meeting (by `meeting.demanded`, its id): the demander and the voters who
 * joined it. Once enough voters signed, the meeting is convened by the rules under the same id.
 */
export interface MeetingDemandRecord {
  readonly id: string;
  readonly body: string;
  readonly title: I18nText;
  readonly when: string;
  readonly place: string;
  readonly demandedBy: string;
  readonly demandedAt: number;
  /** Everyone who signed it (the demander and the joiners) in the fold's present, sorted. */
  readonly signers: readonly string[];
  /** True once a signature put enough voters in its causal past: the meeting is convened. */
  readonly convened: boolean;
  /** Its words (title, when, place) were redacted; absent otherwise. */
  readonly redacted?: true;
}

/** One signature on a demand, as a fact judged in later events' causal past. */
export interface DemandSignatureFact {
  readonly at: number;
  readonly member: string;
}

/**
 * A meeting just convened — by a chair's `meeting.convened` or by the voters' demand — with
 * its agenda, attendance and speakers empty; `speakingSeconds` after `speakers`, only when set
 * (the record's fields in the order its snapshot has always had them).
 */
export function convenedMeeting(fields: {
  readonly id: string;
  readonly body: string;
  readonly title: MeetingRecord["title"];
  readonly when: string;
  readonly place: string;
  readonly door: string | null;
  readonly convenedBy: string;
  readonly convenedAt: number;
  readonly speakingSeconds?: number;
  /** Convened from redacted words (its title, when and place are empty). */
  readonly redacted?: boolean;
}): MeetingRecord {
  const { speakingSeconds, redacted, ...named } = fields;
  return {
    ...named,
    status: "open",
    closedAt: null,
    items: [],
    agenda: [],
    current: null,
    present: [],
    everPresent: [],
    delegatesFor: {},
    speakers: [],
    ...(speakingSeconds === undefined ? {} : { speakingSeconds }),
    ...(redacted ? { redacted: true as const } : {}),
  };
}

/**
 * The words of a meeting, a demand for one, or an agenda item once redacted: empty. The record
 * keeps its shape (views show "words removed" where `redacted` is set).
 */
export const REDACTED_WORDS = { title: {}, when: "", place: "" } as const;
