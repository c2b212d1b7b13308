/**
 * @module The minutes of a meeting, generated from its events as data: who was present, each
 * item in the agenda's order with the motion it took up (its amendments, outcome and result
 * with the count sheet the close stated) and who spoke on it, pro or contra, in the order they
 * spoke. Derived from the state, so every replica that holds the meeting's events — in any
 * order — produces the same minutes. (Adopting them by a vote of the meeting comes later.)
 */
import type { CausalIndex } from "../fold/causal-index.js";
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
  /** Amendments to it, each as a motion of the minutes. */
  readonly amendments: readonly MinutesMotion[];
}

export interface MinutesItem {
  readonly id: string;
  readonly kind: AgendaItemKind;
  readonly title: I18nText;
  readonly proposer: string;
  readonly motion: MinutesMotion | null;
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
  const itemOf = (i: (typeof v.agendaItems)[number]): MinutesItem => ({
    id: i.id,
    kind: i.kind,
    title: i.title,
    proposer: i.proposer,
    motion: i.motion === null ? null : minutesMotion(state, i.motion),
    speakers: m.speakers
      .filter(
        (s) =>
          s.item === i.id && (s.status === "spoke" || s.status === "speaking"),
      )
      .map((s) => ({ member: s.member, side: s.side })),
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
    items: v.agendaItems.map(itemOf),
    notTaken: v.proposedItems.map(itemOf),
  };
}
