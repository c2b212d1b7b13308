/**
 * @module The event store in PostgreSQL as a command opens it: its failures as CliErrors —
 * a server that cannot be reached or refuses us (DB_UNREACHABLE), tables of another version
 * (STORE_SCHEMA_*) — never a driver's stack trace.
 */
import {
  openPostgresStore,
  type Store,
  StoreSchemaError,
} from "../store/index.js";
import { CliError } from "./cli-error.js";
import type { PostgresDatabase } from "./database-url.js";

/** Longest wait for the server to answer when a command opens the store. */
const CONNECT_TIMEOUT_MS = 10_000;

/**
 * SQLSTATE classes that mean we never got a working session: connection exceptions (08),
 * authorisation (28), no such database (3D), the server shutting down or starting (57P),
 * too many connections and other lack of resources (53).
 */
const NOT_REACHED = /^(08|28|3D|57P|53)/;

/** A store's refusal of its tables, as the CLI's error naming where they are. */
export function storeSchemaCliError(
  e: StoreSchemaError,
  where: string,
): CliError {
  return new CliError(e.code, { ...e.details, where });
}

/**
 * Why opening failed, as the CLI's error: a database-side error outside the classes above (a
 * bug, a permission missing on the schema) passes unchanged and is reported as INTERNAL.
 */
function openingError(e: unknown, db: PostgresDatabase): unknown {
  if (e instanceof StoreSchemaError)
    return storeSchemaCliError(e, `${db.shown} (schema ${e.details.where})`);
  const code = (e as { code?: unknown }).code;
  const isSqlState = typeof code === "string" && /^[0-9A-Z]{5}$/.test(code);
  if (isSqlState && !NOT_REACHED.test(code)) return e;
  const reason = e instanceof Error ? e.message : String(e);
  return new CliError("DB_UNREACHABLE", { url: db.shown, reason });
}

/** Opens (creating or migrating its tables) the store in a PostgreSQL database. */
export async function openDatabaseStore(db: PostgresDatabase): Promise<Store> {
  try {
    return await openPostgresStore({
      connectionString: db.url,
      connectTimeoutMs: CONNECT_TIMEOUT_MS,
      // Several hubs may share the database: pg_stat_activity tells their connections apart.
      applicationName: `kenges ${process.pid}`,
    });
  } catch (e) {
    throw openingError(e, db);
  }
}

/**
 * Refuses (DB_NOT_EMPTY) a database that already holds events, before `kenges init` or
 * `kenges demo` makes anything: they found a federation, and one database holds one.
 */
export async function refuseFilledDatabase(
  db: PostgresDatabase,
): Promise<void> {
  const store = await openDatabaseStore(db);
  try {
    if ((await store.count()) > 0)
      throw new CliError("DB_NOT_EMPTY", { url: db.shown });
  } finally {
    await store.close();
  }
}
