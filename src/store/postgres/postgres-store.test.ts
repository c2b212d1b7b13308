// Runs against a real PostgreSQL server (testing.ts): KENGES_TEST_PG_URL, or the local test
// server (postgres://postgres@127.0.0.1:5432/test, trust auth; user root works there too). Each run
// works in fresh schemas named kenges_test_<random> and drops them. Skips, saying why, only
// if nothing answers at that address; a server that answers but refuses us (password,
// missing database) fails the run instead, so a misconfigured CI is not a silent skip.
import { randomBytes } from "node:crypto";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { POSTGRES_SCHEMA_VERSION } from "../schema-version.js";
import { describeStore, randomStoredEvents } from "../store.contract.js";
import { StoreSchemaError } from "../store-schema-error.js";
import {
  POSTGRES_MIGRATIONS,
  type PostgresMigration,
} from "./postgres-migrations.js";
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

function sql(text: string, values: unknown[] = []): Promise<pg.QueryResult> {
  return testServerQuery(text, values);
}

async function dropSchema(schema: string): Promise<void> {
  await sql(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
}

if (unreachable !== null) {
  console.warn(
    `postgres store tests SKIPPED: no server at ${url} (${unreachable}). Start one or set KENGES_TEST_PG_URL.`,
  );
  describe.skip(`postgres store: no server at ${url} (${unreachable}); set KENGES_TEST_PG_URL`, () => {
    it("needs a PostgreSQL server", () => {});
  });
} else {
  afterAll(async () => {
    for (const schema of created) await dropSchema(schema);
  });

  let contractSchema = freshSchema();
  describeStore(
    "postgres (fresh schema)",
    () => openPostgresStore({ connectionString: url, schema: contractSchema }),
    async () => {
      await dropSchema(contractSchema);
      contractSchema = freshSchema();
    },
  );

  describe("postgres store", () => {
    it("keeps its tables inside the schema it is given, apart from other schemas", async () => {
      const [s1, s2] = [freshSchema(), freshSchema()];
      const a = await openPostgresStore({ connectionString: url, schema: s1 });
      const b = await openPostgresStore({ connectionString: url, schema: s2 });
      await a.append(randomStoredEvents(3));
      expect(await a.count()).toBe(3);
      expect(await b.count()).toBe(0);
      await a.close();
      await b.close();
      const tables = await sql(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = $1 ORDER BY 1",
        [s1],
      );
      expect(tables.rows.map((r) => r.table_name)).toEqual([
        "events",
        "fold",
        "hub_rate_buckets",
        "hub_secrets",
        "hub_sessions",
        "hub_spent_challenges",
        "meta",
        "quarantine",
      ]);
    });

    it("refuses a schema name that is not a plain SQL name, before connecting", async () => {
      for (const schema of ['x"; DROP TABLE y; --', "Upper", "1abc", ""])
        await expect(
          openPostgresStore({ connectionString: url, schema }),
        ).rejects.toThrow(/not a plain lower-case SQL name/);
    });

    it("refuses a schema written by a newer version, and a foreign one", async () => {
      const newer = freshSchema();
      await (
        await openPostgresStore({ connectionString: url, schema: newer })
      ).close();
      await sql(
        `UPDATE "${newer}".meta SET value = '99' WHERE key = 'schema_version'`,
      );
      await expect(
        openPostgresStore({ connectionString: url, schema: newer }),
      ).rejects.toThrow(/store version 99/);
      await expect(
        openPostgresStore({ connectionString: url, schema: newer }),
      ).rejects.toMatchObject({
        code: "STORE_SCHEMA_NEWER",
        details: { found: 99, known: POSTGRES_SCHEMA_VERSION, where: newer },
      });

      const foreign = freshSchema();
      await sql(`CREATE SCHEMA "${foreign}"`);
      await sql(`CREATE TABLE "${foreign}".meta (k text, v text)`);
      await expect(
        openPostgresStore({ connectionString: url, schema: foreign }),
      ).rejects.toThrow(/not a Kenges store/);
      await expect(
        openPostgresStore({ connectionString: url, schema: foreign }),
      ).rejects.toBeInstanceOf(StoreSchemaError);
    });

    it("refuses a schema of version 1 (events of format 1): no migration leads from it", async () => {
      const old = freshSchema();
      await (
        await openPostgresStore({ connectionString: url, schema: old })
      ).close();
      await sql(
        `UPDATE "${old}".meta SET value = '1' WHERE key = 'schema_version'`,
      );
      await expect(
        openPostgresStore({ connectionString: url, schema: old }),
      ).rejects.toMatchObject({
        code: "STORE_SCHEMA_OLD",
        details: { found: 1 },
      });
    });
  });

  describe("postgres store migrations", () => {
    // A step that adds a column, and one that fails half-way (its first statement runs).
    const addNote: PostgresMigration = {
      version: POSTGRES_SCHEMA_VERSION + 1,
      sql: (s) => `ALTER TABLE ${s}.meta ADD COLUMN note text`,
    };
    const failing: PostgresMigration = {
      version: POSTGRES_SCHEMA_VERSION + 2,
      sql: (s) => `CREATE TABLE ${s}.half (x int); SELECT no_such_function()`,
    };
    const withPool = async <T>(work: (pool: pg.Pool) => Promise<T>) => {
      const pool = new pg.Pool({ connectionString: url });
      try {
        return await work(pool);
      } finally {
        await pool.end();
      }
    };
    const columnsOf = async (schema: string, table: string) =>
      (
        await sql(
          "SELECT column_name FROM information_schema.columns WHERE table_schema = $1 AND table_name = $2 ORDER BY 1",
          [schema, table],
        )
      ).rows.map((r) => r.column_name);
    const versionOf = async (schema: string) =>
      (
        await sql(
          `SELECT value FROM "${schema}".meta WHERE key = 'schema_version'`,
        )
      ).rows[0]?.value;

    it("end at POSTGRES_SCHEMA_VERSION, which a new schema records", async () => {
      expect(POSTGRES_MIGRATIONS.at(-1)?.version).toBe(POSTGRES_SCHEMA_VERSION);
      const schema = freshSchema();
      await (
        await openPostgresStore({ connectionString: url, schema })
      ).close();
      expect(await versionOf(schema)).toBe(String(POSTGRES_SCHEMA_VERSION));
    });

    it("bring a store of an older version up, in order, keeping its events", async () => {
      const schema = freshSchema();
      const store = await openPostgresStore({ connectionString: url, schema });
      await store.append(randomStoredEvents(5));
      await store.close();
      await withPool((pool) =>
        ensurePostgresSchema(pool, schema, [...POSTGRES_MIGRATIONS, addNote]),
      );
      expect(await versionOf(schema)).toBe(String(addNote.version));
      expect(await columnsOf(schema, "meta")).toEqual(["key", "note", "value"]);
      expect(
        (await sql(`SELECT count(*)::int AS n FROM "${schema}".events`)).rows[0]
          ?.n,
      ).toBe(5);
      // The code that knows only POSTGRES_SCHEMA_VERSION now refuses the migrated store.
      await expect(
        openPostgresStore({ connectionString: url, schema }),
      ).rejects.toMatchObject({ code: "STORE_SCHEMA_NEWER" });
    });

    it("run all in one transaction: a failing step leaves the store as it was", async () => {
      const schema = freshSchema();
      await (
        await openPostgresStore({ connectionString: url, schema })
      ).close();
      await expect(
        withPool((pool) =>
          ensurePostgresSchema(pool, schema, [
            ...POSTGRES_MIGRATIONS,
            addNote,
            failing,
          ]),
        ),
      ).rejects.toThrow(/no_such_function/);
      expect(await versionOf(schema)).toBe(String(POSTGRES_SCHEMA_VERSION));
      expect(await columnsOf(schema, "meta")).toEqual(["key", "value"]);
      expect(await columnsOf(schema, "half")).toEqual([]);
      // A new schema is not left half made either.
      const fresh = freshSchema();
      await expect(
        withPool((pool) =>
          ensurePostgresSchema(pool, fresh, [...POSTGRES_MIGRATIONS, failing]),
        ),
      ).rejects.toThrow(/no_such_function/);
      expect(
        (
          await sql(
            "SELECT 1 FROM information_schema.schemata WHERE schema_name = $1",
            [fresh],
          )
        ).rowCount,
      ).toBe(0);
    });

    it("must ascend", async () => {
      await expect(
        withPool((pool) =>
          ensurePostgresSchema(pool, freshSchema(), [
            addNote,
            ...POSTGRES_MIGRATIONS,
          ]),
        ),
      ).rejects.toThrow(/must ascend/);
    });

    it("rolls back every INSERT of an append when the server refuses a row in a later one", async () => {
      // 2,500 events go out as three INSERTs; the server (a test CHECK on ids starting with
      // 0xff) refuses a row of the third, after the first two have run.
      const schema = freshSchema();
      const store = await openPostgresStore({ connectionString: url, schema });
      await sql(
        `ALTER TABLE "${schema}".events ADD CONSTRAINT refuse_ff CHECK (get_byte(id, 0) <> 255)`,
      );
      const batch = randomStoredEvents(2_500).map((e) =>
        e.id.startsWith("ff") ? { ...e, id: `00${e.id.slice(2)}` } : e,
      );
      batch[2_300] = { ...batch[2_300]!, id: `ff${batch[2_300]!.id.slice(2)}` };
      await expect(store.append(batch)).rejects.toThrow(/refuse_ff/);
      expect(await store.count()).toBe(0);
      expect(await store.append(batch.slice(0, 2_300))).toHaveLength(2_300);
      await store.close();
    });

    it("opens a schema that exists but is empty", async () => {
      const schema = freshSchema();
      await sql(`CREATE SCHEMA "${schema}"`);
      const store = await openPostgresStore({ connectionString: url, schema });
      expect(await store.getMeta("schema_version")).toBe(
        String(POSTGRES_SCHEMA_VERSION),
      );
      await store.close();
    });

    it("the tables themselves refuse a malformed id", async () => {
      // The adapter checks ids before writing; this proves the second line holds too.
      const schema = freshSchema();
      await (
        await openPostgresStore({ connectionString: url, schema })
      ).close();
      const insert = (id: Buffer) =>
        sql(
          `INSERT INTO "${schema}".events (id, envelope, signature) VALUES ($1, '\\x00', '\\x00')`,
          [id],
        );
      await expect(insert(Buffer.alloc(31))).rejects.toThrow(
        /check constraint/,
      );
      await expect(insert(Buffer.alloc(33))).rejects.toThrow(
        /check constraint/,
      );
      await expect(insert(Buffer.alloc(32))).resolves.toBeDefined();
    });

    it("fails to open, without hanging, when the server refuses the connection", async () => {
      await expect(
        openPostgresStore({
          connectionString: "postgres://postgres@127.0.0.1:1/test",
          schema: freshSchema(),
        }),
      ).rejects.toThrow();
    });
  });
}
