/**
 * @module A set of events held in memory as a sync side: per-scope sort keys, wire bytes and
 * chains, no fold and no checks beyond decoding. For benchmarks and protocol tests only — it
 * lets a million-event set reconcile without folding it; a replica (`SyncSource`) is what
 * real sides use. Without a fold it cannot apply the access rule: what a reader may read
 * is given to it (`readableFor`), everything held by default.
 */
import { decodeWireEvent, type Hosted, type Reader } from "../core/index.js";
import { toHex } from "../crypto/index.js";
import { emptyReport, type IngestReport } from "../replica/index.js";
import { type ScopedItem, ScopedItems } from "./scoped-items.js";
import type { SortKey } from "./sort-key.js";
import type { SyncStore, SyncViewLike } from "./sync-store.js";
import { SyncView } from "./sync-view.js";

/** One held event as the memory store takes it. */
export interface MemoryEvent extends ScopedItem {
  readonly wire: Uint8Array;
}

/** Events in memory; `ingest` places each under its causal height (parents must be held). */
export class MemorySyncStore implements SyncStore {
  private readonly wire = new Map<string, Uint8Array>();
  private readonly heights = new Map<string, number>();
  private readonly items: ScopedItems;
  private orphans: { w: Uint8Array; e: ReturnType<typeof decodeWireEvent> }[] =
    [];

  constructor(
    readonly federation: string,
    events: readonly MemoryEvent[] = [],
    private readonly readableFor: (
      reader: Reader,
      hosted: Hosted,
    ) => ReadonlySet<string> | null = () => null,
  ) {
    for (const e of events) {
      this.wire.set(e.id, e.wire);
      this.heights.set(e.id, e.h);
    }
    this.items = ScopedItems.from(events);
  }

  get size(): number {
    return this.items.size;
  }

  /** The scopes held (every one, for a reader `readableFor` leaves open). */
  readableScopes(reader: Reader, hosted: Hosted): ReadonlySet<string> {
    return this.readableFor(reader, hosted) ?? new Set(this.items.scopes());
  }

  view(
    readable: ReadonlySet<string> | "all",
    _options?: { readonly withhold?: boolean },
  ): SyncViewLike {
    return new SyncView(() => this.items, readable);
  }

  async wireEvents(keys: readonly SortKey[]): Promise<(Uint8Array | null)[]> {
    return keys.map((k) => this.wire.get(k.id) ?? null);
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
        if (this.wire.has(e.id) || seen.has(e.id)) {
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
          const held = this.heights.get(p);
          if (held === undefined) ready = false;
          else h = Math.max(h, held + 1);
        }
        if (!ready) {
          next.push(x);
          continue;
        }
        this.wire.set(e.id, x.w);
        this.heights.set(e.id, h);
        this.items.add({
          id: e.id,
          h,
          scope: e.envelope.scope === null ? e.id : toHex(e.envelope.scope),
          author: toHex(e.envelope.author),
          seq: e.envelope.seq,
        });
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

  /** The whole-set fingerprint of one scope (benchmarks compare sides with it). */
  fingerprintOf(scope: string): string {
    const index = this.items.scope(scope).index;
    return `${index.size} ${index.fingerprint(0, index.size).join()}`;
  }

  /** The scopes held. */
  scopes(): readonly string[] {
    return this.items.scopes();
  }
}
