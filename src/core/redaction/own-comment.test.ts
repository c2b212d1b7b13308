/**
 * A member deletes a comment of their own: `event.redacted` by its author drops its text
 * everywhere, whatever the body's redaction rule — but nobody deletes another member's comment
 * without being a chair (or, where the rules say so, without a vote).
 */
import { describe, expect, it } from "vitest";
import type { SignedEvent } from "../event/signed-event.js";
import type { FoldEngine } from "../fold/fold.js";
import { idOf, replicasAgree, TestFederation } from "../testing.js";

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
