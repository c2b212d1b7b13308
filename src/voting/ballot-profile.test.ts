import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  BallotProfileBuilder,
  ballotRanking,
  orderByHashRadix,
  orderByHashSorting,
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
});
