/** @module The PostgreSQL tables of a store, inside one schema, created (or checked) on open. */

import type { Pool, PoolClient } from "pg";
import { SCHEMA_VERSION, SCHEMA_VERSION_KEY } from "../schema-version.js";

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

// Ids are stored as their 32 raw bytes. A text id with a regex CHECK cost ~40% of append
// throughput here; octet_length is nearly free and the index entries are half as long.
const ID_CHECK = "octet_length(id) = 32";

// `pos` is the storage order. Identity values are not transactional, so a rolled-back
// append leaves a gap; scan pages by `pos > after`, so gaps do not matter.
function tablesOf(s: string): string {
  return `
CREATE TABLE IF NOT EXISTS ${s}.meta (
  key text PRIMARY KEY,
  value text NOT NULL
);
CREATE TABLE IF NOT EXISTS ${s}.events (
  pos bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  id bytea NOT NULL UNIQUE CHECK (${ID_CHECK}),
  envelope bytea NOT NULL,
  signature bytea NOT NULL,
  payload bytea
);
CREATE TABLE IF NOT EXISTS ${s}.quarantine (
  pos bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  id bytea NOT NULL UNIQUE CHECK (${ID_CHECK}),
  envelope bytea NOT NULL,
  signature bytea NOT NULL,
  payload bytea,
  missing text[] NOT NULL,
  source text NOT NULL,
  received_at bigint NOT NULL
);
CREATE INDEX IF NOT EXISTS quarantine_by_source ON ${s}.quarantine (source);
CREATE TABLE IF NOT EXISTS ${s}.fold (
  one boolean PRIMARY KEY CHECK (one),
  events bigint NOT NULL,
  state_hash text NOT NULL,
  snapshot bytea NOT NULL,
  invalid jsonb NOT NULL
);
`;
}

// A schema that already has tables must hold a Kenges store of a version we can read.
async function checkVersion(client: PoolClient, schema: string): Promise<void> {
  // Look for meta(key, value) first: querying someone else's `meta` would abort the
  // transaction with an unhelpful "column does not exist".
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
  if (value === undefined || !Number.isInteger(version))
    throw new Error(
      `schema ${schema} has tables but no schema_version: not a Kenges store`,
    );
  if (version > SCHEMA_VERSION)
    throw new Error(
      `schema ${schema} has store version ${version}; this Kenges knows only up to ${SCHEMA_VERSION} (upgrade Kenges)`,
    );
  if (version < SCHEMA_VERSION)
    throw new Error(
      `schema ${schema} has schema version ${version}, which holds events of format 1 (no scopes); this Kenges reads version ${SCHEMA_VERSION} only — make a new store (there is no migration: format 1 logs predate any federation in use)`,
    );
}

/**
 * Creates the schema and its tables, or checks the version of existing ones. Runs in one
 * transaction under an advisory lock keyed by the schema name, so two server processes
 * opening a new schema at once do not race on CREATE.
 */
export async function ensurePostgresSchema(
  pool: Pool,
  schema: string,
): Promise<void> {
  const s = quoteSchema(schema);
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
    if (tables.rowCount === 0) {
      await client.query(`CREATE SCHEMA IF NOT EXISTS ${s}`);
      await client.query(tablesOf(s));
      await client.query(`INSERT INTO ${s}.meta (key, value) VALUES ($1, $2)`, [
        SCHEMA_VERSION_KEY,
        String(SCHEMA_VERSION),
      ]);
    } else {
      await checkVersion(client, schema);
    }
    await client.query("COMMIT");
  } catch (error) {
    await client.query("ROLLBACK").catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}
