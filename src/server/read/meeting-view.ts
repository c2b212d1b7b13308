/**
 * @module A meeting as the phone's meeting page and the projector show it, for a meeting of a
 * body the viewer reads (any other is MEETING_NOT_FOUND, exactly as one that does not exist):
 * the agenda in the chair's order and the items still waiting for a place, who is present and
 * the quorum of those present, each item's speakers' list (points of order first), and what
 * the viewer may do. The page stays live through the live feed: a `changed` message naming
 * the meeting's body means "fetch again".
 */
import type {
  MeetingDemandSummary,
  MeetingSummary,
  MeetingView,
} from "../../api/index.js";
import {
  type AgendaItemRecord,
  isMeetingChairIn,
  type MeetingRecord,
  meetingDemandRule,
  meetingDemandViews,
  meetingView,
  type SpeakerRecord,
} from "../../core/index.js";
import type { Hub } from "../hub.js";
import { HubError } from "../hub-error.js";
import { JsonAnswer, jsonWith } from "../json-answer.js";
import { mayShowDoor } from "../write/meeting-door.js";
import { nameIn } from "./body-summary.js";
import { canRead, presentView, type Viewer } from "./viewer.js";

/** The meeting a viewer reads, or MEETING_NOT_FOUND — the same answer for one that does not exist. */
function readableMeeting(hub: Hub, viewer: Viewer, id: string): MeetingRecord {
  const m = hub.replica.fold.state.meetings.get(id);
  if (m === undefined || !canRead(viewer, m.body))
    throw new HubError("MEETING_NOT_FOUND", { meeting: id });
  return m;
}

function summaryOf(
  m: MeetingRecord,
  v: ReturnType<typeof meetingView>,
): MeetingSummary {
  return {
    id: m.id,
    body: m.body,
    title: m.title,
    when: m.when,
    place: m.place,
    status: m.status,
    convenedAt: m.convenedAt,
    closedAt: m.closedAt,
    quorum: v.quorum,
    ...(m.redacted ? { redacted: true as const } : {}),
  };
}

/** The meetings of a body the viewer reads, newest first (else BODY_NOT_FOUND). */
export function meetingList(
  hub: Hub,
  viewer: Viewer,
  body: string,
): MeetingSummary[] {
  const state = hub.replica.fold.state;
  if (state.bodies.get(body) === undefined || !canRead(viewer, body))
    throw new HubError("BODY_NOT_FOUND", { body });
  return [...state.meetings.values()]
    .filter((m) => m.body === body)
    .sort((a, b) => b.convenedAt - a.convenedAt || (a.id < b.id ? -1 : 1))
    .map((m) => summaryOf(m, meetingView(state, hub.replica.fold.index, m)));
}

/** The demands for a meeting of a body the viewer reads that are not yet convened, newest first. */
export function meetingDemandList(
  hub: Hub,
  viewer: Viewer,
  body: string,
): MeetingDemandSummary[] {
  const state = hub.replica.fold.state;
  if (state.bodies.get(body) === undefined || !canRead(viewer, body))
    throw new HubError("BODY_NOT_FOUND", { body });
  return meetingDemandViews(state, hub.replica.fold.index, {
    scopes: new Set([body]),
    pending: true,
  }).map((d) => ({
    id: d.id,
    body: d.body,
    title: d.title,
    when: d.when,
    place: d.place,
    demandedBy: nameIn(state, body, d.demandedBy),
    demandedAt: d.demandedAt,
    joined: d.joined,
    needed: d.needed,
    percent: d.percent,
    signedByViewer: d.signers.some((m) => viewer.members.has(m)),
    ...(d.redacted ? { redacted: true as const } : {}),
  }));
}

/** The body's rule for a new demand now (BODY_NOT_FOUND is meetingDemandList's to throw). */
export function demandRuleOf(
  hub: Hub,
  body: string,
): { percent: number; needed: number } {
  const fold = hub.replica.fold;
  const { percent, needed } = meetingDemandRule(fold.state, fold.index, body);
  return { percent, needed };
}

/**
 * One meeting with its agenda, attendance and speakers' lists (`meetingViewSchema`), as JSON:
 * a hall of phones reads one meeting at once after every change, so everything but the
 * viewer's part is built and written once per fold size for all of them.
 */
export function meetingOne(hub: Hub, viewer: Viewer, id: string): JsonAnswer {
  const m = readableMeeting(hub, viewer, id);
  const fold = hub.replica.fold;
  const shared = hub.memo(`meeting ${id}`, () =>
    JSON.stringify(sharedMeetingView(hub, m)),
  );
  const mine = (member: string) => viewer.members.has(member);
  const view = presentView(fold, viewer);
  const viewerPart: MeetingView["viewer"] = {
    present: m.present.some(mine),
    chairs: [...viewer.members].some((x) =>
      isMeetingChairIn(view, m.body, m.id, x),
    ),
    waiting: m.speakers
      .filter((s) => s.status === "waiting" && mine(s.member))
      .map((s) => s.id),
    showsDoor: mayShowDoor(view, m, viewer.members),
  };
  return new JsonAnswer(
    jsonWith(shared, { viewer: JSON.stringify(viewerPart) }),
  );
}

/** The meeting as every reader of its body sees it: all of the view but the viewer's part. */
function sharedMeetingView(
  hub: Hub,
  m: MeetingRecord,
): Omit<MeetingView, "viewer"> {
  const fold = hub.replica.fold;
  const state = fold.state;
  const v = meetingView(state, fold.index, m);
  const named = (member: string) => nameIn(state, m.body, member);
  const item = (i: AgendaItemRecord) => ({
    ...i,
    proposer: named(i.proposer),
  });
  const speaker = (s: SpeakerRecord) => ({ ...s, member: named(s.member) });
  const present = new Set(m.present);
  return {
    ...summaryOf(m, v),
    bodyName: state.bodies.get(m.body)?.name ?? {},
    convenedBy: named(m.convenedBy),
    door: m.door !== null,
    current: m.current,
    agenda: v.agendaItems.map(item),
    proposed: v.proposedItems.map(item),
    present: m.present.map((member) => {
      const bodies = m.delegatesFor[member];
      // Body ids as the council's cards name them (the cards are in the council's scope).
      return bodies === undefined
        ? named(member)
        : { ...named(member), for: [...bodies] };
    }),
    left: m.everPresent.filter((x) => !present.has(x)).map(named),
    speakers: v.speakers.map((s) => ({
      item: s.item,
      speaking: s.speaking === null ? null : speaker(s.speaking),
      speakingUntil: s.speakingUntil,
      queue: s.queue.map(speaker),
      spoke: s.spoke.map(speaker),
    })),
    chairs: m.chairs === undefined ? null : m.chairs.map(named),
    speakingSeconds: m.speakingSeconds ?? null,
    motions: [...(m.motions ?? [])],
    openVotes: (m.motions ?? []).filter(
      (x) => state.motions.get(x)?.status === "open",
    ),
    minutesAdopted: m.minutes ?? null,
  };
}
