/**
 * Scenarios where the fold order and the causal past disagree. Validity is judged from
 * what each event's author could know (its causal past), and every replica — whatever
 * order the events reach it in — agrees.
 */
import { describe, expect, it } from "vitest";
import type { KeyPair } from "../../crypto/index.js";
import type { SignedEvent } from "../event/signed-event.js";
import { idOf, replicasAgree, TestFederation } from "../testing.js";
import type { FoldEngine } from "./fold.js";

/** Every delivery order and every reader's partial replica agree with the full rebuild. */
function expectAllReplicasAgree(events: readonly SignedEvent[]): FoldEngine {
  const { reference, disagreements } = replicasAgree(events);
  expect(disagreements).toEqual([]);
  return reference;
}

/** A body with two chairs (elected), and members a and v. */
function twoChairBody() {
  const t = new TestFederation();
  const c1 = t.founders[0]!;
  const c2 = t.key("c2");
  const a = t.key("a");
  const v = t.key("v");
  const body = t.createBody(c1, {
    rules: {
      admission: { method: "endorsements", endorsements: 1 },
      quorumPercent: 25,
    },
  });
  for (const k of [c2, a, v]) t.admit(body, k, [c1]);
  const election = t.sign(c1, body, "motion.opened", {
    kind: "election",
    title: { en: "Chairs" },
    text: { en: "Two chairs." },
    method: "approval",
    options: [
      { label: "C1", member: idOf(c1) },
      { label: "C2", member: idOf(c2) },
    ],
    seats: 2,
    subject: { kind: "election", role: "chair" },
  }).id;
  for (const k of [c1, c2, a]) t.vote(k, election, { approve: [0, 1] });
  t.close(c1, election);
  expect([...t.fold.state.bodies.get(body)!.chairs].sort()).toEqual(
    [idOf(c1), idOf(c2)].sort(),
  );
  return { t, body, c1, c2, a, v };
}

/** Opens and passes a removal of `member`, closed by `chair`; returns the close event. */
function remove(
  t: TestFederation,
  body: string,
  chair: KeyPair,
  voters: KeyPair[],
  member: KeyPair,
): SignedEvent {
  const motion = t.sign(chair, body, "motion.opened", {
    kind: "removal",
    title: { en: "Remove" },
    text: { en: "Remove a member." },
    subject: { kind: "removal", member: idOf(member) },
  }).id;
  for (const k of voters) t.vote(k, motion);
  return t.close(chair, motion);
}

describe("causal past versus fold order", () => {
  it("a comment concurrent with its author's removal counts; one made after seeing it does not", () => {
    const { t, body, c1, c2, a } = twoChairBody();
    const motion = t.openMotion(c1, body);
    const before = t.heads(body);
    const removal = remove(t, body, c1, [c1, c2], a);
    const concurrent = t.sign(
      a,
      body,
      "comment.posted",
      { motion, text: "I had not heard.", lang: "en" },
      { deps: before },
    );
    const after = t.sign(
      a,
      body,
      "comment.posted",
      { motion, text: "Now I know.", lang: "en" },
      { deps: [removal.id] },
    );
    const fold = expectAllReplicasAgree(t.events);
    expect(fold.invalidReason(concurrent.id)).toBeNull();
    expect(fold.invalidReason(after.id)?.code).toBe("NOT_A_MEMBER");
    expect(fold.state.comments.get(motion).map((c) => c.id)).toEqual([
      concurrent.id,
    ]);
    expect(fold.state.memberships.get(`${body} ${idOf(a)}`)?.status).toBe(
      "removed",
    );
  });

  it("a ballot concurrent with the voter's removal counts at a close that has not seen the removal, not at one that has", () => {
    const { t, body, c1, c2, a, v } = twoChairBody();
    const m1 = t.openMotion(c1, body);
    const m2 = t.openMotion(c1, body);
    const beforeRemoval = t.heads(body);
    // Chair 1 removes v; meanwhile v votes yes on both motions without knowing.
    const removal = remove(t, body, c1, [c1, a], v);
    const b1 = t.vote(v, m1, { vote: "yes" }, { deps: beforeRemoval });
    const b2 = t.vote(v, m2, { vote: "yes" }, { deps: beforeRemoval });
    // Chair 2 closes m1 having seen v's ballot but not the removal…
    const close1 = t.close(c2, m1, { deps: [b1.id] });
    // …and chair 1 closes m2 after seeing both the removal and the ballot.
    const close2 = t.close(c1, m2, { deps: [removal.id, b2.id] });
    const fold = expectAllReplicasAgree(t.events);
    for (const e of [b1, b2, close1, close2])
      expect(fold.invalidReason(e.id)).toBeNull();
    const r1 = fold.state.motions.get(m1)!.result;
    const r2 = fold.state.motions.get(m2)!.result;
    expect(r1).toMatchObject({ kind: "decision", decision: { yes: 1 } });
    expect(r2).toMatchObject({ kind: "decision", decision: { yes: 0 } });
  });

  it("concurrent removals by two chairs both take effect, even of each other", () => {
    const { t, body, c1, c2, a, v } = twoChairBody();
    const mA = t.sign(c1, body, "motion.opened", {
      kind: "removal",
      title: { en: "Remove c2" },
      text: { en: "-" },
      subject: { kind: "removal", member: idOf(c2) },
    }).id;
    const mB = t.sign(c2, body, "motion.opened", {
      kind: "removal",
      title: { en: "Remove c1" },
      text: { en: "-" },
      subject: { kind: "removal", member: idOf(c1) },
    }).id;
    for (const k of [a, v]) {
      t.vote(k, mA);
      t.vote(k, mB);
    }
    const heads = t.heads(body);
    const closeA = t.close(c1, mA, { deps: heads });
    const closeB = t.close(c2, mB, { deps: heads });
    const fold = expectAllReplicasAgree(t.events);
    expect(fold.invalidReason(closeA.id)).toBeNull();
    expect(fold.invalidReason(closeB.id)).toBeNull();
    expect(fold.state.memberships.get(`${body} ${idOf(c1)}`)?.status).toBe(
      "removed",
    );
    expect(fold.state.memberships.get(`${body} ${idOf(c2)}`)?.status).toBe(
      "removed",
    );
    // Neither can act as chair afterwards.
    const m = t.openMotion(a, body);
    const late = t.close(c1, m, { result: { outcome: "no-quorum" } });
    expect(t.fold.invalidReason(late.id)?.code).toBe("NOT_A_MEMBER");
  });

  it("of two concurrent closes, the first in fold order counts", () => {
    const { t, body, c1, c2, a } = twoChairBody();
    const motion = t.openMotion(a, body);
    t.vote(a, motion);
    const heads = t.heads(body);
    const x = t.close(c1, motion, { deps: heads });
    const y = t.close(c2, motion, { deps: heads });
    const fold = expectAllReplicasAgree(t.events);
    const [first, second] =
      fold.orderedIds().indexOf(x.id) < fold.orderedIds().indexOf(y.id)
        ? [x, y]
        : [y, x];
    expect(fold.invalidReason(first.id)).toBeNull();
    expect(fold.invalidReason(second.id)?.code).toBe("MOTION_NOT_OPEN");
  });

  it("amendments are decided before the main motion, and an adopted one replaces its text", () => {
    const { t, body, c1, c2, a } = twoChairBody();
    const motion = t.openMotion(a, body);
    const amendment = t.sign(c2, body, "motion.opened", {
      kind: "amendment",
      amends: motion,
      title: { en: "Sharper" },
      text: { en: "We resolve to strike." },
    }).id;
    const early = t.close(c1, motion, { result: { outcome: "no-quorum" } });
    expect(t.fold.invalidReason(early.id)?.code).toBe("AMENDMENTS_PENDING");
    for (const k of [c1, c2, a]) t.vote(k, amendment);
    t.close(c1, amendment);
    t.close(c1, motion);
    const m = t.fold.state.motions.get(motion)!;
    expect(m.text).toEqual({ en: "We resolve to strike." });
    expect(m.amendedBy).toBe(amendment);
    expect(m.status).toBe("decided");
  });

  it("a ballot after the close it has seen is invalid; a changed ballot counts once, the latest", () => {
    const { t, body, c1, a, v } = twoChairBody();
    const motion = t.openMotion(a, body);
    t.vote(v, motion, { vote: "no" });
    t.vote(v, motion, { vote: "yes" });
    t.close(c1, motion);
    const late = t.vote(a, motion, { vote: "no" });
    expect(t.fold.invalidReason(late.id)?.code).toBe("BALLOT_AFTER_CLOSE");
    expect(t.fold.state.motions.get(motion)!.result).toMatchObject({
      decision: { yes: 1, no: 0, present: 1 },
    });
  });
});

describe("keys across scopes", () => {
  it("events of a revoked key stop counting above the cutoff in every scope, whatever deps they name", () => {
    const { t, body, c1, a } = twoChairBody();
    const other = t.createBody(t.key("other-chair"), {
      rules: { admission: { method: "endorsements", endorsements: 1 } },
    });
    const phone = t.key("phone-of-a");
    t.sign(a, body, "key.added", t.keyAddedPayload(a, phone));
    const motion = t.openMotion(c1, body);
    const kept = t.sign(phone, body, "comment.posted", {
      motion,
      text: "from my phone",
      lang: "en",
    });
    const beforeRevocation = t.heads(body);
    const proof = (t.keyAddedPayload(a, phone) as { proof: string }).proof;
    const revocation = t.sign(a, t.federation, "key.revoked", {
      key: idOf(phone),
      lastValidKseq: kept.envelope.kseq,
      proof,
    });
    // The thief leaves the revocation out of the deps, in this body and in another.
    const stolen1 = t.vote(
      phone,
      motion,
      { vote: "no" },
      {
        deps: beforeRevocation,
      },
    );
    const stolen2 = t.sign(
      phone,
      body,
      "comment.posted",
      { motion, text: "all is calm", lang: "en" },
      { deps: [stolen1.id] },
    );
    const elsewhere = t.sign(phone, other, "member.join-requested", {
      name: "Not A",
    });
    const fold = expectAllReplicasAgree(t.events);
    expect(fold.invalidReason(revocation.id)).toBeNull();
    expect(fold.invalidReason(kept.id)).toBeNull();
    for (const e of [stolen1, stolen2, elsewhere])
      expect(fold.invalidReason(e.id)?.code).toBe("KEY_REVOKED");
    expect(fold.state.ballots.get(motion)).toEqual([]);
    expect(fold.cutoffs().keys).toEqual([
      { key: idOf(phone), lastValidKseq: kept.envelope.kseq },
    ]);
  });

  it("only the member a key consented to act for may revoke it: a newer device cannot revoke the first key", () => {
    const { t, body, a } = twoChairBody();
    const phone = t.key("phone-of-a");
    t.sign(a, body, "key.added", t.keyAddedPayload(a, phone));
    const coup = t.sign(phone, t.federation, "key.revoked", {
      key: idOf(a),
      lastValidKseq: 0,
    });
    expect(t.fold.invalidReason(coup.id)?.code).toBe("KEY_NOT_OWNED");
    // A proof made for someone else does not do either.
    const stranger = t.key("stranger");
    const borrowed = (t.keyAddedPayload(stranger, phone) as { proof: string })
      .proof;
    const theft = t.sign(a, t.federation, "key.revoked", {
      key: idOf(phone),
      lastValidKseq: 0,
      proof: borrowed,
    });
    expect(t.fold.invalidReason(theft.id)?.code).toBe("KEY_NOT_OWNED");
  });

  it("a key that signs two events with one seq in a scope is frozen there, on every branch — and only there", () => {
    const { t, body, c1, a } = twoChairBody();
    const other = t.createBody(a, { name: "A's other assembly" });
    const motion = t.openMotion(c1, body);
    const early = t.sign(a, body, "comment.posted", {
      motion,
      text: "before the fork",
      lang: "en",
    });
    const branch1 = t.vote(a, motion, { vote: "yes" });
    const branch2 = t.vote(
      a,
      motion,
      { vote: "no" },
      {
        seq: branch1.envelope.seq,
        prev: early.id,
      },
    );
    const onBranch1 = t.sign(
      a,
      body,
      "comment.posted",
      { motion, text: "after", lang: "en" },
      { prev: branch1.id, seq: branch1.envelope.seq + 1 },
    );
    const inOtherScope = t.sign(a, other, "body.renamed", {
      name: { en: "Still mine" },
    });
    const fold = expectAllReplicasAgree(t.events);
    expect(fold.invalidReason(early.id)).toBeNull();
    for (const e of [branch1, branch2, onBranch1])
      expect(fold.invalidReason(e.id)?.code).toBe("KEY_FROZEN");
    expect(fold.invalidReason(inOtherScope.id)).toBeNull();
    expect(fold.cutoffs().chains).toEqual([
      { scope: body, key: idOf(a), lastValidSeq: early.envelope.seq },
    ]);
  });

  it("a member who lost every key continues with a new one once k members endorse; the old key is cut in that body", () => {
    const { t, body, c1, c2, a } = twoChairBody();
    const motion = t.openMotion(c1, body);
    const before = t.vote(a, motion, { vote: "no" });
    const fresh = t.key("a-new-phone");
    const request = t.sign(fresh, body, "member.join-requested", {
      name: "A again",
    }); // a self-made key is not a member
    expect(t.fold.invalidReason(request.id)).toBeNull();
    const rotation = t.sign(fresh, body, "key.rotation-requested", {
      oldKey: idOf(a),
      lastValidSeq: before.envelope.seq,
    }).id;
    const early = t.vote(fresh, motion, { vote: "yes" });
    expect(t.fold.invalidReason(early.id)?.code).toBe("NOT_A_MEMBER");
    t.sign(c1, body, "key.rotation-endorsed", { request: rotation }); // rules need one endorsement
    const stolen = t.vote(a, motion, { vote: "abstain" }); // whoever holds the old key
    const now = t.vote(fresh, motion, { vote: "yes" });
    t.close(c2, motion);
    const fold = expectAllReplicasAgree(t.events);
    expect(fold.invalidReason(stolen.id)?.code).toBe("KEY_REVOKED");
    expect(fold.invalidReason(now.id)).toBeNull();
    expect(fold.state.keys.get(`${body} ${idOf(fresh)}`)?.member).toBe(idOf(a));
    // One member, one vote: the new key's ballot replaced the old key's.
    expect(fold.state.motions.get(motion)!.result).toMatchObject({
      decision: { yes: 1, no: 0, abstain: 0 },
    });
  });

  it("a new key that reads nothing of the body asks naming only its founding; members judge whose the old key is", () => {
    const { t, body, c1, c2, a } = twoChairBody();
    // The old key's last event here that still counts: its admission and votes stay.
    const last = t.vote(a, t.openMotion(c1, body), { vote: "no" });
    const fresh = t.key("a-new-phone");
    // What a hub lets an outsider name: the body's founding event, nothing else.
    const rotation = t.sign(
      fresh,
      body,
      "key.rotation-requested",
      { oldKey: idOf(a), lastValidSeq: last.envelope.seq },
      { deps: [body] },
    ).id;
    expect(t.fold.invalidReason(rotation)).toBeNull();
    // A stranger's request naming a key that is no member's: endorsing it is refused.
    const stranger = t.key("stranger");
    const bogus = t.sign(
      t.key("bogus-phone"),
      body,
      "key.rotation-requested",
      { oldKey: idOf(stranger), lastValidSeq: 0 },
      { deps: [body] },
    ).id;
    const refused = t.sign(c1, body, "key.rotation-endorsed", {
      request: bogus,
    });
    expect(t.fold.invalidReason(refused.id)?.code).toBe("NOT_A_MEMBER");
    const endorsed = t.sign(c1, body, "key.rotation-endorsed", {
      request: rotation,
    });
    expect(t.fold.invalidReason(endorsed.id)).toBeNull();
    const motion = t.openMotion(c2, body);
    const now = t.vote(fresh, motion, { vote: "yes" });
    const fold = expectAllReplicasAgree(t.events);
    expect(fold.invalidReason(now.id)).toBeNull();
    expect(fold.state.keys.get(`${body} ${idOf(fresh)}`)?.member).toBe(idOf(a));
    expect(fold.state.rotationRequests.get(rotation)).toMatchObject({
      member: idOf(a),
      done: true,
    });
  });

  it("a second device votes for its member: the latest ballot of the member counts, once", () => {
    const { t, body, c1, a } = twoChairBody();
    const phone = t.key("phone-of-a");
    t.sign(a, body, "key.added", t.keyAddedPayload(a, phone));
    const motion = t.openMotion(c1, body);
    t.vote(a, motion, { vote: "no" });
    t.vote(phone, motion, { vote: "yes" });
    t.close(c1, motion);
    const fold = expectAllReplicasAgree(t.events);
    expect(fold.state.motions.get(motion)!.result).toMatchObject({
      decision: { yes: 1, no: 0 },
    });
  });

  it("a key added without the new key's consent (a forged proof) is refused", () => {
    const { t, body, a } = twoChairBody();
    const victim = t.key("someone-else");
    const payload = t.keyAddedPayload(a, t.key("other")) as {
      key: string;
      proof: string;
    };
    const forged = t.sign(a, body, "key.added", {
      key: idOf(victim),
      proof: payload.proof,
    });
    expect(t.fold.invalidReason(forged.id)?.code).toBe("KEY_PROOF_INVALID");
  });

  it("a stolen key alone cannot erase its owner's past, nor can anyone unmake the genesis", () => {
    const { t, a } = twoChairBody();
    const self = t.sign(a, t.federation, "key.revoked", {
      key: idOf(a),
      lastValidKseq: 0,
    });
    expect(t.fold.invalidReason(self.id)?.code).toBe(
      "REVOCATION_CUTOFF_INVALID",
    );
    const founder = t.founders[0]!;
    t.sign(founder, t.federation, "key.revoked", {
      key: idOf(founder),
      lastValidKseq: 1_000_000,
    });
    expect(t.fold.state.federation.get("federation")?.id).toBe(t.federation);
    expect(t.fold.invalidReason(t.federation)).toBeNull();
  });
});
