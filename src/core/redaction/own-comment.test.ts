/**
 * A member deletes a comment of their own: `event.redacted` by its author drops its text
 * everywhere, whatever the body's redaction rule — but nobody deletes another member's comment
 * without being a chair (or, where the rules say so, without a vote).
 */
import { describe, expect, it } from "vitest";
import type { SignedEvent } from "../event/signed-event.js";
import type { FoldEngine } from "../fold/fold.js";
import {
  deliverOneByOne,
  idOf,
  replicaOf,
  replicasAgree,
  TestFederation,
} from "../testing.js";

function expectAllReplicasAgree(events: readonly SignedEvent[]): FoldEngine {
  const { reference, disagreements } = replicasAgree(events);
  expect(disagreements).toEqual([]);
  return reference;
}

function body(redaction: "chairs" | "vote") {
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
  const motion = t.openMotion(chair, b);
  return { t, chair, b, ana, bek, motion };
}

describe("deleting one's own comment", () => {
  for (const redaction of ["chairs", "vote"] as const)
    it(`its author drops its text, even where redaction is by ${redaction}`, () => {
      const { t, b, ana, motion } = body(redaction);
      const comment = t.sign(ana, b, "comment.posted", {
        motion,
        text: "My cousin works at the depot gate, night shift.",
        lang: "en",
      });
      const gone = t.sign(ana, b, "event.redacted", { event: comment.id });
      const fold = expectAllReplicasAgree(t.events);
      expect(fold.invalidReason(gone.id)).toBeNull();
      expect(fold.state.redactions.get(comment.id)).toMatchObject({
        target: comment.id,
        by: idOf(ana),
      });
    });

  it("another member cannot delete it; where redaction is by vote, neither can a chair alone", () => {
    const { t, chair, b, ana, bek, motion } = body("vote");
    const comment = t.sign(ana, b, "comment.posted", {
      motion,
      text: "Meet at the canteen.",
      lang: "en",
    });
    const byOther = t.sign(bek, b, "event.redacted", { event: comment.id });
    const byChair = t.sign(chair, b, "event.redacted", { event: comment.id });
    const fold = expectAllReplicasAgree(t.events);
    expect(fold.invalidReason(byOther.id)?.code).toBe("REDACTION_BY_VOTE_ONLY");
    expect(fold.invalidReason(byChair.id)?.code).toBe("REDACTION_BY_VOTE_ONLY");
    expect(fold.state.redactions.has(comment.id)).toBe(false);
  });

  it("where chairs redact, another member who is no chair is refused", () => {
    const { t, b, ana, bek, motion } = body("chairs");
    const comment = t.sign(ana, b, "comment.posted", {
      motion,
      text: "Meet at the canteen.",
      lang: "en",
    });
    const byOther = t.sign(bek, b, "event.redacted", { event: comment.id });
    const fold = expectAllReplicasAgree(t.events);
    expect(fold.invalidReason(byOther.id)?.code).toBe("NOT_A_CHAIR");
  });
});

describe("changing one's own comment", () => {
  it("its author gives it a new text; others cannot; after the close nobody can", () => {
    const { t, chair, b, ana, bek, motion } = body("chairs");
    const comment = t.sign(ana, b, "comment.posted", {
      motion,
      text: "Monday.",
      lang: "en",
    });
    const edit = t.sign(ana, b, "comment.edited", {
      comment: comment.id,
      text: "Tuesday, not Monday.",
      lang: "en",
    });
    const forged = t.sign(bek, b, "comment.edited", {
      comment: comment.id,
      text: "Never.",
      lang: "en",
    });
    t.close(chair, motion);
    const late = t.sign(ana, b, "comment.edited", {
      comment: comment.id,
      text: "Wednesday.",
      lang: "en",
    });
    const fold = expectAllReplicasAgree(t.events);
    expect(fold.invalidReason(edit.id)).toBeNull();
    expect(fold.invalidReason(forged.id)?.code).toBe("NOT_THE_AUTHOR");
    expect(fold.invalidReason(late.id)?.code).toBe("MOTION_NOT_OPEN");
    expect(fold.state.commentEdits.get(comment.id).map((e) => e.text)).toEqual([
      "Tuesday, not Monday.",
    ]);
  });

  it("deleting a comment drops every version of it, even one its deletion had not seen", () => {
    const { t, b, ana, motion } = body("vote");
    const comment = t.sign(ana, b, "comment.posted", {
      motion,
      text: "The guard at gate 3 is Arman.",
      lang: "en",
    });
    const edit = t.sign(ana, b, "comment.edited", {
      comment: comment.id,
      text: "The guard at gate 3 is Arman, nights.",
      lang: "en",
    });
    const gone = t.sign(ana, b, "event.redacted", { event: comment.id });
    // A second device, offline, edits again without knowing of the deletion.
    const stray = t.sign(
      ana,
      b,
      "comment.edited",
      { comment: comment.id, text: "Arman, nights, gate 3.", lang: "en" },
      { deps: [comment.id], seq: 1000, prev: null, kseq: 1000 },
    );
    const fold = expectAllReplicasAgree(t.events);
    expect(fold.invalidReason(gone.id)).toBeNull();
    for (const id of [comment.id, edit.id, stray.id])
      expect(fold.state.redactions.has(id), id).toBe(true);
  });

  it("the words leave the fold's records at once, not at the next refold: in memory and in a saved image", () => {
    const { t, b, ana, bek, motion } = body("chairs");
    const words = [
      "The guard at gate 3 is Arman.",
      "The guard at gate 3 is Arman, nights.",
      "Bek's flat is above the bakery.",
    ];
    const comment = t.sign(ana, b, "comment.posted", {
      motion,
      text: words[0]!,
      lang: "en",
    });
    t.sign(ana, b, "comment.edited", {
      comment: comment.id,
      text: words[1]!,
      lang: "en",
    });
    const other = t.sign(bek, b, "comment.posted", {
      motion,
      text: words[2]!,
      lang: "en",
    });
    const kept = "Bek keeps this one.";
    t.sign(bek, b, "comment.posted", { motion, text: kept, lang: "en" });
    const before = [...t.events];
    // A replica that held the words while they stood, then received the redactions: the
    // author deletes the first comment (with its version), and the chair the other one.
    t.sign(ana, b, "event.redacted", { event: comment.id });
    t.sign(t.founders[0]!, b, "event.redacted", { event: other.id });
    const live = replicaOf(before);
    const recordsText = (f: FoldEngine) =>
      JSON.stringify([
        ...f.state.comments.entries(),
        ...f.state.commentEdits.entries(),
      ]);
    expect(recordsText(live)).toContain(words[0]);
    deliverOneByOne(live, t.events.slice(before.length));
    expect(live.stateHash()).toBe(replicaOf(t.events).stateHash());
    const image = JSON.stringify(live.toImage(), (_k, v) =>
      v instanceof Map ? [...v.entries()] : v,
    );
    for (const w of words) {
      expect(recordsText(live)).not.toContain(w);
      expect(image).not.toContain(w);
    }
    // What was not redacted stays, in the records and in what the views read.
    expect(recordsText(live)).toContain(kept);
  });
});
