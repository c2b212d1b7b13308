/**
 * @module The replica kept in this browser: the events the hub serves this member's key
 * (the member scope of docs/sync.md §5 — the member's bodies, the councils above them,
 * public bodies, closed under causal ancestors), each verified (id, payload hash, signature,
 * federation) and stored as its own sealed record. It is a sync side (`SyncStore`): the
 * session driver of src/sync reconciles it with the hub over HTTP — one round trip when
 * nothing changed. It is not folded here; see docs/sync.md "The browser's replica".
 */
import { decodeWireEvent, type SignedEvent } from "../../../src/core/index.js";
import { toHex } from "../../../src/crypto/index.js";
import {
  compareKeys,
  type FrontierEntry,
  type IngestReport,
  ItemIndex,
  type Scope,
  type SortKey,
  SyncFailure,
  type SyncStore,
  type SyncViewLike,
  type ViewItems,
} from "../../../src/sync/browser.js";
import { committed, done } from "./db.js";
import type { Vault } from "./vault.js";
import { verifyEvents } from "./verify.js";

interface Held {
  readonly h: number;
  readonly seq: number;
  readonly author: string;
  /** The record's key in the `events` store. */
  readonly key: number;
}

interface Waiting {
  readonly event: SignedEvent;
  readonly wire: Uint8Array;
}

const PLACE = "event";
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

function hexToBytes(hex: string, into: Uint8Array, at: number): void {
  for (let i = 0; i < hex.length / 2; i++)
    into[at + i] = Number.parseInt(hex.slice(2 * i, 2 * i + 2), 16);
}

/** h (u32) ‖ seq (u32) ‖ id (32) ‖ author (32) ‖ wire: what one sealed record holds. */
function recordBytes(
  h: number,
  seq: number,
  id: string,
  author: string,
  wire: Uint8Array,
): Uint8Array {
  const out = new Uint8Array(72 + wire.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, h, true);
  view.setUint32(4, seq, true);
  hexToBytes(id, out, 8);
  hexToBytes(author, out, 40);
  out.set(wire, 72);
  return out;
}

export class BrowserReplica implements SyncStore, SyncViewLike, ViewItems {
  readonly fold = null;
  private readonly held = new Map<string, Held>();
  private readonly byAuthor = new Map<string, string[]>();
  private built: ItemIndex = ItemIndex.fromSorted([]);
  private orphans = new Map<string, Waiting>();
  private lock: Promise<unknown> = Promise.resolve();
  private frontierCache: { size: number; entries: FrontierEntry[] } | null =
    null;

  private constructor(
    private readonly db: IDBDatabase,
    private readonly vault: Vault,
    public federation: string | null,
  ) {}

  /** Loads the replica kept in the database (opening every record once). */
  static async load(
    db: IDBDatabase,
    vault: Vault,
    federation: string | null,
  ): Promise<BrowserReplica> {
    const r = new BrowserReplica(db, vault, federation);
    const keys: SortKey[] = [];
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
        if (bytes === null || bytes.length < 72) unreadable.push(c.key);
        else {
          const view = new DataView(bytes.buffer, bytes.byteOffset, 8);
          const h = view.getUint32(0, true);
          const seq = view.getUint32(4, true);
          const id = toHex(bytes.subarray(8, 40));
          const author = toHex(bytes.subarray(40, 72));
          if (!r.held.has(id)) {
            r.put(id, { h, seq, author, key: c.key as number });
            keys.push({ h, id });
          }
        }
        c.continue();
      };
      cursor.onerror = () => reject(cursor.error);
    });
    keys.sort(compareKeys);
    r.built = ItemIndex.fromSorted(keys);
    if (unreadable.length > 0) {
      // Records this key cannot open (damaged): dropped; the next sync fetches them again.
      const tx = db.transaction("events", "readwrite");
      for (const k of unreadable) tx.objectStore("events").delete(k);
      await committed(tx);
    }
    return r;
  }

  private put(id: string, e: Held): void {
    this.held.set(id, e);
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
    return this.built;
  }

  view(_scope: Scope): SyncViewLike {
    // The replica holds only what the hub serves this key: it is its own one view.
    return this;
  }

  has(id: string): boolean {
    return this.held.has(id);
  }

  keyOf(id: string): SortKey | null {
    const e = this.held.get(id);
    return e === undefined ? null : { h: e.h, id };
  }

  /** The highest sequence number held of an author, and its id (the smaller on a fork). */
  headOf(author: string): { seq: number; id: string } | null {
    let best: { seq: number; id: string } | null = null;
    for (const id of this.byAuthor.get(author) ?? []) {
      const s = this.held.get(id)!.seq;
      if (best === null || s > best.seq || (s === best.seq && id < best.id))
        best = { seq: s, id };
    }
    return best;
  }

  frontier(): FrontierEntry[] {
    if (this.frontierCache?.size === this.held.size)
      return this.frontierCache.entries;
    const out: FrontierEntry[] = [];
    for (const author of this.byAuthor.keys()) {
      const head = this.headOf(author);
      if (head) out.push({ author, seq: head.seq, head: head.id });
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
    const store = this.db.transaction("events").objectStore("events");
    return Promise.all(
      keys.map(async (k) => {
        const e = this.held.get(k.id);
        if (e === undefined) return null;
        const bytes = this.vault.openBytes(PLACE, await done(store.get(e.key)));
        return bytes === null ? null : bytes.slice(72);
      }),
    );
  }

  /**
   * Takes in events from the hub: decoded (which checks the id and payload hash), of this
   * federation, signed by their author; placed parents first under their causal height;
   * orphans wait in memory for their parents. Placed events are sealed and stored in one
   * transaction before this returns.
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
      if (this.held.has(e.id) || this.orphans.has(e.id) || seen.has(e.id)) {
        report.duplicate++;
        continue;
      }
      seen.add(e.id);
      const fed = e.envelope.fed ? toHex(e.envelope.fed) : e.id;
      if (this.federation !== null && fed !== this.federation) {
        reject(e.id, "FEDERATION_MISMATCH", {
          expected: this.federation,
          got: fed,
        });
        continue;
      }
      fresh.push({ event: e, wire });
    }
    const valid = await verifyEvents(fresh.map((f) => f.event));
    const before = this.orphans.size;
    let waiting: Waiting[] = [...this.orphans.values()];
    fresh.forEach((f, i) => {
      if (valid[i]) waiting.push(f);
      else reject(f.event.id, "SIGNATURE_INVALID");
    });
    const placed: {
      id: string;
      h: number;
      seq: number;
      author: string;
      wire: Uint8Array;
    }[] = [];
    const heights = new Map<string, number>();
    const heightOf = (id: string) => this.held.get(id)?.h ?? heights.get(id);
    for (;;) {
      const next: Waiting[] = [];
      for (const w of waiting) {
        const env = w.event.envelope;
        let h = 0;
        let ready = true;
        for (const p of [...(env.prev ? [env.prev] : []), ...env.deps]) {
          const ph = heightOf(toHex(p));
          if (ph === undefined) {
            ready = false;
            break;
          }
          h = Math.max(h, ph + 1);
        }
        if (!ready) {
          next.push(w);
          continue;
        }
        heights.set(w.event.id, h);
        placed.push({
          id: w.event.id,
          h,
          seq: env.seq,
          author: toHex(env.author),
          wire: w.wire,
        });
      }
      if (next.length === waiting.length) {
        waiting = next;
        break;
      }
      waiting = next;
    }
    this.orphans = new Map(
      waiting.slice(0, MAX_ORPHANS).map((w) => [w.event.id, w]),
    );
    report.quarantined = Math.max(0, this.orphans.size - before);
    report.released = placed.filter((p) => !seen.has(p.id)).length;
    report.added = placed.length;
    if (placed.length > 0) await this.store(placed);
    return report;
  }

  private async store(
    placed: readonly {
      id: string;
      h: number;
      seq: number;
      author: string;
      wire: Uint8Array;
    }[],
  ): Promise<void> {
    const boxes = placed.map((p) =>
      this.vault.sealBytes(
        PLACE,
        recordBytes(p.h, p.seq, p.id, p.author, p.wire),
      ),
    );
    const tx = this.db.transaction("events", "readwrite");
    const store = tx.objectStore("events");
    const keys = boxes.map((b) => done(store.add(b)));
    await committed(tx);
    const got = await Promise.all(keys);
    placed.forEach((p, i) => {
      this.put(p.id, {
        h: p.h,
        seq: p.seq,
        author: p.author,
        key: got[i] as number,
      });
      this.built.insert({ h: p.h, id: p.id });
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
