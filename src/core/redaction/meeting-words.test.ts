/**
 * Redaction reaches a meeting's words: an agenda item's title (any member proposes items, so
 * an informer's words can sit there), the meeting's place, title and time, and the words of a
 * members' demand for a meeting (copied into the meeting it convenes). The meeting and its items
 * stand — ordered, opened, spoken to — and a replica that held the words folds to the same
 * state as one that never saw them; the fold's records hold them no longer.
 */
import { describe, expect, it } from "vitest";
import type { CanonicalValue } from "../../crypto/index.js";
import { decodeCanonical } from "../../crypto/index.js";
import { type SignedEvent, withoutPayload } from "../event/signed-event.js";
import { EVENT_HANDLERS } from "../event-handlers.js";
import { FoldEngine } from "../fold/fold.js";
import {
  deliverOneByOne,
  idOf,
  replicaOf,
  replicasAgree,
  TestFederation,
} from "../testing.js";
import { keptPartOf } from "./kept-part.js";

const ADDRESS = "flat of Aigul Sadykova, 14 Abai street";
const ITEM = "Expose Bekzat Omarov, who lives at 3 Dostyk lane";

/** Every replica kind agrees, and so does one whose copy lost the redacted payloads. */
function expectAgreement(
  events: readonly SignedEvent[],
  redacted: readonly string[],
): FoldEngine {
  const { reference, disagreements } = replicasAgree(events);
  expect(disagreements).toEqual([]);
  const stripped = replicaOf(
    events.map((e) => (redacted.includes(e.id) ? withoutPayload(e) : e)),
  );
  expect(stripped.stateHash()).toBe(reference.stateHash());
  return reference;
}

/** The state's tables as text: what a saved image of the fold or a view could ever show. */
function stateText(fold: FoldEngine): string {
  return JSON.stringify([...fold.snapshots().values()]);
}

function payloadOf(e: SignedEvent): CanonicalValue {
  const d = decodeCanonical(e.payloadBytes!);
  if (!d.ok) throw new Error("undecodable payload");
  return d.value;
}

function hall(redaction: "chairs" | "vote" = "chairs") {
  const t = new TestFederation({ label: "meeting-words" });
  const chair = t.founders[0]!;
  const b = t.createBody(chair, {
    rules: {
      admission: { method: "endorsements", endorsements: 1 },
      quorumPercent: 25,
      redaction,
    },
  });
  const [ana, informer] = [t.key("ana"), t.key("informer")];
  for (const k of [ana, informer]) t.admit(b, k, [chair]);
  return { t, chair, b, ana, informer };
}

describe("redacting a meeting's words", () => {
  it("an informer's agenda item loses its title; the item stays on the agenda and opens", () => {
    const { t, chair, b, informer } = hall();
    const meeting = t.sign(chair, b, "meeting.convened", {
      title: { en: "Shift assembly" },
      when: "Tuesday",
      place: "the yard",
    });
    const item = t.sign(informer, b, "meeting.item-proposed", {
      meeting: meeting.id,
      kind: "point",
      title: { en: ITEM, ru: ITEM },
    });
    t.sign(chair, b, "meeting.agenda-set", {
      meeting: meeting.id,
      items: [item.id],
    });
    const keep = keptPartOf("meeting.item-proposed", payloadOf(item));
    expect(keep).toEqual({ meeting: meeting.id, kind: "point" });
    // Incrementally: the words were in the records, and go at once.
    expect(stateText(t.fold)).toContain("Dostyk");
    const gone = t.sign(chair, b, "event.redacted", {
      event: item.id,
      keep: keep!,
    });
    expect(t.fold.invalidReason(gone.id)).toBeNull();
    expect(stateText(t.fold)).not.toContain("Dostyk");
    const opened = t.sign(chair, b, "meeting.item-opened", {
      meeting: meeting.id,
      item: item.id,
    });
    const fold = expectAgreement(t.events, [item.id]);
    expect(fold.invalidReason(opened.id)).toBeNull();
    const m = fold.state.meetings.get(meeting.id)!;
    expect(m.agenda).toEqual([item.id]);
    expect(m.current).toBe(item.id);
    expect(m.items[0]).toMatchObject({
      id: item.id,
      title: {},
      redacted: true,
    });
    expect(fold.state.redactions.has(item.id)).toBe(true);
    expect(stateText(fold)).not.toContain("Dostyk");
    // Delivered in any order, one by one, the words never outlive the redaction.
    const shuffled = new FoldEngine(EVENT_HANDLERS);
    deliverOneByOne(shuffled, [...t.events].reverse());
    expect(shuffled.stateHash()).toBe(fold.stateHash());
    expect(stateText(shuffled)).not.toContain("Dostyk");
  });

  it("the proposer may take back their own item; another member may not", () => {
    const { t, chair, b, ana, informer } = hall();
    const meeting = t.sign(chair, b, "meeting.convened", {
      title: { en: "Shift assembly" },
      when: "",
      place: "",
    });
    const item = t.sign(informer, b, "meeting.item-proposed", {
      meeting: meeting.id,
      kind: "report",
      title: { en: ITEM },
    });
    const keep = keptPartOf("meeting.item-proposed", payloadOf(item))!;
    const byOther = t.sign(ana, b, "event.redacted", { event: item.id, keep });
    const own = t.sign(informer, b, "event.redacted", { event: item.id, keep });
    const fold = expectAgreement(t.events, [item.id]);
    expect(fold.invalidReason(byOther.id)?.code).toBe("NOT_A_CHAIR");
    expect(fold.invalidReason(own.id)).toBeNull();
  });

  it("a redaction cannot change what the item keeps (its kind)", () => {
    const { t, chair, b, informer } = hall();
    const meeting = t.sign(chair, b, "meeting.convened", {
      title: { en: "Shift assembly" },
      when: "",
      place: "",
    });
    const item = t.sign(informer, b, "meeting.item-proposed", {
      meeting: meeting.id,
      kind: "point",
      title: { en: ITEM },
    });
    const bad = t.sign(chair, b, "event.redacted", {
      event: item.id,
      keep: { meeting: meeting.id, kind: "election" },
    });
    const fold = replicaOf(t.events);
    expect(fold.invalidReason(bad.id)?.code).toBe("REDACTION_KEEP_MISMATCH");
    expect(fold.state.meetings.get(meeting.id)!.items[0]!.kind).toBe("point");
  });

  it("a meeting's place, title and time go; the door, attendance and its close stay", () => {
    const { t, chair, b, ana } = hall();
    const meeting = t.sign(chair, b, "meeting.convened", {
      title: { en: "Meeting at Aigul's" },
      when: "Friday 19:00",
      place: ADDRESS,
      speakingSeconds: 120,
    });
    t.sign(chair, b, "meeting.checked-in", {
      meeting: meeting.id,
      member: idOf(ana),
    });
    const keep = keptPartOf("meeting.convened", payloadOf(meeting));
    expect(keep).toEqual({ speakingSeconds: 120 });
    expect(stateText(t.fold)).toContain("Abai");
    const gone = t.sign(chair, b, "event.redacted", {
      event: meeting.id,
      keep: keep!,
    });
    expect(t.fold.invalidReason(gone.id)).toBeNull();
    expect(stateText(t.fold)).not.toContain("Abai");
    const closed = t.sign(chair, b, "meeting.closed", { meeting: meeting.id });
    const fold = expectAgreement(t.events, [meeting.id]);
    expect(fold.invalidReason(closed.id)).toBeNull();
    expect(fold.state.meetings.get(meeting.id)).toMatchObject({
      title: {},
      when: "",
      place: "",
      redacted: true,
      speakingSeconds: 120,
      status: "closed",
      everPresent: [idOf(ana)],
    });
    expect(stateText(fold)).not.toContain("Abai");
    expect(stateText(fold)).not.toContain("Aigul");
  });

  it("a members' demand for a meeting loses its words, and so does the meeting it convened", () => {
    const { t, chair, b, informer } = hall();
    const demand = t.sign(informer, b, "meeting.demanded", {
      title: { en: "Meet now" },
      when: "tonight",
      place: ADDRESS,
    });
    // Four voters, a quarter convenes: the demander alone convened it.
    expect(t.fold.state.meetings.get(demand.id)?.place).toBe(ADDRESS);
    expect(keptPartOf("meeting.demanded", payloadOf(demand))).toBeUndefined();
    const gone = t.sign(chair, b, "event.redacted", { event: demand.id });
    expect(t.fold.invalidReason(gone.id)).toBeNull();
    expect(stateText(t.fold)).not.toContain("Abai");
    const fold = expectAgreement(t.events, [demand.id]);
    expect(fold.state.meetings.get(demand.id)).toMatchObject({
      place: "",
      redacted: true,
      status: "open",
    });
    expect(fold.state.meetingDemands.get(demand.id)).toMatchObject({
      place: "",
      redacted: true,
      convened: true,
    });
    expect(stateText(fold)).not.toContain("Abai");
  });

  it("where the rules say a vote redacts, an adopted redaction motion takes an item's title; a chair alone cannot", () => {
    const { t, chair, b, ana, informer } = hall("vote");
    const meeting = t.sign(chair, b, "meeting.convened", {
      title: { en: "Shift assembly" },
      when: "",
      place: "",
    });
    const item = t.sign(informer, b, "meeting.item-proposed", {
      meeting: meeting.id,
      kind: "point",
      title: { en: ITEM },
    });
    const keep = keptPartOf("meeting.item-proposed", payloadOf(item))!;
    const byChair = t.sign(chair, b, "event.redacted", {
      event: item.id,
      keep,
    });
    const vote = t.openMotion(chair, b, {
      kind: "redaction",
      subject: { kind: "redaction", event: item.id, keep },
    });
    for (const k of [chair, ana]) t.vote(k, vote);
    t.close(chair, vote);
    const fold = expectAgreement(t.events, [item.id]);
    expect(fold.invalidReason(byChair.id)?.code).toBe("REDACTION_BY_VOTE_ONLY");
    expect(fold.state.meetings.get(meeting.id)!.items[0]).toMatchObject({
      id: item.id,
      redacted: true,
    });
    expect(stateText(fold)).not.toContain("Dostyk");
  });
});
