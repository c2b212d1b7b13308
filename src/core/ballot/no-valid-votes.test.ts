/**
 * An election whose every ballot is blank elects no one: its close states "no-valid-votes",
 * the seats stay as they were, and a close that claims someone was elected is invalid.
 */
import { describe, expect, it } from "vitest";
import { idOf, replicasAgree, TestFederation } from "../testing.js";

function blankElection() {
  const t = new TestFederation();
  const c1 = t.founders[0]!;
  const [a, b, c] = [t.key("a"), t.key("b"), t.key("c")];
  const body = t.createBody(c1, {
    rules: {
      admission: { method: "endorsements", endorsements: 1 },
      quorumPercent: 50,
    },
  });
  for (const k of [a, b, c]) t.admit(body, k, [c1]);
  const election = t.sign(c1, body, "motion.opened", {
    kind: "election",
    title: { en: "Chair" },
    text: { en: "One chair." },
    method: "approval",
    options: [
      { label: "A", member: idOf(a) },
      { label: "B", member: idOf(b) },
    ],
    seats: 1,
    subject: { kind: "election", role: "chair" },
  }).id;
  // Three of four present (quorum met), every ballot approving no one.
  for (const k of [c1, a, b]) t.vote(k, election, { approve: [] });
  return { t, c1, a, body, election };
}

describe("an election with no valid votes", () => {
  it("closes as no-valid-votes and leaves the chair as it was", () => {
    const { t, c1, body, election } = blankElection();
    const chairsBefore = [...t.fold.state.bodies.get(body)!.chairs];
    const close = t.close(c1, election);
    const { reference: fold, disagreements } = replicasAgree(t.events);
    expect(disagreements).toEqual([]);
    expect(fold.invalidReason(close.id)).toBeNull();
    const motion = fold.state.motions.get(election)!;
    expect(motion.outcome).toBe("no-valid-votes");
    expect(motion.result).toMatchObject({
      kind: "election",
      present: 3,
      election: { valid: 0, elected: [], noValidVotes: true },
    });
    expect(fold.state.bodies.get(body)!.chairs).toEqual(chairsBefore);
  });

  it("a close that states someone elected is refused with RESULT_MISMATCH", () => {
    const { t, c1, a, election } = blankElection();
    const close = t.close(c1, election, {
      result: { outcome: "elected", elected: [idOf(a)] },
    });
    expect(t.fold.invalidReason(close.id)?.code).toBe("RESULT_MISMATCH");
    expect(t.fold.state.motions.get(election)!.status).toBe("open");
  });
});
