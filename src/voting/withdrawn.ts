/** @module Withdrawn candidates as flags: removed from every ballot before a count. */

/** A flag per candidate, 1 for withdrawn. */
export function withdrawnFlags(
  candidates: number,
  withdrawn: readonly number[] | undefined,
): Uint8Array {
  const flags = new Uint8Array(candidates);
  for (const c of withdrawn ?? []) flags[c] = 1;
  return flags;
}

/** The candidates not withdrawn, in index order. */
export function standingCandidates(flags: Uint8Array): number[] {
  const out: number[] = [];
  for (let c = 0; c < flags.length; c++) if (flags[c] === 0) out.push(c);
  return out;
}

/** The withdrawn candidates, in index order. */
export function withdrawnList(flags: Uint8Array): number[] {
  const out: number[] = [];
  for (let c = 0; c < flags.length; c++) if (flags[c] === 1) out.push(c);
  return out;
}

/** Total weight of ballots that mark no standing candidate (empty, or only withdrawn ones). */
export function weightMarkingNoStanding(
  offsets: Uint32Array,
  prefs: Uint16Array,
  weights: Float64Array,
  flags: Uint8Array,
): number {
  let total = 0;
  for (let b = 0; b + 1 < offsets.length; b++) {
    let marks = false;
    for (let p = offsets[b]!; p < offsets[b + 1]!; p++)
      if (flags[prefs[p]!] === 0) {
        marks = true;
        break;
      }
    if (!marks) total += weights[b]!;
  }
  return total;
}
