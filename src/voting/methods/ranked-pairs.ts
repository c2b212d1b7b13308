/** @module Ranked pairs (Tideman): lock in the pairwise victories, strongest first, unless they make a cycle. */
import type { BallotProfile } from "../ballot-profile.js";
import { countStep, decide } from "../count-step.js";
import { Lot } from "../lot.js";
import { countPairwise, matrixRows } from "../pairwise.js";
import type { CountReason, ElectionResult, TallyOptions } from "../types.js";
import {
  standingCandidates,
  weightMarkingNoStanding,
  withdrawnFlags,
  withdrawnList,
} from "../withdrawn.js";

interface Pair {
  readonly winner: number;
  readonly loser: number;
  readonly votes: number;
  readonly against: number;
  /** The lot decided its place among equally strong pairs, or its direction (an exact pairwise tie). */
  byLot: boolean;
  locked: boolean;
}

/**
 * Counts ranked ballots by ranked pairs (T. N. Tideman, "Independence of clones as a criterion for
 * voting rules", Social Choice and Welfare 4, 1987). Each pair's victory is measured by winning
 * votes; stronger victories come first (more votes for the winner, then fewer against). Each is
 * locked in unless it would close a cycle with those already locked. Equally strong pairs are
 * locked together when that closes no cycle (their order cannot matter); otherwise the lot orders
 * them, as in Zavist & Tideman 1989. Pairs with exactly equal support that the locked pairs leave
 * open are then locked in the direction the lot favours, again unless they close a cycle. The
 * locked pairs order every candidate; with several seats the top of that order is elected.
 */
export function tallyRankedPairs(
  profile: BallotProfile,
  options: TallyOptions,
): ElectionResult {
  const m = profile.candidates;
  const withdrawn = withdrawnFlags(m, options.withdrawn);
  const standing = standingCandidates(withdrawn);
  const d = countPairwise(profile, withdrawn);
  const lot = new Lot(profile);

  const majorities: Pair[] = [];
  const even: [number, number][] = [];
  for (const a of standing)
    for (const b of standing) {
      if (b <= a) continue;
      const ab = d[a * m + b]!;
      const ba = d[b * m + a]!;
      if (ab === ba) even.push([a, b]);
      else {
        const [winner, loser] = ab > ba ? [a, b] : [b, a];
        majorities.push({
          winner,
          loser,
          votes: Math.max(ab, ba),
          against: Math.min(ab, ba),
          byLot: false,
          locked: false,
        });
      }
    }
  majorities.sort((x, y) =>
    x.votes !== y.votes ? y.votes - x.votes : x.against - y.against,
  );

  // reach[a][b]: b is below a through locked pairs (kept transitively closed).
  const reach = new Uint8Array(m * m);
  const edgeByLot = new Uint8Array(m * m);
  const lock = (pair: Pair): void => {
    const { winner: a, loser: b } = pair;
    if (reach[b * m + a] === 1) return;
    pair.locked = true;
    edgeByLot[a * m + b] = pair.byLot ? 1 : 0;
    for (const x of standing) {
      if (x !== a && reach[x * m + a] === 0) continue;
      for (const y of standing)
        if (y === b || reach[b * m + y] === 1) reach[x * m + y] = 1;
    }
  };
  const pairs: Pair[] = [];
  for (let i = 0; i < majorities.length; ) {
    // Equally strong pairs: their order matters only if locking them all would close a cycle.
    let j = i + 1;
    while (
      j < majorities.length &&
      majorities[j]!.votes === majorities[i]!.votes &&
      majorities[j]!.against === majorities[i]!.against
    )
      j++;
    const group = majorities.slice(i, j);
    if (group.length > 1 && closesCycle(group, reach, standing, m)) {
      for (const pair of group) pair.byLot = true;
      group.sort(
        (x, y) =>
          lot.rank(x.winner) - lot.rank(y.winner) ||
          lot.rank(y.loser) - lot.rank(x.loser),
      );
    }
    for (const pair of group) {
      lock(pair);
      pairs.push(pair);
    }
    i = j;
  }
  // Exact pairwise ties the locked pairs leave open: the lot orders them.
  const open = even.filter(
    ([a, b]) => reach[a * m + b] === 0 && reach[b * m + a] === 0,
  );
  if (open.length > 0) {
    const ordered = open.map(([a, b]): Pair => {
      const winner = lot.first([a, b]);
      const loser = winner === a ? b : a;
      const votes = d[a * m + b]!;
      return {
        winner,
        loser,
        votes,
        against: votes,
        byLot: true,
        locked: false,
      };
    });
    ordered.sort(
      (x, y) =>
        lot.rank(x.winner) - lot.rank(y.winner) ||
        lot.rank(y.loser) - lot.rank(x.loser),
    );
    for (const pair of ordered) {
      lock(pair);
      pairs.push(pair);
    }
  }
  const below = new Array<number>(m).fill(0);
  for (const a of standing)
    for (const b of standing) if (reach[a * m + b] === 1) below[a]!++;
  const ranking = standing.slice().sort((a, b) => below[b]! - below[a]!);
  const elected = ranking.slice(0, options.seats);
  const invalid = weightMarkingNoStanding(
    profile.offsets,
    profile.prefs,
    profile.weights,
    withdrawn,
  );
  return {
    method: "ranked-pairs",
    seats: options.seats,
    candidates: m,
    elected,
    rounds: [
      countStep({
        round: 1,
        action: "pairwise",
        tallies: below,
        decisions: elected.map((c, i) => {
          // The place of a candidate over the next one rests on the locked pair between them.
          const after = ranking[i + 1];
          const reasons: CountReason[] =
            after !== undefined && edgeByLot[c * m + after] === 1
              ? ["tie-broken-by-lot"]
              : [];
          return decide(c, "elected", "condorcet-ranking", reasons);
        }),
      }),
    ],
    withdrawn: withdrawnList(withdrawn),
    valid: profile.totalWeight - invalid,
    invalid,
    ranking,
    pairwise: {
      preferences: matrixRows(d, m),
      pairs: pairs.map(({ winner, loser, votes, against, locked }) => ({
        winner,
        loser,
        votes,
        against,
        locked,
      })),
    },
    ...(lot.used ? { lot: lot.result()! } : {}),
  };
}

/** True if locking every pair of the group on top of `reach` would close a cycle. */
function closesCycle(
  group: readonly Pair[],
  reach: Uint8Array,
  standing: readonly number[],
  m: number,
): boolean {
  const trial = reach.slice();
  for (const { winner: a, loser: b } of group) {
    if (trial[b * m + a] === 1) return true;
    for (const x of standing) {
      if (x !== a && trial[x * m + a] === 0) continue;
      for (const y of standing)
        if (y === b || trial[b * m + y] === 1) trial[x * m + y] = 1;
    }
  }
  return false;
}
