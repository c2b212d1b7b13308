/** @module Instant-runoff voting (IRV, the alternative vote): exclude the weakest until one wins. */
import type { BallotProfile } from "../ballot-profile.js";
import { countStep, decide } from "../count-step.js";
import { Lot } from "../lot.js";
import { Piles, sumsExactInAnyOrder } from "../piles.js";
import { nextContinuing, seekContinuing } from "../ranked-walk.js";
import { breakTie } from "../tie-break.js";
import type {
  CountStep,
  ElectionResult,
  TallyOptions,
  Transfer,
} from "../types.js";
import {
  standingCandidates,
  withdrawnFlags,
  withdrawnList,
} from "../withdrawn.js";

/**
 * Counts ranked ballots by instant runoff for one seat: each ballot counts for its highest-ranked
 * continuing candidate; the candidate with fewest votes is excluded (a tie goes back to the latest
 * round where the tied candidates differed, then to the lot) and their ballots pass on, one exclusion
 * per round, until two candidates remain; the one with more votes wins. The winner is the same as
 * stopping at the first majority; counting on to the final two gives the full two-candidate count
 * that election authorities publish. Preferences for candidates no longer continuing are skipped;
 * a ballot is exhausted when it has no further continuing preference or reaches an equal
 * preference between two or more continuing candidates (an overvote), even at its first
 * preference; an equal preference with one continuing candidate left counts for that candidate.
 * Ballots marking no standing candidate are invalid. `options.seats` must be 1.
 */
export function tallyIrv(
  profile: BallotProfile,
  options: TallyOptions,
): ElectionResult {
  const m = profile.candidates;
  const withdrawn = withdrawnFlags(m, options.withdrawn);
  const standing = standingCandidates(withdrawn);
  const continuing = new Uint8Array(m);
  for (const c of standing) continuing[c] = 1;
  const { offsets, prefs, weights } = profile;
  const n = profile.ballots;

  // Each distinct ballot sits in its current candidate's pile; `at` is its place in `prefs`.
  const at = new Int32Array(n);
  const piles = new Piles(m, n);
  const inBallotOrder = sumsExactInAnyOrder(profile, 1);
  const votes = new Float64Array(m);
  let exhausted = 0;
  let invalid = 0;
  for (let b = 0; b < n; b++) {
    const start = offsets[b]!;
    const end = offsets[b + 1]!;
    const p = seekContinuing(profile, continuing, start, end);
    if (p < 0) {
      if (marksNoStanding(prefs, withdrawn, start, end)) invalid += weights[b]!;
      else exhausted += weights[b]!;
      at[b] = -1;
      continue;
    }
    at[b] = p;
    const c = prefs[p]!;
    votes[c]! += weights[b]!;
    piles.push(c, b);
  }

  const lot = new Lot(profile);
  const history: Float64Array[] = [];
  const rounds: CountStep[] = [];
  rounds.push(
    countStep({
      round: 1,
      action: "first-preferences",
      tallies: Array.from(votes),
      decisions: [],
      exhausted,
    }),
  );
  history.push(votes.slice());
  let left = standing.length;
  const elected: number[] = [];

  while (left > 2) {
    let lowest = Number.POSITIVE_INFINITY;
    for (let c = 0; c < m; c++)
      if (continuing[c] === 1 && votes[c]! < lowest) lowest = votes[c]!;
    const tied: number[] = [];
    for (let c = 0; c < m; c++)
      if (continuing[c] === 1 && votes[c] === lowest) tied.push(c);
    const pick = breakTie(tied, history, "lowest", lot);
    const loser = pick.candidate;
    continuing[loser] = 0;
    left--;

    // Pass the loser's ballots on to their next continuing preferences.
    const moved = new Float64Array(m);
    const lost = passOn(
      profile,
      continuing,
      at,
      piles,
      inBallotOrder,
      loser,
      moved,
    );
    votes[loser] = 0;
    const transfers: Transfer[] = [];
    for (let c = 0; c < m; c++)
      if (moved[c]! > 0) {
        votes[c]! += moved[c]!;
        transfers.push({ from: loser, to: c, votes: moved[c]! });
      }
    if (lost > 0) transfers.push({ from: loser, to: -1, votes: lost });
    exhausted += lost;
    rounds.push(
      countStep({
        round: rounds.length + 1,
        action: "exclusion",
        candidate: loser,
        tallies: Array.from(votes),
        decisions: [decide(loser, "excluded", "lowest-votes", pick.reasons)],
        exhausted,
        transfers,
      }),
    );
    history.push(votes.slice());
  }

  // The final two (or the only standing candidate): more votes wins.
  const finalists = standing.filter((c) => continuing[c] === 1);
  if (finalists.length > 0) {
    let top = Number.NEGATIVE_INFINITY;
    let total = 0;
    for (const c of finalists) {
      total += votes[c]!;
      if (votes[c]! > top) top = votes[c]!;
    }
    const pick = breakTie(
      finalists.filter((c) => votes[c] === top),
      history.slice(0, -1),
      "highest",
      lot,
    );
    const winner = pick.candidate;
    elected.push(winner);
    const last = rounds[rounds.length - 1]!;
    rounds[rounds.length - 1] = countStep({
      ...last,
      decisions: [
        ...last.decisions,
        decide(
          winner,
          "elected",
          2 * votes[winner]! > total ? "majority" : "most-votes",
          pick.reasons,
        ),
      ],
    });
  }

  return {
    method: "irv",
    seats: options.seats,
    candidates: m,
    elected,
    rounds,
    withdrawn: withdrawnList(withdrawn),
    valid: profile.totalWeight - invalid,
    invalid,
    ...(lot.used ? { lot: lot.result()! } : {}),
  };
}

/**
 * Moves every ballot in `from`'s pile to its next continuing preference, adding its weight to
 * `moved`; returns the weight of those exhausted. At module level, so that its loop is optimised
 * once for the whole count.
 */
function passOn(
  profile: BallotProfile,
  continuing: Uint8Array,
  at: Int32Array,
  piles: Piles,
  inBallotOrder: boolean,
  from: number,
  moved: Float64Array,
): number {
  const { offsets, prefs, weights } = profile;
  let lost = 0;
  const { list, length } = piles.take(from, inBallotOrder);
  for (let k = length - 1; k >= 0; k--) {
    const b = list[k]!;
    const end = offsets[b + 1]!;
    const p = nextContinuing(profile, continuing, at[b]!, end);
    const w = weights[b]!;
    if (p < 0) {
      at[b] = -1;
      lost += w;
    } else {
      at[b] = p;
      moved[prefs[p]!]! += w;
      piles.push(prefs[p]!, b);
    }
  }
  return lost;
}

/** True when every mark on the ballot is for a withdrawn candidate (or there is none). */
function marksNoStanding(
  prefs: Uint16Array,
  withdrawn: Uint8Array,
  start: number,
  end: number,
): boolean {
  for (let p = start; p < end; p++)
    if (withdrawn[prefs[p]!] === 0) return false;
  return true;
}
