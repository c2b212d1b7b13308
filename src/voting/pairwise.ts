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
  if (tied === null && !anyWithdrawn && suitsFollowerSets(profile))
    return fromFollowerSets(profile, ranked);
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
  return defeatsFrom(m, ranked, above, equal, withdrawn);
}

/** d[a][b] = T[a] − P[b][a] − E[a][b] (see {@link countPairwise}). */
function defeatsFrom(
  m: number,
  ranked: Float64Array,
  above: Float64Array,
  equal: Float64Array | null,
  withdrawn: Uint8Array | null,
): Float64Array {
  const d = new Float64Array(m * m);
  for (let a = 0; a < m; a++) {
    if (withdrawn !== null && withdrawn[a] === 1) continue;
    for (let b = 0; b < m; b++) {
      if (a === b || (withdrawn !== null && withdrawn[b] === 1)) continue;
      d[a * m + b] =
        ranked[a]! -
        above[b * m + a]! -
        (equal === null ? 0 : equal[a * m + b]!);
    }
  }
  return d;
}

/** The most candidates for which {@link fromFollowerSets} keeps a table of every set (m · 2^m). */
const FOLLOWER_SETS_MAX_CANDIDATES = 16;

/**
 * Whether counting by follower sets gives exactly the same matrix, and pays. Exactly: it adds the
 * weights in another order, which changes nothing only when every weight is an integer and every
 * sum stays below 2^53 (then each sum is exact). Pays: the table costs m · 2^m cells to clear
 * and expand, so the ballots' preferences must outnumber them.
 */
function suitsFollowerSets(profile: BallotProfile): boolean {
  const m = profile.candidates;
  if (m > FOLLOWER_SETS_MAX_CANDIDATES) return false;
  if (profile.offsets[profile.ballots]! < m * (1 << m)) return false;
  if (!(profile.totalWeight <= Number.MAX_SAFE_INTEGER)) return false;
  const weights = profile.weights;
  for (let b = 0; b < weights.length; b++)
    if (!Number.isInteger(weights[b]!)) return false;
  return true;
}

/**
 * The matrix of plain rankings (no equal preferences, none withdrawn) in one pass per ballot rather
 * than one per pair of its preferences: reading a ballot from the end, each candidate is preferred
 * to exactly the set of candidates after it, so the weight goes to the cell (candidate, that set)
 * of a table; the table is then spread over the pairs once. Ten million ballots of 15 candidates
 * rank ~40 pairs each, but touch only ~8 cells each.
 */
function fromFollowerSets(
  profile: BallotProfile,
  ranked: Float64Array,
): Float64Array {
  const m = profile.candidates;
  const { offsets, prefs, weights } = profile;
  const sets = 1 << m;
  const bySet = new Float64Array(m * sets);
  for (let b = 0; b < profile.ballots; b++) {
    const w = weights[b]!;
    const start = offsets[b]!;
    let after = 0;
    for (let i = offsets[b + 1]! - 1; i >= start; i--) {
      const a = prefs[i]!;
      bySet[a * sets + after]! += w;
      after |= 1 << a;
    }
  }
  const above = new Float64Array(m * m);
  for (let a = 0; a < m; a++) {
    const base = a * sets;
    let total = 0;
    const row = a * m;
    for (let set = 0; set < sets; set++) {
      const w = bySet[base + set]!;
      if (w === 0) continue;
      total += w;
      for (let rest = set; rest !== 0; rest &= rest - 1)
        above[row + 31 - Math.clz32(rest & -rest)]! += w;
    }
    ranked[a] = total;
  }
  return defeatsFrom(m, ranked, above, null, null);
}

/** The matrix as nested arrays, for the count sheet. */
export function matrixRows(d: Float64Array, m: number): number[][] {
  return Array.from({ length: m }, (_, a) =>
    Array.from(d.subarray(a * m, (a + 1) * m)),
  );
}
