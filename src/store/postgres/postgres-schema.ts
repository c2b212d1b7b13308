/**
 * @module The PostgreSQL tables of a store, inside one schema: created, or migrated to the
 * newest version (postgres-migrations.ts), or refused, on open.
 */

import type { PoolClient } from "pg";
import { SCHEMA_VERSION_KEY } from "../schema-version.js";
import { StoreSchemaError } from "../store-schema-error.js";
import {
  POSTGRES_MIGRATIONS,
  type PostgresMigration,
} from "./postgres-migrations.js";

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/**
 * The schema name quoted as an SQL identifier. Only plain lower-case names are accepted, so
 * a name is never a way to inject SQL and always means the same schema, quoted or not.
 */
export function quoteSchema(schema: string): string {
  if (!SCHEMA_NAME.test(schema))
    throw new Error(
      `schema ${JSON.stringify(schema)} is not a plain lower-case SQL name (a-z, 0-9, _; at most 63)`,
    );
  return `"${schema}"`;
}

// The schema_version a schema with tables records. Looks for meta(key, value) first:
// querying someone else's `meta` would abort the transaction with an unhelpful "column does
// not exist".
async function recordedVersion(
  client: PoolClient,
  schema: string,
  known: number,
): Promise<number> {
  const columns = await client.query(
    `SELECT 1 FROM information_schema.columns
     WHERE table_schema = $1 AND table_name = 'meta' AND column_name IN ('key', 'value')`,
    [schema],
  );
  const row =
    columns.rowCount === 2
      ? await client.query<{ value: string }>(
          `SELECT value FROM ${quoteSchema(schema)}.meta WHERE key = $1`,
          [SCHEMA_VERSION_KEY],
        )
      : null;
  const value = row?.rows[0]?.value;
  const version = Number(value);
  if (value === undefined || !Number.isInteger(version) || version < 1)
    throw new StoreSchemaError(
      "STORE_SCHEMA_FOREIGN",
      { known, where: schema },
      `schema ${schema} has tables but no schema_version: not a Kenges store`,
    );
  return version;
}

/** The version the migrations lead to; throws (a bug) unless they are in ascending order. */
function latestVersion(migrations: readonly PostgresMigration[]): number {
  let last = 0;
  for (const m of migrations) {
    if (!Number.isInteger(m.version) || m.version <= last)
      throw new Error(
        `migration versions must ascend: ${m.version} after ${last}`,
      );
    last = m.version;
  }
  if (last === 0) throw new Error("no migrations");
  return last;
}

/**
 * Creates the schema and its tables, or brings existing ones up to date: the migrations above
 * the recorded schema_version run in order, and the new version is recorded, all in one
 * transaction — a failing step leaves the schema as it was. A schema of a newer version
 * (STORE_SCHEMA_NEWER), of version 1 (STORE_SCHEMA_OLD: events of format 1) or with foreign
 * tables (STORE_SCHEMA_FOREIGN) is refused with a StoreSchemaError. An advisory lock keyed by
 * the schema name keeps two processes opening one schema at once from racing.
 */
export async function ensurePostgresSchema(
  // A pg.Pool, or the store's pool on the writable node.
  pool: { connect(): Promise<PoolClient> },
  schema: string,
  migrations: readonly PostgresMigration[] = POSTGRES_MIGRATIONS,
): Promise<void> {
  const s = quoteSchema(schema);
  const latest = latestVersion(migrations);
  const first = migrations[0]!.version;
  const client = await pool.connect();
  try {
    await client.query("BEGIN");
    await client.query("SELECT pg_advisory_xact_lock(hashtext($1))", [
      `kenges.store.schema:${schema}`,
    ]);
    const tables = await client.query(
      "SELECT 1 FROM information_schema.tables WHERE table_schema = $1",
      [schema],
    );
    const from =
      tables.rowCount === 0 ? 0 : await recordedVersion(client, schema, latest);
    if (from > latest)
      throw new StoreSchemaError(
        "STORE_SCHEMA_NEWER",
        { found: from, known: latest, where: schema },
        `schema ${schema} has store version ${from}; this Kenges knows only up to ${latest} (upgrade Kenges)`,
      );
    if (from !== 0 && from < first)
      throw new StoreSchemaError(
        "STORE_SCHEMA_OLD",
        { found: from, known: latest, where: schema },
        `schema ${schema} has schema version ${from}, which holds events of format 1 (no scopes); this Kenges reads version ${latest} only — make a new store (there is no migration: format 1 logs predate any federation in use)`,
      );
    const pending = migrations.filter((m) => m.version > from);
    if (from === 0) await client.query(`CREATE SCHEMA IF NOT EXISTS ${s}`);
    for (const m of pending) await client.query(m.sql(s));
    if (pending.length > 0)
      await client.query(
        `INSERT INTO ${s}.meta (key, value) VALUES ($1, $2)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
        [SCHEMA_VERSION_KEY, String(latest)],
      );
    await client.query("COMMIT");
  } catch (error) {
    await client.query("ROLLBACK").catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}
