import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  BallotProfileBuilder,
  ballotRanking,
  orderByHashRadix,
  orderByHashSorting,
  PACKED_MAX_CANDIDATES,
  packRanking,
  profileFromRankings,
  RADIX_FROM,
} from "./ballot-profile.js";

const rankings = (profile: ReturnType<typeof build>) =>
  Array.from({ length: profile.ballots }, (_, i) => ({
    ranking: ballotRanking(profile, i),
    weight: profile.weights[i],
  }));

function build(
  candidates: number,
  ballots: Parameters<typeof profileFromRankings>[1],
) {
  const made = profileFromRankings(candidates, ballots);
  if (!made.ok) throw new Error(made.error.code);
  return made.value;
}

/** Where two profiles first differ ("" if nowhere): cheaper than a deep equality of large arrays. */
function profileDifference(
  a: ReturnType<typeof build>,
  b: ReturnType<typeof build>,
): string {
  if (a.candidates !== b.candidates || a.ballots !== b.ballots)
    return `sizes ${a.candidates}/${a.ballots} vs ${b.candidates}/${b.ballots}`;
  if (!Object.is(a.totalWeight, b.totalWeight))
    return `total ${a.totalWeight} vs ${b.totalWeight}`;
  if ((a.tied === null) !== (b.tied === null)) return "tied null vs not";
  for (const field of ["offsets", "prefs", "tied", "weights"] as const) {
    const x = a[field] ?? [];
    const y = b[field] ?? [];
    if (x.length !== y.length) return `${field} length`;
    for (let i = 0; i < x.length; i++)
      if (!Object.is(x[i], y[i])) return `${field}[${i}] ${x[i]} vs ${y[i]}`;
  }
  return "";
}

describe("ballot profile", () => {
  it("groups identical ballots and adds their weights", () => {
    const profile = build(3, [
      { ranking: [[0], [1]] },
      { ranking: [[2]] },
      { ranking: [[0], [1]], weight: 2 },
    ]);
    expect(profile.ballots).toBe(2);
    expect(profile.totalWeight).toBe(4);
    expect(rankings(profile)).toEqual(
      expect.arrayContaining([
        { ranking: [[0], [1]], weight: 3 },
        { ranking: [[2]], weight: 1 },
      ]),
    );
    expect(profile.tied).toBeNull();
  });

  it("keeps equal preferences apart from the same candidates in order", () => {
    const profile = build(3, [
      { ranking: [[0, 1], [2]] },
      { ranking: [[0], [1], [2]] },
    ]);
    expect(profile.ballots).toBe(2);
    expect(profile.tied).not.toBeNull();
    expect(rankings(profile).map((b) => b.ranking)).toEqual(
      expect.arrayContaining([
        [[0, 1], [2]],
        [[0], [1], [2]],
      ]),
    );
  });

  it("is the same whatever order the ballots come in", () => {
    const ballots = [
      { ranking: [[0], [1]] },
      { ranking: [[1], [0], [2]] },
      { ranking: [[2, 1]] },
      { ranking: [] },
      { ranking: [[0], [1]], weight: 5 },
    ];
    const a = build(3, ballots);
    const b = build(3, ballots.slice().reverse());
    expect(b).toEqual(a);
  });

  it("ignores zero weights and empty groups", () => {
    const profile = build(2, [
      { ranking: [[0], [], [1]] },
      { ranking: [[1]], weight: 0 },
    ]);
    expect(profile.ballots).toBe(1);
    expect(ballotRanking(profile, 0)).toEqual([[0], [1]]);
  });

  it("survives growth of every internal table", () => {
    const builder = new BallotProfileBuilder(12);
    const prefs = new Uint16Array(12);
    for (let i = 0; i < 5000; i++) {
      const length = 1 + (i % 12);
      for (let k = 0; k < length; k++) prefs[k] = (i * 7 + k * 5) % 12;
      // Unique candidates: (i*7 + k*5) mod 12 steps by 5, which is coprime with 12.
      builder.add(prefs, length, 1);
      builder.add(prefs, length, 1);
    }
    const profile = builder.build();
    expect(profile.totalWeight).toBe(10000);
    expect(profile.ballots).toBe(
      new Set(
        Array.from(
          { length: 5000 },
          (_, i) => `${(i * 7) % 12}/${1 + (i % 12)}`,
        ),
      ).size,
    );
    for (let i = 0; i < profile.ballots; i++)
      expect(profile.weights[i]! % 2).toBe(0);
  });

  it("rejects bad candidates, repeats and weights with stable codes", () => {
    expect(profileFromRankings(2, [{ ranking: [[2]] }])).toMatchInlineSnapshot(`
      {
        "error": {
          "code": "BALLOT_UNKNOWN_CANDIDATE",
          "details": {
            "ballot": 0,
            "candidate": "2",
          },
        },
        "ok": false,
      }
    `);
    expect(
      profileFromRankings(2, [{ ranking: [[0], [0]] }]),
    ).toMatchInlineSnapshot(`
      {
        "error": {
          "code": "BALLOT_DUPLICATE_CANDIDATE",
          "details": {
            "ballot": 0,
            "candidate": 0,
          },
        },
        "ok": false,
      }
    `);
    expect(
      profileFromRankings(2, [{ ranking: [[0]], weight: -1 }]),
    ).toMatchInlineSnapshot(`
      {
        "error": {
          "code": "BALLOT_BAD_WEIGHT",
          "details": {
            "ballot": 0,
            "weight": "-1",
          },
        },
        "ok": false,
      }
    `);
    expect(profileFromRankings(0, [])).toMatchInlineSnapshot(`
      {
        "error": {
          "code": "BALLOT_BAD_CANDIDATE_COUNT",
          "details": {
            "candidates": 0,
            "max": 65535,
          },
        },
        "ok": false,
      }
    `);
  });

  it("orders a partition the same by sorting as by radix, duplicates and sign bits included", () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(
            fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }),
            fc.integer({ min: 0, max: 3 }),
          ),
          { maxLength: RADIX_FROM },
        ),
        (values) => {
          const hashes = Int32Array.from(values);
          expect(orderByHashSorting(hashes, hashes.length)).toEqual(
            orderByHashRadix(hashes, hashes.length),
          );
        },
      ),
    );
  });

  it("packs a ranking of 13 into a key below 2^52 that orders as the rankings do", () => {
    const all = Array.from({ length: 13 }, (_, i) => 12 - i);
    expect(packRanking(all, 13)).toBeLessThan(2 ** 52);
    expect(packRanking([], 0)).toBe(0);
    // A prefix before its extensions, then by the first preference that differs.
    expect(packRanking([3], 1)).toBeLessThan(packRanking([3, 0], 2));
    expect(packRanking([3, 12], 2)).toBeLessThan(packRanking([4], 1));
  });

  it("gives the same profile from packed keys as from preferences: ties, weights and growth", () => {
    // Packed keys while every ballot so far has ≤ 13 candidates and no equal preference; a ballot
    // with one unpacks what is held, mid-stream. Both must end where the unpacked builder ends,
    // weights added in the same order (fractional weights show a different order).
    const ballot = fc.record({
      order: fc.uniqueArray(fc.integer({ min: 0, max: 15 }), { maxLength: 16 }),
      tie: fc.integer({ min: 0, max: 30 }),
      weight: fc.oneof(
        fc.constant(1),
        fc.integer({ min: 0, max: 5 }),
        fc.double({ min: 0, max: 10, noNaN: true }),
      ),
    });
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 16 }),
        fc.array(ballot, { maxLength: 400 }),
        fc.integer({ min: 0, max: 3000 }),
        (candidates, ballots, repeat) => {
          const packed = new BallotProfileBuilder(candidates);
          const plain = new BallotProfileBuilder(candidates, { pack: false });
          expect(packed.packed).toBe(candidates <= PACKED_MAX_CANDIDATES);
          expect(plain.packed).toBe(false);
          const prefs: number[] = [];
          const tied: number[] = [];
          // Many copies of the same few ballots grow every table before the ties come.
          for (let r = 0; r < repeat + ballots.length; r++) {
            const b = ballots[r % Math.max(1, ballots.length)];
            if (b === undefined) break;
            prefs.length = 0;
            tied.length = 0;
            for (const c of b.order)
              if (c < candidates) {
                prefs.push(c);
                tied.push(0);
              }
            if (r >= repeat && b.tie < prefs.length && b.tie > 0)
              tied[b.tie] = 1;
            packed.add(prefs, prefs.length, b.weight, tied);
            plain.add(prefs, prefs.length, b.weight, tied);
          }
          expect(profileDifference(packed.build(), plain.build())).toBe("");
        },
      ),
      { numRuns: 60 },
    );
  });

  it("packs up to 13 candidates and unpacks at the first equal preference", () => {
    const builder = new BallotProfileBuilder(13);
    expect(builder.packed).toBe(true);
    const all = Array.from({ length: 13 }, (_, i) => i);
    builder.add(all, 13, 0.5);
    builder.add(all, 13, 0.25);
    expect(builder.packed).toBe(true);
    builder.add([1, 0], 2, 1, [0, 1]);
    expect(builder.packed).toBe(false);
    const profile = builder.build();
    expect(rankings(profile)).toEqual(
      expect.arrayContaining([
        { ranking: all.map((c) => [c]), weight: 0.75 },
        { ranking: [[1, 0]], weight: 1 },
      ]),
    );
    expect(new BallotProfileBuilder(14).packed).toBe(false);
  });

  it("unpacks the same after its partitions have grouped and grown (200,000 ballots), ties kept apart", () => {
    // Enough ballots that every partition groups and grows its table before the first tie.
    let seed = 20261207;
    const next = (n: number) => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return (seed >>> 8) % n;
    };
    for (const tieAt of [150_000, 190_000, -1]) {
      const packed = new BallotProfileBuilder(9);
      const plain = new BallotProfileBuilder(9, { pack: false });
      // Each distinct ballot's weight, added in arrival order as the builder adds them.
      const truth = new Map<string, number>();
      const prefs = new Uint16Array(9);
      const tied = new Uint8Array(9);
      for (let b = 0; b < 200_000; b++) {
        for (let i = 0; i < 9; i++) prefs[i] = i;
        for (let i = 8; i > 0; i--) {
          const j = next(i + 1);
          [prefs[i], prefs[j]] = [prefs[j]!, prefs[i]!];
        }
        const length = next(10);
        tied.fill(0);
        if (tieAt >= 0 && b >= tieAt && length > 1 && next(4) === 0)
          tied[1] = 1;
        const weight = next(3) === 0 ? 0.1 * next(7) : 1;
        packed.add(prefs, length, weight, tied);
        plain.add(prefs, length, weight, tied);
        if (weight === 0) continue;
        const groups: number[][] = [];
        for (let i = 0; i < length; i++)
          if (tied[i] === 1) groups.at(-1)!.push(prefs[i]!);
          else groups.push([prefs[i]!]);
        const key = JSON.stringify(groups);
        truth.set(key, (truth.get(key) ?? 0) + weight);
      }
      expect(packed.packed).toBe(tieAt < 0);
      const a = packed.build();
      expect(a.ballots).toBeGreaterThan(50_000);
      expect(profileDifference(a, plain.build())).toBe("");
      // An untied ballot written where a dropped tied duplicate was must not inherit its tie.
      expect(a.ballots).toBe(truth.size);
      for (const b of rankings(a))
        if (truth.get(JSON.stringify(b.ranking)) !== b.weight)
          expect(b).toBe(truth.get(JSON.stringify(b.ranking)));
    }
  });
});
