/**
 * @module A meeting as readers see it (`kenges state --json`, the hub, the phone's meeting
 * page): the agenda in order, who is present, the quorum of those present counted with the
 * body's rules, and each item's speakers' list. Derived from the state, so not hashed.
 */
import type { CausalIndex } from "../fold/causal-index.js";
import type { FoldState } from "../fold/state.js";
import type { CausalView } from "../member/authority.js";
import { votersIn } from "../seat/authority.js";
import type {
  AgendaItemRecord,
  MeetingRecord,
  SpeakerRecord,
} from "./model.js";
import { requiredPresent } from "./quorum.js";

/** The speakers' list of one item. */
export interface SpeakersView {
  readonly item: string;
  /** Who has the floor now. */
  readonly speaking: SpeakerRecord | null;
  /**
   * When the speaker's time runs out (ms, the floor-given's claimed time plus the meeting's
   * speaking time), for clients to count down; null with no speaker or no speaking time. A
   * display only: nothing in the fold reads a clock.
   */
  readonly speakingUntil: number | null;
  /** The queue: points of order first, then pro and contra in the order asked. */
  readonly queue: readonly SpeakerRecord[];
  readonly spoke: readonly SpeakerRecord[];
}

/** Quorum of those present, with the body's rules. */
export interface MeetingQuorum {
  /** Those present who may vote in the body (members; at a council, seated delegates). */
  readonly present: number;
  /** Everyone who may vote in the body. */
  readonly voters: number;
  readonly quorumPercent: number;
  /** The fewest present voters that make a quorum. */
  readonly required: number;
  readonly met: boolean;
}

export interface MeetingView extends Omit<MeetingRecord, "items" | "speakers"> {
  /** Items on the agenda, in the chair's order. */
  readonly agendaItems: readonly AgendaItemRecord[];
  /** Items proposed but not (yet) on the agenda, in the order proposed. */
  readonly proposedItems: readonly AgendaItemRecord[];
  readonly quorum: MeetingQuorum;
  readonly speakers: readonly SpeakersView[];
}

/** The waiting requests of an item in queue order: points of order first, else as asked. */
export function speakersQueue(
  speakers: readonly SpeakerRecord[],
  item: string,
): SpeakerRecord[] {
  const waiting = speakers.filter(
    (s) => s.item === item && s.status === "waiting",
  );
  return [
    ...waiting.filter((s) => s.side === "point-of-order"),
    ...waiting.filter((s) => s.side !== "point-of-order"),
  ];
}

/** The fold's present, seeing everything held. */
export function presentView(state: FoldState, index: CausalIndex): CausalView {
  return {
    state,
    knows: () => true,
    precedes: (x, y) => index.precedes(x, y),
    sees: () => true,
    canSee: () => true,
  };
}

/** One meeting as readers see it. */
export function meetingView(
  state: FoldState,
  index: CausalIndex,
  m: MeetingRecord,
): MeetingView {
  const view = presentView(state, index);
  const voters = new Set(votersIn(view, m.body));
  const present = m.present.filter((x) => voters.has(x)).length;
  const quorumPercent = state.bodies.get(m.body)?.rules.quorumPercent ?? 0;
  const required = requiredPresent(voters.size, quorumPercent);
  const byId = new Map(m.items.map((i) => [i.id, i]));
  const onAgenda = new Set(m.agenda);
  const itemIds = [
    ...m.agenda,
    ...m.items.filter((i) => !onAgenda.has(i.id)).map((i) => i.id),
  ];
  const { items: _items, speakers, ...rest } = m;
  return {
    ...rest,
    agendaItems: m.agenda.map((id) => byId.get(id)!),
    proposedItems: m.items.filter((i) => !onAgenda.has(i.id)),
    quorum: {
      present,
      voters: voters.size,
      quorumPercent,
      required,
      met: present >= required,
    },
    speakers: itemIds.map((item) => {
      const speaking =
        speakers.find((s) => s.item === item && s.status === "speaking") ??
        null;
      return {
        item,
        speaking,
        speakingUntil:
          speaking?.floorAt === undefined || m.speakingSeconds === undefined
            ? null
            : speaking.floorAt + m.speakingSeconds * 1000,
        queue: speakersQueue(speakers, item),
        spoke: speakers.filter((s) => s.item === item && s.status === "spoke"),
      };
    }),
  };
}

/** Every meeting of the scopes given (default: all), newest first. */
export function meetingViews(
  state: FoldState,
  index: CausalIndex,
  scopes?: ReadonlySet<string>,
): MeetingView[] {
  return [...state.meetings.values()]
    .filter((m) => scopes === undefined || scopes.has(m.body))
    .sort((a, b) => b.convenedAt - a.convenedAt || (a.id < b.id ? -1 : 1))
    .map((m) => meetingView(state, index, m));
}
