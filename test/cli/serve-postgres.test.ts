/**
 * The event store in PostgreSQL from the command line (#16): a small federation made in a
 * SQLite directory and carried by bundle into a throw-away database (`kenges import --db`),
 * `kenges verify --db`, `kenges serve --db` in its own process answering from it, KENGES_DB as
 * the default, and the codes for a malformed URL, a server that does not answer, a database
 * that already holds events, and tables of a newer version. The whole demo into PostgreSQL is
 * a long scenario (serve-postgres-demo.test.ts).
 */
import type { ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createThrowawayDatabase,
  TEST_PG_URL,
  testServerQuery,
  testServerUnreachable,
} from "../../src/store/postgres/testing.js";
import { inProcessCli } from "./support/in-process-cli.js";
import { spawnServe } from "./support/serve-spawn.js";

const unreachable = await testServerUnreachable();

/** A port nothing listens on: the PostgreSQL URL of a server that is not there. */
const NOWHERE = "postgres://postgres:secret@127.0.0.1:1/kenges";

if (unreachable !== null) {
  console.warn(
    `serve --db tests SKIPPED: no PostgreSQL at ${TEST_PG_URL} (${unreachable}). Start one or set KENGES_TEST_PG_URL.`,
  );
  describe.skip(`serve --db: no PostgreSQL at ${TEST_PG_URL}`, () => {
    it("needs a PostgreSQL server", () => {});
  });
} else {
  const work = mkdtempSync(join(tmpdir(), "kenges-pg-"));
  const running: ChildProcess[] = [];
  let database: Awaited<ReturnType<typeof createThrowawayDatabase>>;
  const cli = inProcessCli(work);
  const kenges = (...args: string[]) => cli(args);
  /** The CLI with KENGES_DB set, as an operator's environment would have it. */
  const withEnv = (db: string) =>
    inProcessCli(work, { env: { KENGES_DB: db } });

  const sqliteDir = join(work, "sqlite");
  const pgDir = join(work, "pg");
  const bundle = join(work, "federation.bundle");
  let federation = "";
  let sqliteReport: { events: number; stateHash: string };

  beforeAll(async () => {
    database = await createThrowawayDatabase();
    const init = await kenges(
      "--data",
      sqliteDir,
      "init",
      "--name",
      "Test federation",
      "--founder-name",
      "Zhanar",
      "--json",
    );
    expect(init.code, init.stderr).toBe(0);
    federation = JSON.parse(init.stdout).federation;
    for (const name of ["Depot", "Yard"]) {
      const body = await kenges(
        "--data",
        sqliteDir,
        "body",
        "create",
        "--kind",
        "assembly",
        "--name",
        name,
        "--quiet",
      );
      expect(body.code, body.stderr).toBe(0);
    }
    const out = await kenges(
      "--data",
      sqliteDir,
      "export",
      "--out",
      bundle,
      "--plain",
    );
    expect(out.code, out.stderr).toBe(0);
    const verified = await kenges("--data", sqliteDir, "verify", "--json");
    expect(verified.code, verified.stderr).toBe(0);
    sqliteReport = JSON.parse(verified.stdout);
  }, 120_000);

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
    await database?.drop();
    rmSync(work, { recursive: true, force: true });
  });

  it("kenges import --db stores a bundle in the database, and verify --db finds the same log as the SQLite directory", async () => {
    const imported = await kenges(
      "--data",
      pgDir,
      "import",
      bundle,
      "--db",
      database.url,
      "--json",
    );
    expect(imported.code, imported.stderr).toBe(0);
    // The events are in PostgreSQL, not in a file of the data directory.
    expect(existsSync(join(pgDir, "kenges.sqlite"))).toBe(false);
    const rows = await testServerQuery(
      "SELECT count(*)::int AS n FROM kenges.events",
      [],
      database.url,
    );
    expect(rows.rows[0]?.n).toBe(sqliteReport.events);
    // No data directory at all: verifying a database needs none.
    const verified = await kenges("verify", "--db", database.url, "--json");
    expect(verified.code, verified.stderr).toBe(0);
    expect(JSON.parse(verified.stdout)).toMatchObject({
      ok: true,
      events: sqliteReport.events,
      stateHash: sqliteReport.stateHash,
    });
  }, 120_000);

  it("KENGES_DB is the default, and --db wins over it", async () => {
    const viaEnv = await withEnv(database.url)(["verify", "--json"]);
    expect(viaEnv.code, viaEnv.stderr).toBe(0);
    expect(JSON.parse(viaEnv.stdout).stateHash).toBe(sqliteReport.stateHash);
    const flagWins = await withEnv(NOWHERE)([
      "verify",
      "--db",
      database.url,
      "--json",
    ]);
    expect(flagWins.code, flagWins.stderr).toBe(0);
    const badEnv = await withEnv("mysql://localhost/kenges")([
      "verify",
      "--json",
    ]);
    expect(badEnv.code).toBe(2);
    expect(JSON.parse(badEnv.stdout).error).toMatchObject({
      code: "DB_URL_INVALID",
      details: { source: "KENGES_DB", url: "mysql://localhost/kenges" },
    });
  }, 120_000);

  it("kenges serve --db serves the federation held in the database, and stores what it is sent there", async () => {
    const hub = await spawnServe(pgDir, running, ["--db", database.url]);
    if (!("url" in hub)) throw new Error(`hub did not start: ${hub.stderr}`);
    const health = await fetch(`${hub.url}/api/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ ok: true });
    const answer = await fetch(`${hub.url}/api/federation`);
    expect(answer.status).toBe(200);
    expect(await answer.json()).toMatchObject({
      federation: {
        id: federation,
        name: { en: "Test federation" },
      },
    });
    // A new body, made in the SQLite directory and synced to the hub, lands in the database.
    const quarry = await kenges(
      "--data",
      sqliteDir,
      "body",
      "create",
      "--kind",
      "assembly",
      "--name",
      "Quarry",
      "--quiet",
    );
    expect(quarry.code, quarry.stderr).toBe(0);
    const sync = await kenges("--data", sqliteDir, "sync", hub.url, "--json");
    expect(sync.code, sync.stderr).toBe(0);
    expect(JSON.parse(sync.stdout)).toMatchObject({ added: 0 });
    hub.process.kill("SIGTERM");
    expect(await hub.exited).toBe(0);
    const mine = await kenges("--data", sqliteDir, "verify", "--json");
    sqliteReport = JSON.parse(mine.stdout);
    const theirs = await kenges("verify", "--db", database.url, "--json");
    expect(theirs.code, theirs.stderr).toBe(0);
    expect(JSON.parse(theirs.stdout)).toMatchObject({
      ok: true,
      events: sqliteReport.events,
      stateHash: sqliteReport.stateHash,
    });
  }, 120_000);

  it("a malformed URL is DB_URL_INVALID, with the password masked, on every command that takes --db; nothing is made", async () => {
    const fresh = join(work, "never");
    for (const command of [
      ["init", "--name", "X"],
      ["demo"],
      ["import", bundle],
      ["verify"],
      ["serve", "--port", "0"],
    ]) {
      const r = await kenges(
        "--data",
        fresh,
        ...command,
        "--db",
        "mysql://root:hunter2@127.0.0.1/kenges",
        "--json",
      );
      expect(r.code, `${command[0]}: ${r.stderr}`).toBe(2);
      expect(JSON.parse(r.stdout).error).toMatchObject({
        code: "DB_URL_INVALID",
        details: { source: "--db", url: "mysql://root:***@127.0.0.1/kenges" },
      });
      expect(r.stdout).not.toContain("hunter2");
      expect(existsSync(fresh)).toBe(false);
    }
    for (const url of ["not a url", "postgres://", "--db"]) {
      const r = await kenges("verify", "--db", url);
      expect(r.code, url).toBe(2);
      expect(r.stderr).toContain("DB_URL_INVALID");
    }
    // In the member's language.
    const ru = await kenges("verify", "--db", "http://x/y", "--lang", "ru");
    expect(ru.stderr).toContain("не указывает на базу данных PostgreSQL");
  }, 120_000);

  it("a database that does not answer is DB_UNREACHABLE, without a stack trace — for a command and for the hub", async () => {
    const r = await kenges("verify", "--db", NOWHERE);
    expect(r.code).toBe(9);
    expect(r.stderr).toMatch(/^kenges: DB_UNREACHABLE: .*ECONNREFUSED/);
    expect(r.stderr).not.toContain("secret");
    expect(r.stderr).not.toMatch(/\n\s+at /);
    const missing = new URL(database.url);
    missing.pathname = "/kenges_no_such_database";
    const none = await kenges("verify", "--db", missing.toString(), "--json");
    expect(none.code).toBe(9);
    expect(JSON.parse(none.stdout).error.code).toBe("DB_UNREACHABLE");

    const hub = await spawnServe(pgDir, running, ["--db", NOWHERE]);
    expect("code" in hub && hub.code).toBe(9);
    if ("stderr" in hub) {
      expect(hub.stderr).toContain("DB_UNREACHABLE");
      expect(hub.stderr).not.toMatch(/\n\s+at /);
    }
  }, 120_000);

  it("init and demo refuse a database that already holds events (DB_NOT_EMPTY), leaving the data directory empty", async () => {
    for (const command of [["init", "--name", "Second"], ["demo"]]) {
      const fresh = join(work, `again-${command[0]}`);
      const r = await kenges(
        "--data",
        fresh,
        ...command,
        "--db",
        database.url,
        "--json",
      );
      expect(r.code, r.stderr).toBe(7);
      expect(JSON.parse(r.stdout).error.code).toBe("DB_NOT_EMPTY");
      expect(!existsSync(fresh) || readdirSync(fresh).length === 0).toBe(true);
    }
  }, 120_000);

  it("tables of a newer version are refused with STORE_SCHEMA_NEWER, and nothing is changed", async () => {
    await testServerQuery(
      "UPDATE kenges.meta SET value = '99' WHERE key = 'schema_version'",
      [],
      database.url,
    );
    const r = await kenges("verify", "--db", database.url, "--json");
    expect(r.code).toBe(7);
    expect(JSON.parse(r.stdout).error).toMatchObject({
      code: "STORE_SCHEMA_NEWER",
      details: { found: 99 },
    });
    const hub = await spawnServe(pgDir, running, ["--db", database.url]);
    expect("code" in hub && hub.code).toBe(7);
    const rows = await testServerQuery(
      "SELECT value FROM kenges.meta WHERE key = 'schema_version'",
      [],
      database.url,
    );
    expect(rows.rows[0]?.value).toBe("99");
  }, 120_000);
}
