import { describe, expect, it } from "vitest";
import { BallotProfileBuilder } from "./ballot-profile.js";
import { countPairwise } from "./pairwise.js";

/** A small seeded generator (xorshift32), so a failure can be replayed. */
function xorshift(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s;
  };
}

/** Rankings without equal preferences, of random lengths, with the given weights. */
function randomRankings(
  candidates: number,
  ballots: number,
  seed: number,
  weight: (random: () => number) => number,
): { prefs: number[]; weight: number }[] {
  const random = xorshift(seed);
  const out: { prefs: number[]; weight: number }[] = [];
  for (let b = 0; b < ballots; b++) {
    const order = Array.from({ length: candidates }, (_, c) => c);
    for (let i = candidates - 1; i > 0; i--) {
      const j = random() % (i + 1);
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    out.push({
      prefs: order.slice(0, random() % (candidates + 1)),
      weight: weight(random),
    });
  }
  return out;
}

/** The matrix by its definition: for every ballot and every pair, who is ranked above whom. */
function pairwiseByDefinition(
  candidates: number,
  rankings: { prefs: number[]; weight: number }[],
): number[] {
  const d = new Array<number>(candidates * candidates).fill(0);
  for (const { prefs, weight } of rankings)
    for (let a = 0; a < candidates; a++)
      for (let b = 0; b < candidates; b++) {
        if (a === b) continue;
        const ra = prefs.indexOf(a);
        const rb = prefs.indexOf(b);
        if (ra >= 0 && (rb < 0 || ra < rb)) d[a * candidates + b]! += weight;
      }
  return d;
}

function profileOf(
  candidates: number,
  rankings: { prefs: number[]; weight: number }[],
) {
  const builder = new BallotProfileBuilder(candidates);
  for (const r of rankings) builder.add(r.prefs, r.prefs.length, r.weight);
  return builder.build();
}

describe("the pairwise matrix", () => {
  // From 3 candidates on, enough distinct ballots that integer weights take the one-pass-per-ballot
  // way (follower sets), and halves the way over every pair: both must match the definition.
  for (const candidates of [2, 3, 5, 8]) {
    it(`matches its definition with ${candidates} candidates, integer and fractional weights`, () => {
      const none = new Uint8Array(candidates);
      for (const [seed, weight] of [
        [candidates * 7 + 1, (r: () => number) => 1 + (r() % 5)],
        [candidates * 7 + 2, (r: () => number) => (1 + (r() % 9)) / 2],
      ] as const) {
        const rankings = randomRankings(candidates, 3000, seed, weight);
        const d = countPairwise(profileOf(candidates, rankings), none);
        expect(Array.from(d)).toEqual(
          pairwiseByDefinition(candidates, rankings),
        );
      }
    });
  }

  it("gives the same matrix whichever way it counts", () => {
    // Integer weights (follower sets) against the same ballots at weight w + 1/2 (every pair),
    // less the halves counted by definition.
    const candidates = 6;
    const rankings = randomRankings(candidates, 5000, 99, (r) => 1 + (r() % 4));
    const halves = rankings.map((r) => ({ ...r, weight: r.weight + 0.5 }));
    const none = new Uint8Array(candidates);
    const whole = countPairwise(profileOf(candidates, rankings), none);
    const half = countPairwise(profileOf(candidates, halves), none);
    const onlyHalves = pairwiseByDefinition(
      candidates,
      rankings.map((r) => ({ ...r, weight: 0.5 })),
    );
    expect(Array.from(whole)).toEqual(
      Array.from(half).map((x, i) => x - onlyHalves[i]!),
    );
  });
});
