/**
 * @module What a session needs of the side it runs on, as an interface: a replica
 * (`SyncSource`) is the usual one; the benchmarks use a set held in memory, to measure the
 * protocol on a million events without folding them; the browser keeps its own.
 */
import type { Hosted, Reader } from "../core/index.js";
import type { IngestReport } from "../replica/index.js";
import type { ScopeItems } from "./scoped-items.js";
import type { SortKey } from "./sort-key.js";

/**
 * What one peer may see of a side: the scopes it may read, each with its items. A scope
 * outside the view is answered exactly like a scope not held (`EMPTY_SCOPE`).
 */
export interface SyncViewLike {
  /** The scopes in the view that hold events, sorted. */
  scopes(): readonly string[];
  /** One scope's items, or `EMPTY_SCOPE` outside the view. */
  scope(scope: string): ScopeItems;
  /** The scope of an event in the view, or null (not held, or outside the view). */
  scopeOf(id: string): string | null;
  /** The sort key of an event in the view, or null. */
  keyOf(id: string): SortKey | null;
}

/**
 * Who sent received events, as a responder knows it: the key that signed the message (or
 * null) and the remote address. Absent for events this side fetched itself (an initiator,
 * a bundle the operator imports).
 */
export interface IngestOrigin {
  readonly key: string | null;
  readonly address: string;
}

/** A side of a session. */
export interface SyncStore {
  readonly federation: string | null;
  /** Events held (a session that changes it brought something new). */
  readonly size: number;
  /**
   * The scopes a reader may receive from this side (core's `readableScopes`, the one access
   * rule); `hosted` are the scopes this side serves at all.
   */
  readableScopes(reader: Reader, hosted: Hosted): ReadonlySet<string>;
  /**
   * The view of the given scopes ("all": every scope held). With `withhold`, events kept
   * for peers only (core's `withheldEvents`: a revoked or frozen key's) are left out.
   */
  view(
    readable: ReadonlySet<string> | "all",
    options?: { readonly withhold?: boolean },
  ): SyncViewLike;
  /** Wire forms of held events, aligned with the keys (null for one not stored). */
  wireEvents(keys: readonly SortKey[]): Promise<(Uint8Array | null)[]>;
  /** Takes in received events (wire form); `origin` says who pushed them, when a peer did. */
  ingest(
    events: readonly Uint8Array[],
    source: string,
    origin?: IngestOrigin,
  ): Promise<IngestReport>;
  /**
   * Fixes the federation of a side that holds none yet (events may come before the genesis);
   * fails with FEDERATION_MISMATCH for a side that holds another.
   */
  pinFederation(id: string): Promise<void>;
  /** Runs fn alone among the session steps on this side. */
  exclusive<T>(fn: () => Promise<T>): Promise<T>;
}
