/** @module The pairwise preference matrix Condorcet methods start from. */
import type { BallotProfile } from "./ballot-profile.js";

/**
 * `d[a * candidates + b]`: the weight of ballots that prefer a to b. A ranked candidate is preferred
 * to every unranked one; candidates ranked equal, or both unranked, get no preference either way;
 * withdrawn candidates are ignored. Computed as d[a][b] = T[a] − P[b][a] − E[a][b], where T[a] is the
 * weight of ballots ranking a, P counts pairs ranked one above the other and E pairs ranked equal,
 * so each ballot costs one pass over its ranked pairs and nothing for the unranked candidates.
 */
export function countPairwise(
  profile: BallotProfile,
  withdrawn: Uint8Array,
): Float64Array {
  const m = profile.candidates;
  const { offsets, prefs, tied, weights } = profile;
  const ranked = new Float64Array(m);
  const above = new Float64Array(m * m);
  const equal = tied === null ? null : new Float64Array(m * m);
  let anyWithdrawn = false;
  for (let c = 0; c < m; c++) if (withdrawn[c] === 1) anyWithdrawn = true;
  // Group number per position of the current ballot (only needed with equal preferences).
  const group = new Int32Array(m);
  for (let b = 0; b < profile.ballots; b++) {
    const w = weights[b]!;
    const start = offsets[b]!;
    const end = offsets[b + 1]!;
    if (tied === null && !anyWithdrawn) {
      for (let i = start; i < end; i++) {
        const a = prefs[i]!;
        ranked[a]! += w;
        const row = a * m;
        for (let j = i + 1; j < end; j++) above[row + prefs[j]!]! += w;
      }
      continue;
    }
    let g = 0;
    for (let i = start; i < end; i++) {
      if (i > start && (tied === null || tied[i] === 0)) g++;
      group[i - start] = g;
    }
    for (let i = start; i < end; i++) {
      const a = prefs[i]!;
      if (withdrawn[a] === 1) continue;
      ranked[a]! += w;
      const row = a * m;
      for (let j = i + 1; j < end; j++) {
        const c = prefs[j]!;
        if (withdrawn[c] === 1) continue;
        if (equal !== null && group[j - start] === group[i - start]) {
          equal[row + c]! += w;
          equal[c * m + a]! += w;
        } else above[row + c]! += w;
      }
    }
  }
  const d = new Float64Array(m * m);
  for (let a = 0; a < m; a++) {
    if (withdrawn[a] === 1) continue;
    for (let b = 0; b < m; b++) {
      if (a === b || withdrawn[b] === 1) continue;
      d[a * m + b] =
        ranked[a]! -
        above[b * m + a]! -
        (equal === null ? 0 : equal[a * m + b]!);
    }
  }
  return d;
}

/** The matrix as nested arrays, for the count sheet. */
export function matrixRows(d: Float64Array, m: number): number[][] {
  return Array.from({ length: m }, (_, a) =>
    Array.from(d.subarray(a * m, (a + 1) * m)),
  );
}
