// The pool on the writable node, against the real test server (testing.ts): a node that does
// not answer is passed over, a node lost under the pool's connections is STORE_UNAVAILABLE
// once and then found again. The failover between two real nodes is
// test/store/postgres-failover.test.ts.
import { createServer } from "node:net";
import { afterAll, describe, expect, it } from "vitest";
import { postgresNodeUrls } from "../postgres-nodes.js";
import { isStoreUnavailable } from "../store-unavailable.js";
import { PrimaryPool } from "./postgres-primary-pool.js";
import {
  TEST_PG_URL,
  testServerQuery,
  testServerUnreachable,
} from "./testing.js";

const unreachable = await testServerUnreachable();

/** A loopback port nothing listens on (taken, then let go). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  const address = server.address();
  await new Promise((done) => server.close(done));
  if (address === null || typeof address === "string")
    throw new Error("no port");
  return address.port;
}

/** The test server's URL as the second node of a list whose first node does not answer. */
async function listWithDeadFirst(): Promise<string> {
  const u = new URL(TEST_PG_URL);
  const dead = await closedPort();
  return TEST_PG_URL.replace(u.host, `127.0.0.1:${dead},${u.host}`);
}

const pools: PrimaryPool[] = [];
afterAll(async () => {
  for (const p of pools) await p.end();
});

describe.skipIf(unreachable !== null)("PrimaryPool", () => {
  it("passes over a node that does not answer and writes to the one that does", async () => {
    const nodes = postgresNodeUrls(await listWithDeadFirst());
    expect(nodes).toHaveLength(2);
    const pool = new PrimaryPool({
      nodes: nodes!,
      config: { connectionTimeoutMillis: 5_000 },
    });
    pools.push(pool);
    const r = await pool.query<{ one: number }>("SELECT 1 AS one");
    expect(r.rows[0]?.one).toBe(1);
    expect(await pool.primaryUrl()).toBe(nodes![1]);
    expect(pool.stats.primariesFound).toBe(1);
  });

  it("a node lost under its connections is STORE_UNAVAILABLE once, then found again", async () => {
    const name = `kenges_pool_${process.pid}_${Date.now()}`;
    const pool = new PrimaryPool({
      nodes: postgresNodeUrls(TEST_PG_URL)!,
      config: { application_name: name },
    });
    pools.push(pool);
    // A statement under way when its node dies (an idle connection that dies is only
    // dropped by pg's pool; the next one opens afresh).
    const under = pool.query("SELECT pg_sleep(60)").then(
      () => null,
      (e: unknown) => e,
    );
    let ended = 0;
    while (ended === 0) {
      const r = await testServerQuery(
        "SELECT count(pg_terminate_backend(pid)) AS n FROM pg_stat_activity WHERE application_name = $1 AND query LIKE 'SELECT pg_sleep%'",
        [name],
      );
      ended = Number(r.rows[0]?.n);
    }
    const lost = await under;
    expect(isStoreUnavailable(lost)).toBe(true);
    const again = await pool.query<{ two: number }>("SELECT 2 AS two");
    expect(again.rows[0]?.two).toBe(2);
    expect(pool.stats.primariesFound).toBe(2);
  });

  it("an error of the statement itself passes unchanged and keeps the node", async () => {
    const pool = new PrimaryPool({
      nodes: postgresNodeUrls(TEST_PG_URL)!,
      config: {},
    });
    pools.push(pool);
    const error = await pool.query("SELECT * FROM no_such_table_here").then(
      () => null,
      (e: unknown) => e,
    );
    expect((error as { code?: string }).code).toBe("42P01");
    await pool.query("SELECT 1");
    expect(pool.stats.primariesFound).toBe(1);
  });

  it("with no node answering, refuses with STORE_UNAVAILABLE", async () => {
    const pool = new PrimaryPool({
      nodes: [`postgres://postgres@127.0.0.1:${await closedPort()}/test`],
      config: { connectionTimeoutMillis: 3_000 },
    });
    pools.push(pool);
    const error = await pool.query("SELECT 1").then(
      () => null,
      (e: unknown) => e,
    );
    expect(isStoreUnavailable(error)).toBe(true);
  });
});
