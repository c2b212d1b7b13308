/**
 * @module The reads kept for offline use: the last answer the hub gave for each page's read
 * (`/api/motions/…`, `/api/me`, …), sealed, under an opaque name derived from its path. When
 * the hub cannot be reached the page shows this copy; the offline bar says so. At most
 * {@link MAX_PAGES}; the oldest go first (the hour each was kept is the one thing left
 * readable, to choose them).
 */
import type { ReadCache } from "../api/client.js";
import { committed, done } from "./db.js";
import type { Vault } from "./vault.js";

const MAX_PAGES = 400;
const HOUR = 3_600_000;

/** When the kept pages were last forgotten (performance.now()), -Infinity: never. */
let forgottenAt = Number.NEGATIVE_INFINITY;

/**
 * Says that the kept pages were just forgotten (a redaction: replica.ts clears them). An
 * answer to a read asked before this moment may still carry the redacted words, so it is
 * not kept when it arrives.
 */
export function pagesForgotten(): void {
  forgottenAt = performance.now();
}

interface PageRecord {
  readonly at: number;
  readonly box: Uint8Array;
}

export class PageCache implements ReadCache {
  private writes = 0;

  constructor(
    private readonly db: IDBDatabase,
    private readonly vault: Vault,
  ) {}

  put(path: string, body: unknown, askedAt: number): void {
    if (askedAt <= forgottenAt) return;
    let json: string;
    try {
      json = JSON.stringify(body);
    } catch {
      return;
    }
    const tag = this.vault.tag(path);
    const record: PageRecord = {
      at: Math.floor(Date.now() / HOUR) * HOUR,
      box: this.vault.seal(`page:${tag}`, { path, json }),
    };
    try {
      const tx = this.db.transaction("pages", "readwrite");
      tx.objectStore("pages").put(record, tag);
      void committed(tx).catch(() => {});
    } catch {
      // A closed database (the key was locked meanwhile): nothing to keep.
      return;
    }
    if (++this.writes % 50 === 0) void this.trim();
  }

  async get(path: string): Promise<unknown | undefined> {
    const tag = this.vault.tag(path);
    try {
      const record = (await done(
        this.db.transaction("pages").objectStore("pages").get(tag),
      )) as PageRecord | undefined;
      if (!record) return undefined;
      const value = this.vault.open(`page:${tag}`, record.box) as {
        path?: string;
        json?: string;
      } | null;
      if (!value || value.path !== path || typeof value.json !== "string")
        return undefined;
      return JSON.parse(value.json) as unknown;
    } catch {
      return undefined;
    }
  }

  /** Drops the oldest pages beyond the cap. */
  private async trim(): Promise<void> {
    const store = this.db
      .transaction("pages", "readwrite")
      .objectStore("pages");
    const count = await done(store.count());
    if (count <= MAX_PAGES) return;
    const all: { key: IDBValidKey; at: number }[] = [];
    await new Promise<void>((resolve, reject) => {
      const cursor = store.openCursor();
      cursor.onsuccess = () => {
        const c = cursor.result;
        if (!c) return resolve();
        all.push({ key: c.key, at: (c.value as PageRecord).at });
        c.continue();
      };
      cursor.onerror = () => reject(cursor.error);
    });
    all.sort((a, b) => a.at - b.at);
    const tx = this.db.transaction("pages", "readwrite");
    for (const r of all.slice(0, count - MAX_PAGES))
      tx.objectStore("pages").delete(r.key);
    await committed(tx);
  }
}
