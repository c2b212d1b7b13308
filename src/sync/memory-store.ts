/**
 * @module A set of events held in memory as a sync side: sort keys, wire bytes and chains,
 * no fold and no checks beyond decoding. For benchmarks and protocol tests only — it lets a
 * million-event set reconcile without folding it; a replica (`SyncSource`) is what real
 * sides use.
 */
import { decodeWireEvent } from "../core/index.js";
import { toHex } from "../crypto/index.js";
import { emptyReport, type IngestReport } from "../replica/index.js";
import type { FrontierEntry } from "./frontier.js";
import { ItemIndex } from "./item-index.js";
import type { Scope } from "./scope.js";
import { compareKeys, type SortKey } from "./sort-key.js";
import type { SyncStore, SyncViewLike, ViewItems } from "./sync-store.js";

interface Held {
  readonly h: number;
  readonly author: string;
  readonly seq: number;
  readonly wire: Uint8Array;
}

/** One held event as the memory store takes it. */
export interface MemoryEvent extends Held {
  readonly id: string;
}

/** Events in memory; `ingest` places each under its causal height (parents must be held). */
export class MemorySyncStore implements SyncStore, SyncViewLike, ViewItems {
  private readonly held = new Map<string, Held>();
  private readonly byAuthor = new Map<string, string[]>();
  private built: ItemIndex | null = null;
  private readonly pending: SortKey[] = [];
  private orphans: { w: Uint8Array; e: ReturnType<typeof decodeWireEvent> }[] =
    [];
  readonly fold = null;

  constructor(
    readonly federation: string,
    events: readonly MemoryEvent[] = [],
  ) {
    for (const e of events) this.put(e.id, e);
    this.built = ItemIndex.fromSorted(
      events.map((e) => ({ h: e.h, id: e.id })).sort(compareKeys),
    );
  }

  private put(id: string, e: Held): void {
    this.held.set(id, { h: e.h, author: e.author, seq: e.seq, wire: e.wire });
    let chain = this.byAuthor.get(e.author);
    if (chain === undefined) this.byAuthor.set(e.author, (chain = []));
    chain.push(id);
  }

  get size(): number {
    return this.held.size;
  }

  get items(): ViewItems {
    return this;
  }

  get index(): ItemIndex {
    const built = this.built!;
    for (const k of this.pending.splice(0)) built.insert(k);
    return built;
  }

  view(_scope: Scope): SyncViewLike {
    return this;
  }

  has(id: string): boolean {
    return this.held.has(id);
  }

  keyOf(id: string): SortKey | null {
    const e = this.held.get(id);
    return e === undefined ? null : { h: e.h, id };
  }

  private frontierCache: { size: number; entries: FrontierEntry[] } | null =
    null;

  frontier(): FrontierEntry[] {
    if (this.frontierCache?.size === this.held.size)
      return this.frontierCache.entries;
    const out: FrontierEntry[] = [];
    for (const [author, ids] of this.byAuthor) {
      let seq = 0;
      let head = "";
      for (const id of ids) {
        const s = this.held.get(id)!.seq;
        if (s > seq || (s === seq && id < head)) {
          seq = s;
          head = id;
        }
      }
      out.push({ author, seq, head });
    }
    out.sort((a, b) => (a.author < b.author ? -1 : 1));
    this.frontierCache = { size: this.held.size, entries: out };
    return out;
  }

  eventsAfter(author: string, seq: number): SortKey[] {
    const out: SortKey[] = [];
    for (const id of this.byAuthor.get(author) ?? []) {
      const e = this.held.get(id)!;
      if (e.seq > seq) out.push({ h: e.h, id });
    }
    return out.sort(compareKeys);
  }

  async wireEvents(keys: readonly SortKey[]): Promise<(Uint8Array | null)[]> {
    return keys.map((k) => this.held.get(k.id)?.wire ?? null);
  }

  /** Decodes and places events whose parents are held (in any order within the batch). */
  async ingest(
    events: readonly Uint8Array[],
    _source: string,
  ): Promise<IngestReport> {
    const report = emptyReport();
    // Orphans wait (as in a replica's quarantine) and are placed when their parents come.
    const fresh = events.map((w) => ({ w, e: decodeWireEvent(w) }));
    let waiting = [...this.orphans, ...fresh];
    const before = this.orphans.length;
    for (;;) {
      const next: typeof waiting = [];
      const seen = new Set<string>();
      for (const x of waiting) {
        if (!x.e.ok) {
          report.rejected++;
          continue;
        }
        const e = x.e.value;
        if (this.held.has(e.id) || seen.has(e.id)) {
          report.duplicate++;
          continue;
        }
        seen.add(e.id);
        const parents = [
          ...(e.envelope.prev ? [e.envelope.prev] : []),
          ...e.envelope.deps,
        ].map(toHex);
        let h = 0;
        let ready = true;
        for (const p of parents) {
          const held = this.held.get(p);
          if (held === undefined) ready = false;
          else h = Math.max(h, held.h + 1);
        }
        if (!ready) {
          next.push(x);
          continue;
        }
        this.put(e.id, {
          h,
          author: toHex(e.envelope.author),
          seq: e.envelope.seq,
          wire: x.w,
        });
        this.pending.push({ h, id: e.id });
        report.added++;
      }
      if (next.length === waiting.length) {
        this.orphans = next;
        report.quarantined += Math.max(0, next.length - before);
        break;
      }
      waiting = next;
    }
    return report;
  }

  async pinFederation(id: string): Promise<void> {
    if (id !== this.federation)
      throw new Error(`memory store holds ${this.federation}`);
  }

  exclusive<T>(fn: () => Promise<T>): Promise<T> {
    return fn();
  }
}
