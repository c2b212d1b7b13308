/**
 * @module The Store interface: where a replica keeps its events, its quarantine and the
 * results of its fold. SQLite (embedded default) and PostgreSQL implement it; one contract
 * suite (store.contract.ts) proves both. Adapters hold bytes and rows, never domain rules.
 */
import type { HubTables } from "./hub-tables.js";

/** An event as stored: the exact bytes received. The payload is null once redacted. */
export interface StoredEvent {
  /** Lower-case hex SHA-256 of the envelope bytes. */
  readonly id: string;
  readonly envelope: Uint8Array;
  readonly signature: Uint8Array;
  readonly payload: Uint8Array | null;
}

/** A stored event without its signature: what a replica folds when it opens. */
export type UnsignedStoredEvent = Omit<StoredEvent, "signature">;

/** An event waiting for missing parents. */
export interface QuarantinedEvent extends StoredEvent {
  /** Ids of the parents (prev or deps) that were missing when it arrived. */
  readonly missing: readonly string[];
  /** Who sent it (a peer, a file, "local"): quarantine is capped per source. */
  readonly source: string;
  /** Local clock (ms) when it arrived — only to expire old orphans. */
  readonly receivedAt: number;
}

/** What the fold concluded, saved so reads need no refold and `verify` can compare. */
export interface FoldRecord {
  /** Number of stored events the fold covered. */
  readonly events: number;
  readonly stateHash: string;
  /** Canonical bytes of the state snapshot. */
  readonly snapshot: Uint8Array;
  /** Invalid events with their reason codes, sorted by id. */
  readonly invalid: readonly { readonly id: string; readonly code: string }[];
}

/**
 * The meta key under which a store counts the payloads it dropped or restored (a decimal
 * string; absent: none). It changes in the same transaction as the payload, so a replica's
 * saved fold image, which records it, knows when a payload changed behind it.
 */
export const PAYLOAD_CHANGES_META = "payload-changes";

/** A running watch of a store's appends ({@link Store.watchAppends}). */
export interface AppendWatch {
  /** Stops listening; no call comes after it resolves. */
  close(): Promise<void>;
}

/**
 * What a watch reports: `position`, the highest storage position an append by any process
 * reached (events at or below it may be unseen); or null when the watch (re)connected and
 * appends may have gone unreported meanwhile — read everything after the last position seen.
 */
export type AppendListener = (position: number | null) => void;

export interface Store {
  /**
   * Stores events in one transaction, all or none; ids already stored are skipped
   * (idempotent). Returns the ids newly stored, in the order given. Callers pass parents
   * before children, so storage order is always a valid causal order.
   */
  append(events: readonly StoredEvent[]): Promise<string[]>;
  /** The subset of ids that are stored. */
  has(ids: readonly string[]): Promise<Set<string>>;
  get(id: string): Promise<StoredEvent | null>;
  count(): Promise<number>;
  /**
   * Up to `limit` events in storage order, starting after position `after` (0 = start).
   * Returns them with the position of the last one, to continue from.
   */
  scan(
    after: number,
    limit: number,
  ): Promise<{ events: StoredEvent[]; last: number }>;
  /**
   * {@link scan} without the signatures, for a replica that folds what it stored: every
   * signature was checked before its event was stored (`kenges verify` re-checks them through
   * `scan`). Reading a million events, the signatures are a fifth of the time.
   */
  scanUnsigned(
    after: number,
    limit: number,
  ): Promise<{ events: UnsignedStoredEvent[]; last: number }>;
  /**
   * Drops an event's payload for good (redaction). The envelope and signature stay. A drop
   * that changed a stored event adds one to {@link PAYLOAD_CHANGES_META}, in the same transaction.
   */
  dropPayload(id: string): Promise<void>;
  /**
   * Puts back the payload of a stored event that has none (a redaction that did not hold).
   * Does nothing if the event is not stored or still has a payload. The caller checks the
   * bytes against the envelope's payload hash; the store does not. A restore that changed
   * the event adds one to {@link PAYLOAD_CHANGES_META}, in the same transaction.
   */
  restorePayload(id: string, payload: Uint8Array): Promise<void>;

  /** Puts events into quarantine (ids already stored or quarantined are skipped). */
  quarantine(events: readonly QuarantinedEvent[]): Promise<void>;
  /** Every quarantined event (quarantine is capped, so this stays small). */
  quarantined(): Promise<QuarantinedEvent[]>;
  /** How many events wait in quarantine, for one source or all. */
  countQuarantined(source?: string): Promise<number>;
  /** Removes events from quarantine (released into the log, or expired). */
  release(ids: readonly string[]): Promise<void>;

  /** Saves the fold's conclusion (replacing the previous one). */
  saveFold(record: FoldRecord): Promise<void>;
  loadFold(): Promise<FoldRecord | null>;

  /** Small named values: the federation id, the operator's key id, peers. */
  getMeta(key: string): Promise<string | null>;
  setMeta(key: string, value: string): Promise<void>;

  /**
   * Present on stores that several processes may write at once (PostgreSQL): reports every
   * append, this process's and the others', so each process folds what the others stored.
   * The first report, once listening, is null (anything stored before it is unseen).
   * Absent on stores one process owns (SQLite: the data directory's writer lock).
   */
  watchAppends?(listener: AppendListener): Promise<AppendWatch>;

  /**
   * Present on stores that several processes may write at once (PostgreSQL): the tables the
   * hubs over this store share — sessions and request limits hold whichever process a
   * request reaches.
   */
  hubTables?(): HubTables;

  close(): Promise<void>;
}
