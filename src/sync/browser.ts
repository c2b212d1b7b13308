/**
 * @module The browser's entry to `src/sync`: only the pure parts a phone needs to run a
 * session as the initiator — the protocol, reconciliation and the session driver; the page
 * brings its own fetch transport (`transports/http.ts` does not type-check against the DOM's
 * fetch, whose body wants an ArrayBuffer-backed view). Nothing here reaches Node-only code (the hub plugin, the replica and
 * its worker-thread signature pool, bundle files); `index.ts` does, so the web app enters
 * `sync` through this file only (scripts/check-imports.mjs).
 */
export type { IngestReport } from "../replica/index.js";
export type { FrontierEntry } from "./frontier.js";
export {
  ANY_FEDERATION,
  runSession,
  type SyncOptions,
  syncWith,
} from "./initiator.js";
export { ItemIndex } from "./item-index.js";
export {
  EMPTY_SCOPE,
  type ScopedItem,
  ScopedItems,
  type ScopeItems,
} from "./scoped-items.js";
export { compareKeys, type SortKey } from "./sort-key.js";
export {
  type SyncError,
  type SyncErrorCode,
  SyncFailure,
} from "./sync-error.js";
export { emptySyncReport, type SyncReport } from "./sync-report.js";
export type { SyncStore, SyncViewLike } from "./sync-store.js";
export { SyncView } from "./sync-view.js";
export type { SyncTransport } from "./transport.js";
