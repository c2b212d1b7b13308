/**
 * A meeting of an assembly: convened by the chair, an agenda proposed and ordered, check-in by
 * the chair or with the door's pass, quorum of those present (checked against a hand count),
 * the speakers' list with a point of order jumping the queue, and the close — every replica,
 * partial or full, in any delivery order, agreeing.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { deriveKeyPair } from "../../crypto/index.js";
import type { SignedEvent } from "../event/signed-event.js";
import { EVENT_HANDLERS } from "../event-handlers.js";
import { FoldEngine } from "../fold/fold.js";
import {
  deliverOneByOne,
  idOf,
  replicaOf,
  replicasAgree,
  TestFederation,
} from "../testing.js";
import { signMeetingPass } from "./door.js";
import { meetingMinutes } from "./minutes.js";
import { meetingView } from "./view.js";

const door = deriveKeyPair("meeting-door", 0);

/** An assembly of five (the chair and four), quorum 50 %: three present make a quorum. */
function hall() {
  const t = new TestFederation();
  const chair = t.founders[0]!;
  const b = t.createBody(chair, {
    rules: {
      admission: { method: "endorsements", endorsements: 1 },
      quorumPercent: 50,
    },
  });
  const [ana, bek, cem, dana] = ["ana", "bek", "cem", "dana"].map((l) =>
    t.key(l),
  ) as [
    ReturnType<typeof t.key>,
    ReturnType<typeof t.key>,
    ReturnType<typeof t.key>,
    ReturnType<typeof t.key>,
  ];
  for (const k of [ana, bek, cem, dana]) t.admit(b, k, [chair]);
  const outsider = t.key("outsider");
  const meeting = t.sign(chair, b, "meeting.convened", {
    title: { en: "Shift assembly", ur: "شفٹ اسمبلی" },
    when: "Tuesday after the night shift",
    place: "the yard",
    door: idOf(door),
  }).id;
  return { t, chair, b, ana, bek, cem, dana, outsider, meeting };
}

function view(t: TestFederation, meeting: string) {
  return meetingView(
    t.fold.state,
    t.fold.index,
    t.fold.state.meetings.get(meeting)!,
  );
}

const code = (t: TestFederation, e: SignedEvent) =>
  t.fold.invalidReason(e.id)?.code ?? null;

describe("a meeting", () => {
  it("is convened by a chair only", () => {
    const { t, b, ana, meeting } = hall();
    const byMember = t.sign(ana, b, "meeting.convened", {
      title: { en: "Mine" },
      when: "",
      place: "",
    });
    expect(code(t, byMember)).toBe("NOT_A_CHAIR");
    const m = view(t, meeting);
    expect(m).toMatchObject({
      status: "open",
      when: "Tuesday after the night shift",
      place: "the yard",
      door: idOf(door),
    });
  });

  it("has an agenda: the chair's items go on it, members' wait, the chair orders them", () => {
    const { t, chair, b, ana, meeting } = hall();
    const report = t.sign(chair, b, "meeting.item-proposed", {
      meeting,
      kind: "report",
      title: { en: "The delegate reports" },
    }).id;
    const motion = t.openMotion(ana, b);
    const fromAna = t.sign(ana, b, "meeting.item-proposed", {
      meeting,
      kind: "motion",
      title: { en: "Night-shift pay" },
      motion,
    }).id;
    expect(view(t, meeting).agendaItems.map((i) => i.id)).toEqual([report]);
    expect(view(t, meeting).proposedItems.map((i) => i.id)).toEqual([fromAna]);
    const byAna = t.sign(ana, b, "meeting.agenda-set", {
      meeting,
      items: [fromAna, report],
    });
    expect(code(t, byAna)).toBe("NOT_A_CHAIR");
    const twice = t.sign(chair, b, "meeting.agenda-set", {
      meeting,
      items: [report, report],
    });
    expect(code(t, twice)).toBe("AGENDA_INVALID");
    const unknown = t.sign(chair, b, "meeting.agenda-set", {
      meeting,
      items: [motion],
    });
    expect(code(t, unknown)).toBe("AGENDA_ITEM_NOT_FOUND");
    const badMotion = t.sign(ana, b, "meeting.item-proposed", {
      meeting,
      kind: "motion",
      title: { en: "No such motion" },
      motion: meeting,
    });
    expect(code(t, badMotion)).toBe("MOTION_NOT_FOUND");
    t.sign(chair, b, "meeting.agenda-set", {
      meeting,
      items: [fromAna, report],
    });
    const m = view(t, meeting);
    expect(m.agendaItems.map((i) => i.id)).toEqual([fromAna, report]);
    expect(m.agendaItems[0]).toMatchObject({
      kind: "motion",
      motion,
      proposer: idOf(ana),
    });
    expect(m.proposedItems).toEqual([]);
  });

  it("counts a quorum of those present (hand count: 5 voters at 50 % need 3)", () => {
    const { t, chair, b, ana, bek, cem, outsider, meeting } = hall();
    t.sign(chair, b, "meeting.checked-in", { meeting, member: idOf(chair) });
    t.sign(chair, b, "meeting.checked-in", { meeting, member: idOf(ana) });
    expect(view(t, meeting).quorum).toEqual({
      present: 2,
      voters: 5,
      quorumPercent: 50,
      required: 3,
      met: false,
    });
    const pass = {
      window: 7,
      signature: signMeetingPass(door.secretKey, meeting, idOf(bek), 7),
    };
    const selfIn = t.sign(bek, b, "meeting.checked-in", {
      meeting,
      member: idOf(bek),
      pass,
    });
    expect(code(t, selfIn)).toBeNull();
    expect(view(t, meeting).quorum).toMatchObject({ present: 3, met: true });
    const again = t.sign(chair, b, "meeting.checked-in", {
      meeting,
      member: idOf(ana),
    });
    expect(code(t, again)).toBe("ALREADY_PRESENT");
    const stranger = t.sign(chair, b, "meeting.checked-in", {
      meeting,
      member: idOf(outsider),
    });
    expect(code(t, stranger)).toBe("NOT_A_MEMBER");
    t.sign(bek, b, "meeting.checked-out", { meeting, member: idOf(bek) });
    const m = view(t, meeting);
    expect(m.present).toEqual([idOf(chair), idOf(ana)].sort());
    expect(m.everPresent).toEqual([idOf(chair), idOf(ana), idOf(bek)].sort());
    expect(m.quorum).toMatchObject({ present: 2, met: false });
    // The same pass again (a photo of it, kept for later) does not check him back in.
    const reused = t.sign(bek, b, "meeting.checked-in", {
      meeting,
      member: idOf(bek),
      pass,
    });
    expect(code(t, reused)).toBe("MEETING_PASS_INVALID");
    const absent = t.sign(cem, b, "meeting.checked-out", {
      meeting,
      member: idOf(cem),
    });
    expect(code(t, absent)).toBe("NOT_PRESENT");
    const forChair = t.sign(cem, b, "meeting.checked-out", {
      meeting,
      member: idOf(ana),
    });
    expect(code(t, forChair)).toBe("NOT_A_CHAIR");
  });

  it("lets a member in only with the door's pass for that member", () => {
    const { t, b, ana, bek, meeting } = hall();
    const none = t.sign(ana, b, "meeting.checked-in", {
      meeting,
      member: idOf(ana),
    });
    const forBek = {
      window: 3,
      signature: signMeetingPass(door.secretKey, meeting, idOf(bek), 3),
    };
    const borrowed = t.sign(ana, b, "meeting.checked-in", {
      meeting,
      member: idOf(ana),
      pass: forBek,
    });
    const forged = t.sign(ana, b, "meeting.checked-in", {
      meeting,
      member: idOf(ana),
      pass: {
        window: 3,
        signature: signMeetingPass(ana.secretKey, meeting, idOf(ana), 3),
      },
    });
    const other = t.sign(ana, b, "meeting.checked-in", {
      meeting,
      member: idOf(bek),
      pass: forBek,
    });
    expect([none, borrowed, forged].map((e) => code(t, e))).toEqual([
      "MEETING_PASS_INVALID",
      "MEETING_PASS_INVALID",
      "MEETING_PASS_INVALID",
    ]);
    expect(code(t, other)).toBe("NOT_A_CHAIR");
    expect(view(t, meeting).present).toEqual([]);
  });

  it("keeps a speakers' list: a point of order first, the chair gives the floor, the list moves on", () => {
    const { t, chair, b, ana, bek, cem, dana, meeting } = hall();
    const item = t.sign(chair, b, "meeting.item-proposed", {
      meeting,
      kind: "point",
      title: { en: "The canteen" },
    }).id;
    t.sign(chair, b, "meeting.item-opened", { meeting, item });
    for (const k of [ana, bek, cem])
      t.sign(chair, b, "meeting.checked-in", { meeting, member: idOf(k) });
    const absent = t.sign(dana, b, "meeting.speaker-requested", {
      meeting,
      item,
      side: "pro",
    });
    expect(code(t, absent)).toBe("NOT_PRESENT");
    const pro = t.sign(ana, b, "meeting.speaker-requested", {
      meeting,
      item,
      side: "pro",
    }).id;
    const contra = t.sign(bek, b, "meeting.speaker-requested", {
      meeting,
      item,
      side: "contra",
    }).id;
    const order = t.sign(cem, b, "meeting.speaker-requested", {
      meeting,
      item,
      side: "point-of-order",
    }).id;
    let list = view(t, meeting).speakers.find((s) => s.item === item)!;
    expect(list.queue.map((s) => s.id)).toEqual([order, pro, contra]);
    expect(view(t, meeting).current).toBe(item);
    const byMember = t.sign(ana, b, "meeting.floor-given", {
      meeting,
      request: pro,
    });
    expect(code(t, byMember)).toBe("NOT_A_CHAIR");
    t.sign(chair, b, "meeting.floor-given", { meeting, request: order });
    const notYours = t.sign(cem, b, "meeting.speaker-withdrawn", {
      meeting,
      request: contra,
    });
    expect(code(t, notYours)).toBe("NOT_THE_SPEAKER");
    t.sign(chair, b, "meeting.floor-given", { meeting, request: pro });
    const twice = t.sign(chair, b, "meeting.floor-given", {
      meeting,
      request: pro,
    });
    expect(code(t, twice)).toBe("SPEAKER_NOT_WAITING");
    t.sign(bek, b, "meeting.speaker-withdrawn", { meeting, request: contra });
    list = view(t, meeting).speakers.find((s) => s.item === item)!;
    expect(list.speaking).toMatchObject({
      id: pro,
      member: idOf(ana),
      side: "pro",
    });
    expect(list.spoke.map((s) => s.id)).toEqual([order]);
    expect(list.queue).toEqual([]);
    t.sign(chair, b, "meeting.closed", { meeting });
    const late = t.sign(chair, b, "meeting.checked-in", {
      meeting,
      member: idOf(dana),
    });
    expect(code(t, late)).toBe("MEETING_CLOSED");
    const m = view(t, meeting);
    expect(m.status).toBe("closed");
    expect(m.speakers[0]!.spoke.map((s) => s.id)).toEqual([order, pro]);
  });
});

/** A meeting with concurrency: two chairs' devices offline, members speaking meanwhile. */
function busyMeeting(): readonly SignedEvent[] {
  const { t, chair, b, ana, bek, cem, meeting } = hall();
  const deputy = t.key("deputy");
  const items = ["Pay", "Canteen", "Safety"].map(
    (title) =>
      t.sign(chair, b, "meeting.item-proposed", {
        meeting,
        kind: "point",
        title: { en: title },
      }).id,
  );
  const fromAna = t.sign(ana, b, "meeting.item-proposed", {
    meeting,
    kind: "report",
    title: { en: "Report" },
  }).id;
  for (const k of [chair, ana, bek, cem])
    t.sign(chair, b, "meeting.checked-in", { meeting, member: idOf(k) });
  t.sign(chair, b, "meeting.item-opened", { meeting, item: items[0]! });
  // Detached: the chair reorders and checks someone out while members ask to speak.
  t.sign(
    chair,
    b,
    "meeting.agenda-set",
    { meeting, items: [fromAna, ...items] },
    { detached: true },
  );
  t.sign(
    chair,
    b,
    "meeting.checked-out",
    { meeting, member: idOf(bek) },
    { detached: true },
  );
  const r1 = t.sign(bek, b, "meeting.speaker-requested", {
    meeting,
    item: items[0]!,
    side: "contra",
  }).id;
  t.sign(ana, b, "meeting.speaker-requested", {
    meeting,
    item: items[0]!,
    side: "pro",
  });
  t.sign(cem, b, "meeting.speaker-requested", {
    meeting,
    item: items[0]!,
    side: "point-of-order",
  });
  t.sign(
    bek,
    b,
    "meeting.speaker-withdrawn",
    { meeting, request: r1 },
    { detached: true },
  );
  t.sign(chair, b, "meeting.floor-given", { meeting, request: r1 });
  void deputy;
  t.deliver(t.events);
  // The pay item takes up a motion, amended; the meeting votes on both.
  const motion = t.openMotion(ana, b);
  const amendment = t.sign(ana, b, "motion.opened", {
    kind: "amendment",
    title: { en: "Amendment" },
    text: { en: "We resolve to act at once." },
    amends: motion,
  }).id;
  const payItem = t.sign(chair, b, "meeting.item-proposed", {
    meeting,
    kind: "motion",
    title: { en: "Night-shift pay" },
    motion,
  }).id;
  t.sign(chair, b, "meeting.item-opened", { meeting, item: payItem });
  for (const k of [chair, ana, cem]) t.vote(k, amendment, { vote: "no" });
  t.close(chair, amendment);
  for (const k of [chair, ana]) t.vote(k, motion, { vote: "yes" });
  t.vote(cem, motion, { vote: "no" });
  t.close(chair, motion);
  t.sign(chair, b, "meeting.closed", { meeting });
  return t.events;
}

describe("the meeting's fold", () => {
  it("agrees across partial and full replicas, and concurrent events all count", () => {
    const events = busyMeeting();
    const { reference, disagreements } = replicasAgree(events);
    expect(disagreements).toEqual([]);
    const m = [...reference.state.meetings.values()][0]!;
    expect(m.status).toBe("closed");
    expect(m.agenda).toHaveLength(5);
    expect(m.present).toHaveLength(3);
    // The minutes, checked against a hand count: the amendment 0 yes / 3 no, the motion
    // 2 yes / 1 no, both with 3 of 5 present (quorum 50 %: 3).
    const minutes = meetingMinutes(reference.state, reference.index, m.id)!;
    expect(minutes.status).toBe("closed");
    expect(minutes.present).toHaveLength(4);
    expect(minutes.presentAtEnd).toHaveLength(3);
    const pay = minutes.items.find((i) => i.motion !== null)!;
    expect(pay.motion).toMatchObject({ outcome: "adopted", status: "decided" });
    expect(pay.motion!.result).toMatchObject({
      kind: "decision",
      decision: { yes: 2, no: 1, abstain: 0, present: 3 },
    });
    expect(pay.motion!.amendments).toHaveLength(1);
    expect(pay.motion!.amendments[0]).toMatchObject({ outcome: "rejected" });
    expect(pay.motion!.amendments[0]!.result).toMatchObject({
      decision: { yes: 0, no: 3 },
    });
    const first = minutes.items.find((i) => i.id === m.agenda[1])!;
    // Bek asked to speak (contra); the chair gave him the floor while he withdrew: he spoke.
    expect(first.speakers).toHaveLength(1);
    expect(first.speakers[0]!.side).toBe("contra");
  });

  it("gives the same state hash, meeting and minutes in any delivery order (property)", () => {
    const events = busyMeeting();
    const reference = replicaOf(events);
    const hash = reference.stateHash();
    const snapshot = JSON.stringify(
      meetingView(
        reference.state,
        reference.index,
        [...reference.state.meetings.values()][0]!,
      ),
    );
    fc.assert(
      fc.property(fc.integer(), (seed) => {
        const shuffled = fc.sample(
          fc.shuffledSubarray([...events], { minLength: events.length }),
          {
            seed,
            numRuns: 1,
          },
        )[0]!;
        const fold = new FoldEngine(EVENT_HANDLERS);
        deliverOneByOne(fold, shuffled);
        expect(fold.stateHash()).toBe(hash);
        const m = [...fold.state.meetings.values()][0]!;
        expect(JSON.stringify(meetingView(fold.state, fold.index, m))).toBe(
          snapshot,
        );
      }),
      { numRuns: 15 },
    );
  });
});
