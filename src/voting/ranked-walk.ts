/**
 * @module Walking a ranked ballot to its next preference for a continuing candidate, as IRV and
 * Scottish STV define it: preferences for candidates no longer continuing (withdrawn, excluded,
 * elected) are ignored; an equal preference between two or more continuing candidates is an
 * overvote that ends the ballot there; an equal preference with only one continuing candidate left
 * counts for that candidate. (This reproduces Burlington 2009's official IRV count.)
 */
import type { BallotProfile } from "./ballot-profile.js";

/**
 * The position in `profile.prefs` of the next preference for a continuing candidate, searching from
 * position `p` (a group start) up to `end`, or -1 if the ballot is exhausted there.
 */
export function seekContinuing(
  profile: BallotProfile,
  continuing: Uint8Array,
  p: number,
  end: number,
): number {
  const { prefs, tied } = profile;
  if (tied === null) {
    while (p < end) {
      if (continuing[prefs[p]!] === 1) return p;
      p++;
    }
    return -1;
  }
  while (p < end) {
    if (p + 1 < end && tied[p + 1] === 1) {
      let found = -1;
      let q = p;
      do {
        if (continuing[prefs[q]!] === 1) {
          if (found >= 0) return -1;
          found = q;
        }
        q++;
      } while (q < end && tied[q] === 1);
      if (found >= 0) return found;
      p = q;
      continue;
    }
    if (continuing[prefs[p]!] === 1) return p;
    p++;
  }
  return -1;
}

/** The start of the group after the one holding position `p` (the next place to search from). */
export function nextGroupStart(
  profile: BallotProfile,
  p: number,
  end: number,
): number {
  const tied = profile.tied;
  p++;
  if (tied !== null) while (p < end && tied[p] === 1) p++;
  return p;
}

/**
 * The position of the ballot's next continuing preference after position `at` (in the next
 * group, or past it), or -1 when none is left. Without equal preferences on any ballot the next
 * group is the next preference, so the walk is a plain scan — the hot path of passing piles on.
 */
export function nextContinuing(
  profile: BallotProfile,
  continuing: Uint8Array,
  at: number,
  end: number,
): number {
  if (profile.tied === null) {
    const prefs = profile.prefs;
    let p = at + 1;
    while (p < end && continuing[prefs[p]!] !== 1) p++;
    return p === end ? -1 : p;
  }
  return seekContinuing(
    profile,
    continuing,
    nextGroupStart(profile, at, end),
    end,
  );
}
