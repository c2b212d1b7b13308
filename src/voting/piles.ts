/**
 * @module The piles of a transferable count (IRV, Scottish STV): each distinct ballot sits in the
 * pile of the candidate it counts for, and a pile is passed on newest first — or in ballot order,
 * where the order cannot change a sum.
 */
import type { BallotProfile } from "./ballot-profile.js";

/**
 * One list of distinct-ballot numbers per candidate. A pile is read from its end to its start, newest
 * first, which is the order of the linked lists the counts kept before — so every sum of passed-on
 * votes is added in the same order as then, to the last bit. An array per pile rather than a linked
 * list: reading a pile is a walk along one array, so the reads of the ballots it names do not wait
 * for each other (following `next[b]` made every ballot of a million-ballot count a cache miss in
 * turn).
 */
export class Piles {
  /** `lists[c][0 .. lengths[c])`: the ballots in candidate `c`'s pile, oldest first. */
  readonly lists: Int32Array[];
  readonly lengths: Int32Array;
  /** One bit a ballot, to put a pile in ballot order (empty between uses). */
  private readonly marks: Int32Array;

  constructor(candidates: number, ballots: number) {
    this.lists = Array.from({ length: candidates }, () => new Int32Array(64));
    this.lengths = new Int32Array(candidates);
    this.marks = new Int32Array((ballots + 31) >>> 5);
  }

  /** Puts ballot `b` on top of candidate `c`'s pile. */
  push(c: number, b: number): void {
    const k = this.lengths[c]!;
    let list = this.lists[c]!;
    if (k === list.length) {
      const grown = new Int32Array(k * 2);
      grown.set(list);
      this.lists[c] = grown;
      list = grown;
    }
    list[k] = b;
    this.lengths[c] = k + 1;
  }

  /**
   * Takes candidate `c`'s pile away (its list, then its length), leaving the pile empty: the
   * caller reads `list[length - 1]` down to `list[0]`. With `inBallotOrder` (only where the sums
   * are exact whatever the order: {@link sumsExactInAnyOrder}) the list is first put in ballot
   * order (by one bit a ballot, cheaper than a sort), so the ballots are read from the last to
   * the first in the profile: one sweep through memory instead of a jump per ballot, about half
   * the time of a large surplus. Ballots pushed meanwhile onto other piles never touch it; `c`
   * must not receive any before the list is read.
   */
  take(
    c: number,
    inBallotOrder: boolean,
  ): { list: Int32Array; length: number } {
    const list = this.lists[c]!;
    const length = this.lengths[c]!;
    this.lengths[c] = 0;
    if (inBallotOrder && length > 1) {
      mark(list, length, this.marks);
      listMarked(this.marks, list);
    }
    return { list, length };
  }
}

// Each loop of {@link Piles.take} is a function of its own: optimised while in the first, the
// whole method met the second without type feedback and fell back to the interpreter each time.

/** Sets the bit of each ballot in `list[0 .. length)`. */
function mark(list: Int32Array, length: number, marks: Int32Array): void {
  for (let k = 0; k < length; k++) {
    const b = list[k]!;
    marks[b >>> 5]! |= 1 << (b & 31);
  }
}

/** Writes the marked ballots into `list` in ascending order, clearing the marks. */
function listMarked(marks: Int32Array, list: Int32Array): void {
  let k = 0;
  for (let w = 0; w < marks.length; w++) {
    let bits = marks[w]!;
    if (bits === 0) continue;
    marks[w] = 0;
    // Lowest bit first: ascending ballot numbers.
    while (bits !== 0) {
      const low = bits & -bits;
      list[k++] = (w << 5) | (31 - Math.clz32(low));
      bits ^= low;
    }
  }
}

/**
 * True when every sum of the profile's weights, each scaled by at most `scale`, is exact in
 * whatever order it is added: every weight an integer (times an integer scale) and the total
 * times `scale` at most 2^53 − 1. Then passing a pile on in ballot order gives the same tallies,
 * bit for bit, as newest first.
 */
export function sumsExactInAnyOrder(
  profile: BallotProfile,
  scale: number,
): boolean {
  if (!(profile.totalWeight * scale <= Number.MAX_SAFE_INTEGER)) return false;
  const weights = profile.weights;
  for (let b = 0; b < profile.ballots; b++)
    if (!Number.isInteger(weights[b]!)) return false;
  return true;
}
