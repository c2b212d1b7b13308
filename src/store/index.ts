/**
 * @module The public surface of `src/store`: the Store interface and its two adapters.
 * The contract suite that proves an adapter is a second entry, `store.contract.ts`.
 */

import type { PostgresStoreOptions } from "./postgres/postgres-store.js";
import type { Store } from "./store.js";

export type { PostgresStoreOptions } from "./postgres/postgres-store.js";

/**
 * Opens (creating its tables if needed) a PostgreSQL store. The adapter and its driver are
 * loaded on first use: every `kenges` command imports this module, few use PostgreSQL.
 */
export async function openPostgresStore(
  options: PostgresStoreOptions,
): Promise<Store> {
  return (await import("./postgres/postgres-store.js")).openPostgresStore(
    options,
  );
}
export type { HubTables, SharedSession } from "./hub-tables.js";
export { postgresNodeUrls } from "./postgres-nodes.js";
export {
  POSTGRES_SCHEMA_VERSION,
  SCHEMA_VERSION,
  SCHEMA_VERSION_KEY,
} from "./schema-version.js";
export {
  isStoreCipher,
  LEGACY_STORE_CIPHER,
  NEW_STORE_CIPHER,
  STORE_CIPHERS,
  type StoreCipher,
} from "./sqlite/sqlite-cipher.js";
export { encryptSqliteFile } from "./sqlite/sqlite-encrypt.js";
export {
  openSqliteStore,
  type SqliteStoreOptions,
} from "./sqlite/sqlite-store.js";
export type {
  AppendListener,
  AppendWatch,
  FoldRecord,
  QuarantinedEvent,
  Store,
  StoredEvent,
  UnsignedStoredEvent,
} from "./store.js";
export { PAYLOAD_CHANGES_META } from "./store.js";
export { isStoreFull, STORE_FULL } from "./store-full.js";
export { isEventId } from "./store-input.js";
export { StoreInputError } from "./store-input-error.js";
export {
  StoreSchemaError,
  type StoreSchemaErrorCode,
} from "./store-schema-error.js";
export {
  isStoreUnavailable,
  STORE_UNAVAILABLE,
  StoreUnavailableError,
} from "./store-unavailable.js";
