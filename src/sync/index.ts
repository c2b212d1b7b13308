/**
 * @module The public surface of `src/sync`: the protocol (messages, ranges, fingerprints,
 * frontiers), per-scope items and the views a peer sees through (core's `readableScopes`
 * decides them), the two sides of a session, budgets, and the transports — HTTP,
 * WebSocket, bundle files, and in-process.
 */
export { messageSigner, signMessage } from "./auth.js";
export {
  BudgetMeter,
  type BudgetUse,
  DEFAULT_BUDGET,
  PeerLedger,
  type SyncBudget,
} from "./budget.js";
export { FINGERPRINT_BYTES, fingerprintOfIds } from "./fingerprint.js";
export {
  decodeFrontier,
  encodeFrontier,
  FRONTIER_DIGEST_BYTES,
  type FrontierEntry,
  frontierDigest,
} from "./frontier.js";
export {
  type SyncHubLike,
  type SyncPluginOptions,
  syncPlugin,
} from "./hub-plugin.js";
export {
  ANY_FEDERATION,
  runSession,
  type SyncOptions,
  syncWith,
} from "./initiator.js";
export { ItemIndex } from "./item-index.js";
export { type MemoryEvent, MemorySyncStore } from "./memory-store.js";
export {
  loadPeerKeys,
  loadPeers,
  PEER_KEYS_META_KEY,
  PEERS_META_KEY,
  PeerSync,
  type PeerSyncOptions,
  savePeerKeys,
  savePeers,
} from "./peer-sync.js";
export {
  DEFAULT_DECODE_LIMITS,
  type DecodeLimits,
  decodeMessage,
  type ErrorMessage,
  encodeMessage,
  type HelloMessage,
  type MessageAuth,
  type RoundMessage,
  type ScopePart,
  type ScopeSummary,
  SYNC_PROTOCOL_VERSION,
  type SyncMessage,
} from "./protocol.js";
export { decodeRanges, encodeRanges, type Range } from "./range-list.js";
export {
  answerRanges,
  DEFAULT_RECONCILE,
  leanOpening,
  openingRanges,
  type RangeAnswer,
  type ReconcileOptions,
  type ReconcileView,
} from "./reconcile.js";
export {
  defaultReader,
  type PeerAddress,
  type PeerIdentity,
  type ResponderAnswer,
  type ResponderOptions,
  SYNC_HTTP_STATUS,
  SyncResponder,
} from "./responder.js";
export {
  EMPTY_SCOPE,
  type ScopedItem,
  ScopedItems,
  type ScopeItems,
} from "./scoped-items.js";
export {
  DEFAULT_SOCKET_LIMITS,
  SocketGate,
  type SocketGateUse,
  type SocketLimits,
  type SocketTicket,
} from "./socket-gate.js";
export {
  type Bound,
  boundBetween,
  END,
  type SortKey,
  START,
} from "./sort-key.js";
export {
  SYNC_ERROR_CODES,
  type SyncError,
  type SyncErrorCode,
  SyncFailure,
} from "./sync-error.js";
export { countsOf, emptySyncReport, type SyncReport } from "./sync-report.js";
export { SyncSource } from "./sync-source.js";
export type {
  IngestOrigin,
  SyncStore,
  SyncViewLike,
} from "./sync-store.js";
export { SyncView } from "./sync-view.js";
export type { SyncTransport } from "./transport.js";
export {
  BUNDLE_MAGIC,
  type BundleHeader,
  type BundleOptions,
  BundleReader,
  bundleBytes,
  chunksOf,
  decodeFrontierFile,
  encodeFrontierFile,
  FRONTIER_MAGIC,
  frontiersDigest,
  frontiersOf,
  importBundle,
  keysNotCoveredBy,
  type ScopeFrontier,
  writeBundle,
} from "./transports/bundle.js";
export {
  answerHttp,
  httpTransport,
  SYNC_MEDIA_TYPE,
  SYNC_PATH,
  syncUrl,
} from "./transports/http.js";
export { memoryTransport } from "./transports/memory.js";
export { HUB_CERT_FILE, postPinned } from "./transports/pinned-tls.js";
export {
  FrameAssembler,
  framesOf,
  type SocketLike,
  SYNC_WS_PATH,
  serveSocket,
  wsTransport,
} from "./transports/ws.js";
