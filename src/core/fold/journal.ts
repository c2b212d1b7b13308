/**
 * @module Undo journal for the fold state. Every change to state goes through a tracked
 * map or list, which records how to undo it, so the fold can rewind to any recent
 * position in its order and re-apply from there (docs/architecture.md, "Incremental fold").
 */

const ABSENT: unique symbol = Symbol("absent");
const POPPED: unique symbol = Symbol("pushed");

export interface Undoable {
  undo(key: unknown, old: unknown): void;
}

/**
 * The journal as plain data (fold-image.ts): each entry's table by number (the caller's
 * numbering), its key, and its old value; `marker` says which entries had no old value
 * (1: the key was absent from a map, 2: a push onto a list) — symbols do not serialize.
 */
export interface JournalImage {
  readonly tables: Int32Array;
  readonly keys: Deferred<unknown[]>;
  readonly olds: Deferred<unknown[]>;
  readonly marker: Uint8Array;
  readonly dropped: number;
}

/**
 * A part of an image as it is, or as a function that gives it: a reader may leave a large part
 * encoded until the fold first uses it (a command that only reads the state never rewinds, and
 * never touches most tables). The function is called at most once.
 */
export type Deferred<T> = T | (() => T);

function resolved<T>(part: Deferred<T>): T {
  return typeof part === "function" ? (part as () => T)() : part;
}

/** The shared record of changes, in order. */
export class Journal {
  private targets: Undoable[] = [];
  private keys: unknown[] = [];
  private olds: unknown[] = [];
  /** Entries dropped from the front (the absolute position of targets[0]). */
  private dropped = 0;
  /** Fills the entries in from a restored image (see loadImage). */
  private pending: (() => void) | null = null;
  /** How many entries `pending` fills in (targets is empty until then). */
  private pendingLength = 0;
  /** When false, changes are not recorded (a full rebuild far from any rewind). */
  recording = true;

  /** The absolute length of the journal: a mark to rewind to. */
  get length(): number {
    return (
      this.dropped +
      (this.pending === null ? this.targets.length : this.pendingLength)
    );
  }

  /** The oldest mark that can still be rewound to. */
  get oldestMark(): number {
    return this.dropped;
  }

  /** The journal as plain data; `tableOf` numbers the tracked tables. */
  toImage(tableOf: (target: Undoable) => number): JournalImage {
    this.ready();
    const n = this.targets.length;
    const tables = new Int32Array(n);
    const marker = new Uint8Array(n);
    const olds = new Array<unknown>(n);
    for (let i = 0; i < n; i++) {
      tables[i] = tableOf(this.targets[i]!);
      const old = this.olds[i];
      if (old === ABSENT) marker[i] = 1;
      else if (old === POPPED) marker[i] = 2;
      else olds[i] = old;
    }
    return { tables, keys: this.keys, olds, marker, dropped: this.dropped };
  }

  /** Replaces the journal's entries with an image's; `tableAt` gives the numbered tables back. */
  loadImage(image: JournalImage, tableAt: (n: number) => Undoable): void {
    const n = image.tables.length;
    this.dropped = image.dropped;
    this.targets = [];
    this.keys = [];
    this.olds = [];
    this.pendingLength = n;
    // The entries are most of an image's objects and only a rewind (or the next change) reads
    // them: a command that reads the state never fills them in.
    this.pending = () => {
      const targets = new Array<Undoable>(n);
      for (let i = 0; i < n; i++) targets[i] = tableAt(image.tables[i]!);
      this.targets = targets;
      const olds = resolved(image.olds);
      for (let i = 0; i < n; i++) {
        const m = image.marker[i];
        if (m === 1) olds[i] = ABSENT;
        else if (m === 2) olds[i] = POPPED;
      }
      this.olds = olds;
      this.keys = resolved(image.keys);
    };
  }

  /** Fills in what a restored image left encoded, before the entries are used. */
  private ready(): void {
    const fill = this.pending;
    if (fill === null) return;
    this.pending = null;
    fill();
  }

  record(target: Undoable, key: unknown, old: unknown): void {
    if (!this.recording) return;
    this.ready();
    this.targets.push(target);
    this.keys.push(key);
    this.olds.push(old);
  }

  /** Undoes every change after the mark, newest first. */
  rewindTo(mark: number): void {
    if (mark < this.dropped)
      throw new RangeError("journal: mark is older than the kept window");
    this.ready();
    const keep = mark - this.dropped;
    const wasRecording = this.recording;
    this.recording = false;
    for (let i = this.targets.length - 1; i >= keep; i--)
      this.targets[i]!.undo(this.keys[i], this.olds[i]);
    this.recording = wasRecording;
    this.targets.length = keep;
    this.keys.length = keep;
    this.olds.length = keep;
  }

  /** Forgets changes before the mark; they can no longer be undone. */
  forgetBefore(mark: number): void {
    const cut = mark - this.dropped;
    if (cut <= 0) return;
    this.ready();
    this.targets = this.targets.slice(cut);
    this.keys = this.keys.slice(cut);
    this.olds = this.olds.slice(cut);
    this.dropped = mark;
  }

  /** Forgets everything and starts empty (a fresh fold). */
  clear(): void {
    this.pending = null;
    this.targets = [];
    this.keys = [];
    this.olds = [];
    this.dropped = 0;
  }
}

/** A Map whose changes are journaled. Values are treated as immutable: replace, never mutate. */
export class TrackedMap<K, V> implements Undoable {
  private contents = new Map<K, V>();
  /** The contents a restored image left encoded, until first used (see loadImage). */
  private pending: (() => Map<K, V>) | null = null;
  constructor(private readonly journal: Journal) {}

  private get map(): Map<K, V> {
    if (this.pending !== null) {
      this.contents = this.pending();
      this.pending = null;
    }
    return this.contents;
  }

  /** The table's contents as plain data (the live map itself: serialize before it changes). */
  toImage(): Map<K, V> {
    return this.map;
  }

  /**
   * Replaces the contents with an image's, which it takes over (not journaled); a function is
   * called when the table is first used, so a command that never reads it never decodes it.
   */
  loadImage(map: Deferred<Map<K, V>>): void {
    if (typeof map === "function") this.pending = map;
    else {
      this.contents = map;
      this.pending = null;
    }
  }

  get size(): number {
    return this.map.size;
  }
  get(key: K): V | undefined {
    return this.map.get(key);
  }
  has(key: K): boolean {
    return this.map.has(key);
  }
  keys(): IterableIterator<K> {
    return this.map.keys();
  }
  values(): IterableIterator<V> {
    return this.map.values();
  }
  entries(): IterableIterator<[K, V]> {
    return this.map.entries();
  }

  set(key: K, value: V): void {
    this.journal.record(
      this,
      key,
      this.map.has(key) ? this.map.get(key) : ABSENT,
    );
    this.map.set(key, value);
  }

  delete(key: K): void {
    if (!this.map.has(key)) return;
    this.journal.record(this, key, this.map.get(key));
    this.map.delete(key);
  }

  undo(key: unknown, old: unknown): void {
    if (old === ABSENT) this.map.delete(key as K);
    else this.map.set(key as K, old as V);
  }
}

/**
 * A map from key to an append-only list, with journaled appends; an item's words can be
 * scrubbed for good (a redaction).
 */
export class TrackedLists<K, V> implements Undoable {
  private contents = new Map<K, V[]>();
  /** The lists a restored image left encoded, until first used (see loadImage). */
  private pending: (() => Map<K, V[]>) | null = null;
  constructor(private readonly journal: Journal) {}

  private get map(): Map<K, V[]> {
    if (this.pending !== null) {
      this.contents = this.pending();
      this.pending = null;
    }
    return this.contents;
  }

  /** The lists as plain data (the live map itself: serialize before it changes). */
  toImage(): Map<K, V[]> {
    return this.map;
  }

  /** Replaces the lists with an image's, which it takes over (not journaled); see TrackedMap.loadImage. */
  loadImage(map: Deferred<Map<K, V[]>>): void {
    if (typeof map === "function") this.pending = map;
    else {
      this.contents = map;
      this.pending = null;
    }
  }

  /** The list for a key (empty when none); do not mutate it. */
  get(key: K): readonly V[] {
    return this.map.get(key) ?? EMPTY;
  }
  keys(): IterableIterator<K> {
    return this.map.keys();
  }
  entries(): IterableIterator<[K, readonly V[]]> {
    return this.map.entries();
  }

  push(key: K, value: V): void {
    let list = this.map.get(key);
    if (list === undefined) {
      list = [];
      this.map.set(key, list);
    }
    list.push(value);
    this.journal.record(this, key, POPPED);
  }

  /**
   * Replaces the item at `at` of a key's list for good, outside the journal: a redaction
   * blanks a comment's text, and no rewind may bring the words back (the payload is gone from
   * every copy; a rewind before the item's append still pops it, whatever it holds).
   */
  scrub(key: K, at: number, value: V): void {
    const list = this.map.get(key);
    if (list === undefined || at < 0 || at >= list.length)
      throw new RangeError(`no item ${at} in the list of ${String(key)}`);
    list[at] = value;
  }

  undo(key: unknown): void {
    const list = this.map.get(key as K)!;
    list.pop();
    if (list.length === 0) this.map.delete(key as K);
  }
}

const EMPTY: readonly never[] = Object.freeze([]);
