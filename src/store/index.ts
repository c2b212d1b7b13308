/**
 * @module The public surface of `src/store`: the Store interface and its two adapters.
 * The contract suite that proves an adapter is a second entry, `store.contract.ts`.
 */

export type { PostgresStoreOptions } from "./postgres/postgres-store.js";
export { openPostgresStore } from "./postgres/postgres-store.js";
export { SCHEMA_VERSION, SCHEMA_VERSION_KEY } from "./schema-version.js";
export { openSqliteStore } from "./sqlite/sqlite-store.js";
export type {
  FoldRecord,
  QuarantinedEvent,
  Store,
  StoredEvent,
  UnsignedStoredEvent,
} from "./store.js";
export { PAYLOAD_CHANGES_META } from "./store.js";
export { isEventId } from "./store-input.js";
export { StoreInputError } from "./store-input-error.js";
