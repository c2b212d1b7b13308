/**
 * @module A side's events as one peer may see them: the held scopes filtered by the set the
 * access rule gave. Everything a session sends or compares goes through a view, so a scope
 * the peer may not read looks, in every count, fingerprint, frontier and id, like a scope
 * that does not exist.
 */
import {
  EMPTY_SCOPE,
  type ScopedItems,
  type ScopeItems,
} from "./scoped-items.js";
import type { SortKey } from "./sort-key.js";
import type { SyncViewLike } from "./sync-store.js";

/**
 * The scopes of the side's items that `readable` admits ("all": every one). The items are
 * asked for on every use, so a view follows what its side ingests during a session.
 */
export class SyncView implements SyncViewLike {
  constructor(
    private readonly current: () => ScopedItems,
    private readonly readable: ReadonlySet<string> | "all",
  ) {}

  private get items(): ScopedItems {
    return this.current();
  }

  private admits(scope: string): boolean {
    return this.readable === "all" || this.readable.has(scope);
  }

  scopes(): readonly string[] {
    const held = this.items.scopes();
    return this.readable === "all" ? held : held.filter((s) => this.admits(s));
  }

  scope(scope: string): ScopeItems {
    return this.admits(scope) ? this.items.scope(scope) : EMPTY_SCOPE;
  }

  scopeOf(id: string): string | null {
    const scope = this.items.scopeOf(id);
    return scope !== null && this.admits(scope) ? scope : null;
  }

  keyOf(id: string): SortKey | null {
    const scope = this.scopeOf(id);
    return scope === null ? null : this.items.scope(scope).keyOf(id);
  }
}
