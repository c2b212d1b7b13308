/**
 * @module The events one side holds, kept per scope: for each scope an item index sorted by
 * (height, id) with cached fingerprint sums, and the chains of the keys that signed there
 * (a chain is one key's events in one scope), so each scope has its own frontier. Pure: the
 * replica, the memory store of the benchmarks and the browser's replica all keep one.
 */
import type { FrontierEntry } from "./frontier.js";
import { ItemIndex } from "./item-index.js";
import { compareKeys, type SortKey } from "./sort-key.js";

/** One held event as the per-scope index takes it. */
export interface ScopedItem {
  readonly id: string;
  /** Causal height. */
  readonly h: number;
  /** The event's scope (hex); its own id for an event that founds a scope. */
  readonly scope: string;
  /** The signing key (hex). */
  readonly author: string;
  /** Sequence number on the key's chain in this scope. */
  readonly seq: number;
}

/** What reconciliation needs of one scope. */
export interface ScopeItems {
  readonly index: ItemIndex;
  /** True when the event is held in this scope. */
  has(id: string): boolean;
  /** The sort key of an event held in this scope, or null. */
  keyOf(id: string): SortKey | null;
  /** Per key signing here: the highest sequence number and its head (smaller id on a fork). */
  frontier(): readonly FrontierEntry[];
  /** Keys of this scope's events by `author` above `seq`, sorted by (height, id). */
  eventsAfter(author: string, seq: number): SortKey[];
}

const NO_ENTRIES: readonly FrontierEntry[] = Object.freeze([]);

/**
 * A scope nobody may read here or that is not held: the two look exactly alike, so nothing
 * tells a reader which one it met.
 */
export const EMPTY_SCOPE: ScopeItems = {
  index: new ItemIndex(),
  has: () => false,
  keyOf: () => null,
  frontier: () => NO_ENTRIES,
  eventsAfter: () => [],
};

interface Held {
  readonly h: number;
  readonly seq: number;
}

/** One scope's items and chains. */
class ScopeEntry implements ScopeItems {
  index: ItemIndex;
  readonly held = new Map<string, Held>();
  /** Author → its event ids here, in the order added. */
  readonly chains = new Map<string, string[]>();
  private frontierCache: FrontierEntry[] | null = null;

  constructor(index = new ItemIndex()) {
    this.index = index;
  }

  put(item: ScopedItem, insert: boolean): void {
    this.held.set(item.id, { h: item.h, seq: item.seq });
    let chain = this.chains.get(item.author);
    if (chain === undefined) this.chains.set(item.author, (chain = []));
    chain.push(item.id);
    if (insert) this.index.insert({ h: item.h, id: item.id });
    this.frontierCache = null;
  }

  has(id: string): boolean {
    return this.held.has(id);
  }

  keyOf(id: string): SortKey | null {
    const e = this.held.get(id);
    return e === undefined ? null : { h: e.h, id };
  }

  frontier(): readonly FrontierEntry[] {
    if (this.frontierCache !== null) return this.frontierCache;
    const out: FrontierEntry[] = [];
    for (const [author, ids] of this.chains) {
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
    this.frontierCache = out;
    return out;
  }

  eventsAfter(author: string, seq: number): SortKey[] {
    const out: SortKey[] = [];
    for (const id of this.chains.get(author) ?? []) {
      const e = this.held.get(id)!;
      if (e.seq > seq) out.push({ h: e.h, id });
    }
    return out.sort(compareKeys);
  }
}

/** Every held event, per scope. */
export class ScopedItems {
  private readonly entries = new Map<string, ScopeEntry>();
  private readonly scopeOfId = new Map<string, string>();
  private sortedScopes: string[] | null = null;

  /** Builds the index from many items at once (one sort per scope instead of inserts). */
  static from(items: readonly ScopedItem[]): ScopedItems {
    const out = new ScopedItems();
    const keys = new Map<string, SortKey[]>();
    for (const item of items) {
      if (out.scopeOfId.has(item.id)) continue;
      out.scopeOfId.set(item.id, item.scope);
      let entry = out.entries.get(item.scope);
      if (entry === undefined) {
        out.entries.set(item.scope, (entry = new ScopeEntry()));
        keys.set(item.scope, []);
      }
      entry.put(item, false);
      keys.get(item.scope)!.push({ h: item.h, id: item.id });
    }
    for (const [scope, list] of keys) {
      list.sort(compareKeys);
      out.entries.get(scope)!.index = ItemIndex.fromSorted(list);
    }
    return out;
  }

  /** Events held, all scopes. */
  get size(): number {
    return this.scopeOfId.size;
  }

  /** Adds an event not yet held (a repeat is ignored). */
  add(item: ScopedItem): void {
    if (this.scopeOfId.has(item.id)) return;
    this.scopeOfId.set(item.id, item.scope);
    let entry = this.entries.get(item.scope);
    if (entry === undefined) {
      this.entries.set(item.scope, (entry = new ScopeEntry()));
      this.sortedScopes = null;
    }
    entry.put(item, true);
  }

  /** The scopes holding at least one event, sorted. */
  scopes(): readonly string[] {
    this.sortedScopes ??= [...this.entries.keys()].sort();
    return this.sortedScopes;
  }

  /** One scope's items; `EMPTY_SCOPE` when none is held. */
  scope(scope: string): ScopeItems {
    return this.entries.get(scope) ?? EMPTY_SCOPE;
  }

  /** The scope of a held event, or null. */
  scopeOf(id: string): string | null {
    return this.scopeOfId.get(id) ?? null;
  }

  /** True when the event is held. */
  has(id: string): boolean {
    return this.scopeOfId.has(id);
  }
}
