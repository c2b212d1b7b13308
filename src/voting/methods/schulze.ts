/** @module The Schulze method (winning votes): rank candidates by the strengths of their strongest paths. */
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

/**
 * Counts ranked ballots by the Schulze method (M. Schulze, "A new monotonic, clone-independent,
 * reversal symmetric, and Condorcet-consistent single-winner election method", Social Choice and
 * Welfare 36, 2011), measuring a defeat by winning votes: the link a→b has strength d[a][b] when
 * d[a][b] > d[b][a], else 0; p[a][b] is the widest path (Floyd–Warshall). a ranks above b when
 * p[a][b] > p[b][a]; that relation is transitive, so the ranking takes, again and again, a
 * candidate no remaining one beats, and where several qualify the lot chooses. With several
 * seats, the top of the ranking is elected.
 */
export function tallySchulze(
  profile: BallotProfile,
  options: TallyOptions,
): ElectionResult {
  const m = profile.candidates;
  const withdrawn = withdrawnFlags(m, options.withdrawn);
  const standing = standingCandidates(withdrawn);
  const d = countPairwise(profile, withdrawn);
  const p = new Float64Array(m * m);
  for (const a of standing)
    for (const b of standing)
      if (a !== b && d[a * m + b]! > d[b * m + a]!)
        p[a * m + b] = d[a * m + b]!;
  for (const k of standing)
    for (const i of standing) {
      if (i === k) continue;
      const ik = p[i * m + k]!;
      if (ik === 0) continue;
      for (const j of standing) {
        if (j === i || j === k) continue;
        const through = Math.min(ik, p[k * m + j]!);
        if (through > p[i * m + j]!) p[i * m + j] = through;
      }
    }
  const beats = (a: number, b: number) => p[a * m + b]! > p[b * m + a]!;

  const lot = new Lot(profile);
  const ranking: number[] = [];
  const placedBy: CountReason[][] = [];
  const remaining = standing.slice();
  while (remaining.length > 0) {
    const unbeaten = remaining.filter((a) =>
      remaining.every((b) => b === a || !beats(b, a)),
    );
    const choice = unbeaten.length === 1 ? unbeaten[0]! : lot.first(unbeaten);
    ranking.push(choice);
    placedBy.push(unbeaten.length === 1 ? [] : ["tie-broken-by-lot"]);
    remaining.splice(remaining.indexOf(choice), 1);
  }
  const wins = new Array<number>(m).fill(0);
  for (const a of standing)
    for (const b of standing) if (a !== b && beats(a, b)) wins[a]!++;
  const elected = ranking.slice(0, options.seats);
  const invalid = weightMarkingNoStanding(
    profile.offsets,
    profile.prefs,
    profile.weights,
    withdrawn,
  );
  return {
    method: "schulze",
    seats: options.seats,
    candidates: m,
    elected,
    rounds: [
      countStep({
        round: 1,
        action: "pairwise",
        tallies: wins,
        decisions: elected.map((c, i) =>
          decide(c, "elected", "condorcet-ranking", placedBy[i]),
        ),
      }),
    ],
    withdrawn: withdrawnList(withdrawn),
    valid: profile.totalWeight - invalid,
    invalid,
    ranking,
    pairwise: {
      preferences: matrixRows(d, m),
      strongestPaths: matrixRows(p, m),
    },
    ...(lot.used ? { lot: lot.result()! } : {}),
  };
}
