/**
 * @module Meek STV (B. L. Meek 1969; Hill, Wichmann & Woodall, "Algorithm 123 — Single Transferable
 * Vote by Meek's Method", The Computer Journal 30(3), 1987): every elected candidate keeps only the
 * fraction of each vote that brings them to the quota and passes the rest on, to continuing and
 * elected candidates alike; keep factors are iterated until the surpluses vanish.
 */
import type { BallotProfile } from "../ballot-profile.js";
import { countStep, decide } from "../count-step.js";
import { Lot } from "../lot.js";
import { breakTie, orderByVotes } from "../tie-break.js";
import type {
  CountAction,
  CountDecision,
  CountStep,
  ElectionResult,
  TallyOptions,
} from "../types.js";
import {
  standingCandidates,
  weightMarkingNoStanding,
  withdrawnFlags,
  withdrawnList,
} from "../withdrawn.js";

const HOPEFUL = 0;
const ELECTED = 1;
const OUT = 2;
/** Far more than any real count needs (they converge in tens); a guard against pathological input. */
const MAX_ITERATIONS = 100000;
/** Below this share of the valid vote, a surplus that stops shrinking is floating-point noise. */
const STALLED = 1e-6;

/**
 * Counts ranked ballots by Meek's method. Each ballot's value flows down its ranking: a hopeful
 * candidate keeps all of it, an elected candidate keeps the fraction given by their keep factor and
 * passes the rest on, excluded and withdrawn candidates are skipped; what is left at the end is
 * excess. Quota = (valid − excess) / (seats + 1); a hopeful candidate with more than the quota is
 * elected; keep factors are updated as k ← k × quota / votes until the total surplus is at most
 * ω = 10⁻⁹ × valid (or stops shrinking below 10⁻⁶ × valid). Then, if no one was elected, the hopeful candidate with
 * fewest votes is excluded (ties: the latest earlier round where they differed, then the lot).
 * When no more hopefuls remain than vacancies, they are elected. Equal preferences: the value
 * reaching a group is shared equally among its members still in the count, each keeping its keep
 * factor's part and passing the rest to the next group. Ballots marking no standing candidate are invalid.
 */
export function tallyMeekStv(
  profile: BallotProfile,
  options: TallyOptions,
): ElectionResult {
  const m = profile.candidates;
  const seats = options.seats;
  const withdrawn = withdrawnFlags(m, options.withdrawn);
  const standing = standingCandidates(withdrawn);
  const status = new Uint8Array(m).fill(OUT);
  const keep = new Float64Array(m);
  for (const c of standing) {
    status[c] = HOPEFUL;
    keep[c] = 1;
  }
  const { offsets, prefs, tied, weights } = profile;
  const n = profile.ballots;

  const invalid = weightMarkingNoStanding(offsets, prefs, weights, withdrawn);
  const valid = profile.totalWeight - invalid;
  const omega = 1e-9 * Math.max(1, valid);

  const votes = new Float64Array(m);
  let excess = 0;
  const distribute = (): void => {
    votes.fill(0);
    excess = 0;
    for (let b = 0; b < n; b++) {
      const w = weights[b]!;
      let rest = 1;
      const end = offsets[b + 1]!;
      let p = offsets[b]!;
      while (p < end && rest > 0) {
        if (tied !== null && p + 1 < end && tied[p + 1] === 1) {
          let q = p;
          let members = 0;
          do {
            if (status[prefs[q]!] !== OUT) members++;
            q++;
          } while (q < end && tied[q] === 1);
          if (members > 0) {
            const share = rest / members;
            let passed = 0;
            for (let r = p; r < q; r++) {
              const c = prefs[r]!;
              if (status[c] === OUT) continue;
              votes[c]! += w * share * keep[c]!;
              passed += share * (1 - keep[c]!);
            }
            rest = passed;
          }
          p = q;
          continue;
        }
        const c = prefs[p]!;
        const k = keep[c]!;
        if (k > 0) {
          votes[c]! += w * rest * k;
          rest *= 1 - k;
        }
        p++;
      }
      excess += w * rest;
    }
  };
  // `excess` includes the invalid ballots (they reach no one), which `valid` already leaves out.
  const quotaNow = (): number => (profile.totalWeight - excess) / (seats + 1);

  const lot = new Lot(profile);
  const history: Float64Array[] = [];
  const rounds: CountStep[] = [];
  const elected: number[] = [];
  let hopeful = standing.length;
  let quota = 0;

  const electNewly = (): CountDecision[] => {
    const reached: number[] = [];
    for (let c = 0; c < m; c++)
      if (status[c] === HOPEFUL && votes[c]! > quota) reached.push(c);
    const decisions: CountDecision[] = [];
    for (const pick of orderByVotes(reached, votes, history, lot, omega)) {
      if (elected.length >= seats) break;
      status[pick.candidate] = ELECTED;
      hopeful--;
      elected.push(pick.candidate);
      decisions.push(
        decide(pick.candidate, "elected", "quota-reached", pick.reasons),
      );
    }
    return decisions;
  };
  const electLastVacancies = (): CountDecision[] => {
    const vacancies = seats - elected.length;
    if (vacancies <= 0 || hopeful > vacancies) return [];
    const rest = standing.filter((c) => status[c] === HOPEFUL);
    return orderByVotes(rest, votes, history, lot, omega).map((pick) => {
      status[pick.candidate] = ELECTED;
      hopeful--;
      elected.push(pick.candidate);
      return decide(pick.candidate, "elected", "last-vacancies", pick.reasons);
    });
  };
  const record = (
    action: CountAction,
    decisions: CountDecision[],
    iterations: number,
    candidate?: number,
  ): void => {
    decisions.push(...electLastVacancies());
    rounds.push(
      countStep({
        round: rounds.length + 1,
        action,
        ...(candidate === undefined ? {} : { candidate }),
        tallies: Array.from(votes),
        decisions,
        exhausted: excess - invalid,
        quota,
        keepFactors: Array.from(keep),
        iterations,
      }),
    );
    history.push(votes.slice());
  };

  distribute();
  quota = quotaNow();
  record("first-preferences", electNewly(), 1);
  let converged = elected.length === 0;

  while (elected.length < seats && hopeful > 0) {
    const decisions: CountDecision[] = [];
    let action: CountAction = "iteration";
    let excluded: number | undefined;
    if (converged) {
      let lowest = Number.POSITIVE_INFINITY;
      for (let c = 0; c < m; c++)
        if (status[c] === HOPEFUL && votes[c]! < lowest) lowest = votes[c]!;
      const tiedLow: number[] = [];
      for (let c = 0; c < m; c++)
        if (status[c] === HOPEFUL && votes[c]! - lowest <= omega)
          tiedLow.push(c);
      const pick = breakTie(tiedLow, history, "lowest", lot, omega);
      excluded = pick.candidate;
      status[excluded] = OUT;
      keep[excluded] = 0;
      hopeful--;
      action = "exclusion";
      decisions.push(
        decide(excluded, "excluded", "lowest-votes", pick.reasons),
      );
      if (hopeful + elected.length <= seats) {
        // No contest is left: the remaining hopefuls fill the vacancies on this count.
        distribute();
        quota = quotaNow();
        record(action, decisions, 1, excluded);
        break;
      }
    }
    let iterations = 0;
    let previousSurplus = Number.POSITIVE_INFINITY;
    converged = false;
    for (;;) {
      distribute();
      quota = quotaNow();
      iterations++;
      const newly = electNewly();
      if (newly.length > 0) {
        decisions.push(...newly);
        break;
      }
      let surplus = 0;
      for (let c = 0; c < m; c++)
        if (status[c] === ELECTED) surplus += votes[c]! - quota;
      if (
        elected.length === 0 ||
        surplus <= omega ||
        (surplus >= previousSurplus && surplus <= STALLED * valid) ||
        iterations >= MAX_ITERATIONS
      ) {
        converged = true;
        break;
      }
      previousSurplus = surplus;
      for (let c = 0; c < m; c++)
        if (status[c] === ELECTED && votes[c]! > 0)
          keep[c] = (keep[c]! * quota) / votes[c]!;
    }
    record(action, decisions, iterations, excluded);
  }

  return {
    method: "meek-stv",
    seats,
    candidates: m,
    elected,
    rounds,
    withdrawn: withdrawnList(withdrawn),
    valid,
    invalid,
    quota,
    ...(lot.used ? { lot: lot.result()! } : {}),
  };
}
