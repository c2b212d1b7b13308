/** Concurrent posts share store transactions (group commit), and every one is committed. */
import { afterAll, beforeAll, expect, it } from "vitest";
import type { SignedEvent } from "../../src/core/index.js";
import {
  type HubFixture,
  makeHub,
  post,
  signOnHub,
} from "./support/hub-fixture.js";

let f: HubFixture;
beforeAll(async () => {
  f = await makeHub();
});
afterAll(() => f.close());

it("commits concurrent ballots from every member in fewer transactions than posts", async () => {
  const state = f.hub.replica.fold.state;
  const open = [...state.motions.values()].filter(
    (m) => m.status === "open" && m.method === "yes-no-abstain",
  );
  const signed: SignedEvent[][] = [];
  for (const m of open) {
    const voters = f.hub.index().membersOf(m.body);
    for (const v of voters) {
      const person = f.g.people.find((p) => p.id === v);
      if (!person) continue;
      signed.push(
        await signOnHub(
          f.app,
          person.key,
          "ballot.cast",
          { motion: m.id, choice: { vote: "yes" } },
          { deps: [m.id] },
        ),
      );
    }
  }
  expect(signed.length).toBeGreaterThanOrEqual(10);
  const before = f.hub.committer.stats.commits;
  const responses = await Promise.all(
    signed.map((events) => post(f.app, events)),
  );
  expect(responses.map((r) => r.statusCode)).toEqual(signed.map(() => 201));
  const commits = f.hub.committer.stats.commits - before;
  expect(commits).toBeLessThan(signed.length);
  for (const events of signed)
    for (const e of events)
      expect(await f.hub.replica.store.get(e.id)).not.toBeNull();
  for (const m of open)
    expect(state.ballots.get(m.id).length).toBeGreaterThanOrEqual(1);
});
