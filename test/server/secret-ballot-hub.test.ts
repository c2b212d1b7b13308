/**
 * Secret ballots on a real hub, through its HTTP API (issue 12): 30 members, in a known
 * order, each ask for tokens, get both registrars' answers and post their ballot — and from
 * everything the hub stores (the store's rows in position order, envelopes, times, the file's
 * bytes) the best guess of who cast which ballot does no better than chance. The write gate
 * takes a ballot from a key that is no one's on its tokens alone, refuses a forged token, a
 * second ballot of one one-time key, a member's own key and a wrong envelope before storage,
 * and a key off the roll gets no valid token. The motion's page never shows a voter beside a
 * ballot.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3-multiple-ciphers";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { decodeEnvelope, type SignedEvent } from "../../src/core/index.js";
import {
  type SecretTicket,
  TestFederation,
  type TestRegistrar,
} from "../../src/core/testing.js";
import { generateTokenKey } from "../../src/crypto/blind-token.js";
import { deriveKeyPair, type KeyPair, toHex } from "../../src/crypto/index.js";
import { installNodeCrypto } from "../../src/crypto/node.js";
import { Replica } from "../../src/replica/index.js";
import { buildApp, Hub, parseHubConfig } from "../../src/server/index.js";
import { openSqliteStore, type Store } from "../../src/store/index.js";
import { get, HUB_ID, login, post } from "./support/hub-fixture.js";

const VOTERS = 30;
const BATCH = 16;

const work = mkdtempSync(join(tmpdir(), "kenges-secret-hub-"));
const storeFile = join(work, "hub.sqlite");

let t: TestFederation;
let founder: KeyPair;
let body = "";
let motion = "";
let voters: KeyPair[] = [];
let registrars: TestRegistrar[] = [];
let hub: Hub;
let app: FastifyInstance;
let store: Store;
/** Events the hub holds already (posted, or in its fixture). */
const onHub = new Set<string>();

/**
 * Posts the events the test federation signed since the last post, but its secret ballots:
 * the tests post those one by one, as voters do.
 */
async function postNew(ip: string): Promise<void> {
  const fresh = t.events.filter(
    (e) => !onHub.has(e.id) && e.envelope.type !== "ballot.secret",
  );
  if (fresh.length === 0) return;
  const r = await post(app, fresh, ip);
  expect(r.statusCode, r.body).toBe(201);
  for (const e of fresh) onHub.add(e.id);
}

/** Posts a secret ballot; resolves with the answer once the hub has committed its batch. */
function postBallot(ballot: SignedEvent, ip: string) {
  return post(app, [ballot], ip);
}

beforeAll(async () => {
  installNodeCrypto();
  t = new TestFederation({ label: "secret-ballot-hub" });
  founder = t.founders[0]!;
  body = t.createBody(founder, {
    name: "Depot",
    rules: { admission: { method: "endorsements", endorsements: 1 } },
  });
  const dana = deriveKeyPair("secret-hub-registrar", 0);
  const ravil = deriveKeyPair("secret-hub-registrar", 1);
  t.admit(body, dana, [founder], "Dana");
  t.admit(body, ravil, [founder], "Ravil");
  voters = Array.from({ length: VOTERS }, (_, i) =>
    deriveKeyPair("secret-hub-voter", i),
  );
  for (const [i, v] of voters.entries()) t.admit(body, v, [founder], `V${i}`);
  registrars = [
    t.offerRegistrar(dana, body, await generateTokenKey(2048)),
    t.offerRegistrar(ravil, body, await generateTokenKey(2048)),
  ];
  motion = t.openSecretMotion(founder, body, registrars);
  store = await openSqliteStore(storeFile);
  const replica = await Replica.open(store);
  const report = await replica.ingest(t.events, "fixture");
  expect(report.rejected + report.quarantined).toBe(0);
  for (const e of t.events) onHub.add(e.id);
  hub = new Hub(
    replica,
    parseHubConfig({
      dataDir: work,
      limits: {
        keyBurst: 10_000,
        addressRequestBurst: 10_000_000,
        keyRequestBurst: 10_000_000,
        refusedBurst: 5,
      },
      // 30 ballots come at once: 16 fill the first batch, the other 14 wait out the 5 s.
      secretBallots: { batchSize: BATCH, batchMs: 5_000 },
    }),
    { hub: HUB_ID, fingerprint: null },
  );
  app = await buildApp(hub, { checkAnswers: true });
}, 60_000);

afterAll(async () => {
  await app?.close();
  await hub?.close();
  rmSync(work, { recursive: true, force: true });
});

/** What each voter kept: the ticket, and the ballot it cast. */
const tickets: SecretTicket[] = [];
const ballots: SignedEvent[] = [];

describe("a secret vote of 30 members through the hub", () => {
  it("members ask, registrars answer, members vote one after another; ballots wait for a batch", async () => {
    const answers: Promise<{ statusCode: number; body: string }>[] = [];
    // Every member asks and both registrars answer; then the ballots come, each from its
    // member's own address, in the order the members asked: what an operator would see. They
    // come one right after another, so the first 16 fill a batch however slow the machine is
    // (asking took ~0.2 s a member here, and a batch waits only 5 s for more).
    for (const [i, voter] of voters.entries()) {
      const ticket = await t.requestTokens(voter, motion);
      await postNew(`10.0.0.${i + 1}`);
      for (const r of registrars) await t.issueTokens(r, ticket.request!);
      await postNew("10.0.1.1");
      const ballot = await t.castSecret(
        ticket,
        { vote: i % 3 === 0 ? "no" : "yes" },
        {
          detached: true,
        },
      );
      tickets.push(ticket);
      ballots.push(ballot);
    }
    for (const [i, ballot] of ballots.entries()) {
      answers.push(postBallot(ballot, `10.0.0.${i + 1}`));
      if (i === 0) {
        // A second ballot of the same one-time key while the first waits in the batch. The
        // gate is asynchronous: the twin is posted once the first is held, or it could pass
        // the gate first (with native unblinding it is signed within a millisecond).
        while (hub.secretBallots.waiting < 1)
          await new Promise((resolve) => setImmediate(resolve));
        const twice = await t.castSecret(
          tickets[0]!,
          { vote: "abstain" },
          {
            detached: true,
          },
        );
        const r = await postBallot(twice, "10.0.2.1");
        expect(r.statusCode).toBe(422);
        expect(r.json().code).toBe("TOKEN_SPENT_TWICE");
      }
    }
    const results = await Promise.all(answers);
    for (const r of results) {
      expect(r.statusCode, r.body).toBe(201);
      expect(JSON.parse(r.body).results[0]).toMatchObject({
        outcome: "added",
        invalid: null,
      });
    }
    expect(hub.secretBallots.stats.largest).toBe(BATCH);
    // A client resending a committed ballot (its outbox after a lost answer) is told at once.
    const started = Date.now();
    const resent = await postBallot(ballots[5]!, "10.0.0.6");
    expect(resent.statusCode).toBe(201);
    expect(resent.json().results[0].outcome).toBe("duplicate");
    expect(Date.now() - started).toBeLessThan(4_000);
    // Committed now: a second ballot of a key that voted is refused at the gate too.
    const again = await t.castSecret(
      tickets[3]!,
      { vote: "abstain" },
      {
        detached: true,
      },
    );
    const r2 = await postBallot(again, "10.0.2.2");
    expect(r2.json().code).toBe("TOKEN_SPENT_TWICE");
    for (const b of ballots) onHub.add(b.id);
    t.deliver(ballots);
  }, 120_000);

  it("the stored order of the ballots does not tell who cast which (no better than chance)", async () => {
    // The attacker's best guess from the store: the k-th ballot stored is the k-th voter's
    // (requests are stored in the order the voters came; ballots in their batches' order).
    const stored: { type: string; author: string; time: number }[] = [];
    let after = 0;
    for (;;) {
      const { events, last } = await store.scanUnsigned(after, 1000);
      for (const e of events) {
        const env = decodeEnvelope(e.envelope);
        if (!env.ok) throw new Error("undecodable envelope");
        stored.push({
          type: env.value.type,
          author: toHex(env.value.author),
          time: env.value.time,
        });
      }
      if (events.length < 1000) break;
      after = last;
    }
    const storedBallots = stored.filter((e) => e.type === "ballot.secret");
    expect(storedBallots).toHaveLength(VOTERS);
    // Every ballot claims the opening's time: the envelope says nothing of when.
    const openedAt = t.fold.timeOf(motion)!;
    expect(new Set(storedBallots.map((b) => b.time))).toEqual(
      new Set([openedAt]),
    );
    const requestOrder = stored
      .filter((e) => e.type === "token.requested")
      .map((e) => e.author);
    expect(requestOrder).toEqual(voters.map((v) => toHex(v.publicKey)));
    const voterOfOneTimeKey = new Map(
      tickets.map((k, i) => [toHex(k.oneTimeKey.publicKey), i]),
    );
    let correct = 0;
    storedBallots.forEach((b, rank) => {
      if (voterOfOneTimeKey.get(b.author) === rank) correct++;
    });
    // A random permutation of 30 has 8 or more fixed points with probability ≈ 2.5·10⁻⁵.
    console.log(
      `linking attack: ${correct} of ${VOTERS} ballots matched to their voter by stored order`,
    );
    expect(correct).toBeLessThan(8);
  });

  it("nothing the hub stored records a ballot's client address or arrival", async () => {
    expect(await store.countQuarantined()).toBe(0);
    // A row is its position and the event's own bytes: no time, no address, no source.
    const db = new Database(storeFile, { readonly: true });
    try {
      const columns = (
        db.prepare("PRAGMA table_info(events)").all() as { name: string }[]
      ).map((c) => c.name);
      expect(columns.sort()).toEqual([
        "envelope",
        "id",
        "payload",
        "pos",
        "signature",
      ]);
      const meta = JSON.stringify(db.prepare("SELECT * FROM meta").all());
      for (const k of tickets)
        expect(meta).not.toContain(toHex(k.oneTimeKey.publicKey));
    } finally {
      db.close();
    }
    for (const file of readdirSync(work).filter((f) =>
      f.startsWith("hub.sqlite"),
    )) {
      const bytes = readFileSync(join(work, file)).toString("latin1");
      expect(bytes).not.toMatch(/10\.0\.[0-2]\.\d/);
    }
  });

  it("the motion's page shows the secret figures and never a voter beside a ballot", async () => {
    t.close(founder, motion);
    await postNew("10.0.3.1");
    const token = await login(app, voters[0]!);
    const r = await get(app, `/api/motions/${motion}`, token);
    expect(r.statusCode).toBe(200);
    const view = r.json();
    expect(view.secret).toMatchObject({
      rollSize: VOTERS + 3,
      requests: VOTERS,
      ballots: VOTERS,
      doubleSpends: 0,
      overIssued: false,
    });
    expect(
      view.secret.registrars.map((x: { issued: number }) => x.issued),
    ).toEqual([VOTERS, VOTERS]);
    expect(view.ballots).toEqual([]);
    expect(view.viewer.myBallot).toBeNull();
    expect(view.countSheet.counted).toHaveLength(VOTERS);
    expect(view.result.decision).toMatchObject({ yes: 20, no: 10 });
    const text = JSON.stringify(view);
    for (const v of voters) expect(text).not.toContain(toHex(v.publicKey));
  });
});

describe("the write gate on secret ballots", () => {
  it("refuses a forged token, a member's own key and a wrong envelope before storage; a key off the roll gets no valid token", async () => {
    const offered = [
      t.offerRegistrar(
        registrars[0]!.member,
        body,
        await generateTokenKey(2048),
      ),
      t.offerRegistrar(
        registrars[1]!.member,
        body,
        await generateTokenKey(2048),
      ),
    ];
    const other = t.openSecretMotion(founder, body, offered);
    // Admitted after the opening: not on the roll frozen there.
    const newcomer = deriveKeyPair("secret-hub-newcomer", 0);
    // A newcomer's join request names only the body's founding event, as the hub asks.
    const join = t.sign(
      newcomer,
      body,
      "member.join-requested",
      { name: "Late" },
      { deps: [body] },
    );
    t.sign(founder, body, "member.admission-endorsed", { request: join.id });
    await postNew("10.0.4.1");
    // The motion's page offers the ballot only to those on the roll.
    const lateView = await get(
      app,
      `/api/motions/${other}`,
      await login(app, newcomer),
    );
    expect(lateView.statusCode).toBe(200);
    expect(lateView.json().viewer.canVote).toBe(false);
    const onRoll = await get(
      app,
      `/api/motions/${other}`,
      await login(app, voters[1]!),
    );
    expect(onRoll.json().viewer.canVote).toBe(true);
    const ticket = await t.requestTokens(voters[1]!, other);
    await postNew("10.0.4.2");
    for (const r of offered) await t.issueTokens(r, ticket.request!);
    await postNew("10.0.4.3");
    const tokens = await t.finalizeTokens(ticket);
    const sizeBefore = hub.replica.fold.size;
    const flipped = `${tokens[0]!.startsWith("ff") ? "00" : "ff"}${tokens[0]!.slice(2)}`;
    const forged = await t.castSecret(
      ticket,
      { vote: "yes" },
      {
        detached: true,
        tokens: [flipped, tokens[1]!],
      },
    );
    const r1 = await postBallot(forged, "10.0.5.1");
    expect(r1.statusCode).toBe(422);
    expect(r1.json()).toMatchObject({
      code: "TOKEN_INVALID",
      details: { registrar: 0 },
    });
    // The same answer by sync (one write gate for every road), and nothing stored.
    const [synced] = await hub.admitSynced([forged], {
      address: "10.0.5.9",
      peer: null,
    });
    expect(synced).toMatchObject({
      outcome: "rejected",
      rejection: { code: "TOKEN_INVALID" },
    });
    const late = await t.castSecret(
      ticket,
      { vote: "yes" },
      {
        detached: true,
        time: t.fold.timeOf(other)! + 1,
      },
    );
    const r2 = await postBallot(late, "10.0.5.2");
    expect(r2.json()).toMatchObject({
      code: "SECRET_BALLOT_ENVELOPE_INVALID",
      details: { field: "time" },
    });
    // A member's own key, with valid tokens and the rule's envelope: it would name the voter.
    const own = t.signAt(
      voters[2]!,
      body,
      "ballot.secret",
      { motion: other, choice: { vote: "yes" }, tokens },
      t.fold.timeOf(other)!,
      { detached: true, deps: [other], seq: 1, prev: null, kseq: 1 },
    );
    const r3 = await postBallot(own, "10.0.5.3");
    expect(r3.json().code).toBe("SECRET_BALLOT_AUTHOR_KNOWN");
    expect(hub.replica.fold.size).toBe(sizeBefore);
    // The newcomer's request is kept as invalid; a registrar's answer to it counts for nothing.
    const asked = await t.requestTokens(newcomer, other);
    const r4 = await post(app, [asked.request!], "10.0.6.1");
    onHub.add(asked.request!.id);
    expect(r4.json().results[0].invalid.code).toBe("NOT_ON_ROLL");
    const issued = await t.issueTokens(offered[0]!, asked.request!);
    expect(t.fold.invalidReason(issued.id)?.code).toBe(
      "TOKEN_REQUEST_NOT_FOUND",
    );
    await expect(t.finalizeTokens(asked)).rejects.toThrow(/issued no token/);
    // The valid ballot still goes in.
    const r5 = await postBallot(
      await t.castSecret(ticket, { vote: "no" }, { detached: true }),
      "10.0.5.4",
    );
    expect(r5.statusCode).toBe(201);
  }, 60_000);

  it("refused ballots spend their address's budget", async () => {
    const ticket = tickets[4]!;
    let last = 0;
    for (let k = 0; k < 7; k++) {
      const junk = await t.castSecret(
        ticket,
        { vote: "yes" },
        {
          detached: true,
          tokens: ["00".repeat(256), "00".repeat(256)],
          time: t.fold.timeOf(motion)! + k + 1,
        },
      );
      last = (await postBallot(junk, "10.0.8.1")).statusCode;
    }
    expect(last).toBe(429);
  });
});
