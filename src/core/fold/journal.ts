/**
 * @module Undo journal for the fold state. Every change to state goes through a tracked
 * map or list, which records how to undo it, so the fold can rewind to any recent
 * position in its order and re-apply from there (docs/architecture.md, "Incremental fold").
 */

const ABSENT: unique symbol = Symbol("absent");
const POPPED: unique symbol = Symbol("pushed");

interface Undoable {
  undo(key: unknown, old: unknown): void;
}

/** The shared record of changes, in order. */
export class Journal {
  private targets: Undoable[] = [];
  private keys: unknown[] = [];
  private olds: unknown[] = [];
  /** Entries dropped from the front (the absolute position of targets[0]). */
  private dropped = 0;
  /** When false, changes are not recorded (a full rebuild far from any rewind). */
  recording = true;

  /** The absolute length of the journal: a mark to rewind to. */
  get length(): number {
    return this.dropped + this.targets.length;
  }

  /** The oldest mark that can still be rewound to. */
  get oldestMark(): number {
    return this.dropped;
  }

  record(target: Undoable, key: unknown, old: unknown): void {
    if (!this.recording) return;
    this.targets.push(target);
    this.keys.push(key);
    this.olds.push(old);
  }

  /** Undoes every change after the mark, newest first. */
  rewindTo(mark: number): void {
    if (mark < this.dropped)
      throw new RangeError("journal: mark is older than the kept window");
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
    this.targets = this.targets.slice(cut);
    this.keys = this.keys.slice(cut);
    this.olds = this.olds.slice(cut);
    this.dropped = mark;
  }

  /** Forgets everything and starts empty (a fresh fold). */
  clear(): void {
    this.targets = [];
    this.keys = [];
    this.olds = [];
    this.dropped = 0;
  }
}

/** A Map whose changes are journaled. Values are treated as immutable: replace, never mutate. */
export class TrackedMap<K, V> implements Undoable {
  private readonly map = new Map<K, V>();
  constructor(private readonly journal: Journal) {}

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

/** A map from key to an append-only list, with journaled appends. */
export class TrackedLists<K, V> implements Undoable {
  private readonly map = new Map<K, V[]>();
  constructor(private readonly journal: Journal) {}

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

  undo(key: unknown): void {
    const list = this.map.get(key as K)!;
    list.pop();
    if (list.length === 0) this.map.delete(key as K);
  }
}

const EMPTY: readonly never[] = Object.freeze([]);
