/**
 * Secret ballots wait for their batch: nothing is stored until `size` ballots wait or
 * `delayMs` passed, each poster is answered only once its batch is committed, and the order
 * within a batch comes from a cryptographic shuffle.
 */
import { describe, expect, it } from "vitest";
import type { SignedEvent } from "../../core/index.js";
import { TestFederation } from "../../core/testing.js";
import { generateTokenKey } from "../../crypto/blind-token.js";
import { deriveKeyPair, toHex } from "../../crypto/index.js";
import { installNodeCrypto } from "../../crypto/node.js";
import { Replica } from "../../replica/index.js";
import { openSqliteStore } from "../../store/index.js";
import { GroupCommitter } from "../group-commit.js";
import { SecretBallotBatch, shuffleSecurely } from "./secret-ballot-batch.js";

async function secretVote(voters: number) {
  installNodeCrypto();
  const t = new TestFederation({ label: "secret-batch" });
  const founder = t.founders[0]!;
  const body = t.createBody(founder, {
    rules: { admission: { method: "endorsements", endorsements: 1 } },
  });
  const keys = Array.from({ length: voters + 2 }, (_, i) =>
    deriveKeyPair("secret-batch", i),
  );
  for (const k of keys) t.admit(body, k, [founder]);
  const registrars = [
    t.offerRegistrar(keys[0]!, body, await generateTokenKey(2048)),
    t.offerRegistrar(keys[1]!, body, await generateTokenKey(2048)),
  ];
  const motion = t.openSecretMotion(founder, body, registrars);
  const ballots: SignedEvent[] = [];
  for (const voter of keys.slice(2)) {
    const ticket = await t.requestTokens(voter, motion);
    for (const r of registrars) await t.issueTokens(r, ticket.request!);
    ballots.push(
      await t.castSecret(ticket, { vote: "yes" }, { detached: true }),
    );
  }
  const replica = await Replica.open(await openSqliteStore(":memory:"));
  const setup = t.events.filter((e) => e.envelope.type !== "ballot.secret");
  await replica.ingest(setup, "fixture");
  const committer = new GroupCommitter(replica, {
    maxQueued: 1000,
    onCommitted: () => {},
  });
  return { replica, committer, ballots };
}

const pause = (ms: number) => new Promise((done) => setTimeout(done, ms));

describe("secret ballot batches", () => {
  it("hold ballots until the batch is full, then commit them together", async () => {
    const { replica, committer, ballots } = await secretVote(3);
    const batch = new SecretBallotBatch(committer, {
      size: 2,
      delayMs: 60_000,
    });
    let answered = false;
    const first = batch.hold([ballots[0]!]).then((o) => {
      answered = true;
      return o;
    });
    await pause(50);
    expect(answered).toBe(false);
    expect(replica.fold.has(ballots[0]!.id)).toBe(false);
    // While it waits, another ballot of its key is known to be one (the gate refuses it).
    const key = toHex(ballots[0]!.envelope.author);
    expect(batch.isOtherWaiting(key, "another ballot")).toBe(true);
    expect(batch.isOtherWaiting(key, ballots[0]!.id)).toBe(false);
    const second = await batch.hold([ballots[1]!]);
    expect((await first)[0]!.outcome).toBe("added");
    expect(second[0]!.outcome).toBe("added");
    expect(batch.stats).toEqual({ batches: 1, largest: 2 });
    // The last one alone waits for the time (here: until the hub closes).
    const last = batch.hold([ballots[2]!]);
    await pause(50);
    expect(replica.fold.has(ballots[2]!.id)).toBe(false);
    await batch.commitNow();
    expect((await last)[0]!.outcome).toBe("added");
    await replica.close();
  }, 30_000);

  it("commit what waits once the delay passed", async () => {
    const { replica, committer, ballots } = await secretVote(1);
    const batch = new SecretBallotBatch(committer, { size: 16, delayMs: 200 });
    const started = Date.now();
    const [outcome] = await batch.hold([ballots[0]!]);
    expect(outcome!.outcome).toBe("added");
    expect(Date.now() - started).toBeGreaterThanOrEqual(190);
    await replica.close();
  }, 30_000);

  it("shuffles into a permutation, not the order given", () => {
    const items = Array.from({ length: 64 }, (_, i) => i);
    const shuffled = shuffleSecurely(items);
    expect([...shuffled].sort((a, b) => a - b)).toEqual(items);
    // The chance that 64 items stay in order is 1/64!.
    expect(shuffled).not.toEqual(items);
  });
});
