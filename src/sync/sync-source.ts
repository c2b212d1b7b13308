/**
 * @module What a session needs of a replica: its views (all, or a scope) kept in step with
 * the fold, the frontier of a view, the events behind sort keys in the wire form, and the
 * one ingest pipeline for what arrives. One per replica; views are cached by scope.
 */
import type { FoldEngine } from "../core/index.js";
import { encodeCanonical } from "../crypto/index.js";
import type { IngestReport, Replica } from "../replica/index.js";
import type { FrontierEntry } from "./frontier.js";
import { ReplicaItems } from "./replica-items.js";
import type { Scope } from "./scope.js";
import type { SortKey } from "./sort-key.js";
import { syncFail } from "./sync-error.js";
import type { SyncStore, SyncViewLike } from "./sync-store.js";

const MAX_CACHED_SCOPES = 64;

/** A view plus its cached frontier. */
export class SyncView implements SyncViewLike {
  private frontierCache: { size: number; entries: FrontierEntry[] } | null =
    null;

  constructor(
    readonly items: ReplicaItems,
    private readonly fold: FoldEngine,
  ) {}

  /** Per author: the highest sequence number in this view and its head (smaller id on a fork). */
  frontier(): FrontierEntry[] {
    const size = this.items.index.size;
    if (this.frontierCache?.size === size) return this.frontierCache.entries;
    const ci = this.fold.index;
    const out: FrontierEntry[] = [];
    for (let a = 0; a < ci.authorKeys.length; a++) {
      let seq = 0;
      let head = "";
      for (const i of ci.eventsOfAuthor[a]!) {
        const id = ci.ids[i]!;
        if (!this.items.has(id)) continue;
        const s = ci.seqOf[i]!;
        if (s > seq || (s === seq && id < head)) {
          seq = s;
          head = id;
        }
      }
      if (seq > 0) out.push({ author: ci.authorKeys[a]!, seq, head });
    }
    out.sort((x, y) => (x.author < y.author ? -1 : 1));
    this.frontierCache = { size, entries: out };
    return out;
  }

  /** Keys of this view's events by `author` above `seq`, sorted by (height, id). */
  eventsAfter(author: string, seq: number): SortKey[] {
    const ci = this.fold.index;
    const a = ci.findAuthor(author);
    if (a < 0) return [];
    const out: SortKey[] = [];
    for (const i of ci.eventsOfAuthor[a]!) {
      if (ci.seqOf[i]! <= seq) continue;
      const key = this.items.keyOf(ci.ids[i]!);
      if (key) out.push(key);
    }
    return out;
  }
}

/** A replica as sync sees it. */
export class SyncSource implements SyncStore {
  private readonly all: SyncView;
  private readonly scoped = new Map<string, SyncView>();

  /**
   * @param ingestHook where received events go instead of the replica's own ingest (a hub
   *   routes them through its write path); it must end in the same replica.
   */
  constructor(
    readonly replica: Replica,
    private readonly ingestHook?: (
      events: readonly Uint8Array[],
      source: string,
    ) => Promise<IngestReport>,
  ) {
    this.all = new SyncView(new ReplicaItems(replica.fold), replica.fold);
  }

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

  /** The view for a scope (cached; a changed scope key makes a new view). */
  view(scope: Scope): SyncView {
    if (scope.kind === "all") return this.all;
    let v = this.scoped.get(scope.key);
    if (v === undefined) {
      if (this.scoped.size >= MAX_CACHED_SCOPES)
        this.scoped.delete(this.scoped.keys().next().value!);
      v = new SyncView(
        new ReplicaItems(this.replica.fold, scope.include),
        this.replica.fold,
      );
      this.scoped.set(scope.key, v);
    }
    return v;
  }

  /** The sort key of a held event (any view), or null. */
  keyOf(id: string): SortKey | null {
    return this.all.items.keyOf(id);
  }

  /** The events behind keys, in the wire form, in the order given (skipping any not stored). */
  async wireEvents(keys: readonly SortKey[]): Promise<Uint8Array[]> {
    const out: Uint8Array[] = [];
    for (const k of keys) {
      const e = await this.replica.store.get(k.id);
      if (e !== null)
        out.push(encodeCanonical([e.envelope, e.signature, e.payload]));
    }
    return out;
  }

  /** Ingests wire events through the replica's one pipeline. */
  ingest(events: readonly Uint8Array[], source: string): Promise<IngestReport> {
    return this.ingestHook
      ? this.ingestHook(events, source)
      : this.replica.ingestWire(events, source);
  }
}
