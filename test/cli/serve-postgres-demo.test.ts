/**
 * The whole demo on PostgreSQL (#16): `kenges demo --db` into a throw-away database, then
 * `kenges serve --db` answers GET /api/health and /api/federation with the same bodies as a
 * hub on the demo's SQLite directory, and `kenges verify --db` finds the log whole. A long
 * scenario (test/long-scenarios.ts): the demo's ~16,500 events and two hubs take minutes on
 * two busy cores. The small federation's paths and the error codes are in serve-postgres.test.ts.
 */
import type { ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import {
  createThrowawayDatabase,
  TEST_PG_URL,
  testServerUnreachable,
} from "../../src/store/postgres/testing.js";
import {
  type ServedHub,
  serveDemo,
} from "../server/support/serve-demo-process.js";
import { inProcessCli } from "./support/in-process-cli.js";
import { spawnServe } from "./support/serve-spawn.js";

const unreachable = await testServerUnreachable();

if (unreachable !== null) {
  console.warn(
    `demo on PostgreSQL SKIPPED: no server at ${TEST_PG_URL} (${unreachable}). Start one or set KENGES_TEST_PG_URL.`,
  );
  describe.skip(`demo on PostgreSQL: no server at ${TEST_PG_URL}`, () => {
    it("needs a PostgreSQL server", () => {});
  });
} else {
  const work = mkdtempSync(join(tmpdir(), "kenges-pg-demo-"));
  const dir = join(work, "data");
  const running: ChildProcess[] = [];
  let database: Awaited<ReturnType<typeof createThrowawayDatabase>> | undefined;
  let sqliteHub: ServedHub | undefined;
  const kenges = inProcessCli(work);

  afterAll(async () => {
    for (const p of running) p.kill("SIGKILL");
    await Promise.all(
      running.map(
        (p) =>
          p.exitCode !== null ||
          p.signalCode !== null ||
          new Promise((done) => p.once("exit", done)),
      ),
    );
    await sqliteHub?.stop();
    await database?.drop();
    rmSync(work, { recursive: true, force: true });
  });

  it("kenges serve --db serves the demo made by kenges demo --db, as a hub on SQLite serves it", async () => {
    database = await createThrowawayDatabase();
    const demo = await kenges([
      "--data",
      dir,
      "demo",
      "--db",
      database.url,
      "--json",
    ]);
    expect(demo.code, demo.stderr).toBe(0);
    const summary = JSON.parse(demo.stdout);
    expect(summary.events).toBeGreaterThan(10_000);

    const verified = await kenges(["verify", "--db", database.url, "--json"]);
    expect(verified.code, verified.stderr).toBe(0);
    expect(JSON.parse(verified.stdout)).toMatchObject({
      ok: true,
      events: summary.events,
      stateHash: summary.stateHash,
    });

    const hub = await spawnServe(dir, running, ["--db", database.url]);
    if (!("url" in hub)) throw new Error(`hub did not start: ${hub.stderr}`);
    sqliteHub = await serveDemo();
    expect(sqliteHub.federation).toBe(summary.federation);
    for (const path of [
      "/api/health",
      "/api/federation",
      "/api/federation?lang=ur",
    ]) {
      const [onPostgres, onSqlite] = await Promise.all([
        fetch(`${hub.url}${path}`),
        fetch(`${sqliteHub.url}${path}`),
      ]);
      expect(onPostgres.status, path).toBe(200);
      expect(onSqlite.status, path).toBe(200);
      expect(await onPostgres.json(), path).toEqual(await onSqlite.json());
    }
    hub.process.kill("SIGTERM");
    expect(await hub.exited).toBe(0);
  }, 600_000);
}
