/**
 * @module The copy of the federation kept in this browser: exactly the scopes the hub serves
 * this member's key (core's one access rule, `readableScopes`: the member's bodies, the
 * councils above them, public bodies, the federation scope), each event checked as a replica
 * checks it (id, payload hash, payload schema, federation, Ed25519 signature, then the chain
 * and scope rules of its parents) and kept as its own sealed record. It is a per-scope sync
 * side (`SyncStore`, docs/sync.md): the session driver of src/sync reconciles it with the hub,
 * one round trip when nothing changed. And it folds what it holds (`FoldEngine`): a partial
 * replica folds each scope it holds to the records a full one has, so pages can check what
 * the hub tells them — a motion's count, the claims made about a body on the councils above.
 */
import {
  checkEvent,
  decodeWireEvent,
  EVENT_HANDLERS,
  encodeWireEvent,
  FoldEngine,
  foldInputOf,
  type Hosted,
  type Reader,
  readableScopes,
  type SignedEvent,
  withoutPayload,
} from "../../../src/core/index.js";
import { toHex } from "../../../src/crypto/index.js";
import {
  type IngestReport,
  type ScopedItem,
  ScopedItems,
  type SortKey,
  SyncFailure,
  type SyncStore,
  SyncView,
  type SyncViewLike,
} from "../../../src/sync/browser.js";
import { committed, done } from "./db.js";
import { addWithTokens } from "./fold-with-tokens.js";
import { pagesForgotten } from "./page-cache.js";
import type { Vault } from "./vault.js";
import { verifyEvents } from "./verify.js";

interface Waiting {
  readonly event: SignedEvent;
  readonly wire: Uint8Array;
}

/** Where an event's record is sealed (format 2: format-1 records never open here). */
const PLACE = "event/2";
/** Most events kept waiting for parents between calls (the session budget's orphan cap). */
const MAX_ORPHANS = 10_000;

function emptyIngest(): IngestReport {
  return {
    added: 0,
    duplicate: 0,
    invalid: 0,
    rejected: 0,
    quarantined: 0,
    released: 0,
    rejections: [],
  };
}

/** What a new event of a scope would name, from what this copy holds. */
export interface LocalBasis {
  readonly federation: string;
  /** Heads of the scope, of every scope above it and of the federation scope. */
  readonly deps: readonly string[];
  /** The scope's own heads (a key's first event there must name one). */
  readonly scopeHeads: readonly string[];
  /** The key's chain head in the scope, as held here. */
  readonly chain: { readonly seq: number; readonly id: string } | null;
  /** The key's highest kseq among the events held here. */
  readonly kseq: number;
}

export class BrowserReplica implements SyncStore {
  readonly fold = new FoldEngine(EVENT_HANDLERS);
  private items = new ScopedItems();
  /** Event id → its record's key in the `events` store. */
  private readonly records = new Map<string, number>();
  private orphans = new Map<string, Waiting>();
  /** Redacted events whose payload is gone from here already. */
  private readonly redacted = new Set<string>();
  private lock: Promise<unknown> = Promise.resolve();
  private readonly listeners = new Set<() => void>();

  private constructor(
    private readonly db: IDBDatabase,
    private readonly vault: Vault,
    public federation: string | null,
  ) {}

  /** Loads and folds the copy kept in the database (opening every record once). */
  static async load(
    db: IDBDatabase,
    vault: Vault,
    federation: string | null,
  ): Promise<BrowserReplica> {
    const r = new BrowserReplica(db, vault, federation);
    const held: { event: SignedEvent; key: number }[] = [];
    const unreadable: IDBValidKey[] = [];
    await new Promise<void>((resolve, reject) => {
      const cursor = db
        .transaction("events")
        .objectStore("events")
        .openCursor();
      cursor.onsuccess = () => {
        const c = cursor.result;
        if (!c) return resolve();
        const bytes = vault.openBytes(PLACE, c.value);
        const decoded = bytes === null ? null : decodeWireEvent(bytes);
        if (decoded?.ok)
          held.push({ event: decoded.value, key: c.key as number });
        else unreadable.push(c.key);
        c.continue();
      };
      cursor.onerror = () => reject(cursor.error);
    });
    // Sealed by this key after the checks: they are folded without checking them again.
    r.fold.beginImport();
    const added = await addWithTokens(
      r.fold,
      held.map((h) => foldInputOf(h.event)),
    );
    r.fold.endImport();
    const kept = new Set(added.added);
    // Another tab may have stored the same event too: one record is enough.
    for (const h of held)
      if (kept.has(h.event.id) && !r.records.has(h.event.id))
        r.records.set(h.event.id, h.key);
      else unreadable.push(h.key);
    r.items = ScopedItems.from(added.added.map((id) => r.itemOf(id)));
    // A copy whose first sync broke off before the federation was written down still names
    // it in every event it holds; without it, each sync would offer events as "any
    // federation", which a hub refuses (FEDERATION_MISMATCH) — the copy would never grow.
    const named = held.find((h) => kept.has(h.event.id))?.event.envelope.fed;
    r.federation ??=
      r.fold.federationScope ??
      (named === undefined || named === null ? null : toHex(named));
    if (unreadable.length > 0) {
      // Records this key cannot open (damaged), repeated, or that no longer fold: the next
      // sync fetches what is missing again.
      const tx = db.transaction("events", "readwrite");
      for (const k of unreadable) tx.objectStore("events").delete(k);
      await committed(tx);
    }
    await r.applyRedactions();
    return r;
  }

  private itemOf(id: string): ScopedItem {
    const ci = this.fold.index;
    const i = ci.indexOf(id);
    return {
      id,
      h: ci.heightOf[i]!,
      scope: ci.scopeIdOf(i),
      author: ci.keyHexOf(i),
      seq: ci.seqOf[i]!,
    };
  }

  /** Events held. */
  get size(): number {
    return this.records.size;
  }

  /** The scopes held (at least one event each), sorted. */
  scopes(): string[] {
    return this.fold.heldScopes();
  }

  /** Events held of a scope. */
  eventsIn(scope: string): number {
    return this.items.scope(scope).index.size;
  }

  /** True when the scope is held here. */
  holds(scope: string): boolean {
    return this.items.scope(scope).index.size > 0;
  }

  /** Calls `listener` after the copy changed; returns the unsubscribe. */
  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  readableScopes(reader: Reader, hosted: Hosted): ReadonlySet<string> {
    return readableScopes(this.fold, reader, hosted);
  }

  view(readable: ReadonlySet<string> | "all"): SyncViewLike {
    return new SyncView(() => this.items, readable);
  }

  /**
   * What a new event of `scope` by `author` would name from this copy (the same heads a
   * hub names: the scope's, every scope above it, the federation scope's); null when the
   * scope is not held.
   */
  basisFor(scope: string, author: string): LocalBasis | null {
    const fed = this.fold.federationScope;
    if (fed === null || this.federation === null || !this.holds(scope))
      return null;
    const scopes = new Set([fed, scope, ...this.fold.scopesAbove(scope)]);
    const deps = new Set<string>();
    for (const s of scopes) for (const h of this.fold.headsOf(s)) deps.add(h);
    const head = this.fold.chainHead(author, scope);
    return {
      federation: this.federation,
      deps: [...deps].sort(),
      scopeHeads: this.fold.headsOf(scope),
      chain: head === null ? null : { seq: head.seq, id: head.id },
      kseq: this.fold.topKseq(author),
    };
  }

  async wireEvents(keys: readonly SortKey[]): Promise<(Uint8Array | null)[]> {
    const store = this.db.transaction("events").objectStore("events");
    return Promise.all(
      keys.map(async (k) => {
        const key = this.records.get(k.id);
        if (key === undefined) return null;
        return this.vault.openBytes(PLACE, await done(store.get(key)));
      }),
    );
  }

  /**
   * Takes in events from the hub: decoded (which checks the id and payload hash), checked
   * (federation, type, scope, payload schema, signature), then folded — the fold places each
   * under its parents, refuses one that breaks the chain or scope rules, and leaves one
   * whose parents are not held yet to wait here. What the fold took is sealed and stored in
   * one transaction before this returns.
   */
  async ingest(
    events: readonly Uint8Array[],
    _source: string,
  ): Promise<IngestReport> {
    const report = emptyIngest();
    const reject = (id: string | null, code: string, details = {}) => {
      report.rejected++;
      if (report.rejections.length < 100)
        report.rejections.push({ id, code, details });
    };
    const fresh: Waiting[] = [];
    const seen = new Set<string>();
    for (const wire of events) {
      const d = decodeWireEvent(wire);
      if (!d.ok) {
        reject(null, d.error.code, { ...d.error.details });
        continue;
      }
      const e = d.value;
      if (this.fold.has(e.id) || this.orphans.has(e.id) || seen.has(e.id)) {
        report.duplicate++;
        continue;
      }
      seen.add(e.id);
      fresh.push({ event: e, wire });
    }
    const federation =
      this.federation ??
      fresh.find((f) => f.event.envelope.fed === null)?.event.id ??
      null;
    const valid = await verifyEvents(fresh.map((f) => f.event));
    const accepted: Waiting[] = [];
    fresh.forEach((f, i) => {
      if (!valid[i]) {
        reject(f.event.id, "SIGNATURE_INVALID");
        return;
      }
      const checked = checkEvent(f.event, EVENT_HANDLERS, {
        federation,
        signatureChecked: true,
      });
      if (!checked.ok)
        reject(f.event.id, checked.error.code, { ...checked.error.details });
      else accepted.push(f);
    });
    if (this.federation === null && federation !== null && accepted.length > 0)
      this.federation = federation;
    const pool = new Map<string, Waiting>(this.orphans);
    for (const a of accepted) pool.set(a.event.id, a);
    if (pool.size === 0) return report;
    const before = this.orphans.size;
    const result = await addWithTokens(
      this.fold,
      [...pool.values()].map((w) => foldInputOf(w.event)),
    );
    for (const [id, error] of result.rejected)
      reject(id, error.code, { ...error.details });
    const waiting = new Map<string, Waiting>();
    for (const id of result.missing.keys()) {
      if (waiting.size >= MAX_ORPHANS) break;
      waiting.set(id, pool.get(id)!);
    }
    this.orphans = waiting;
    report.quarantined = Math.max(0, waiting.size - before);
    report.added = result.added.length;
    report.released = result.added.filter((id) => !seen.has(id)).length;
    report.invalid = result.added.filter(
      (id) => this.fold.invalidReason(id) !== null,
    ).length;
    if (result.added.length > 0) {
      await this.store(result.added.map((id) => [id, pool.get(id)!.wire]));
      await this.applyRedactions();
      for (const l of [...this.listeners]) l();
    }
    return report;
  }

  /**
   * Drops, here as on every replica, the payload of each event a valid redaction names: the
   * record keeps the envelope and signature (the chain still verifies), the fold forgets the
   * payload (its state does not depend on it, docs/events.md §7). The pages kept for offline
   * use go too: any of them may show the words (a motion's title in a list, a join request's
   * name), and each is read again from the hub when next shown.
   */
  private async applyRedactions(): Promise<void> {
    const drop: [string, number][] = [];
    for (const target of this.fold.state.redactions.keys()) {
      if (this.redacted.has(target)) continue;
      this.redacted.add(target);
      const key = this.records.get(target);
      if (key !== undefined && this.fold.payloadOf(target) !== null)
        drop.push([target, key]);
    }
    if (drop.length === 0) return;
    const tx = this.db.transaction(["events", "pages"], "readwrite");
    const store = tx.objectStore("events");
    tx.objectStore("pages").clear();
    pagesForgotten();
    const boxes = await Promise.all(
      drop.map(([, key]) => done(store.get(key))),
    );
    drop.forEach(([id, key], i) => {
      const bytes = this.vault.openBytes(PLACE, boxes[i]);
      const decoded = bytes === null ? null : decodeWireEvent(bytes);
      if (!decoded?.ok) return;
      const bare = encodeWireEvent(withoutPayload(decoded.value));
      store.put(this.vault.sealBytes(PLACE, bare), key);
      this.fold.dropPayload(id);
    });
    await committed(tx);
  }

  private async store(placed: readonly [string, Uint8Array][]): Promise<void> {
    const tx = this.db.transaction("events", "readwrite");
    const store = tx.objectStore("events");
    const keys = placed.map(([, wire]) =>
      done(store.add(this.vault.sealBytes(PLACE, wire))),
    );
    await committed(tx);
    const got = await Promise.all(keys);
    placed.forEach(([id], i) => {
      this.records.set(id, got[i] as number);
      this.items.add(this.itemOf(id));
    });
  }

  async pinFederation(id: string): Promise<void> {
    if (this.federation === null) this.federation = id;
    else if (this.federation !== id)
      throw new SyncFailure({
        code: "FEDERATION_MISMATCH",
        details: { expected: this.federation, got: id },
      });
  }

  exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.lock.then(fn, fn);
    this.lock = run.catch(() => {});
    return run;
  }
}
