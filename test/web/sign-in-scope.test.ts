/**
 * The browser signs every action in its scope (web/src/offline/sign-in-scope.ts, called by the outbox): on the scope's
 * chain, with a kseq above the key's highest, merging heads first past 16 — and a close
 * states the count taken on the browser's own fold at the close's parents
 * (web/src/offline/close-count.ts). Each is checked here by a strict fold, as every replica
 * checks it.
 */
import { describe, expect, it } from "vitest";
import { foldInputOf, MAX_DEPS } from "../../src/core/index.js";
import { idOf, TestFederation } from "../../src/core/testing.js";
import type { CanonicalValue } from "../../src/crypto/index.js";
import { countCloseOn } from "../../web/src/offline/close-count.js";
import { signInScope } from "../../web/src/offline/sign-in-scope.js";

/** An assembly under a council, its founder a member, and a second member. */
function federation() {
  const f = new TestFederation({ label: "web" });
  const coordinator = f.founders[0]!;
  const council = f.createBody(coordinator, { kind: "council" });
  const chair = f.key("chair");
  const assembly = f.createBody(chair, {
    name: "Drilling crew",
    rules: { admission: { method: "endorsements", endorsements: 1 } },
  });
  f.link(coordinator, council, assembly, { attesters: [chair] });
  const member = f.key("member");
  f.admit(assembly, member, [chair], "Aigerim");
  return { f, council, assembly, chair, member };
}

/** What a browser holding the whole log would name for a new event of `scope`. */
function basisOf(
  f: TestFederation,
  scope: string,
  key: ReturnType<TestFederation["key"]>,
) {
  const head = f.fold.chainHead(idOf(key), scope);
  return {
    deps: f.heads(scope),
    scopeHeads: f.fold.headsOf(scope),
    chain: head === null ? null : { seq: head.seq, id: head.id },
    kseq: f.fold.topKseq(idOf(key)),
  };
}

describe("signing in a scope", () => {
  it("continues the key's chain in the scope with a kseq above all it signed", () => {
    const { f, assembly, member } = federation();
    const motion = f.openMotion(member, assembly);
    const before = f.fold.topKseq(idOf(member));
    const [ballot] = signInScope(
      member,
      f.federation,
      {
        scope: assembly,
        type: "ballot.cast",
        payload: { motion, choice: { vote: "yes" } },
        time: Date.UTC(2026, 11, 1),
      },
      basisOf(f, assembly, member),
    );
    const head = f.fold.chainHead(idOf(member), assembly)!;
    expect(ballot!.envelope.seq).toBe(head.seq + 1);
    expect(ballot!.envelope.kseq).toBe(before + 1);
    f.deliver([ballot!]);
    expect(f.fold.invalidReason(ballot!.id)).toBeNull();
    expect(f.fold.scopeOf(ballot!.id)).toBe(assembly);
  });

  it("merges heads first when more than 16 would be named, in the scope, on its chain", () => {
    const { f, assembly, chair, member } = federation();
    // Many members acting at once leave many heads in the assembly.
    for (let i = 0; i < 20; i++) {
      const k = f.key("crowd", i);
      f.admit(assembly, k, [chair], `Member ${i}`);
    }
    const motion = f.openMotion(chair, assembly);
    const deps = [...f.heads(assembly)];
    const crowd = Array.from({ length: 20 }, (_, i) =>
      f.vote(f.key("crowd", i), motion, { vote: "yes" }, { deps }),
    );
    const basis = basisOf(f, assembly, member);
    expect(basis.deps.length).toBeGreaterThan(MAX_DEPS);
    expect(crowd.length).toBe(20);
    const signed = signInScope(
      member,
      f.federation,
      {
        scope: assembly,
        type: "ballot.cast",
        payload: { motion, choice: { vote: "no" } },
        time: Date.UTC(2026, 11, 1),
      },
      basis,
    );
    expect(signed.length).toBeGreaterThan(1);
    expect(
      signed.slice(0, -1).every((e) => e.envelope.type === "heads.merged"),
    );
    const kseqs = signed.map((e) => e.envelope.kseq);
    expect(kseqs).toEqual(kseqs.map((_, i) => basis.kseq + 1 + i));
    const added = f.fold.add(signed.map(foldInputOf));
    expect(added.rejected.size).toBe(0);
    expect(added.added.length).toBe(signed.length);
    for (const e of signed) expect(f.fold.invalidReason(e.id)).toBeNull();
  });

  it("asks to join a body it cannot read, naming only its founding event and the federation's heads", () => {
    const { f, assembly } = federation();
    const newcomer = f.key("newcomer");
    const [request] = signInScope(
      newcomer,
      f.federation,
      {
        scope: assembly,
        type: "member.join-requested",
        payload: { name: "Nasreen" },
        time: Date.UTC(2026, 11, 1),
        join: true,
      },
      {
        deps: [assembly, ...f.fold.headsOf(f.federation)],
        scopeHeads: [],
        chain: null,
        kseq: 0,
      },
    );
    expect(request!.envelope.seq).toBe(1);
    f.deliver([request!]);
    expect(f.fold.invalidReason(request!.id)).toBeNull();
    expect(f.fold.state.joinRequests.get(request!.id)?.body).toBe(assembly);
  });

  it("states the result a close's own causal past gives, counted on the browser's fold", () => {
    const { f, assembly, chair, member } = federation();
    const motion = f.openMotion(chair, assembly);
    f.vote(member, motion, { vote: "yes" });
    f.vote(chair, motion, { vote: "yes" });
    let counted: CanonicalValue | null = null;
    const signed = signInScope(
      chair,
      f.federation,
      {
        scope: assembly,
        type: "vote.closed",
        time: Date.UTC(2026, 11, 1),
        payload: (draft) => {
          counted = countCloseOn(f.fold, motion, draft);
          return { motion, result: counted };
        },
      },
      basisOf(f, assembly, chair),
    );
    expect(counted).toEqual({ outcome: "adopted" });
    // The draft was taken back: the fold holds only what it held.
    expect(f.fold.has("f".repeat(64))).toBe(false);
    f.deliver(signed);
    expect(f.fold.invalidReason(signed.at(-1)!.id)).toBeNull();
    expect(f.fold.state.motions.get(motion)?.outcome).toBe("adopted");
  });

  it("counts nothing when the fold does not hold what the close names", () => {
    const { f, assembly, chair } = federation();
    const motion = f.openMotion(chair, assembly);
    const basis = basisOf(f, assembly, chair);
    expect(
      countCloseOn(f.fold, motion, {
        author: idOf(chair),
        scope: assembly,
        seq: (basis.chain?.seq ?? 0) + 1,
        kseq: basis.kseq + 1,
        prev: "ab".repeat(32),
        deps: basis.deps,
        merges: [],
      }),
    ).toBeNull();
  });
});
