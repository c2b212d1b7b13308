/**
 * @module The compact ballot profile every method counts: identical ballots grouped, stored in typed
 * arrays, in one canonical order so that the same multiset of ballots always gives the same profile.
 */
import { fail, ok, type VotingResult } from "./voting-error.js";

/**
 * Distinct ballots with their total weights, in typed arrays (never an object per ballot).
 * Ballot `i` is `prefs[offsets[i] .. offsets[i+1])`, candidate indices best first; where `tied` is not
 * null, `tied[p] === 1` means `prefs[p]` is ranked equal with `prefs[p-1]` (an equal preference).
 * A ballot with one group of several candidates is how an approval ballot looks.
 */
export interface BallotProfile {
  /** Number of candidates; indices run 0..candidates-1. */
  readonly candidates: number;
  /** Number of distinct ballots (groups of identical ballots). */
  readonly ballots: number;
  readonly offsets: Uint32Array;
  readonly prefs: Uint16Array;
  /** Null when no ballot has an equal preference (the common case, and the fast path). */
  readonly tied: Uint8Array | null;
  /** Total weight of each distinct ballot. */
  readonly weights: Float64Array;
  /** Sum of all weights, added in canonical order. */
  readonly totalWeight: number;
}

/** The most candidates a profile holds: candidate indices are stored in 16 bits. */
export const MAX_CANDIDATES = 65535;

/** A ballot for callers with few ballots: groups of equally preferred candidates, best first. */
export interface RankedBallot {
  readonly ranking: readonly (readonly number[])[];
  /** Defaults to 1. */
  readonly weight?: number;
}

/** The content hash of a ballot: FNV-1a over `candidate << 1 | tie` codes. */
export const HASH_SEED = 0x811c9dc5;

/** Folds one code into the hash. */
export function hashStep(h: number, code: number): number {
  return Math.imul(h ^ code, 0x01000193);
}

/** Folds in the length, then a murmur-style finaliser spreads the bits (the top ones pick a partition). */
export function hashFinish(h: number, length: number): number {
  h = Math.imul(h ^ length, 0x01000193);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}

/**
 * Up to this many candidates, a ranking without equal preferences is held as one number, its
 * {@link packRanking} key: one value to stage, compare and move instead of a preference each.
 */
export const PACKED_MAX_CANDIDATES = 13;

/** The place of the first preference in a packed key: 16^12, each later one a nibble lower. */
export const PACKED_FIRST = 2 ** 48;

/**
 * The key of a ranking of at most 13 candidates without equal preferences: preference `i` (0-based
 * candidate `c`) is the nibble `c + 1` at 16^(12 - i), so the key is below 2^52 (exact in a double),
 * a missing preference is 0, and keys order as the rankings do (a prefix before its extensions).
 */
export function packRanking(prefs: ArrayLike<number>, length: number): number {
  let key = 0;
  let place = PACKED_FIRST;
  for (let i = 0; i < length; i++) {
    key += (prefs[i]! + 1) * place;
    place *= 0.0625;
  }
  return key;
}

/** The number of preferences in a packed key (its nibbles run from the top to the first 0). */
function packedLength(key: number): number {
  if (key === 0) return 0;
  const high = Math.floor(key / 0x1000000);
  const low = key - high * 0x1000000;
  // The lowest non-zero nibble is the last preference: 7 nibbles in `high`, 6 in `low`.
  if (low !== 0) return 13 - (((31 - Math.clz32(low & -low)) / 4) | 0);
  return 7 - (((31 - Math.clz32(high & -high)) / 4) | 0);
}

/** Writes the preferences of a packed key at `at`; returns where they end. */
function unpackRanking(key: number, out: Uint16Array, at: number): number {
  const high = Math.floor(key / 0x1000000);
  const low = key - high * 0x1000000;
  for (let shift = 24; shift >= 0; shift -= 4) {
    const c = (high >>> shift) & 15;
    if (c === 0) return at;
    out[at++] = c - 1;
  }
  for (let shift = 20; shift >= 0; shift -= 4) {
    const c = (low >>> shift) & 15;
    if (c === 0) return at;
    out[at++] = c - 1;
  }
  return at;
}

/** Ballots are spread over partitions by the top bits of their hash (see {@link BallotProfileBuilder}). */
const PARTITION_BITS = 8;
const PARTITIONS = 1 << PARTITION_BITS;

/**
 * Collects ballots and groups identical ones, so that ten million ballots cost memory only for the
 * distinct ones. A ballot goes to one of 256 partitions by the top bits of its content hash and is
 * appended there; a partition groups its pending ballots (a small hash table that stays in cache)
 * whenever they outnumber its grouped ones. One big hash table would miss the cache on nearly every
 * ballot; appending to a few hundred streams and grouping locally does not. Weights of one distinct
 * ballot are added in arrival order, and the canonical order (by hash, then content) falls out of the
 * partition order.
 */
export class BallotProfileBuilder {
  readonly candidates: number;
  /**
   * True while every ballot so far is held as a packed key ({@link packRanking}): at most
   * {@link PACKED_MAX_CANDIDATES} candidates and no equal preference yet. The first ballot with
   * one unpacks what is held, once; a parser that packs its own keys checks this before
   * {@link addKey}.
   */
  packed: boolean;
  private partitions: (Partition | undefined)[] = new Array(PARTITIONS);
  private packedPartitions: (PackedPartition | undefined)[] = new Array(
    PARTITIONS,
  );
  // Ballots are staged in arrival order, then handed to their partitions a batch at a time, so
  // that each partition's arrays are touched once per batch rather than once per ballot.
  private readonly stage: Stage;
  private readonly packedStages: PackedStage;
  private readonly counts = new Uint32Array(PARTITIONS + 1);

  /** `pack: false` keeps every ballot as a list of preferences (for tests that compare both). */
  constructor(candidates: number, options: { pack?: boolean } = {}) {
    if (
      !Number.isInteger(candidates) ||
      candidates < 1 ||
      candidates > MAX_CANDIDATES
    )
      throw new RangeError(`bad candidate count ${candidates}`);
    this.candidates = candidates;
    this.packed = candidates <= PACKED_MAX_CANDIDATES && (options.pack ?? true);
    const entries = Math.max(STAGE_BALLOTS * 8, candidates);
    this.stage = {
      count: 0,
      used: 0,
      prefs: new Uint16Array(this.packed ? 0 : entries),
      tied: new Uint8Array(this.packed ? 0 : entries),
      offsets: new Uint32Array(this.packed ? 0 : STAGE_BALLOTS + 1),
      weights: new Float64Array(this.packed ? 0 : STAGE_BALLOTS),
      hashes: new Int32Array(this.packed ? 0 : STAGE_BALLOTS),
      hasTie: new Uint8Array(this.packed ? 0 : STAGE_BALLOTS),
      order: new Uint32Array(
        this.packed ? PACKED_STAGE_BALLOTS : STAGE_BALLOTS,
      ),
    };
    this.packedStages = {
      count: 0,
      keys: new Float64Array(this.packed ? PACKED_STAGE_BALLOTS : 0),
      weights: new Float64Array(this.packed ? PACKED_STAGE_BALLOTS : 0),
      hashes: new Int32Array(this.packed ? PACKED_STAGE_BALLOTS : 0),
    };
  }

  /**
   * Adds one ballot of `length` preferences with its weight. The caller has checked the ballot
   * (indices in range, no repeats, weight finite and ≥ 0); a zero weight adds nothing.
   * `tied[i] === 1` marks `prefs[i]` equal with `prefs[i-1]`.
   */
  add(
    prefs: ArrayLike<number>,
    length: number,
    weight: number,
    tied: ArrayLike<number> | null = null,
  ): void {
    let hasTie = 0;
    let h = HASH_SEED;
    for (let i = 0; i < length; i++) {
      const t = tied !== null && i > 0 ? tied[i]! & 1 : 0;
      hasTie |= t;
      h = hashStep(h, (prefs[i]! << 1) | t);
    }
    this.addHashed(
      prefs,
      length,
      weight,
      hasTie === 1 ? tied : null,
      hashFinish(h, length),
    );
  }

  /**
   * {@link add} for parsers that hashed the ballot while reading it: `hash` must be
   * `hashFinish(codes folded by hashStep from HASH_SEED, length)`, codes `candidate << 1 | tie`,
   * and `tied` null when no preference is tied.
   */
  addHashed(
    prefs: ArrayLike<number>,
    length: number,
    weight: number,
    tied: ArrayLike<number> | null,
    hash: number,
  ): void {
    if (weight === 0) return;
    if (this.packed) {
      if (tied === null) {
        this.addKey(packRanking(prefs, length), weight, hash);
        return;
      }
      this.unpack();
    }
    const stage = this.stage;
    if (
      stage.count === STAGE_BALLOTS ||
      stage.used + length > stage.prefs.length
    )
      this.flushStage();
    const k = stage.count;
    const at = stage.used;
    const store = stage.prefs;
    for (let i = 0; i < length; i++) store[at + i] = prefs[i]!;
    if (tied !== null) {
      const ties = stage.tied;
      ties[at] = 0;
      for (let i = 1; i < length; i++) ties[at + i] = tied[i]! & 1;
      stage.hasTie[k] = 1;
    } else stage.hasTie[k] = 0;
    stage.used = at + length;
    stage.offsets[k + 1] = stage.used;
    stage.weights[k] = weight;
    stage.hashes[k] = hash;
    stage.count = k + 1;
  }

  /**
   * Adds one ballot as its packed key (only while {@link packed}): `key` is
   * `packRanking(prefs, length)` and `hash` as for {@link addHashed}.
   */
  addKey(key: number, weight: number, hash: number): void {
    if (weight === 0) return;
    const stage = this.packedStages;
    if (stage.count === PACKED_STAGE_BALLOTS) this.flushPackedStage();
    const k = stage.count;
    stage.keys[k] = key;
    stage.weights[k] = weight;
    stage.hashes[k] = hash;
    stage.count = k + 1;
  }

  /**
   * The staged packed ballots, for a parser that stages keys itself (only while {@link packed}):
   * it writes ballot `count` (key as for {@link addKey}, a weight above 0, the hash) while
   * `count` is below `keys.length`, raises `count`, and calls {@link flushPacked} when the arrays
   * are full. Its hot loop then calls nothing of the builder's, so nothing in it waits for type
   * feedback of a path taken once in 32,768 ballots.
   */
  packedStage(): PackedStage {
    return this.packedStages;
  }

  /** Hands the staged packed ballots to their partitions (see {@link packedStage}). */
  flushPacked(): void {
    this.flushPackedStage();
  }

  /** Orders the staged ballots by partition (a stable counting sort); the counts end each run. */
  private sortByPartition(hashes: Int32Array, n: number): Uint32Array {
    const counts = this.counts;
    counts.fill(0);
    countPartitions(hashes, n, counts);
    for (let p = 1; p <= PARTITIONS; p++) counts[p]! += counts[p - 1]!;
    const order = this.stage.order;
    placeByPartition(hashes, n, counts, order);
    // counts[p] is now the end of partition p's run in `order`.
    return order;
  }

  /** Hands the staged ballots to their partitions. */
  private flushStage(): void {
    const stage = this.stage;
    const n = stage.count;
    if (n === 0) return;
    this.sortByPartition(stage.hashes, n);
    const counts = this.counts;
    let from = 0;
    for (let p = 0; p < PARTITIONS; p++) {
      const to = counts[p]!;
      if (to === from) continue;
      let part = this.partitions[p];
      if (part === undefined) {
        part = new Partition();
        this.partitions[p] = part;
      }
      part.appendStaged(stage, from, to);
      if (part.count - part.grouped >= Math.max(256, part.grouped))
        part.group();
      from = to;
    }
    stage.count = 0;
    stage.used = 0;
  }

  /** {@link flushStage} for packed keys. */
  private flushPackedStage(): void {
    const stage = this.packedStages;
    const n = stage.count;
    if (n === 0) return;
    const order = this.sortByPartition(stage.hashes, n);
    const counts = this.counts;
    let from = 0;
    for (let p = 0; p < PARTITIONS; p++) {
      const to = counts[p]!;
      if (to === from) continue;
      let part = this.packedPartitions[p];
      if (part === undefined) {
        part = new PackedPartition();
        this.packedPartitions[p] = part;
      }
      part.appendStaged(stage, order, from, to);
      if (part.count - part.grouped >= Math.max(256, part.grouped))
        part.group();
      from = to;
    }
    stage.count = 0;
  }

  /** Turns every packed ballot held into preferences, once, when a ballot cannot be packed. */
  private unpack(): void {
    this.flushPackedStage();
    this.packed = false;
    const entries = Math.max(STAGE_BALLOTS * 8, this.candidates);
    const stage = this.stage as {
      -readonly [K in keyof Stage]: Stage[K];
    };
    stage.prefs = new Uint16Array(entries);
    stage.tied = new Uint8Array(entries);
    stage.offsets = new Uint32Array(STAGE_BALLOTS + 1);
    stage.weights = new Float64Array(STAGE_BALLOTS);
    stage.hashes = new Int32Array(STAGE_BALLOTS);
    stage.hasTie = new Uint8Array(STAGE_BALLOTS);
    for (let p = 0; p < PARTITIONS; p++) {
      const from = this.packedPartitions[p];
      if (from === undefined) continue;
      this.packedPartitions[p] = undefined;
      this.partitions[p] = from.unpacked();
    }
  }

  /** Finishes the profile, in canonical order; the builder must not be used afterwards. */
  build(): BallotProfile {
    if (this.packed) return this.buildPacked();
    this.flushStage();
    let n = 0;
    let used = 0;
    let anyTie = false;
    let most = 0;
    for (const part of this.partitions) {
      if (part === undefined) continue;
      part.group();
      n += part.count;
      most = Math.max(most, part.count);
      used += part.used;
      if (part.tied !== null) anyTie = true;
    }
    const offsets = new Uint32Array(n + 1);
    const prefs = new Uint16Array(used);
    const tied = anyTie ? new Uint8Array(used) : null;
    const weights = new Float64Array(n);
    const scratch = radixScratch(most);
    let i = 0;
    let at = 0;
    let total = 0;
    for (let index = 0; index < PARTITIONS; index++) {
      const part = this.partitions[index];
      if (part === undefined) continue;
      this.partitions[index] = undefined;
      const order = part.canonicalOrder(scratch);
      const from = part.prefs;
      const fromTied = part.tied;
      for (let k = 0; k < order.length; k++) {
        const e = order[k]!;
        const start = part.offsets[e]!;
        const end = part.offsets[e + 1]!;
        if (tied !== null && fromTied !== null)
          for (let p = start, q = at; p < end; p++, q++) tied[q] = fromTied[p]!;
        for (let p = start; p < end; p++) prefs[at++] = from[p]!;
        const w = part.weights[e]!;
        weights[i] = w;
        offsets[++i] = at;
        total += w;
      }
    }
    return {
      candidates: this.candidates,
      ballots: n,
      offsets,
      prefs,
      tied,
      weights,
      totalWeight: total,
    };
  }

  /** {@link build} from packed keys: the same profile, each key unpacked once. */
  private buildPacked(): BallotProfile {
    this.flushPackedStage();
    let n = 0;
    let used = 0;
    let most = 0;
    for (const part of this.packedPartitions) {
      if (part === undefined) continue;
      part.group();
      n += part.count;
      most = Math.max(most, part.count);
      const keys = part.keys;
      for (let e = 0; e < part.count; e++) used += packedLength(keys[e]!);
    }
    const offsets = new Uint32Array(n + 1);
    const prefs = new Uint16Array(used);
    const weights = new Float64Array(n);
    const scratch = radixScratch(most);
    let i = 0;
    let at = 0;
    let total = 0;
    for (let index = 0; index < PARTITIONS; index++) {
      const part = this.packedPartitions[index];
      if (part === undefined) continue;
      this.packedPartitions[index] = undefined;
      const order = part.canonicalOrder(scratch);
      const keys = part.keys;
      const fromWeights = part.weights;
      for (let k = 0; k < order.length; k++) {
        const e = order[k]!;
        at = unpackRanking(keys[e]!, prefs, at);
        const w = fromWeights[e]!;
        weights[i] = w;
        offsets[++i] = at;
        total += w;
      }
    }
    return {
      candidates: this.candidates,
      ballots: n,
      offsets,
      prefs,
      tied: null,
      weights,
      totalWeight: total,
    };
  }
}

// The two loops over a staged batch are functions of their own: a function optimised while in
// its first loop (on-stack replacement) met the later loops without type feedback and fell back
// to the interpreter, at every batch of a 1M-ballot file (28 times).

/** counts[p + 1] += the number of staged ballots in partition p. */
function countPartitions(
  hashes: Int32Array,
  n: number,
  counts: Uint32Array,
): void {
  const shift = 32 - PARTITION_BITS;
  for (let k = 0; k < n; k++) counts[(hashes[k]! >>> shift) + 1]!++;
}

/** Writes each staged ballot's number at its partition's next place (counts: the run starts). */
function placeByPartition(
  hashes: Int32Array,
  n: number,
  counts: Uint32Array,
  order: Uint32Array,
): void {
  const shift = 32 - PARTITION_BITS;
  for (let k = 0; k < n; k++) order[counts[hashes[k]! >>> shift]!++] = k;
}

/** How many ballots are staged before they go to their partitions. */
const STAGE_BALLOTS = 4096;

/**
 * How many packed ballots are staged: 20 bytes each, so four times as many fit the same cache,
 * and each partition takes ~64 of them at a time rather than 16. At 32,768 (655 KB, most of the
 * 1 MB of L2 a core has on the project's machines, beside the partitions' arrays) handing them
 * out by partition, which reads the stage out of order, missed the cache: 16,384 made the
 * 198 MB parse ~5 % faster.
 */
const PACKED_STAGE_BALLOTS = 16384;

/** Ballots waiting in arrival order to go to their partitions. */
interface Stage {
  count: number;
  used: number;
  readonly prefs: Uint16Array;
  readonly tied: Uint8Array;
  readonly offsets: Uint32Array;
  readonly weights: Float64Array;
  readonly hashes: Int32Array;
  readonly hasTie: Uint8Array;
  readonly order: Uint32Array;
}

/** Packed ballots waiting in arrival order to go to their partitions. */
export interface PackedStage {
  count: number;
  readonly keys: Float64Array;
  readonly weights: Float64Array;
  readonly hashes: Int32Array;
}

/**
 * One partition of packed keys, as {@link Partition}: the first `grouped` distinct, the rest
 * pending; its table is laid out as a Partition's (slots by hash), so it carries over on unpacking.
 */
class PackedPartition {
  // 5 KB to begin with: a staged batch brings ~64 ballots to each partition at once, and
  // doubling from 32 cost a large file's parse thousands of allocations.
  keys = new Float64Array(256);
  weights = new Float64Array(256);
  hashes = new Int32Array(256);
  count = 0;
  grouped = 0;
  table = new Int32Array(512);

  /** Appends staged ballots `order[from..to)`, in that (arrival) order. */
  appendStaged(
    stage: PackedStage,
    order: Uint32Array,
    from: number,
    to: number,
  ): void {
    if (this.count + (to - from) > this.keys.length)
      this.grow(this.count + (to - from));
    const { keys, weights, hashes } = this;
    const sKeys = stage.keys;
    const sWeights = stage.weights;
    const sHashes = stage.hashes;
    let e = this.count;
    for (let k = from; k < to; k++) {
      const s = order[k]!;
      keys[e] = sKeys[s]!;
      weights[e] = sWeights[s]!;
      hashes[e] = sHashes[s]!;
      e++;
    }
    this.count = e;
  }

  /** {@link Partition.group}, comparing keys: equal keys are equal rankings. */
  group(): void {
    const n = this.count;
    if (this.grouped === n) return;
    if (n * 2 > this.table.length)
      this.table = tableOf(this.hashes, this.grouped, this.table.length, n);
    const table = this.table;
    const mask = table.length - 1;
    const { keys, hashes, weights } = this;
    let distinct = this.grouped;
    for (let e = distinct; e < n; e++) {
      const key = keys[e]!;
      const h = hashes[e]!;
      let slot = h & mask;
      let t = table[slot]!;
      while (t !== 0 && keys[t - 1] !== key) {
        slot = (slot + 1) & mask;
        t = table[slot]!;
      }
      if (t !== 0) {
        weights[t - 1]! += weights[e]!;
        continue;
      }
      if (distinct !== e) {
        keys[distinct] = key;
        hashes[distinct] = h;
        weights[distinct] = weights[e]!;
      }
      distinct++;
      table[slot] = distinct;
    }
    this.count = distinct;
    this.grouped = distinct;
  }

  /** Distinct entries ordered by unsigned hash, then ranking (the key's order). */
  canonicalOrder(scratch: RadixScratch): Uint32Array {
    const keys = this.keys;
    return orderByHashThen(
      this.hashes,
      this.count,
      (x, y) => keys[x]! - keys[y]!,
      scratch,
    );
  }

  /** The same entries as a {@link Partition} of preferences (pending ones stay pending). */
  unpacked(): Partition {
    const part = new Partition();
    const n = this.count;
    let used = 0;
    for (let e = 0; e < n; e++) used += packedLength(this.keys[e]!);
    let size = part.prefs.length;
    while (size < used) size *= 2;
    part.prefs = new Uint16Array(size);
    part.offsets = new Uint32Array(this.keys.length + 1);
    let at = 0;
    for (let e = 0; e < n; e++) {
      at = unpackRanking(this.keys[e]!, part.prefs, at);
      part.offsets[e + 1] = at;
    }
    part.used = at;
    part.weights = this.weights;
    part.hashes = this.hashes;
    part.count = n;
    part.grouped = this.grouped;
    part.table = this.table;
    return part;
  }

  private grow(need: number): void {
    let size = this.keys.length * 2;
    while (size < need) size *= 2;
    const keys = new Float64Array(size);
    keys.set(this.keys);
    this.keys = keys;
    const weights = new Float64Array(size);
    weights.set(this.weights);
    this.weights = weights;
    const hashes = new Int32Array(size);
    hashes.set(this.hashes);
    this.hashes = hashes;
  }
}

/** A table of twice the size needed for `n` entries (at least `size`), holding the first `grouped`. */
function tableOf(
  hashes: Int32Array,
  grouped: number,
  size: number,
  n: number,
): Int32Array<ArrayBuffer> {
  size *= 2;
  while (size < n * 2) size *= 2;
  const table = new Int32Array(size);
  const mask = size - 1;
  for (let g = 0; g < grouped; g++) {
    let slot = hashes[g]! & mask;
    while (table[slot] !== 0) slot = (slot + 1) & mask;
    table[slot] = g + 1;
  }
  return table;
}

/** Entries 0..n-1 ordered by unsigned hash (the partition fixes the top bits), equal hashes by `compare`. */
function orderByHashThen(
  hashes: Int32Array,
  n: number,
  compare: (a: number, b: number) => number,
  scratch: RadixScratch,
): Uint32Array {
  const order =
    n < RADIX_FROM
      ? orderByHashSorting(hashes, n)
      : orderByHashRadix(hashes, n, scratch);
  // Equal hashes (rare) are ordered by content, so arrival order never shows through.
  let runStart = 0;
  for (let k = 1; k <= n; k++) {
    if (k < n && hashes[order[k]!] === hashes[order[runStart]!]) continue;
    if (k - runStart > 1) {
      const run = Array.from(order.subarray(runStart, k));
      run.sort(compare);
      order.set(run, runStart);
    }
    runStart = k;
  }
  return order;
}

/** One partition: ballots in arrival order; the first `grouped` are distinct, the rest pending. */
class Partition {
  prefs = new Uint16Array(256);
  tied: Uint8Array | null = null;
  used = 0;
  offsets = new Uint32Array(33);
  weights = new Float64Array(32);
  hashes = new Int32Array(32);
  count = 0;
  grouped = 0;
  table = new Int32Array(64);

  /** Appends staged ballots `stage.order[from..to)`, in that (arrival) order. */
  appendStaged(stage: Stage, from: number, to: number): void {
    const order = stage.order;
    const sOffsets = stage.offsets;
    let need = 0;
    for (let k = from; k < to; k++) {
      const s = order[k]!;
      need += sOffsets[s + 1]! - sOffsets[s]!;
    }
    if (this.count + (to - from) > this.weights.length)
      this.growEntries(this.count + (to - from));
    if (this.used + need > this.prefs.length) this.growArena(this.used + need);
    const prefs = this.prefs;
    const offsets = this.offsets;
    const weights = this.weights;
    const hashes = this.hashes;
    const sPrefs = stage.prefs;
    let e = this.count;
    let at = this.used;
    for (let k = from; k < to; k++) {
      const s = order[k]!;
      const start = sOffsets[s]!;
      const end = sOffsets[s + 1]!;
      if (stage.hasTie[s] === 1) {
        if (this.tied === null) this.tied = new Uint8Array(prefs.length);
        for (let p = start, q = at; p < end; p++, q++)
          this.tied[q] = stage.tied[p]!;
      } else if (this.tied !== null) {
        // The arena is reused where pending duplicates were dropped: clear what a tied one left.
        this.tied.fill(0, at, at + (end - start));
      }
      for (let p = start; p < end; p++) prefs[at++] = sPrefs[p]!;
      offsets[e + 1] = at;
      weights[e] = stage.weights[s]!;
      hashes[e] = stage.hashes[s]!;
      e++;
    }
    this.count = e;
    this.used = at;
  }

  /**
   * Merges pending ballots into the distinct ones, compacting in place, in arrival order. The table
   * of distinct entries persists, so each ballot is probed once; it is rebuilt (from the stored
   * hashes, without comparing content) only when it must grow.
   */
  group(): void {
    const n = this.count;
    if (this.grouped === n) return;
    if (n * 2 > this.table.length)
      this.table = tableOf(this.hashes, this.grouped, this.table.length, n);
    const table = this.table;
    const mask = table.length - 1;
    const { offsets, prefs, hashes, weights } = this;
    const tied = this.tied;
    let distinct = this.grouped;
    let writeAt = offsets[distinct]!;
    for (let e = distinct; e < n; e++) {
      const h = hashes[e]!;
      const start = offsets[e]!;
      const end = offsets[e + 1]!;
      let slot = h & mask;
      let match = -1;
      for (;;) {
        const t = table[slot]!;
        if (t === 0) break;
        const g = t - 1;
        if (hashes[g] === h && sameEntries(this, g, start, end)) {
          match = g;
          break;
        }
        slot = (slot + 1) & mask;
      }
      if (match >= 0) {
        weights[match]! += weights[e]!;
        continue;
      }
      // A distinct ballot: move it down to the next free place (never past where it is).
      if (distinct !== e) {
        for (let p = start, q = writeAt; p < end; p++, q++) {
          prefs[q] = prefs[p]!;
          if (tied !== null) tied[q] = tied[p]!;
        }
        hashes[distinct] = h;
        weights[distinct] = weights[e]!;
      }
      writeAt += end - start;
      offsets[distinct + 1] = writeAt;
      table[slot] = distinct + 1;
      distinct++;
    }
    this.count = distinct;
    this.grouped = distinct;
    this.used = writeAt;
  }

  /** Distinct entries ordered by unsigned hash, then content (the partition fixes the top bits). */
  canonicalOrder(scratch: RadixScratch): Uint32Array {
    const { offsets, prefs, tied } = this;
    return orderByHashThen(
      this.hashes,
      this.count,
      (x, y) => compareBallots(x, y, offsets, prefs, tied),
      scratch,
    );
  }

  private growEntries(need: number): void {
    let size = this.weights.length * 2;
    while (size < need) size *= 2;
    const offsets = new Uint32Array(size + 1);
    offsets.set(this.offsets);
    this.offsets = offsets;
    const weights = new Float64Array(size);
    weights.set(this.weights);
    this.weights = weights;
    const hashes = new Int32Array(size);
    hashes.set(this.hashes);
    this.hashes = hashes;
  }

  private growArena(need: number): void {
    let size = this.prefs.length * 2;
    while (size < need) size *= 2;
    const prefs = new Uint16Array(size);
    prefs.set(this.prefs.subarray(0, this.used));
    this.prefs = prefs;
    if (this.tied !== null) {
      const tied = new Uint8Array(size);
      tied.set(this.tied.subarray(0, this.used));
      this.tied = tied;
    }
  }
}

/** True if entry `g` holds the same preferences and ties as positions start..end of the arena. */
function sameEntries(
  part: Partition,
  g: number,
  start: number,
  end: number,
): boolean {
  const gs = part.offsets[g]!;
  if (part.offsets[g + 1]! - gs !== end - start) return false;
  const prefs = part.prefs;
  for (let i = 0; i < end - start; i++)
    if (prefs[gs + i] !== prefs[start + i]) return false;
  const tied = part.tied;
  if (tied !== null)
    for (let i = 1; i < end - start; i++)
      if (tied[gs + i] !== tied[start + i]) return false;
  return true;
}

/**
 * From how many entries a partition is ordered by radix sort: below it, two radix passes cost
 * more than the entries (each pass walks 4,096 counters) — with 256 partitions, a file of tens
 * of thousands of ballots (Meath 2002) spent most of its parse there, in code still too cold
 * to be optimised. Both ways give the same order (ballot-profile.test.ts checks it).
 */
export const RADIX_FROM = 2048;

/** Room for {@link orderByHashRadix} to work in, reused from one partition to the next. */
export interface RadixScratch {
  order: Uint32Array;
  other: Uint32Array;
  readonly low: Uint32Array;
  readonly high: Uint32Array;
}

/** Scratch for orders of up to `n` entries. */
export function radixScratch(n: number): RadixScratch {
  return {
    order: new Uint32Array(n),
    other: new Uint32Array(n),
    low: new Uint32Array(4097),
    high: new Uint32Array(4097),
  };
}

/**
 * Entries 0..n-1 ordered by the low 24 bits of their hash (unsigned), equal hashes by entry. With
 * `scratch` (grown if too small) the order is a view of its `order`, valid until its next use:
 * a profile's build orders its 256 partitions through one, not three new arrays each.
 */
export function orderByHashRadix(
  hashes: Int32Array,
  n: number,
  scratch: RadixScratch = radixScratch(n),
): Uint32Array {
  // LSD radix sort on the 24 hash bits below the partition bits, two passes of 12 bits. Both
  // digits' counts come from one pass: a count does not depend on the order it is taken in.
  if (scratch.order.length < n) {
    scratch.order = new Uint32Array(n);
    scratch.other = new Uint32Array(n);
  }
  const { low, high, order, other } = scratch;
  low.fill(0);
  high.fill(0);
  for (let e = 0; e < n; e++) {
    const h = hashes[e]!;
    low[(h & 0xfff) + 1]!++;
    high[((h >>> 12) & 0xfff) + 1]!++;
  }
  for (let d = 1; d < 4097; d++) {
    low[d]! += low[d - 1]!;
    high[d]! += high[d - 1]!;
  }
  // By the low digit, from entry order; then stably by the high digit.
  for (let e = 0; e < n; e++) other[low[hashes[e]! & 0xfff]!++] = e;
  for (let k = 0; k < n; k++) {
    const e = other[k]!;
    order[high[(hashes[e]! >>> 12) & 0xfff]!++] = e;
  }
  return order.length === n ? order : order.subarray(0, n);
}

/** The order of {@link orderByHashRadix}, by one native sort of (hash bits, entry) keys. */
export function orderByHashSorting(hashes: Int32Array, n: number): Uint32Array {
  // Each key is the 24 hash bits above the entry's number (n < 2^24 here): distinct, exact
  // in a double, and a typed array sorts numbers natively even before the code is warm.
  const keys = new Float64Array(n);
  for (let e = 0; e < n; e++) keys[e] = (hashes[e]! & 0xffffff) * 0x1000000 + e;
  keys.sort();
  const order = new Uint32Array(n);
  for (let k = 0; k < n; k++) order[k] = keys[k]! % 0x1000000;
  return order;
}

/** Lexicographic order on (candidate, tie) codes, a prefix before its extensions. */
function compareBallots(
  a: number,
  b: number,
  offsets: Uint32Array,
  prefs: Uint16Array,
  tied: Uint8Array | null,
): number {
  const sa = offsets[a]!;
  const la = offsets[a + 1]! - sa;
  const sb = offsets[b]!;
  const lb = offsets[b + 1]! - sb;
  const len = Math.min(la, lb);
  for (let i = 0; i < len; i++) {
    const ca = prefs[sa + i]! * 2 + (tied !== null ? tied[sa + i]! : 0);
    const cb = prefs[sb + i]! * 2 + (tied !== null ? tied[sb + i]! : 0);
    if (ca !== cb) return ca - cb;
  }
  return la - lb;
}

/**
 * Builds a profile from a short list of ballots, checking each: candidates are integers in
 * 0..candidates-1, none repeated, weights finite and ≥ 0 (default 1). Empty groups are ignored.
 * @example profileFromRankings(3, [{ ranking: [[0], [1, 2]], weight: 2 }])
 */
export function profileFromRankings(
  candidates: number,
  ballots: readonly RankedBallot[],
): VotingResult<BallotProfile> {
  if (
    !Number.isInteger(candidates) ||
    candidates < 1 ||
    candidates > MAX_CANDIDATES
  )
    return fail("BALLOT_BAD_CANDIDATE_COUNT", {
      candidates,
      max: MAX_CANDIDATES,
    });
  const builder = new BallotProfileBuilder(candidates);
  const seen = new Int32Array(candidates).fill(-1);
  const prefs: number[] = [];
  const tied: number[] = [];
  for (let b = 0; b < ballots.length; b++) {
    const ballot = ballots[b]!;
    const weight = ballot.weight ?? 1;
    if (!Number.isFinite(weight) || weight < 0)
      return fail("BALLOT_BAD_WEIGHT", { ballot: b, weight: String(weight) });
    prefs.length = 0;
    tied.length = 0;
    for (const group of ballot.ranking) {
      for (let k = 0; k < group.length; k++) {
        const c = group[k]!;
        if (!Number.isInteger(c) || c < 0 || c >= candidates)
          return fail("BALLOT_UNKNOWN_CANDIDATE", {
            ballot: b,
            candidate: String(c),
          });
        if (seen[c] === b)
          return fail("BALLOT_DUPLICATE_CANDIDATE", {
            ballot: b,
            candidate: c,
          });
        seen[c] = b;
        prefs.push(c);
        tied.push(k > 0 ? 1 : 0);
      }
    }
    builder.add(prefs, prefs.length, weight, tied);
  }
  return ok(builder.build());
}

/** Reads distinct ballot `index` back as groups of equal preference, best first. */
export function ballotRanking(
  profile: BallotProfile,
  index: number,
): number[][] {
  const start = profile.offsets[index]!;
  const end = profile.offsets[index + 1]!;
  const groups: number[][] = [];
  for (let p = start; p < end; p++) {
    const c = profile.prefs[p]!;
    if (p > start && profile.tied !== null && profile.tied[p] === 1)
      groups[groups.length - 1]!.push(c);
    else groups.push([c]);
  }
  return groups;
}
