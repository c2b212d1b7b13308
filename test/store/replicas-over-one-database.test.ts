/**
 * Two replicas over one PostgreSQL store, as two hub processes over one database: each
 * ingests its own share of a generated federation, in turns and at once; `catchUp` folds what
 * the other stored (in storage order) and releases the orphans it was holding. They end with
 * the state of one replica that folded everything — the fold's order-independence
 * (src/core/fold/fold-properties.test.ts) is what makes this hold.
 */
import { randomBytes } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { replicaOf } from "../../src/core/testing.js";
import { generateFederation } from "../../src/demo/index.js";
import { Replica } from "../../src/replica/index.js";
import { openPostgresStore } from "../../src/store/index.js";
import {
  TEST_PG_URL,
  testServerQuery,
  testServerUnreachable,
} from "../../src/store/postgres/testing.js";

const unreachable = await testServerUnreachable();
const schemas: string[] = [];

if (unreachable !== null) {
  describe.skip(`two replicas over one store: no PostgreSQL at ${TEST_PG_URL}`, () => {
    it("needs a PostgreSQL server", () => {});
  });
} else {
  afterAll(async () => {
    for (const s of schemas)
      await testServerQuery(`DROP SCHEMA IF EXISTS "${s}" CASCADE`);
  });

  describe("two replicas over one PostgreSQL store", () => {
    for (const seed of [2, 3]) {
      it(`ingesting different shares of federation ${seed} in turns, each catching up on the other, they reach one state (no event lost, none waiting)`, async () => {
        const events = generateFederation({
          seed,
          regions: 2,
          townsPerRegion: 1,
          workplacesPerTown: 2,
          members: [4, 9],
          motions: [2, 3],
        }).events;
        const reference = replicaOf(events);
        const schema = `kenges_test_${randomBytes(6).toString("hex")}`;
        schemas.push(schema);
        const open = async () =>
          Replica.open(
            await openPostgresStore({ connectionString: TEST_PG_URL, schema }),
            { now: () => 0 },
          );
        // The federation exists before the hubs start: its genesis is stored by the first.
        const a = await open();
        expect((await a.ingest(events.slice(0, 1), "a")).added).toBe(1);
        const b = await open();
        try {
          // A fixed split by id: each share keeps the generated (causal) order, so a replica
          // meets parents the other stored and orphans whose parents the other holds.
          const mine = (id: string) =>
            Number.parseInt(id.slice(-2), 16) % 3 !== 0;
          const shareA = events.slice(1).filter((e) => mine(e.id));
          const shareB = events.slice(1).filter((e) => !mine(e.id));
          expect(shareA.length).toBeGreaterThan(0);
          expect(shareB.length).toBeGreaterThan(0);
          const step = 25;
          // The most events waiting for parents at once: the split must make orphans.
          let waited = 0;
          for (
            let i = 0;
            i < Math.max(shareA.length, shareB.length);
            i += step
          ) {
            await Promise.all([
              a.ingest(shareA.slice(i, i + step), "a"),
              b.ingest(shareB.slice(i, i + step), "b"),
            ]);
            waited = Math.max(waited, a.quarantined + b.quarantined);
            if ((i / step) % 2 === 1)
              await Promise.all([a.catchUp(), b.catchUp()]);
          }
          // Catch up until neither folds anything more (a release by one may store what the
          // other then folds).
          for (let round = 0; round < 20; round++) {
            const folded = [...(await a.catchUp()), ...(await b.catchUp())];
            if (folded.length === 0) break;
          }
          expect(waited).toBeGreaterThan(0);
          for (const r of [a, b]) {
            expect(r.fold.size).toBe(events.length);
            expect(r.stateHash()).toBe(reference.stateHash());
            expect(r.quarantined).toBe(0);
          }
          expect(await a.store.count()).toBe(events.length);
          expect(await a.store.countQuarantined()).toBe(0);
          // Nothing more to read: a last catch-up folds nothing, and has seen the end.
          expect(await a.catchUp()).toEqual([]);
          expect(a.seenPosition).toBe(
            (await a.store.scanUnsigned(0, events.length + 1)).last,
          );
        } finally {
          await a.close();
          await b.close();
        }
      }, 120_000);
    }
  });
}
