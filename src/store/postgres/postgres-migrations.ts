/**
 * @module The versioned migrations of a PostgreSQL store, oldest first. A new schema gets
 * every migration; an existing one gets those above its recorded schema_version, in order, in
 * one transaction with the new version (postgres-schema.ts). A released migration is never
 * edited: a change of the tables is a new entry with the next version, and
 * POSTGRES_SCHEMA_VERSION (schema-version.ts) moves with it.
 */

/** One step of the tables: `sql(schema)` brings a store at the version before to `version`. */
export interface PostgresMigration {
  /** The schema_version a store has once this step ran. */
  readonly version: number;
  /** The statements, given the quoted schema name. */
  readonly sql: (schema: string) => string;
}

// Ids are stored as their 32 raw bytes. A text id with a regex CHECK cost ~40% of append
// throughput here; octet_length is nearly free and the index entries are half as long.
const ID_CHECK = "octet_length(id) = 32";

/**
 * Version 2: the tables of events of format 2 (scoped). There is no step from version 1:
 * its events are of format 1, which no federation in use holds and this code refuses.
 */
const scopedEventTables: PostgresMigration = {
  version: 2,
  // `pos` is the storage order. Identity values are not transactional, so a rolled-back
  // append leaves a gap; scan pages by `pos > after`, so gaps do not matter.
  sql: (s) => `
CREATE TABLE ${s}.meta (
  key text PRIMARY KEY,
  value text NOT NULL
);
CREATE TABLE ${s}.events (
  pos bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  id bytea NOT NULL UNIQUE CHECK (${ID_CHECK}),
  envelope bytea NOT NULL,
  signature bytea NOT NULL,
  payload bytea
);
CREATE TABLE ${s}.quarantine (
  pos bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  id bytea NOT NULL UNIQUE CHECK (${ID_CHECK}),
  envelope bytea NOT NULL,
  signature bytea NOT NULL,
  payload bytea,
  missing text[] NOT NULL,
  source text NOT NULL,
  received_at bigint NOT NULL
);
CREATE INDEX quarantine_by_source ON ${s}.quarantine (source);
CREATE TABLE ${s}.fold (
  one boolean PRIMARY KEY CHECK (one),
  events bigint NOT NULL,
  state_hash text NOT NULL,
  snapshot bytea NOT NULL,
  invalid jsonb NOT NULL
);
`,
};

/**
 * Version 3: what several hub processes over the database share (hub-tables.ts). Sessions
 * are kept by the SHA-256 of their token: whoever reads the table or a backup holds no
 * bearer token. Every row carries when it expires (a bucket: when it is full again, and so
 * as good as absent), for the hubs' periodic prune. The buckets are UNLOGGED: written on every
 * request, they stay out of the WAL; a crash of the server empties them (every budget full
 * again) and replicas do not hold them (after a failover, likewise).
 */
const sharedHubTables: PostgresMigration = {
  version: 3,
  sql: (s) => `
CREATE TABLE ${s}.hub_secrets (
  name text PRIMARY KEY,
  value bytea NOT NULL
);
CREATE TABLE ${s}.hub_sessions (
  token_hash bytea PRIMARY KEY CHECK (octet_length(token_hash) = 32),
  key text NOT NULL,
  stranger boolean NOT NULL,
  expires_at bigint NOT NULL
);
CREATE INDEX hub_sessions_by_expiry ON ${s}.hub_sessions (expires_at);
CREATE TABLE ${s}.hub_spent_challenges (
  challenge bytea PRIMARY KEY,
  expires_at bigint NOT NULL
);
CREATE INDEX hub_spent_challenges_by_expiry ON ${s}.hub_spent_challenges (expires_at);
CREATE UNLOGGED TABLE ${s}.hub_rate_buckets (
  name text PRIMARY KEY,
  tokens double precision NOT NULL,
  at bigint NOT NULL,
  full_at bigint NOT NULL
);
CREATE INDEX hub_rate_buckets_by_full ON ${s}.hub_rate_buckets (full_at);
`,
};

/** Every migration, oldest first; the last one's version is POSTGRES_SCHEMA_VERSION. */
export const POSTGRES_MIGRATIONS: readonly PostgresMigration[] = [
  scopedEventTables,
  sharedHubTables,
];
