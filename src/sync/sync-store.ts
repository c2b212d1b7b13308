/**
 * @module What a session needs of the side it runs on, as an interface: a replica
 * (`SyncSource`) is the usual one; the benchmarks use a set held in memory, to measure the
 * protocol on a million events without folding them.
 */
import type { FoldEngine } from "../core/index.js";
import type { IngestReport } from "../replica/index.js";
import type { FrontierEntry } from "./frontier.js";
import type { ItemIndex } from "./item-index.js";
import type { Scope } from "./scope.js";
import type { SortKey } from "./sort-key.js";

/** The items of one view: the sorted index, membership and sort keys. */
export interface ViewItems {
  readonly index: ItemIndex;
  has(id: string): boolean;
  keyOf(id: string): SortKey | null;
}

/** One view of a side's events (everything, or what one peer may read). */
export interface SyncViewLike {
  readonly items: ViewItems;
  /** Per author: the highest sequence number in the view and its head. */
  frontier(): FrontierEntry[];
  /** Keys of the view's events by `author` above `seq`, sorted by (height, id). */
  eventsAfter(author: string, seq: number): SortKey[];
}

/** A side of a session. */
export interface SyncStore {
  readonly federation: string | null;
  /** Events held (a session that changes it brought something new). */
  readonly size: number;
  /** The fold, for scope rules; null where there is none (then only `ALL_SCOPE` works). */
  readonly fold: FoldEngine | null;
  view(scope: Scope): SyncViewLike;
  /** The sort key of any held event, or null. */
  keyOf(id: string): SortKey | null;
  /** Wire forms of held events, aligned with the keys (null for one not stored). */
  wireEvents(keys: readonly SortKey[]): Promise<(Uint8Array | null)[]>;
  /** Takes in received events (wire form). */
  ingest(events: readonly Uint8Array[], source: string): Promise<IngestReport>;
  /**
   * Fixes the federation of a side that holds none yet (events may come before the genesis);
   * fails with FEDERATION_MISMATCH for a side that holds another.
   */
  pinFederation(id: string): Promise<void>;
  /** Runs fn alone among the session steps on this side. */
  exclusive<T>(fn: () => Promise<T>): Promise<T>;
}
