/**
 * @module The sealed record behind seen.ts: one `meta` record, `seen`, sealed by the vault
 * (its place as associated data), holding every mark and the notification choice. Loaded once
 * per unlock; a change is written a moment later, all marks at once.
 */
import type { CanonicalValue } from "../../../src/crypto/index.js";
import { committed, done } from "./db.js";
import type { SeenMarks } from "./seen.js";
import type { Vault } from "./vault.js";

const RECORD = "seen";
const PLACE = "meta:seen";
const WRITE_AFTER_MS = 500;

interface Kept {
  readonly marks: Record<string, number>;
  readonly notify: boolean;
}

export class SeenStore {
  private marks = new Map<string, number>();
  private notify = false;
  private version = 0;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private closed = false;

  private constructor(
    private readonly db: IDBDatabase,
    private readonly vault: Vault,
    private readonly onChange: (marks: SeenMarks) => void,
    /** True when no record was kept yet: this device has never looked. */
    readonly first: boolean,
  ) {}

  /** Opens the record of this key (empty when none was kept). */
  static async open(
    db: IDBDatabase,
    vault: Vault,
    onChange: (marks: SeenMarks) => void,
  ): Promise<SeenStore> {
    const sealed = await done(
      db.transaction("meta").objectStore("meta").get(RECORD),
    ).catch(() => undefined);
    const kept = (
      sealed === undefined ? null : vault.open(PLACE, sealed)
    ) as Kept | null;
    const store = new SeenStore(db, vault, onChange, kept === null);
    if (kept !== null) {
      for (const [k, v] of Object.entries(kept.marks ?? {}))
        if (typeof v === "number") store.marks.set(k, v);
      store.notify = kept.notify === true;
    }
    return store;
  }

  /** The marks as the page reads them. */
  view(): SeenMarks {
    const version = this.version;
    return {
      version,
      get: (key) => this.marks.get(key),
      mark: (key, activity) => this.mark(key, activity),
      notify: this.notify,
      setNotify: (on) => {
        if (this.notify === on) return;
        this.notify = on;
        this.changed();
      },
    };
  }

  /** Marks many things at once (the first look of this device: everything as it is now). */
  markAll(entries: Iterable<readonly [string, number]>): void {
    for (const [k, v] of entries) this.marks.set(k, v);
    this.changed();
  }

  private mark(key: string, activity: number): void {
    if (this.marks.get(key) === activity) return;
    this.marks.set(key, activity);
    this.changed();
  }

  private changed(): void {
    this.version++;
    this.onChange(this.view());
    if (this.timer !== null || this.closed) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.write();
    }, WRITE_AFTER_MS);
  }

  private async write(): Promise<void> {
    if (this.closed) return;
    const kept: Kept = {
      marks: Object.fromEntries(this.marks),
      notify: this.notify,
    };
    try {
      const tx = this.db.transaction("meta", "readwrite");
      tx.objectStore("meta").put(
        this.vault.seal(PLACE, kept as unknown as CanonicalValue),
        RECORD,
      );
      await committed(tx);
    } catch {
      // The database closed (the key was locked): the marks of this moment are lost, no more.
    }
  }

  /** Writes what waits and stops (the key is being locked). */
  close(): void {
    if (this.timer !== null) {
      clearTimeout(this.timer);
      this.timer = null;
      void this.write();
    }
    this.closed = true;
  }
}
