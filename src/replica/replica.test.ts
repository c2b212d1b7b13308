/**
 * The replica's one pipeline with a real SQLite store: replays are no-ops, orphans wait in a
 * persisted quarantine and are released when their parents arrive, foreign and broken events
 * are refused, redactions drop payloads for good, and `verifyReplica` catches a changed byte.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3-multiple-ciphers";
import { afterEach, describe, expect, it } from "vitest";
import {
  auditAttestations,
  encodeWireEvent,
  pendingClaims,
  signEvent,
} from "../core/index.js";
import { idOf, TestFederation } from "../core/testing.js";
import { openSqliteStore, type Store } from "../store/index.js";
import { Replica } from "./replica.js";
import { verifyReplica } from "./verify.js";

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function tempFile(): string {
  const dir = mkdtempSync(join(tmpdir(), "kenges-replica-"));
  dirs.push(dir);
  return join(dir, "kenges.sqlite");
}

async function openReplica(file: string, options = {}): Promise<Replica> {
  return Replica.open(await openSqliteStore(file), options);
}

/** A small federation with a motion, ballots, a close and a comment. */
function federation() {
  const t = new TestFederation();
  const chair = t.founders[0]!;
  const body = t.createBody(chair, {
    rules: { admission: { method: "endorsements", endorsements: 1 } },
  });
  const a = t.key("a");
  t.admit(body, a, [chair]);
  const motion = t.openMotion(a, body);
  t.sign(a, body, "comment.posted", {
    motion,
    text: "Names and addresses of people",
    lang: "en",
  });
  t.vote(a, motion);
  t.vote(chair, motion);
  t.close(chair, motion);
  return { t, chair, body, a, motion };
}

describe("the replica's ingest pipeline", () => {
  it("stores and folds a federation; the same events again change nothing", async () => {
    const { t } = federation();
    const r = await openReplica(tempFile());
    const first = await r.ingest(t.events);
    expect(first).toMatchObject({
      added: t.events.length,
      duplicate: 0,
      rejected: 0,
      quarantined: 0,
    });
    const hash = r.stateHash();
    expect(hash).toBe(t.fold.stateHash());
    const again = await r.ingest([...t.events].reverse());
    expect(again).toMatchObject({
      added: 0,
      duplicate: t.events.length,
      rejected: 0,
    });
    expect(r.stateHash()).toBe(hash);
    expect(await r.store.count()).toBe(t.events.length);
    await r.close();
  });

  it("keeps orphans in a persisted quarantine and releases them when the parents arrive, even after a restart", async () => {
    const { t } = federation();
    const file = tempFile();
    const half = Math.floor(t.events.length / 2);
    let r = await openReplica(file);
    await r.ingest(t.events.slice(0, 2));
    const orphans = await r.ingest(t.events.slice(half), "usb");
    expect(orphans.quarantined).toBe(t.events.length - half);
    expect(await r.store.countQuarantined("usb")).toBe(t.events.length - half);
    await r.close();
    r = await openReplica(file);
    expect(r.quarantined).toBe(t.events.length - half);
    const middle = await r.ingest(t.events.slice(2, half), "peer");
    expect(middle.added).toBe(t.events.length - 2);
    expect(middle.released).toBe(t.events.length - half);
    expect(r.quarantined).toBe(0);
    expect(r.stateHash()).toBe(t.fold.stateHash());
    await r.close();
  });

  it("caps the quarantine per source", async () => {
    const { t } = federation();
    const r = await openReplica(tempFile(), { quarantinePerSource: 3 });
    await r.ingest(t.events.slice(0, 1));
    const report = await r.ingest(t.events.slice(3), "flood");
    expect(report.quarantined).toBe(3);
    expect(report.rejected).toBe(t.events.length - 3 - 3);
    expect(report.rejections[0]).toMatchObject({ code: "QUARANTINE_FULL" });
    await r.close();
  });

  it("keeps each kind of source to its own share: outsiders filling theirs leave members' room", async () => {
    const { t } = federation();
    const r = await openReplica(tempFile(), {
      quarantinePerSource: 2,
      quarantineTotal: 4,
    });
    await r.ingest(t.events.slice(0, 1));
    const orphans = t.events.slice(3);
    expect(orphans.length).toBe(6);
    for (const [i, e] of orphans.slice(0, 5).entries())
      await r.ingest([e], `outsider:10.0.0.${i}`);
    expect(await r.store.countQuarantined()).toBe(4);
    const member = await r.ingest(orphans.slice(5), "member:someone");
    expect(member.quarantined).toBe(1);
    await r.close();
  });

  it("lets quarantined events expire, persisted or not", async () => {
    const { t } = federation();
    const file = tempFile();
    let now = 1_000_000;
    const options = { now: () => now, quarantineTtlMs: 60_000 };
    const r = await openReplica(file, options);
    await r.ingest(t.events.slice(0, 1));
    await r.ingest(t.events.slice(4), "outsider:10.0.0.1");
    const waiting = r.quarantined;
    expect(waiting).toBeGreaterThan(0);
    await r.close();
    now += 30_000;
    const reopened = await openReplica(file, options);
    expect(await reopened.expireQuarantine()).toBe(0);
    now += 30_000;
    expect(await reopened.expireQuarantine()).toBe(waiting);
    expect(reopened.quarantined).toBe(0);
    expect(await reopened.store.countQuarantined()).toBe(0);
    // The parents arriving now release nothing: the orphans are gone, nothing breaks.
    const late = await reopened.ingest(t.events.slice(1, 4));
    expect(late.released).toBe(0);
    await reopened.close();
  });

  it("refuses events of another federation, forged signatures and broken chains, storing nothing for them", async () => {
    const { t, chair, body } = federation();
    const r = await openReplica(tempFile());
    await r.ingest(t.events);
    const before = await r.store.count();
    const other = new TestFederation({ label: "elsewhere" });
    const foreign = await r.ingest(other.events);
    expect(foreign.rejections.map((x) => x.code)).toEqual([
      "FEDERATION_MISMATCH",
    ]);
    const e = t.sign(
      chair,
      body,
      "body.renamed",
      { name: { en: "x" } },
      { detached: true },
    );
    const forged = Uint8Array.from(e.signature);
    forged[10]! ^= 1;
    expect(
      (await r.ingest([{ ...e, signature: forged }])).rejections[0]?.code,
    ).toBe("SIGNATURE_INVALID");
    // A prev that is someone else's event.
    const thief = t.key("thief");
    const broken = signEvent(thief, {
      federation: t.federation,
      scope: body,
      seq: 2,
      kseq: 2,
      prev: t.events[1]!.id,
      deps: [],
      time: 1,
      type: "heads.merged",
      payload: {},
    });
    expect((await r.ingest([broken])).rejections[0]?.code).toBe("CHAIN_BROKEN");
    // A dep into a scope that is not above the event's own (a sibling body): refused, and
    // the event that follows it waits for a parent that will never be stored.
    const sibling = t.createBody(t.key("other-chair"));
    const head = r.fold.chainHead(idOf(chair), body)!;
    const mine = t.sign(
      chair,
      body,
      "heads.merged",
      {},
      {
        detached: true,
        deps: [body, sibling],
        seq: head.seq + 1,
        prev: head.id,
        kseq: head.kseq + 10,
      },
    );
    const rep = await r.ingest([t.events.find((x) => x.id === sibling)!, mine]);
    expect(rep.rejections.map((x) => x.code)).toEqual(["DEP_SCOPE_INVALID"]);
    const undecodable = await r.ingestWire([
      new Uint8Array([0x83, 0x40, 0x40]),
    ]);
    expect(undecodable.rejected).toBe(1);
    // Only the sibling body's founding was stored.
    expect(await r.store.count()).toBe(before + 1);
    await r.close();
  });

  it("a redaction drops the payload in the store for good; the log still verifies", async () => {
    const { t, chair, body, motion } = federation();
    const comment = t.events.find((e) => e.envelope.type === "comment.posted")!;
    t.sign(chair, body, "event.redacted", {
      event: comment.id,
      reason: "names",
    });
    const file = tempFile();
    const r = await openReplica(file);
    await r.ingest(t.events);
    expect((await r.store.get(comment.id))?.payload).toBeNull();
    expect(
      r.fold.state.comments
        .get(motion)
        .filter((c) => !r.fold.state.redactions.has(c.id)),
    ).toEqual([]);
    await r.flush();
    const report = await verifyReplica(r.store);
    expect(report).toMatchObject({ ok: true, events: t.events.length });
    expect(report.stateHash).toBe(r.stateHash());
    await r.close();
  });

  it("signing locally: an invalid action is taken back and nothing is stored", async () => {
    const { t, motion } = federation();
    const r = await openReplica(tempFile());
    await r.ingest(t.events);
    const before = await r.store.count();
    const hash = r.stateHash();
    const outsider = t.key("outsider");
    const body = t.bodyOf(motion);
    const { error } = await r.sign(
      outsider,
      body,
      "ballot.cast",
      { motion, choice: { vote: "no" } },
      1,
    );
    expect(error?.code).toBe("BALLOT_AFTER_CLOSE");
    expect(await r.store.count()).toBe(before);
    expect(r.stateHash()).toBe(hash);
    const ok = await r.sign(
      t.founders[0]!,
      body,
      "comment.posted",
      { motion: motion, text: "late", lang: "en" },
      2,
    );
    expect(ok.error?.code).toBe("MOTION_NOT_OPEN");
    const good = await r.sign(
      t.founders[0]!,
      body,
      "body.renamed",
      { name: { en: "Renamed" } },
      3,
    );
    expect(good.error).toBeNull();
    expect(await r.store.count()).toBe(before + 1);
    await r.close();
  });
});

describe("taking back a refused action placed before the end of the order", () => {
  it("leaves the fold and the store as they were, whatever scopes came after its place", async () => {
    const t = new TestFederation();
    const rules = {
      admission: { method: "endorsements", endorsements: 1 },
    } as const;
    const chairA = t.key("chair-a");
    const chairB = t.key("chair-b");
    const A = t.createBody(chairA, { rules: rules as never });
    const B = t.createBody(chairB, { rules: rules as never });
    const motion = t.openMotion(chairA, A);
    // Busy B: many events after A's last one, so a new event of A lands before some of them.
    for (let k = 0; k < 40; k++)
      t.sign(chairB, B, "body.renamed", { name: { en: `B ${k}` } });
    const r = await openReplica(tempFile());
    await r.ingest(t.events);
    const before = await r.store.count();
    const hash = r.stateHash();
    const order = r.fold.orderedIds();
    const outsider = t.key("outsider");
    let placedBeforeEnd = false;
    for (let k = 0; k < 8; k++) {
      const { event, error } = await r.sign(
        outsider,
        A,
        "comment.posted",
        { motion, text: `not a member ${k}`, lang: "en" },
        1000 + k,
      );
      expect(error?.code).toBe("NOT_A_MEMBER");
      // Where the pinned order would have put it: after A's events, among B's.
      placedBeforeEnd ||= event.id < order[order.length - 1]!;
      expect(r.fold.has(event.id)).toBe(false);
    }
    expect(placedBeforeEnd).toBe(true);
    expect(r.stateHash()).toBe(hash);
    expect(r.fold.orderedIds()).toEqual(order);
    expect(await r.store.count()).toBe(before);
    // And the replica still signs and folds as before.
    const ok = await r.sign(
      chairA,
      A,
      "body.renamed",
      { name: { en: "A" } },
      2000,
    );
    expect(ok.error).toBeNull();
    await r.close();
  });
});

describe("attestations read back from the store", () => {
  it("a body's audit confirms honest claims after a restart (payloads in their stored, canonical form)", async () => {
    const t = new TestFederation();
    const f = t.founders[0]!;
    const rules = {
      admission: { method: "endorsements", endorsements: 1 },
    } as const;
    const council = t.createBody(f, { kind: "council", rules: rules as never });
    const chair = t.key("chair");
    const m = t.key("m");
    const body = t.createBody(chair, { rules: rules as never });
    t.admit(body, m, [chair]);
    t.link(f, council, body, { attesters: [chair] });
    // The coordinator convenes the council; its delegate, m, votes there.
    t.seatDelegate({
      body,
      council,
      chair,
      voters: [chair, m],
      delegate: m,
      attesters: [chair],
    });
    const call = t.sign(f, council, "motion.opened", {
      kind: "action",
      title: { en: "Strike" },
      text: { en: "-" },
      subject: { kind: "action", action: "strike", startsAt: 0, scope: "all" },
    }).id;
    t.vote(m, call);
    t.close(f, call);
    t.sign(chair, body, "action.answered", {
      call,
      answer: "started",
      headcount: 2,
      note: "since six",
    });
    for (const p of pendingClaims(t.fold, body, council))
      t.attest(chair, council, body, p.claim);
    const file = tempFile();
    let r = await openReplica(file);
    await r.ingest(t.events);
    await r.close();
    r = await openReplica(file);
    const audit = auditAttestations(r.fold, body);
    expect(audit.map((a) => a.kind).sort()).toEqual([
      "answers",
      "members",
      "seats",
    ]);
    expect(audit.every((a) => a.status === "confirmed")).toBe(true);
    expect(pendingClaims(r.fold, body, council)).toEqual([]);
    await r.close();
  });
});

describe("verify", () => {
  async function stored() {
    const { t } = federation();
    const file = tempFile();
    const r = await openReplica(file);
    await r.ingest(t.events);
    await r.close();
    return { t, file };
  }

  /** Changes one byte of one stored event, behind the store's back (as a damaged disk would). */
  function tamper(
    file: string,
    column: "envelope" | "payload" | "signature",
    at: number,
  ) {
    const db = new Database(file);
    const row = db
      .prepare(
        `SELECT pos, ${column} AS b FROM events WHERE ${column} IS NOT NULL ORDER BY pos LIMIT 1 OFFSET 4`,
      )
      .get() as { pos: number; b: Buffer };
    const b = Buffer.from(row.b);
    b[Math.min(at, b.length - 1)]! ^= 0x01;
    db.prepare(`UPDATE events SET ${column} = ? WHERE pos = ?`).run(b, row.pos);
    db.close();
    return row.pos;
  }

  it("is ok on an untouched store, with the state hash of a rebuild", async () => {
    const { t, file } = await stored();
    const store: Store = await openSqliteStore(file);
    const report = await verifyReplica(store);
    expect(report).toMatchObject({
      ok: true,
      events: t.events.length,
      invalid: 0,
      quarantined: 0,
      stateHash: t.fold.stateHash(),
    });
    await store.close();
  });

  it.each([
    ["payload", 3, "PAYLOAD_HASH_MISMATCH"],
    ["signature", 20, "SIGNATURE_INVALID"],
    ["envelope", 60, "STORE_CORRUPT"],
  ] as const)(
    "catches one changed byte in a stored %s",
    async (column, at, code) => {
      const { file } = await stored();
      tamper(file, column, at);
      const store = await openSqliteStore(file);
      const report = await verifyReplica(store);
      expect(report.ok).toBe(false);
      expect(report.problems.map((p) => p.code)).toContain(code);
      expect(report.problems[0]?.id).toMatch(/^[0-9a-f]{64}$/);
      await store.close();
    },
  );

  it("catches a stored state that differs from a rebuild", async () => {
    const { file } = await stored();
    const db = new Database(file);
    db.prepare("UPDATE fold SET state_hash = ?").run("0".repeat(64));
    db.close();
    const store = await openSqliteStore(file);
    const report = await verifyReplica(store);
    expect(report.ok).toBe(false);
    expect(report.problems[0]).toMatchObject({
      code: "STORE_CORRUPT",
      details: { reason: "state-differs" },
    });
    await store.close();
  });
});

it("a wire event round-trips through ingestWire", async () => {
  const { t } = federation();
  const r = await openReplica(tempFile());
  const report = await r.ingestWire(t.events.map(encodeWireEvent));
  expect(report.added).toBe(t.events.length);
  expect(idOf(t.founders[0]!)).toMatch(/^[0-9a-f]{64}$/);
  await r.close();
});
