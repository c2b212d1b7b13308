/**
 * @module A store that has no room left. Both databases say so in their own way — SQLite
 * with SQLITE_FULL (its file system, or a page limit, is full), PostgreSQL with SQLSTATE
 * 53100 `disk_full` — and in both the transaction that failed left nothing behind (an event
 * is stored whole or not at all), while reads go on. This names that one condition for the
 * edges that answer people: the hub (STORE_FULL, HTTP 507) and the command line.
 */

/** The stable code of a write refused for want of space (docs/errors.md). */
export const STORE_FULL = "STORE_FULL";

/** True when `error` is a store's refusal for want of space (SQLite or PostgreSQL). */
export function isStoreFull(error: unknown): boolean {
  if (typeof error !== "object" || error === null) return false;
  const code = (error as { code?: unknown }).code;
  // better-sqlite3 gives SQLite's extended code name; node-postgres the SQLSTATE. A write that
  // the file system refuses half-way (ENOSPC under WAL) is SQLITE_FULL too: SQLite maps it so.
  return code === "SQLITE_FULL" || code === "53100";
}
