import { describe, expect, it } from "vitest";
import { profileFromRankings } from "./ballot-profile.js";
import { Piles, sumsExactInAnyOrder } from "./piles.js";

/** Reads a taken pile as the counts do: from its end to its start. */
function read(piles: Piles, c: number, inBallotOrder: boolean): number[] {
  const { list, length } = piles.take(c, inBallotOrder);
  const out: number[] = [];
  for (let k = length - 1; k >= 0; k--) out.push(list[k]!);
  return out;
}

describe("piles", () => {
  it("passes a pile on newest first, or from the last ballot to the first", () => {
    const piles = new Piles(3, 100);
    // 70 ballots, so that the list grows past its first 64 places; numbers across several words.
    const pushed: number[] = [];
    for (let i = 0; i < 70; i++) {
      const b = (i * 37) % 100;
      pushed.push(b);
      piles.push(1, b);
    }
    piles.push(2, 5);
    expect(read(piles, 1, false)).toEqual(pushed.slice().reverse());
    expect(piles.lengths[1]).toBe(0);
    for (const b of pushed) piles.push(1, b);
    expect(read(piles, 1, true)).toEqual(pushed.slice().sort((a, b) => b - a));
    // The marks are cleared: the same pile again, and another, come out whole.
    for (const b of [99, 0, 31, 32, 63, 64]) piles.push(1, b);
    expect(read(piles, 1, true)).toEqual([99, 64, 63, 32, 31, 0]);
    expect(read(piles, 2, true)).toEqual([5]);
    expect(read(piles, 0, true)).toEqual([]);
  });

  it("allows ballot order only where every sum is exact", () => {
    const of = (weights: number[]) => {
      const built = profileFromRankings(
        2,
        weights.map((weight, i) => ({ ranking: [[i % 2]], weight })),
      );
      if (!built.ok) throw new Error(built.error.code);
      return built.value;
    };
    expect(sumsExactInAnyOrder(of([1, 2, 3]), 100000)).toBe(true);
    expect(sumsExactInAnyOrder(of([1, 2.5, 3]), 1)).toBe(false);
    // Integers, but the total in units of 0.00001 passes 2^53.
    expect(sumsExactInAnyOrder(of([2 ** 40, 2 ** 40]), 1)).toBe(true);
    expect(sumsExactInAnyOrder(of([2 ** 40, 2 ** 40]), 100000)).toBe(false);
  });
});
