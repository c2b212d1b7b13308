// What several processes over one PostgreSQL store share (real server, testing.ts; fresh
// schemas, dropped after): the append watch (LISTEN/NOTIFY, a null report on (re)connecting),
// the hub tables of migration 3 (sessions, spent challenges, secrets, token buckets, their
// expiry), and the migration from a version-2 store.
import { randomBytes } from "node:crypto";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { POSTGRES_SCHEMA_VERSION } from "../schema-version.js";
import { randomStoredEvents } from "../store.contract.js";
import type { Store } from "../store.js";
import { POSTGRES_MIGRATIONS } from "./postgres-migrations.js";
import { ensurePostgresSchema } from "./postgres-schema.js";
import { openPostgresStore } from "./postgres-store.js";
import {
  TEST_PG_URL,
  testServerQuery,
  testServerUnreachable,
} from "./testing.js";

const url = TEST_PG_URL;
const unreachable = await testServerUnreachable();
const created = new Set<string>();

function freshSchema(): string {
  const schema = `kenges_test_${randomBytes(6).toString("hex")}`;
  created.add(schema);
  return schema;
}

/** Resolves with the first report `accept` takes, or fails after a generous wait. */
function reports(): {
  listener: (p: number | null) => void;
  next(accept: (p: number | null) => boolean): Promise<number | null>;
  seen: (number | null)[];
} {
  const seen: (number | null)[] = [];
  const waiting: {
    accept(p: number | null): boolean;
    done(p: number | null): void;
  }[] = [];
  return {
    seen,
    listener(p) {
      seen.push(p);
      for (const w of [...waiting])
        if (w.accept(p)) {
          waiting.splice(waiting.indexOf(w), 1);
          w.done(p);
        }
    },
    next(accept) {
      const already = seen.find(accept);
      if (already !== undefined) return Promise.resolve(already);
      return new Promise((done, fail) => {
        const timer = setTimeout(() => fail(new Error("no report")), 30_000);
        waiting.push({
          accept,
          done: (p) => {
            clearTimeout(timer);
            done(p);
          },
        });
      });
    },
  };
}

if (unreachable !== null) {
  console.warn(
    `postgres shared-table tests SKIPPED: no server at ${url} (${unreachable}).`,
  );
  describe.skip(`postgres shared tables: no server at ${url}`, () => {
    it("needs a PostgreSQL server", () => {});
  });
} else {
  afterAll(async () => {
    for (const schema of created)
      await testServerQuery(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  });

  describe("postgres append watch", () => {
    it("reports null once listening, then every append by another store with its position, and nothing of another schema", async () => {
      const schema = freshSchema();
      const other = freshSchema();
      const writer = await openPostgresStore({ connectionString: url, schema });
      const watcher = await openPostgresStore({
        connectionString: url,
        schema,
      });
      const elsewhere = await openPostgresStore({
        connectionString: url,
        schema: other,
      });
      const r = reports();
      const watch = await watcher.watchAppends!(r.listener);
      try {
        await r.next((p) => p === null);
        await elsewhere.append(randomStoredEvents(2));
        await writer.append(randomStoredEvents(3));
        const position = await r.next((p) => p !== null);
        const { last } = await watcher.scanUnsigned(0, 100);
        expect(position).toBe(last);
        // The watching store's own append is not reported to it; the next other one is.
        await watcher.append(randomStoredEvents(1));
        await writer.append(randomStoredEvents(1));
        const after = await r.next((p) => p !== null && p > last);
        expect(after).toBe((await watcher.scanUnsigned(0, 100)).last);
        // Only this schema's appends by another store were reported.
        expect(r.seen.filter((p) => p !== null)).toEqual([last, after]);
      } finally {
        await watch.close();
        for (const s of [writer, watcher, elsewhere]) await s.close();
      }
    });

    it("after its connection is cut, reconnects and reports null: appends made meanwhile are read from the last position", async () => {
      const schema = freshSchema();
      const name = `kenges_watch_${randomBytes(4).toString("hex")}`;
      const writer = await openPostgresStore({ connectionString: url, schema });
      const watcher = await openPostgresStore({
        connectionString: url,
        schema,
        applicationName: name,
      });
      const r = reports();
      const watch = await watcher.watchAppends!(r.listener);
      try {
        await r.next((p) => p === null);
        const cut = await testServerQuery(
          "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1 AND query LIKE 'LISTEN%'",
          [name],
        );
        expect(cut.rowCount).toBe(1);
        await writer.append(randomStoredEvents(2));
        // A second null: the watch listens again, and says appends may have gone unreported.
        await r.next(
          (p) => p === null && r.seen.filter((q) => q === null).length >= 2,
        );
        await writer.append(randomStoredEvents(1));
        expect(await r.next((p) => p !== null)).toBe(
          (await watcher.scanUnsigned(0, 100)).last,
        );
      } finally {
        await watch.close();
        await writer.close();
        await watcher.close();
      }
    });
  });

  describe("postgres hub tables", () => {
    let store: Store;
    let schema = "";
    const open = async () => {
      schema = freshSchema();
      store = await openPostgresStore({ connectionString: url, schema });
    };

    it("keep the first process's secret for every process", async () => {
      await open();
      const t = store.hubTables!();
      const first = await t.secret("mac", () => new Uint8Array(32).fill(1));
      const second = await t.secret("mac", () => new Uint8Array(32).fill(2));
      expect(first).toEqual(new Uint8Array(32).fill(1));
      expect(second).toEqual(first);
      await store.close();
    });

    it("spend a challenge once, keep sessions until they expire or end, and prune what expired", async () => {
      await open();
      const t = store.hubTables!();
      const challenge = "ab".repeat(32);
      expect(await t.spendChallenge(challenge, 2_000)).toBe(true);
      expect(await t.spendChallenge(challenge, 2_000)).toBe(false);
      const session = {
        key: "cd".repeat(32),
        stranger: false,
        expiresAt: 5_000,
      };
      await t.saveSession("token-1", session);
      await t.saveSession("token-2", { ...session, expiresAt: 9_000 });
      expect(await t.loadSession("token-1", 4_999)).toEqual(session);
      expect(await t.loadSession("token-1", 5_000)).toBeNull();
      expect(await t.loadSession("token-3", 0)).toBeNull();
      await t.endSession("token-2");
      expect(await t.loadSession("token-2", 0)).toBeNull();
      await t.prune(6_000);
      const left = await testServerQuery(
        `SELECT (SELECT count(*)::int FROM "${schema}".hub_sessions) AS s,
                (SELECT count(*)::int FROM "${schema}".hub_spent_challenges) AS c`,
      );
      expect(left.rows[0]).toEqual({ s: 0, c: 0 });
      // Pruned, the record is gone: the challenge had expired, and a hub refuses it by its own bytes.
      expect(await t.spendChallenge(challenge, 2_000)).toBe(true);
      await store.close();
    });

    it("count a token bucket for every process: the burst, then one per 1/rate, and the wait", async () => {
      await open();
      const t = store.hubTables!();
      const take = (now: number) => t.take("addr:x", 1, 2, 3, now);
      // Burst 3 at t=0: three pass; the fourth would wait half a second, answered as 1 (whole seconds).
      expect(await take(0)).toBeNull();
      expect(await take(0)).toBeNull();
      expect(await take(0)).toBeNull();
      expect(await take(0)).toBe(1);
      // 500 ms later one token has come back (2/s), and only one.
      expect(await take(500)).toBeNull();
      expect(await take(500)).toBe(1);
      // A clock behind another process's spends nothing extra and refills nothing.
      expect(await take(100)).toBe(1);
      // Long after, full again: three, not more.
      let passed = 0;
      for (let i = 0; i < 5; i++) if ((await take(60_000)) === null) passed++;
      expect(passed).toBe(3);
      // A bucket that is full again by `now` is as good as absent: pruned.
      await t.prune(120_000);
      const rows = await testServerQuery(
        `SELECT count(*)::int AS n FROM "${schema}".hub_rate_buckets`,
      );
      expect(rows.rows[0]!.n).toBe(0);
      await store.close();
    });
  });

  describe("postgres migration 3", () => {
    it("brings a version-2 store up to 3, keeping its events, with the hub tables", async () => {
      const schema = freshSchema();
      const pool = new pg.Pool({ connectionString: url });
      try {
        await ensurePostgresSchema(
          pool,
          schema,
          POSTGRES_MIGRATIONS.slice(0, 1),
        );
      } finally {
        await pool.end();
      }
      const version = async () =>
        (
          await testServerQuery(
            `SELECT value FROM "${schema}".meta WHERE key = 'schema_version'`,
          )
        ).rows[0]?.value;
      expect(await version()).toBe("2");
      const events = randomStoredEvents(4);
      const old = await testServerQuery(
        `INSERT INTO "${schema}".events (id, envelope, signature, payload) SELECT * FROM unnest($1::bytea[], $2::bytea[], $3::bytea[], $4::bytea[])`,
        [
          events.map((e) => Buffer.from(e.id, "hex")),
          events.map((e) => Buffer.from(e.envelope)),
          events.map((e) => Buffer.from(e.signature)),
          events.map((e) => (e.payload ? Buffer.from(e.payload) : null)),
        ],
      );
      expect(old.rowCount).toBe(4);
      const store = await openPostgresStore({ connectionString: url, schema });
      try {
        expect(await version()).toBe(String(POSTGRES_SCHEMA_VERSION));
        expect(POSTGRES_SCHEMA_VERSION).toBe(3);
        expect(await store.count()).toBe(4);
        expect(
          await store.hubTables!().spendChallenge("00".repeat(32), 1),
        ).toBe(true);
      } finally {
        await store.close();
      }
    });
  });
}
