/**
 * Votes taken in a meeting: those present at the opening are the electorate (counted by hand
 * below), frozen there for open and secret votes alike; the meeting elects its own chair, orders
 * its agenda by a vote, sets a speaking time, and adopts its minutes by their hash — every
 * replica, in any delivery order, agreeing.
 */
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import {
  generateTokenKey,
  type TokenKeyPair,
} from "../../crypto/blind-token.js";
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
import { meetingMinutes } from "./minutes.js";
import { meetingView } from "./view.js";

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
  const meeting = t.sign(chair, b, "meeting.convened", {
    title: { en: "Shift assembly" },
    when: "Tuesday",
    place: "the yard",
    speakingSeconds: 120,
  }).id;
  const checkIn = (...keys: ReturnType<typeof t.key>[]) => {
    for (const k of keys)
      t.sign(chair, b, "meeting.checked-in", { meeting, member: idOf(k) });
  };
  return { t, chair, b, ana, bek, cem, dana, meeting, checkIn };
}

const code = (t: TestFederation, e: SignedEvent | string) =>
  t.fold.invalidReason(typeof e === "string" ? e : e.id)?.code ?? null;

function view(t: TestFederation, meeting: string) {
  return meetingView(
    t.fold.state,
    t.fold.index,
    t.fold.state.meetings.get(meeting)!,
  );
}

describe("a vote in a meeting", () => {
  it("counts those present at its opening, once each (hand count: 3 present, 2 yes 1 no)", () => {
    const { t, chair, b, ana, bek, cem, dana, meeting, checkIn } = hall();
    checkIn(chair, ana, bek);
    const absentOpener = t.openMotion(dana, b, { meeting });
    expect(code(t, absentOpener)).toBe("NOT_PRESENT");
    const motion = t.openMotion(ana, b, { meeting });
    expect(code(t, motion)).toBeNull();
    expect(t.fold.state.motions.get(motion)).toMatchObject({
      meeting,
      roll: [idOf(chair), idOf(ana), idOf(bek)].sort(),
    });
    // Cem arrives after the opening: not on its roll. Dana never came.
    checkIn(cem);
    expect(code(t, t.vote(cem, motion, { vote: "yes" }))).toBe(
      "NOT_PRESENT_AT_OPENING",
    );
    expect(code(t, t.vote(dana, motion, { vote: "yes" }))).toBe(
      "NOT_PRESENT_AT_OPENING",
    );
    // Bek leaves after the opening: still on the roll. Ana votes twice: her latest counts.
    t.sign(bek, b, "meeting.checked-out", { meeting, member: idOf(bek) });
    t.vote(chair, motion, { vote: "yes" });
    t.vote(ana, motion, { vote: "no" });
    t.vote(ana, motion, { vote: "yes" });
    expect(code(t, t.vote(bek, motion, { vote: "no" }))).toBeNull();
    // A member not present cannot close it either: closing is the meeting chair's.
    const byAna = t.close(ana, motion, { result: { outcome: "adopted" } });
    expect(code(t, byAna)).toBe("NOT_A_CHAIR");
    const close = t.close(chair, motion);
    expect(code(t, close)).toBeNull();
    const m = t.fold.state.motions.get(motion)!;
    expect(m.outcome).toBe("adopted");
    // Hand count: electorate 3 (chair, Ana, Bek), 50 % quorum of 3 → 2; yes 2, no 1.
    expect(m.result).toMatchObject({
      kind: "decision",
      decision: { yes: 2, no: 1, abstain: 0, present: 3, quorumRequired: 2 },
    });
    expect(view(t, meeting).motions).toEqual([motion]);
  });

  it("needs the body's quorum of its roll at the close (hand count: 1 ballot of 3 present, 50 % needs 2)", () => {
    const { t, chair, b, ana, bek, cem, dana, meeting, checkIn } = hall();
    checkIn(chair, ana, bek);
    const motion = t.openMotion(ana, b, { meeting });
    // Cem and Dana arrive later: more in the hall, but the roll stays three.
    checkIn(cem, dana);
    t.vote(ana, motion, { vote: "yes" });
    t.close(chair, motion);
    expect(t.fold.state.motions.get(motion)).toMatchObject({
      outcome: "no-quorum",
      result: { decision: { yes: 1, present: 1, quorumRequired: 2 } },
    });
  });

  it("is not opened without a quorum of those present", () => {
    const { t, chair, b, ana, meeting, checkIn } = hall();
    checkIn(chair, ana);
    const e = t.sign(ana, b, "motion.opened", {
      kind: "resolution",
      title: { en: "Too few" },
      text: { en: "…" },
      meeting,
    });
    expect(t.fold.invalidReason(e.id)).toEqual({
      code: "MEETING_NOT_QUORATE",
      details: { meeting, present: 2, required: 3 },
    });
  });

  it("applies the body's rules to the roll: a two-thirds removal fails at 2 of 4 present", () => {
    const { t, chair, b, ana, bek, cem, dana, meeting, checkIn } = hall();
    checkIn(chair, ana, bek, cem);
    const removal = t.openMotion(ana, b, {
      kind: "removal",
      subject: { kind: "removal", member: idOf(dana) },
      meeting,
    });
    t.vote(chair, removal, { vote: "yes" });
    t.vote(ana, removal, { vote: "yes" });
    t.vote(bek, removal, { vote: "no" });
    t.vote(cem, removal, { vote: "no" });
    t.close(chair, removal);
    expect(t.fold.state.motions.get(removal)).toMatchObject({
      outcome: "rejected",
      result: { decision: { yes: 2, no: 2, present: 4, quorumRequired: 2 } },
    });
  });
});

describe("a secret vote in a meeting", () => {
  let pool: TokenKeyPair[] = [];
  beforeAll(async () => {
    pool = [await generateTokenKey(2048), await generateTokenKey(2048)];
  });

  it("freezes its roll to those present: an absent member's token request is refused", async () => {
    const { t, chair, b, ana, bek, dana, meeting, checkIn } = hall();
    const r1 = t.offerRegistrar(ana, b, pool[0]!);
    const r2 = t.offerRegistrar(bek, b, pool[1]!);
    checkIn(chair, ana, bek);
    const motion = t.openSecretMotion(chair, b, [r1, r2], { meeting });
    expect(code(t, motion)).toBeNull();
    expect(t.secretMotion(motion).roll).toEqual(
      [idOf(chair), idOf(ana), idOf(bek)].sort(),
    );
    const ticket = await t.requestTokens(dana, motion);
    expect(code(t, ticket.request!)).toBe("NOT_ON_ROLL");
    const open = t.vote(ana, motion, { vote: "yes" });
    expect(code(t, open)).toBe("SECRET_BALLOT_REQUIRED");
  });
});

describe("the meeting's chair", () => {
  it("is elected by the meeting and then chairs that meeting only", () => {
    const { t, chair, b, ana, bek, cem, meeting, checkIn } = hall();
    checkIn(chair, ana, bek);
    const outside = t.openMotion(ana, b, {
      kind: "election",
      method: "plurality",
      options: [{ label: "Ana", member: idOf(ana) }],
      subject: { kind: "election", role: "meeting-chair", meeting },
    });
    expect(code(t, outside)).toBe("MEETING_VOTE_REQUIRED");
    const election = t.openMotion(ana, b, {
      kind: "election",
      method: "plurality",
      options: [
        { label: "Ana", member: idOf(ana) },
        { label: "Bek", member: idOf(bek) },
      ],
      subject: { kind: "election", role: "meeting-chair", meeting },
      meeting,
    });
    t.vote(chair, election, { pick: 0 });
    t.vote(ana, election, { pick: 0 });
    t.vote(bek, election, { pick: 1 });
    t.close(chair, election);
    expect(t.fold.state.motions.get(election)!.outcome).toBe("elected");
    expect(view(t, meeting).chairs).toEqual([idOf(ana)]);
    const item = t.sign(chair, b, "meeting.item-proposed", {
      meeting,
      kind: "point",
      title: { en: "Canteen" },
    }).id;
    // The body's chair no longer chairs this meeting; Ana does.
    const byBodyChair = t.sign(chair, b, "meeting.item-opened", {
      meeting,
      item,
    });
    expect(code(t, byBodyChair)).toBe("NOT_A_CHAIR");
    expect(view(t, meeting).proposedItems.map((i) => i.id)).toEqual([item]);
    t.sign(ana, b, "meeting.agenda-set", { meeting, items: [item] });
    t.sign(ana, b, "meeting.item-opened", { meeting, item });
    t.sign(ana, b, "meeting.checked-in", { meeting, member: idOf(cem) });
    const req = t.sign(cem, b, "meeting.speaker-requested", {
      meeting,
      item,
      side: "pro",
    }).id;
    expect(
      code(t, t.sign(ana, b, "meeting.floor-given", { meeting, request: req })),
    ).toBeNull();
    expect(view(t, meeting)).toMatchObject({
      current: item,
      present: [idOf(chair), idOf(ana), idOf(bek), idOf(cem)].sort(),
    });
    // In another meeting of the body, Ana is no chair.
    const other = t.sign(chair, b, "meeting.convened", {
      title: { en: "Another" },
      when: "",
      place: "",
    }).id;
    const elsewhere = t.sign(ana, b, "meeting.closed", { meeting: other });
    expect(code(t, elsewhere)).toBe("NOT_A_CHAIR");
    expect(code(t, t.sign(ana, b, "meeting.closed", { meeting }))).toBeNull();
    expect(view(t, meeting).status).toBe("closed");
  });

  it("passes back to the body's chairs while the elected chair is away, so a new one can be elected", () => {
    const { t, chair, b, ana, bek, dana, meeting, checkIn } = hall();
    checkIn(chair, ana, bek);
    const elect = (
      who: ReturnType<typeof t.key>,
      closer: typeof chair,
      voters: readonly (typeof chair)[],
    ) => {
      const e = t.openMotion(bek, b, {
        kind: "election",
        method: "plurality",
        options: [{ label: "them", member: idOf(who) }],
        subject: { kind: "election", role: "meeting-chair", meeting },
        meeting,
      });
      expect(code(t, e)).toBeNull();
      for (const k of voters) t.vote(k, e, { pick: 0 });
      return t.close(closer, e);
    };
    elect(ana, chair, [chair, ana, bek]);
    expect(view(t, meeting).chairs).toEqual([idOf(ana)]);
    // Ana chairs: the body's chair may not close the meeting's votes.
    const draft = t.openMotion(bek, b, { meeting });
    t.vote(bek, draft);
    expect(code(t, t.close(chair, draft))).toBe("NOT_A_CHAIR");
    // Ana leaves the hall: the body's chair takes the meeting back, checks Dana in (three
    // present again) and closes the election of a new chair, who then chairs it alone.
    t.sign(ana, b, "meeting.checked-out", { meeting, member: idOf(ana) });
    checkIn(dana);
    expect(view(t, meeting).present).toEqual(
      [idOf(chair), idOf(bek), idOf(dana)].sort(),
    );
    expect(code(t, elect(bek, chair, [chair, bek, dana]))).toBeNull();
    expect(view(t, meeting).chairs).toEqual([idOf(bek)]);
    const byBodyChair = t.sign(chair, b, "meeting.closed", { meeting });
    expect(code(t, byBodyChair)).toBe("NOT_A_CHAIR");
    expect(code(t, t.sign(bek, b, "meeting.closed", { meeting }))).toBeNull();
  });
});

describe("the agenda, ordered by a vote", () => {
  it("takes the order the meeting adopts; a rejected order changes nothing", () => {
    const { t, chair, b, ana, bek, meeting, checkIn } = hall();
    const [x, y, z] = ["X", "Y", "Z"].map(
      (title) =>
        t.sign(chair, b, "meeting.item-proposed", {
          meeting,
          kind: "point",
          title: { en: title },
        }).id,
    ) as [string, string, string];
    checkIn(chair, ana, bek);
    const twice = t.openMotion(ana, b, {
      kind: "agenda",
      subject: { kind: "agenda", meeting, items: [x, x] },
      meeting,
    });
    expect(code(t, twice)).toBe("AGENDA_INVALID");
    const rejected = t.openMotion(ana, b, {
      kind: "agenda",
      subject: { kind: "agenda", meeting, items: [y, x, z] },
      meeting,
    });
    for (const k of [chair, ana, bek]) t.vote(k, rejected, { vote: "no" });
    t.close(chair, rejected);
    expect(view(t, meeting).agenda).toEqual([x, y, z]);
    const adopted = t.openMotion(ana, b, {
      kind: "agenda",
      subject: { kind: "agenda", meeting, items: [z, x, y] },
      meeting,
    });
    for (const k of [ana, bek]) t.vote(k, adopted, { vote: "yes" });
    t.close(chair, adopted);
    expect(view(t, meeting).agenda).toEqual([z, x, y]);
  });
});

describe("speaking time", () => {
  it("is set by the meeting's chair; the view gives the speaker's start and end", () => {
    const { t, chair, b, ana, meeting, checkIn } = hall();
    checkIn(chair, ana);
    const item = t.sign(chair, b, "meeting.item-proposed", {
      meeting,
      kind: "point",
      title: { en: "Canteen" },
    }).id;
    const byAna = t.sign(ana, b, "meeting.speaking-time-set", {
      meeting,
      seconds: 30,
    });
    expect(code(t, byAna)).toBe("NOT_A_CHAIR");
    expect(view(t, meeting).speakingSeconds).toBe(120);
    t.sign(chair, b, "meeting.speaking-time-set", { meeting, seconds: 90 });
    const req = t.sign(ana, b, "meeting.speaker-requested", {
      meeting,
      item,
      side: "pro",
    }).id;
    const at = 1_900_000_000_000;
    t.signAt(chair, b, "meeting.floor-given", { meeting, request: req }, at);
    const list = view(t, meeting).speakers.find((s) => s.item === item)!;
    expect(list.speaking).toMatchObject({ id: req, floorAt: at });
    expect(list.speakingUntil).toBe(at + 90_000);
  });
});

describe("minutes adopted by the meeting", () => {
  it("fix what was adopted: the hash matches until the minutes change", () => {
    const { t, chair, b, ana, bek, meeting, checkIn } = hall();
    checkIn(chair, ana, bek);
    const item = t.sign(chair, b, "meeting.item-proposed", {
      meeting,
      kind: "point",
      title: { en: "Canteen" },
    }).id;
    const minutes = () => meetingMinutes(t.fold.state, t.fold.index, meeting)!;
    const hash = minutes().hash;
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    const outside = t.openMotion(ana, b, {
      kind: "minutes",
      subject: { kind: "minutes", meeting, hash },
    });
    expect(code(t, outside)).toBe("MEETING_VOTE_REQUIRED");
    const adopt = t.openMotion(ana, b, {
      kind: "minutes",
      subject: { kind: "minutes", meeting, hash },
      meeting,
    });
    // The adoption is not part of what it adopts: opening it leaves the hash as it was.
    expect(minutes().hash).toBe(hash);
    for (const k of [chair, ana, bek]) t.vote(k, adopt, { vote: "yes" });
    t.close(chair, adopt);
    expect(minutes().adopted).toMatchObject({
      motion: adopt,
      hash,
      matches: true,
    });
    expect(minutes().votes.map((v) => v.id)).toEqual([adopt]);
    t.sign(ana, b, "meeting.speaker-requested", { meeting, item, side: "pro" });
    const req = t.fold.state.meetings.get(meeting)!.speakers[0]!.id;
    t.sign(chair, b, "meeting.floor-given", { meeting, request: req });
    expect(minutes().adopted).toMatchObject({ hash, matches: false });
    expect(minutes().hash).not.toBe(hash);
  });
});

describe("a vote on an agenda item", () => {
  it("records the item it decides, and the minutes show the vote under that item", () => {
    const { t, chair, b, ana, bek, meeting, checkIn } = hall();
    checkIn(chair, ana, bek);
    const [pay, canteen] = ["Pay", "Canteen"].map(
      (title) =>
        t.sign(chair, b, "meeting.item-proposed", {
          meeting,
          kind: "point",
          title: { en: title },
        }).id,
    ) as [string, string];
    t.sign(chair, b, "meeting.agenda-set", { meeting, items: [pay, canteen] });
    const minutes = () => meetingMinutes(t.fold.state, t.fold.index, meeting)!;
    // Before any vote names an item, the items have no votes field: older minutes keep their hash.
    expect(minutes().items.map((i) => "votes" in i)).toEqual([false, false]);
    const before = minutes().hash;
    const vote = t.openMotion(chair, b, { meeting, item: pay });
    expect(code(t, vote)).toBeNull();
    expect(t.fold.state.motions.get(vote)?.item).toBe(pay);
    for (const k of [chair, ana]) t.vote(k, vote, { vote: "yes" });
    t.vote(bek, vote, { vote: "no" });
    t.close(chair, vote);
    const [first, second] = minutes().items;
    expect(first?.id).toBe(pay);
    // Hand count: 3 present at the opening, yes 2, no 1.
    expect(first?.votes).toEqual([
      expect.objectContaining({
        id: vote,
        outcome: "adopted",
        electorate: 3,
        result: expect.objectContaining({
          decision: expect.objectContaining({ yes: 2, no: 1, abstain: 0 }),
        }),
      }),
    ]);
    expect(second && "votes" in second).toBe(false);
    // Still among the meeting's votes, and part of what the hash fixes.
    expect(minutes().votes.map((x) => x.id)).toEqual([vote]);
    expect(minutes().hash).not.toBe(before);
  });

  it("names an item of the meeting it is opened in, and only in a meeting", () => {
    const { t, chair, b, ana, bek, meeting, checkIn } = hall();
    checkIn(chair, ana, bek);
    const item = t.sign(chair, b, "meeting.item-proposed", {
      meeting,
      kind: "point",
      title: { en: "Pay" },
    }).id;
    const other = t.sign(chair, b, "meeting.convened", {
      title: { en: "Another day" },
      when: "",
      place: "",
    }).id;
    const elsewhere = t.sign(chair, b, "meeting.item-proposed", {
      meeting: other,
      kind: "point",
      title: { en: "Elsewhere" },
    }).id;
    const outside = t.openMotion(ana, b, { item });
    expect(t.fold.invalidReason(outside)).toEqual({
      code: "MEETING_VOTE_REQUIRED",
      details: { kind: "resolution", meeting },
    });
    const wrong = t.openMotion(ana, b, { meeting, item: elsewhere });
    expect(t.fold.invalidReason(wrong)).toEqual({
      code: "AGENDA_ITEM_NOT_FOUND",
      details: { meeting, item: elsewhere },
    });
    expect(code(t, t.openMotion(ana, b, { meeting, item }))).toBeNull();
  });
});

/** A meeting that elects its chair, reorders its agenda, votes, and adopts its minutes. */
function votingMeeting(): readonly SignedEvent[] {
  const { t, chair, b, ana, bek, cem, meeting, checkIn } = hall();
  const items = ["Pay", "Canteen"].map(
    (title) =>
      t.sign(chair, b, "meeting.item-proposed", {
        meeting,
        kind: "point",
        title: { en: title },
      }).id,
  );
  checkIn(chair, ana, bek);
  const election = t.openMotion(ana, b, {
    kind: "election",
    method: "plurality",
    options: [{ label: "Bek", member: idOf(bek) }],
    subject: { kind: "election", role: "meeting-chair", meeting },
    meeting,
  });
  for (const k of [chair, ana, bek]) t.vote(k, election, { pick: 0 });
  t.close(chair, election);
  // Detached: Cem checks in on the new chair's phone while a vote opens elsewhere.
  t.sign(
    bek,
    b,
    "meeting.checked-in",
    { meeting, member: idOf(cem) },
    { detached: true },
  );
  const order = t.openMotion(ana, b, {
    kind: "agenda",
    subject: { kind: "agenda", meeting, items: [...items].reverse() },
    meeting,
  });
  t.vote(ana, order, { vote: "yes" }, { detached: true });
  t.vote(chair, order, { vote: "yes" });
  t.deliver(t.events);
  t.vote(cem, order, { vote: "yes" });
  t.close(bek, order);
  // A vote on the first item, named by the opening: the minutes show it under that item.
  const onPay = t.openMotion(cem, b, { meeting, item: items[0]! });
  for (const k of [ana, cem]) t.vote(k, onPay, { vote: "yes" });
  t.vote(bek, onPay, { vote: "no" }, { detached: true });
  t.deliver(t.events);
  t.close(bek, onPay);
  t.sign(bek, b, "meeting.speaking-time-set", { meeting, seconds: 60 });
  const hash = meetingMinutes(t.fold.state, t.fold.index, meeting)!.hash;
  const adopt = t.openMotion(cem, b, {
    kind: "minutes",
    subject: { kind: "minutes", meeting, hash },
    meeting,
  });
  for (const k of [ana, bek, cem]) t.vote(k, adopt, { vote: "yes" });
  t.close(bek, adopt);
  t.sign(bek, b, "meeting.closed", { meeting });
  return t.events;
}

describe("the fold of a meeting's votes", () => {
  it("agrees across partial and full replicas", () => {
    const events = votingMeeting();
    const { reference, disagreements } = replicasAgree(events);
    expect(disagreements).toEqual([]);
    const m = [...reference.state.meetings.values()][0]!;
    const minutes = meetingMinutes(reference.state, reference.index, m.id)!;
    expect(minutes.chairs).toHaveLength(1);
    expect(minutes.votes).toHaveLength(4);
    // The item vote sits under its item (Pay, second after the reorder) and nowhere else.
    expect(minutes.items.map((i) => i.votes?.length ?? 0)).toEqual([0, 1]);
    expect(minutes.items[1]?.votes?.[0]).toMatchObject({
      id: minutes.votes[2]!.id,
      outcome: "adopted",
      electorate: 4,
    });
    // The agenda vote: 3 present at its opening (Cem came later), 2 yes counted.
    expect(minutes.votes[1]).toMatchObject({
      outcome: "adopted",
      electorate: 3,
      result: { decision: { yes: 2, no: 0, present: 2 } },
    });
    expect(minutes.adopted).toMatchObject({ matches: true });
    expect(m.speakingSeconds).toBe(60);
  });

  it("gives the same state hash and minutes in any delivery order (property)", () => {
    const events = votingMeeting();
    const reference = replicaOf(events);
    const hash = reference.stateHash();
    const id = [...reference.state.meetings.keys()][0]!;
    const minutes = JSON.stringify(
      meetingMinutes(reference.state, reference.index, id),
    );
    fc.assert(
      fc.property(fc.integer(), (seed) => {
        const shuffled = fc.sample(
          fc.shuffledSubarray([...events], { minLength: events.length }),
          { seed, numRuns: 1 },
        )[0]!;
        const fold = new FoldEngine(EVENT_HANDLERS);
        deliverOneByOne(fold, shuffled);
        expect(fold.stateHash()).toBe(hash);
        expect(JSON.stringify(meetingMinutes(fold.state, fold.index, id))).toBe(
          minutes,
        );
      }),
      { numRuns: 15 },
    );
  });
});
