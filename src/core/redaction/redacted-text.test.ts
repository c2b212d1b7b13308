/**
 * Redaction beyond comments: a join request's name and a motion's title and text (an
 * informer's doxxing can be anywhere). The request and the motion stand — vouched for, voted
 * on, decided — and a replica that held the text folds to the same state as one that never saw
 * it.
 */
import fc from "fast-check";
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

const DOXXING = "Aigul Sadykova, 14 Abai street, flat 9, works nights";

/** Agreement of every replica kind, and of a replica whose copy lost the redacted payloads. */
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

/** The state's tables as text: what a saved snapshot or a view could ever show. */
function stateText(fold: FoldEngine): string {
  const snaps = fold.snapshots();
  return JSON.stringify([...snaps.values()]);
}

function payloadOf(e: SignedEvent): CanonicalValue {
  const d = decodeCanonical(e.payloadBytes!);
  if (!d.ok) throw new Error("undecodable payload");
  return d.value;
}

function assembly(redaction: "chairs" | "vote" = "chairs") {
  const t = new TestFederation();
  const chair = t.founders[0]!;
  const b = t.createBody(chair, {
    rules: {
      admission: { method: "endorsements", endorsements: 1 },
      quorumPercent: 25,
      redaction,
    },
  });
  const [ana, bek] = [t.key("ana"), t.key("bek")];
  for (const k of [ana, bek]) t.admit(b, k, [chair]);
  return { t, chair, b, ana, bek };
}

describe("redacting a join request's name", () => {
  it("a chair removes it; the request can still be vouched for and admits", () => {
    const { t, chair, b, ana } = assembly();
    const informer = t.key("informer");
    const request = t.sign(informer, b, "member.join-requested", {
      name: DOXXING,
    });
    const gone = t.sign(chair, b, "event.redacted", {
      event: request.id,
      reason: "someone else's address",
    });
    const vouch = t.sign(ana, b, "member.admission-endorsed", {
      request: request.id,
    });
    const fold = expectAgreement(t.events, [request.id]);
    expect(fold.invalidReason(gone.id)).toBeNull();
    expect(fold.invalidReason(vouch.id)).toBeNull();
    expect(fold.state.joinRequests.get(request.id)).toMatchObject({
      name: "",
      redacted: true,
      status: "admitted",
    });
    expect(stateText(fold)).not.toContain("Abai");
  });

  it("the requester may remove their own name; another member may not", () => {
    const { t, b, bek } = assembly();
    const newcomer = t.key("newcomer");
    const request = t.sign(newcomer, b, "member.join-requested", {
      name: DOXXING,
    });
    const byOther = t.sign(bek, b, "event.redacted", { event: request.id });
    const own = t.sign(newcomer, b, "event.redacted", { event: request.id });
    const fold = expectAgreement(t.events, [request.id]);
    expect(fold.invalidReason(byOther.id)?.code).toBe("NOT_A_CHAIR");
    expect(fold.invalidReason(own.id)).toBeNull();
    expect(fold.state.joinRequests.get(request.id)?.redacted).toBe(true);
  });

  it("a join request keeps nothing: a redaction that claims to keep a part is refused", () => {
    const { t, chair, b } = assembly();
    const request = t.sign(t.key("x"), b, "member.join-requested", {
      name: DOXXING,
    });
    const bad = t.sign(chair, b, "event.redacted", {
      event: request.id,
      keep: { name: "Someone" },
    });
    const fold = replicaOf(t.events);
    expect(fold.invalidReason(bad.id)?.code).toBe("REDACTION_KEEP_INVALID");
    expect(fold.state.joinRequests.get(request.id)?.name).toBe(DOXXING);
  });
});

describe("redacting a motion's title and text", () => {
  it("a chair removes them; the motion keeps its ballots and its result", () => {
    const { t, chair, b, ana, bek } = assembly();
    const opened = t.sign(ana, b, "motion.opened", {
      kind: "resolution",
      title: { en: "Picket the house of the foreman" },
      text: { en: `He lives at ${DOXXING}.` },
    });
    t.vote(ana, opened.id);
    t.vote(bek, opened.id, { vote: "no" });
    t.vote(chair, opened.id);
    const gone = t.sign(chair, b, "event.redacted", {
      event: opened.id,
      keep: keptPartOf("motion.opened", payloadOf(opened))!,
    });
    const late = t.vote(bek, opened.id, { vote: "yes" });
    const close = t.close(chair, opened.id);
    const fold = expectAgreement(t.events, [opened.id]);
    expect(fold.invalidReason(gone.id)).toBeNull();
    expect(fold.invalidReason(late.id)).toBeNull();
    expect(fold.invalidReason(close.id)).toBeNull();
    const motion = fold.state.motions.get(opened.id)!;
    expect(motion).toMatchObject({
      title: {},
      text: {},
      redacted: true,
      status: "decided",
      outcome: "adopted",
    });
    expect(fold.state.ballots.get(opened.id)).toHaveLength(4);
    expect(stateText(fold)).not.toContain("Abai");
    expect(stateText(fold)).not.toContain("foreman");
  });

  it("the text goes whichever arrives first, and a refold without the payload agrees", () => {
    const { t, chair, b, ana } = assembly();
    const opened = t.sign(ana, b, "motion.opened", {
      kind: "resolution",
      title: { en: "Names" },
      text: { en: DOXXING },
    });
    const ballot = t.vote(ana, opened.id);
    // A chair who saw only the opening: the redaction is concurrent with the ballot.
    const gone = t.sign(
      chair,
      b,
      "event.redacted",
      {
        event: opened.id,
        keep: keptPartOf("motion.opened", payloadOf(opened))!,
      },
      { deps: [opened.id] },
    );
    const fold = expectAgreement(t.events, [opened.id]);
    expect(fold.invalidReason(gone.id)).toBeNull();
    expect(fold.invalidReason(ballot.id)).toBeNull();
    expect(fold.state.motions.get(opened.id)?.redacted).toBe(true);
  });

  it("its proposer may remove their own motion's words; another member may not", () => {
    const { t, b, ana, bek } = assembly();
    const opened = t.sign(ana, b, "motion.opened", {
      kind: "resolution",
      title: { en: "Oops" },
      text: { en: DOXXING },
    });
    const keep = keptPartOf("motion.opened", payloadOf(opened))!;
    const byOther = t.sign(bek, b, "event.redacted", {
      event: opened.id,
      keep,
    });
    const own = t.sign(ana, b, "event.redacted", { event: opened.id, keep });
    const fold = expectAgreement(t.events, [opened.id]);
    expect(fold.invalidReason(byOther.id)?.code).toBe("NOT_A_CHAIR");
    expect(fold.invalidReason(own.id)).toBeNull();
    expect(fold.state.redactions.get(opened.id)?.by).toBe(idOf(ana));
  });

  it("a redaction that keeps no part, or another part, is refused and the motion stays", () => {
    const { t, chair, b, ana } = assembly();
    const opened = t.sign(ana, b, "motion.opened", {
      kind: "resolution",
      title: { en: "Strike fund" },
      text: { en: "We pay strikers from the fund." },
    });
    const keepless = t.sign(chair, b, "event.redacted", { event: opened.id });
    const forged = t.sign(chair, b, "event.redacted", {
      event: opened.id,
      keep: { kind: "demand" },
    });
    const fold = replicaOf(t.events);
    expect(fold.invalidReason(keepless.id)?.code).toBe(
      "REDACTION_KEEP_INVALID",
    );
    expect(fold.invalidReason(forged.id)?.code).toBe("REDACTION_KEEP_MISMATCH");
    expect(fold.state.motions.get(opened.id)).toMatchObject({
      kind: "resolution",
      title: { en: "Strike fund" },
    });
    expect(fold.state.redactions.has(opened.id)).toBe(false);
  });

  it("an amendment's words go the same way, and it can still be adopted", () => {
    const { t, chair, b, ana, bek } = assembly();
    const main = t.openMotion(chair, b);
    const amendment = t.sign(bek, b, "motion.opened", {
      kind: "amendment",
      amends: main,
      title: { en: "Add a name" },
      text: { en: `We resolve to visit ${DOXXING}.` },
    });
    t.sign(chair, b, "event.redacted", {
      event: amendment.id,
      keep: keptPartOf("motion.opened", payloadOf(amendment))!,
    });
    for (const k of [chair, ana, bek]) t.vote(k, amendment.id);
    const close = t.close(chair, amendment.id);
    const fold = expectAgreement(t.events, [amendment.id]);
    expect(fold.invalidReason(close.id)).toBeNull();
    expect(fold.state.motions.get(amendment.id)).toMatchObject({
      redacted: true,
      outcome: "adopted",
      amends: main,
    });
    // The motion it amended now has the redacted words: it says so, and holds none.
    expect(fold.state.motions.get(main)).toMatchObject({
      text: {},
      redacted: true,
      amendedBy: amendment.id,
    });
    expect(stateText(fold)).not.toContain("Abai");
  });

  it("where the rules say vote, an adopted redaction motion removes them", () => {
    const { t, chair, b, ana, bek } = assembly("vote");
    const opened = t.sign(bek, b, "motion.opened", {
      kind: "resolution",
      title: { en: "Names" },
      text: { en: DOXXING },
    });
    t.vote(ana, opened.id);
    const byChair = t.sign(chair, b, "event.redacted", {
      event: opened.id,
      keep: keptPartOf("motion.opened", payloadOf(opened))!,
    });
    const vote = t.openMotion(chair, b, {
      kind: "redaction",
      subject: {
        kind: "redaction",
        event: opened.id,
        keep: keptPartOf("motion.opened", payloadOf(opened))!,
      },
    });
    for (const k of [chair, ana, bek]) t.vote(k, vote);
    t.close(chair, vote);
    const fold = expectAgreement(t.events, [opened.id]);
    expect(fold.invalidReason(byChair.id)?.code).toBe("REDACTION_BY_VOTE_ONLY");
    expect(fold.state.motions.get(opened.id)).toMatchObject({
      redacted: true,
      status: "open",
    });
    expect(fold.state.ballots.get(opened.id)).toHaveLength(1);
    expect(stateText(fold)).not.toContain("Abai");
  });
});

describe("redactions of words in any delivery order (property)", () => {
  it("any permutation, with or without the redacted payloads, gives the same state", () => {
    // Concurrency on purpose: ballots, a vouch and the redactions cross each other.
    const { t, chair, b, ana, bek } = assembly();
    const request = t.sign(t.key("informer"), b, "member.join-requested", {
      name: DOXXING,
    });
    const opened = t.sign(ana, b, "motion.opened", {
      kind: "resolution",
      title: { en: "Names" },
      text: { en: DOXXING },
    });
    const seen = [request.id, opened.id];
    t.vote(ana, opened.id);
    t.vote(bek, opened.id, { vote: "no" });
    t.sign(bek, b, "member.admission-endorsed", { request: request.id });
    t.sign(
      chair,
      b,
      "event.redacted",
      {
        event: opened.id,
        keep: keptPartOf("motion.opened", payloadOf(opened))!,
      },
      { deps: seen },
    );
    t.sign(chair, b, "event.redacted", { event: request.id });
    t.vote(chair, opened.id);
    t.close(chair, opened.id);
    const events = t.events;
    const reference = replicaOf(events);
    expect(reference.state.motions.get(opened.id)).toMatchObject({
      redacted: true,
      outcome: "adopted",
    });
    fc.assert(
      fc.property(fc.integer(), fc.boolean(), (shuffleSeed, stripped) => {
        const shuffled = fc.sample(
          fc.shuffledSubarray(
            events.map((e) =>
              stripped && seen.includes(e.id) ? withoutPayload(e) : e,
            ),
            { minLength: events.length },
          ),
          { seed: shuffleSeed, numRuns: 1 },
        )[0]!;
        const fold = new FoldEngine(EVENT_HANDLERS);
        deliverOneByOne(fold, shuffled);
        expect(fold.stateHash()).toBe(reference.stateHash());
      }),
      { numRuns: 40 },
    );
  });
});
