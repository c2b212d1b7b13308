/**
 * @module The minutes of a meeting, generated from its events as data: who was present, each
 * item in the agenda's order with the motion it took up (its amendments, outcome and result
 * with the count sheet the close stated), the votes of the meeting that name it, and who
 * spoke on it, pro or contra, in the order they spoke; the votes taken in the meeting with the electorate present at each opening; the chair
 * the meeting elected. Derived from the state, so every replica that holds the meeting's events
 * — in any order — produces the same minutes.
 *
 * A meeting adopts minutes by a `minutes` motion naming their hash (`minutesHash`): the SHA-256
 * of the canonical encoding of the record — everything above but the meeting's status, close,
 * who is present at the end and the live quorum, and leaving out the motions that adopt these
 * minutes (an adoption cannot be part of what it adopts). The fold cannot recompute minutes as
 * a motion's causal past knows them, so it records the hash adopted; readers compare it with the
 * minutes they hold (`adopted.matches`): what was adopted is fixed, and a change after is seen.
 */
import { encodeCanonical, sha256, toHex } from "../../crypto/index.js";
import type { CausalIndex } from "../fold/causal-index.js";
import { plain } from "../fold/snapshot.js";
import type { FoldState } from "../fold/state.js";
import type { MotionRecord } from "../motion/model.js";
import type { I18nText } from "../text/i18n-text.js";
import type { AgendaItemKind, SpeakerSide } from "./model.js";
import { type MeetingQuorum, meetingView } from "./view.js";

/** A motion as the minutes record it. */
export interface MinutesMotion {
  readonly id: string;
  readonly kind: MotionRecord["kind"];
  readonly title: I18nText;
  readonly status: MotionRecord["status"];
  readonly outcome: MotionRecord["outcome"];
  readonly result: MotionRecord["result"];
  readonly closedAt: number | null;
  /** For a vote in a meeting: how many were present at its opening (its electorate); else null. */
  readonly electorate: number | null;
  /** For a decided election: the members elected, in the method's order. */
  readonly elected: readonly string[];
  /** Amendments to it, each as a motion of the minutes. */
  readonly amendments: readonly MinutesMotion[];
}

export interface MinutesItem {
  readonly id: string;
  readonly kind: AgendaItemKind;
  readonly title: I18nText;
  readonly proposer: string;
  readonly motion: MinutesMotion | null;
  /**
   * The votes taken in the meeting that name this item (`motion.opened`'s `item`), in fold
   * order; absent when none does, so minutes without such votes keep their hash.
   */
  readonly votes?: readonly MinutesMotion[];
  /** Who spoke (or has the floor at the close), in the order they spoke. */
  readonly speakers: readonly {
    readonly member: string;
    readonly side: SpeakerSide;
  }[];
}

export interface MeetingMinutes {
  readonly meeting: string;
  readonly body: string;
  readonly title: I18nText;
  readonly when: string;
  readonly place: string;
  readonly convenedBy: string;
  readonly convenedAt: number;
  readonly status: "open" | "closed";
  readonly closedAt: number | null;
  /** Everyone present at any time, sorted. */
  readonly present: readonly string[];
  /** Present at the close (or now, while open), sorted. */
  readonly presentAtEnd: readonly string[];
  readonly quorum: MeetingQuorum;
  /** The agenda's items, in order. */
  readonly items: readonly MinutesItem[];
  /** Items proposed that never made the agenda. */
  readonly notTaken: readonly MinutesItem[];
  /** The chairs the meeting elected, sorted; null when the body's chairs chaired it. */
  readonly chairs: readonly string[] | null;
  /** Every vote taken in the meeting (motions opened in it), in fold order. */
  readonly votes: readonly MinutesMotion[];
  /** The hash a `minutes` motion names to adopt these minutes. */
  readonly hash: string;
  /** The adoption, if the meeting adopted minutes, and whether these are the ones adopted. */
  readonly adopted: {
    readonly motion: string;
    readonly hash: string;
    readonly adoptedAt: number;
    readonly matches: boolean;
  } | null;
}

function minutesMotion(
  state: FoldState,
  id: string,
  depth = 0,
): MinutesMotion | null {
  const m = state.motions.get(id);
  if (m === undefined) return null;
  return {
    id,
    kind: m.kind,
    title: m.title,
    status: m.status,
    outcome: m.outcome,
    result: m.result,
    closedAt: m.closedAt,
    electorate: m.roll === undefined ? null : m.roll.length,
    elected:
      m.result?.kind === "election" && m.outcome === "elected"
        ? m.result.election.elected.map((i) => m.options[i]?.member ?? "")
        : [],
    // Amendments cannot be amended (motion.opened), so one level is all there is.
    amendments:
      depth > 0
        ? []
        : m.amendments
            .map((a) => minutesMotion(state, a, depth + 1))
            .filter((x): x is MinutesMotion => x !== null),
  };
}

/** The minutes of a meeting held in the state, or null when it is not held. */
export function meetingMinutes(
  state: FoldState,
  index: CausalIndex,
  meeting: string,
): MeetingMinutes | null {
  const m = state.meetings.get(meeting);
  if (m === undefined) return null;
  const v = meetingView(state, index, m);
  const votes = (m.motions ?? [])
    .map((id) => minutesMotion(state, id))
    .filter((x): x is MinutesMotion => x !== null);
  const votesOn = (item: string) =>
    votes.filter((x) => state.motions.get(x.id)?.item === item);
  const itemOf = (i: (typeof v.agendaItems)[number]): MinutesItem => ({
    id: i.id,
    kind: i.kind,
    title: i.title,
    proposer: i.proposer,
    motion: i.motion === null ? null : minutesMotion(state, i.motion),
    ...(votesOn(i.id).length === 0 ? {} : { votes: votesOn(i.id) }),
    speakers: m.speakers
      .filter(
        (s) =>
          s.item === i.id && (s.status === "spoke" || s.status === "speaking"),
      )
      .map((s) => ({ member: s.member, side: s.side })),
  });
  const items = v.agendaItems.map(itemOf);
  const notTaken = v.proposedItems.map(itemOf);
  const chairs = m.chairs ?? null;
  const adoption = (x: MinutesMotion | null) =>
    x !== null && isAdoptionOf(state, x.id, m.id);
  // An item's own votes leave out an adoption of these minutes, as the record's votes do.
  const withoutAdoptions = (i: MinutesItem): MinutesItem => {
    const { votes: own, ...rest } = i;
    const kept = (own ?? []).filter((x) => !adoption(x));
    return kept.length === 0 ? rest : { ...rest, votes: kept };
  };
  const hash = minutesHash({
    meeting: m.id,
    body: m.body,
    title: m.title,
    when: m.when,
    place: m.place,
    convenedBy: m.convenedBy,
    convenedAt: m.convenedAt,
    chairs,
    present: m.everPresent,
    items: items.filter((i) => !adoption(i.motion)).map(withoutAdoptions),
    notTaken: notTaken.filter((i) => !adoption(i.motion)).map(withoutAdoptions),
    votes: votes.filter((x) => !adoption(x)),
  });
  return {
    meeting: m.id,
    body: m.body,
    title: m.title,
    when: m.when,
    place: m.place,
    convenedBy: m.convenedBy,
    convenedAt: m.convenedAt,
    status: m.status,
    closedAt: m.closedAt,
    present: m.everPresent,
    presentAtEnd: m.present,
    quorum: v.quorum,
    items,
    notTaken,
    chairs,
    votes,
    hash,
    adopted:
      m.minutes === undefined
        ? null
        : { ...m.minutes, matches: m.minutes.hash === hash },
  };
}

/** True when the motion adopts minutes of the meeting. */
function isAdoptionOf(state: FoldState, motion: string, meeting: string) {
  const subject = state.motions.get(motion)?.subject;
  return subject?.kind === "minutes" && subject.meeting === meeting;
}

/** The hash of the adoptable record of minutes (hex SHA-256 of its canonical encoding). */
function minutesHash(record: Record<string, unknown>): string {
  return toHex(sha256(encodeCanonical(["kenges/minutes/1", plain(record)])));
}
