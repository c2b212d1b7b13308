/**
 * @module What a session needs of a replica: its events per scope, kept in step with the
 * fold; the scopes a reader may receive, from core's one access rule; the events behind
 * sort keys in the wire form; and the one ingest pipeline for what arrives.
 */
import {
  type FoldEngine,
  type Hosted,
  type Reader,
  readableScopes,
  withheldEvents,
} from "../core/index.js";
import { encodeCanonical } from "../crypto/index.js";
import type { IngestReport, Replica } from "../replica/index.js";
import { type ScopedItem, ScopedItems } from "./scoped-items.js";
import type { SortKey } from "./sort-key.js";
import { syncFail } from "./sync-error.js";
import type { IngestOrigin, SyncStore, SyncViewLike } from "./sync-store.js";
import { SyncView } from "./sync-view.js";

const MAX_CACHED_READERS = 1024;

/** Every event of the fold from index `from` on, as per-scope items. */
function itemsOf(fold: FoldEngine, from: number): ScopedItem[] {
  const ci = fold.index;
  const out: ScopedItem[] = [];
  for (let i = from; i < ci.size; i++)
    out.push({
      id: ci.ids[i]!,
      h: ci.heightOf[i]!,
      scope: ci.scopeIdOf(i),
      author: ci.keyHexOf(i),
      seq: ci.seqOf[i]!,
    });
  return out;
}

/** A replica as sync sees it. */
export class SyncSource implements SyncStore {
  private items = new ScopedItems();
  private consumed = 0;
  private lastConsumed: string | null = null;
  /** Readable sets by reader, valid while the fold does not change. */
  private readers = new Map<string, ReadonlySet<string>>();
  private readersAt: string | null = null;
  /** The items served to whoever is no peer, and the fold version they are of. */
  private withheldAt: { at: string; items: ScopedItems | null } | null = null;

  /**
   * @param ingestHook where received events go instead of the replica's own ingest (a hub
   *   routes them through its write path); it must end in the same replica.
   */
  constructor(
    readonly replica: Replica,
    private readonly ingestHook?: (
      events: readonly Uint8Array[],
      source: string,
      origin?: IngestOrigin,
    ) => Promise<IngestReport>,
  ) {}

  get size(): number {
    return this.replica.fold.size;
  }

  get fold(): FoldEngine {
    return this.replica.fold;
  }

  get federation(): string | null {
    return this.replica.federation;
  }

  private turn: Promise<unknown> = Promise.resolve();

  /**
   * Runs fn when no other session step on this replica runs: a hub answering peers while
   * its own loop syncs with others never interleaves two ingests.
   */
  exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.turn.then(fn);
    this.turn = run.catch(() => undefined);
    return run;
  }

  async pinFederation(id: string): Promise<void> {
    const refused = await this.replica.pinFederation(id);
    if (refused) syncFail("FEDERATION_MISMATCH", { ...refused.details });
  }

  /** Takes in the events the fold gained since the last look. */
  private refresh(): ScopedItems {
    const ci = this.fold.index;
    const n = ci.size;
    if (n === this.consumed && (n === 0 || ci.ids[n - 1] === this.lastConsumed))
      return this.items;
    // The index only grows, except that a local event the fold refused may be taken back.
    const intact =
      this.consumed <= n &&
      (this.consumed === 0 || ci.ids[this.consumed - 1] === this.lastConsumed);
    const fresh = n - this.consumed;
    if (!intact || fresh > Math.max(4096, this.items.size >> 3))
      this.items = ScopedItems.from(itemsOf(this.fold, 0));
    else
      for (const item of itemsOf(this.fold, this.consumed))
        this.items.add(item);
    this.consumed = n;
    this.lastConsumed = n > 0 ? ci.ids[n - 1]! : null;
    return this.items;
  }

  readableScopes(reader: Reader, hosted: Hosted): ReadonlySet<string> {
    const ci = this.fold.index;
    const at = `${ci.size} ${ci.size > 0 ? ci.ids[ci.size - 1] : ""}`;
    if (at !== this.readersAt) {
      this.readers = new Map();
      this.readersAt = at;
    }
    const name = JSON.stringify([
      reader.kind,
      reader.kind === "key" ? reader.key : null,
      reader.kind === "peer" && reader.hosts !== "all"
        ? [...reader.hosts].sort()
        : null,
      hosted === "all" ? null : [...hosted].sort(),
    ]);
    let set = this.readers.get(name);
    if (set === undefined) {
      if (this.readers.size >= MAX_CACHED_READERS) this.readers.clear();
      set = readableScopes(this.fold, reader, hosted);
      this.readers.set(name, set);
    }
    return set;
  }

  view(
    readable: ReadonlySet<string> | "all",
    options: { readonly withhold?: boolean } = {},
  ): SyncViewLike {
    return new SyncView(
      () => (options.withhold ? this.served() : this.refresh()),
      readable,
    );
  }

  /**
   * The items without the events kept for peers only (`withheldEvents`); the same items
   * while there are none. Rebuilt when the fold changes and some are withheld.
   */
  private served(): ScopedItems {
    const all = this.refresh();
    const fold = this.fold;
    const ci = fold.index;
    const at = `${ci.size} ${ci.size > 0 ? ci.ids[ci.size - 1] : ""} ${fold.stats.rewinds} ${fold.state.invalid.size}`;
    if (this.withheldAt?.at !== at) {
      const withheld = withheldEvents(fold);
      this.withheldAt = {
        at,
        items:
          withheld.size === 0
            ? null
            : ScopedItems.from(
                itemsOf(fold, 0).filter((item) => !withheld.has(item.id)),
              ),
      };
    }
    return this.withheldAt.items ?? all;
  }

  /** The events behind keys, in the wire form, in the order given (null for one not stored). */
  async wireEvents(keys: readonly SortKey[]): Promise<(Uint8Array | null)[]> {
    const out: (Uint8Array | null)[] = [];
    for (const k of keys) {
      const e = await this.replica.store.get(k.id);
      out.push(
        e === null
          ? null
          : encodeCanonical([e.envelope, e.signature, e.payload]),
      );
    }
    return out;
  }

  /** Ingests wire events through the replica's one pipeline. */
  ingest(
    events: readonly Uint8Array[],
    source: string,
    origin?: IngestOrigin,
  ): Promise<IngestReport> {
    return this.ingestHook
      ? this.ingestHook(events, source, origin)
      : this.replica.ingestWire(events, source);
  }
}
