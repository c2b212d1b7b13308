/**
 * Unread markers compare a motion's or a body's activity with what the member saw: the number
 * must grow with everything that happens to it — a ballot, a comment, the close, a new motion,
 * a join request and its endorsements — and with nothing that happens elsewhere.
 */
import { expect, it } from "vitest";
import { TestFederation } from "../../src/core/testing.js";
import {
  bodyActivities,
  motionActivity,
} from "../../web/src/offline/activity.js";

const ONE = {
  admission: { method: "endorsements", endorsements: 2 },
  quorumPercent: 25,
} as const;

it("grows with each ballot, comment and the close of a motion, and each change in its body", () => {
  const t = new TestFederation();
  const [chair, m, other] = [t.key("chair"), t.key("m"), t.key("other")];
  const body = t.createBody(chair, { rules: ONE as never });
  const elsewhere = t.createBody(other, { rules: ONE as never });
  const motion = t.openMotion(chair, body);
  const state = t.fold.state;
  const seen = {
    motion: motionActivity(state, motion)!,
    body: bodyActivities(state).get(body)!,
    elsewhere: bodyActivities(state).get(elsewhere)!,
  };
  expect(seen).toEqual({ motion: 0, body: 1, elsewhere: 0 });

  t.vote(chair, motion);
  t.sign(chair, body, "comment.posted", {
    motion,
    text: "Agreed.",
    lang: "en",
  });
  expect(motionActivity(state, motion)).toBe(seen.motion + 2);
  t.close(chair, motion);
  expect(motionActivity(state, motion)).toBe(seen.motion + 3);
  expect(bodyActivities(state).get(body)).toBe(seen.body + 3);

  // A join request and its first endorsement (two are needed) change the body, not the motion.
  const request = t.sign(m, body, "member.join-requested", { name: "M" }).id;
  t.sign(chair, body, "member.admission-endorsed", { request });
  expect(bodyActivities(state).get(body)).toBe(seen.body + 5);
  expect(motionActivity(state, motion)).toBe(seen.motion + 3);
  // Nothing of it reaches another body.
  expect(bodyActivities(state).get(elsewhere)).toBe(seen.elsewhere);
  expect(motionActivity(state, "0".repeat(64))).toBeNull();
});
