/** @module The version of the tables every store adapter creates. */

/**
 * The version of the stored tables. Both adapters write it into their `meta` table under
 * {@link SCHEMA_VERSION_KEY} when they create a store, and refuse (StoreSchemaError) a store
 * of a newer version, which may hold rows this code would misread, and one of version 1, which
 * holds events of format 1 (without scopes). PostgreSQL reaches it by versioned migrations
 * (postgres/postgres-migrations.ts), applied to an older store on open.
 */
export const SCHEMA_VERSION = 2;

/**
 * The version of a PostgreSQL store's tables: the last of its migrations. Version 3 adds the
 * tables several hub processes share (sessions, challenges, request limits: hub-tables.ts),
 * which a SQLite store, owned by one process, has no use for; its events are as in version 2.
 */
export const POSTGRES_SCHEMA_VERSION = 3;

/** The `meta` key holding {@link SCHEMA_VERSION}; reserved, so `setMeta` refuses it. */
export const SCHEMA_VERSION_KEY = "schema_version";
