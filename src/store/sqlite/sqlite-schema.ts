/** @module The SQLite tables of a store, created (or checked) when it opens. */

import type { Database } from "better-sqlite3-multiple-ciphers";
import { SCHEMA_VERSION, SCHEMA_VERSION_KEY } from "../schema-version.js";
import { StoreSchemaError } from "../store-schema-error.js";

// Ids are stored as their 32 raw bytes, not 64 hex characters: the id index is the one
// B-tree that random keys hit all over, and every page an append touches is written whole
// to the WAL, so its size decides the write volume. Halving its entries, with the cache and
// checkpoint settings in sqlite-store.ts, took appends from ~45k to ~90k events/s here
// (docs/benchmarks-store.md).
// The adapter checks ids before it writes; the CHECK is the second line, so a forgotten
// check fails loudly instead of storing a bad row.
const ID_CHECK = "length(id) = 32";

// STRICT tables refuse a value of the wrong type instead of converting it silently.
// `pos` is an alias of the rowid: the storage order. Events are never deleted, so the next
// rowid is always max + 1 and positions only grow; AUTOINCREMENT would add a write to
// sqlite_sequence on every insert for nothing.
const TABLES = `
CREATE TABLE IF NOT EXISTS meta (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
) STRICT;

CREATE TABLE IF NOT EXISTS events (
  pos INTEGER PRIMARY KEY,
  id BLOB NOT NULL UNIQUE CHECK (${ID_CHECK}),
  envelope BLOB NOT NULL,
  signature BLOB NOT NULL,
  payload BLOB
) STRICT;

CREATE TABLE IF NOT EXISTS quarantine (
  pos INTEGER PRIMARY KEY,
  id BLOB NOT NULL UNIQUE CHECK (${ID_CHECK}),
  envelope BLOB NOT NULL,
  signature BLOB NOT NULL,
  payload BLOB,
  missing TEXT NOT NULL CHECK (json_valid(missing)),
  source TEXT NOT NULL,
  received_at INTEGER NOT NULL
) STRICT;

CREATE INDEX IF NOT EXISTS quarantine_by_source ON quarantine (source);

CREATE TABLE IF NOT EXISTS fold (
  one INTEGER PRIMARY KEY CHECK (one = 1),
  events INTEGER NOT NULL,
  state_hash TEXT NOT NULL,
  snapshot BLOB NOT NULL,
  invalid TEXT NOT NULL CHECK (json_valid(invalid))
) STRICT;
`;

// A file that already has tables must be a Kenges store of a version we can read.
function checkVersion(db: Database, tables: readonly string[]): void {
  let row: unknown;
  try {
    row = tables.includes("meta")
      ? db
          .prepare("SELECT value FROM meta WHERE key = ?")
          .pluck()
          .get(SCHEMA_VERSION_KEY)
      : undefined;
  } catch {
    row = undefined; // a `meta` table of someone else's shape
  }
  const version = Number(row);
  if (typeof row !== "string" || !Number.isInteger(version))
    throw new StoreSchemaError(
      "STORE_SCHEMA_FOREIGN",
      { known: SCHEMA_VERSION, where: db.name },
      "this SQLite file has tables but no schema_version: not a Kenges store",
    );
  if (version > SCHEMA_VERSION)
    throw new StoreSchemaError(
      "STORE_SCHEMA_NEWER",
      { found: version, known: SCHEMA_VERSION, where: db.name },
      `this store has schema version ${version}; this Kenges knows only up to ${SCHEMA_VERSION} (upgrade Kenges)`,
    );
  if (version < SCHEMA_VERSION)
    throw new StoreSchemaError(
      "STORE_SCHEMA_OLD",
      { found: version, known: SCHEMA_VERSION, where: db.name },
      `this store has schema version ${version}, which holds events of format 1 (no scopes); this Kenges reads version ${SCHEMA_VERSION} only — make a new store (there is no migration: format 1 logs predate any federation in use)`,
    );
}

/**
 * Creates the tables of an empty database, or checks the version of an existing one.
 * Runs in one IMMEDIATE transaction, so two processes opening a new file at once do not
 * both create it.
 */
export function ensureSqliteSchema(db: Database): void {
  db.transaction(() => {
    const tables = db
      .prepare("SELECT name FROM sqlite_schema WHERE type = 'table'")
      .pluck()
      .all() as string[];
    if (tables.length > 0) {
      checkVersion(db, tables);
      return;
    }
    db.exec(TABLES);
    db.prepare("INSERT INTO meta (key, value) VALUES (?, ?)").run(
      SCHEMA_VERSION_KEY,
      String(SCHEMA_VERSION),
    );
  }).immediate();
}
