/** Concurrent posts share store transactions (group commit), and every one is committed. */
import { afterAll, beforeAll, expect, it } from "vitest";
import type { SignedEvent } from "../../src/core/index.js";
import type { KeyPair } from "../../src/crypto/index.js";
import {
  get,
  type HubFixture,
  login,
  makeHub,
  post,
  postgresUnreachable,
  signOnHub,
} from "./support/hub-fixture.js";

let f: HubFixture;
beforeAll(async () => {
  f = await makeHub();
});
afterAll(() => f.close());

it("commits concurrent ballots from members of several bodies in fewer transactions than posts", async () => {
  const t = f.town;
  const voters: [KeyPair, string, string][] = [
    [t.a1, t.depot, t.depotMotion],
    [t.m1, t.depot, t.depotMotion],
    [t.m2, t.depot, t.depotMotion],
    [t.m3, t.depot, t.depotMotion],
    [t.a2, t.hospital, t.hospitalMotion],
    [t.n1, t.hospital, t.hospitalMotion],
    [t.m1, t.town, t.townMotion],
    [t.a2, t.town, t.townMotion],
    [t.p1, t.bakery, t.bakeryMotion],
  ];
  const signed: SignedEvent[][] = [];
  for (const [key, scope, motion] of voters)
    signed.push(
      await signOnHub(f.app, key, scope, "ballot.cast", {
        motion,
        choice: { vote: "yes" },
      }),
    );
  const before = f.hub.committer.stats.commits;
  const responses = await Promise.all(
    signed.map((events) => post(f.app, events)),
  );
  expect(responses.map((r) => r.statusCode)).toEqual(signed.map(() => 201));
  expect(responses.map((r) => r.json().results.at(-1).invalid)).toEqual(
    signed.map(() => null),
  );
  const commits = f.hub.committer.stats.commits - before;
  expect(commits).toBeLessThan(signed.length);
  for (const events of signed)
    for (const e of events)
      expect(await f.hub.replica.store.get(e.id)).not.toBeNull();
});

const noPostgres = await postgresUnreachable();
if (noPostgres !== null)
  console.warn(`group commit with drafts on PostgreSQL SKIPPED: ${noPostgres}`);

it.skipIf(noPostgres !== null)(
  "counts close drafts between commits while posts are being committed",
  async () => {
    // On PostgreSQL a commit's write really waits for I/O, and requests run meanwhile.
    const pgHub = await makeHub({}, { store: "postgres" });
    try {
      await draftsWhileCommitting(pgHub);
    } finally {
      await pgHub.close();
    }
  },
);

async function draftsWhileCommitting(f: HubFixture): Promise<void> {
  const t = f.town;
  const token = await login(f.app, t.a1);
  const signed: SignedEvent[][] = [];
  for (const [key, text] of [
    [t.m3, "first"],
    [t.m2, "second"],
    [t.m1, "third"],
  ] as const)
    signed.push(
      await signOnHub(f.app, key, t.depot, "comment.posted", {
        motion: t.depotMotion,
        text,
        lang: "en",
      }),
    );
  // Drafts asked one after another for as long as the posts take: some land while a commit
  // has events staged. Placing a draft then would throw (a 500): it must wait its turn.
  let done = false;
  const statuses: number[] = [];
  const asking = (async () => {
    while (!done || statuses.length < 20) {
      statuses.push(
        (await get(f.app, `/api/motions/${t.depotMotion}/close-draft`, token))
          .statusCode,
      );
      // Lets the event loop turn, so the committer's timers and I/O run between asks.
      await new Promise((next) => setImmediate(next));
    }
  })();
  const posts = await Promise.all(signed.map((events) => post(f.app, events)));
  done = true;
  await asking;
  expect(posts.map((r) => r.statusCode)).toEqual(posts.map(() => 201));
  expect(statuses.filter((s) => s !== 200)).toEqual([]);
}

it.skipIf(noPostgres !== null)(
  "runs an asynchronous step between commits (a catch-up of another process's appends): no commit ends while it runs, and every post is committed",
  async () => {
    const pgHub = await makeHub({}, { store: "postgres" });
    try {
      const t = pgHub.town;
      const signed: SignedEvent[][] = [];
      for (const [key, text] of [
        [t.m3, "one"],
        [t.m2, "two"],
        [t.m1, "three"],
      ] as const)
        signed.push(
          await signOnHub(pgHub.app, key, t.depot, "comment.posted", {
            motion: t.depotMotion,
            text,
            lang: "en",
          }),
        );
      const committer = pgHub.hub.committer;
      const posting = Promise.all(
        signed.map((events) => post(pgHub.app, events)),
      );
      // Steps asked for while the posts go in; each waits on real I/O meanwhile.
      const steps: Promise<number>[] = [];
      for (let i = 0; i < 5; i++) {
        steps.push(
          committer.between(async () => {
            const before = committer.stats.commits;
            await pgHub.hub.replica.store.count();
            await new Promise((r) => setTimeout(r, 5));
            return committer.stats.commits - before;
          }),
        );
        await new Promise((next) => setImmediate(next));
      }
      const posts = await posting;
      expect(posts.map((r) => r.statusCode)).toEqual(posts.map(() => 201));
      expect(await Promise.all(steps)).toEqual([0, 0, 0, 0, 0]);
    } finally {
      await pgHub.close();
    }
  },
);
