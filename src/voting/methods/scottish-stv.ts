/**
 * @module Single transferable vote by the Scottish Local Government Elections Order 2007 (SSI 2007/42,
 * schedule 1, rules 45–52): Droop quota, weighted inclusive Gregory surplus transfers with transfer
 * values truncated to five decimal places, one exclusion per stage, ties settled by earlier stages
 * and then by lot.
 */
import type { BallotProfile } from "../ballot-profile.js";
import { countStep, decide } from "../count-step.js";
import { Lot } from "../lot.js";
import { Piles, sumsExactInAnyOrder } from "../piles.js";
import { nextContinuing, seekContinuing } from "../ranked-walk.js";
import { breakTie, orderByVotes } from "../tie-break.js";
import type {
  CountDecision,
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

/** Votes are kept in units of 0.00001 so that every sum and every truncation is exact. */
const UNIT = 100000;
const SAFE = Number.MAX_SAFE_INTEGER;

/**
 * Counts ranked ballots by the Scottish STV rules. Quota: ⌊valid / (seats + 1)⌋ + 1 (rule 46); a
 * candidate with at least the quota is elected (rule 47). The largest surplus is transferred first
 * (rule 49), passing on every ballot the candidate holds at transfer value ⌊surplus × value /
 * total⌋ to five decimals (rule 48). With no surplus to transfer, the candidate with fewest votes
 * is excluded and their ballots pass on at the value they arrived with (rule 50). Ties look back to
 * the latest stage where the tied candidates differed, then go to the lot (rules 49, 51). When as
 * many continuing candidates remain as vacancies, they are elected (rule 52). Preferences for
 * candidates who are elected, excluded or withdrawn are ignored ("next available preference",
 * article 2). A ballot whose first preference is not for exactly one candidate is invalid (rule 43);
 * one whose next available preference is shared equally by two or more continuing candidates is
 * non-transferable there.
 */
export function tallyScottishStv(
  profile: BallotProfile,
  options: TallyOptions,
): ElectionResult {
  const m = profile.candidates;
  const seats = options.seats;
  const withdrawn = withdrawnFlags(m, options.withdrawn);
  const standing = standingCandidates(withdrawn);
  const continuing = new Uint8Array(m);
  for (const c of standing) continuing[c] = 1;
  const { offsets, prefs, weights } = profile;
  const n = profile.ballots;

  const at = new Int32Array(n);
  const value = new Int32Array(n);
  const piles = new Piles(m, n);
  // Votes are integers of units; with integer weights every sum is exact in any order.
  const inBallotOrder = sumsExactInAnyOrder(profile, UNIT);
  const votes = new Float64Array(m);
  let invalid = 0;
  for (let b = 0; b < n; b++) {
    const start = offsets[b]!;
    const end = offsets[b + 1]!;
    const p = seekContinuing(profile, continuing, start, end);
    if (p < 0) {
      invalid += weights[b]!;
      at[b] = -1;
      continue;
    }
    at[b] = p;
    value[b] = UNIT;
    const c = prefs[p]!;
    votes[c]! += weights[b]! * UNIT;
    piles.push(c, b);
  }
  const valid = profile.totalWeight - invalid;
  const quota = (Math.floor(valid / (seats + 1)) + 1) * UNIT;

  const lot = new Lot(profile);
  const history: Float64Array[] = [];
  const rounds: CountStep[] = [];
  const elected: number[] = [];
  const surplusPending: number[] = [];
  let left = standing.length;
  let exhausted = 0;
  let lostToRounding = 0;

  /** Rules 47 and 52 at the end of a stage: who is now elected. */
  const electAtEndOfStage = (): CountDecision[] => {
    const decisions: CountDecision[] = [];
    const reached: number[] = [];
    for (let c = 0; c < m; c++)
      if (continuing[c] === 1 && votes[c]! >= quota) reached.push(c);
    for (const pick of orderByVotes(reached, votes, history, lot)) {
      if (elected.length >= seats) break;
      const c = pick.candidate;
      continuing[c] = 0;
      left--;
      elected.push(c);
      if (votes[c]! > quota) surplusPending.push(c);
      decisions.push(decide(c, "elected", "quota-reached", pick.reasons));
    }
    const vacancies = seats - elected.length;
    if (vacancies > 0 && left <= vacancies) {
      const rest = standing.filter((c) => continuing[c] === 1);
      for (const pick of orderByVotes(rest, votes, history, lot)) {
        const c = pick.candidate;
        continuing[c] = 0;
        left--;
        elected.push(c);
        decisions.push(decide(c, "elected", "last-vacancies", pick.reasons));
      }
    }
    return decisions;
  };

  const record = (
    fields: Omit<
      Parameters<typeof countStep>[0],
      "round" | "tallies" | "decisions"
    >,
  ): void => {
    const decisions = electAtEndOfStage();
    rounds.push(
      countStep({
        round: rounds.length + 1,
        tallies: Array.from(votes, (v) => v / UNIT),
        decisions,
        exhausted: exhausted / UNIT,
        lostToRounding: lostToRounding / UNIT,
        quota: quota / UNIT,
        ...fields,
      }),
    );
    history.push(votes.slice());
  };

  record({ action: "first-preferences" });

  while (elected.length < seats && left > 0) {
    const moved = new Float64Array(m);
    let lost = 0;
    const transfersFrom = (from: number): Transfer[] => {
      const out: Transfer[] = [];
      for (let c = 0; c < m; c++)
        if (moved[c]! > 0) {
          votes[c]! += moved[c]!;
          out.push({ from, to: c, votes: moved[c]! / UNIT });
        }
      if (lost > 0) out.push({ from, to: -1, votes: lost / UNIT });
      return out;
    };

    if (surplusPending.length > 0) {
      // Rule 49: the largest surplus first; equal surpluses by earlier stages, then lot.
      let largest = 0;
      for (const c of surplusPending)
        if (votes[c]! > largest) largest = votes[c]!;
      const pick = breakTie(
        surplusPending.filter((c) => votes[c] === largest),
        history,
        "highest",
        lot,
      );
      const from = pick.candidate;
      surplusPending.splice(surplusPending.indexOf(from), 1);
      const total = votes[from]!;
      const surplus = total - quota;
      const transferValues = new Map<number, number>();
      lost = passOn(
        profile,
        continuing,
        at,
        value,
        piles,
        inBallotOrder,
        from,
        moved,
        {
          surplus,
          total,
          transferValues,
        },
      );
      let passed = lost;
      for (let c = 0; c < m; c++) passed += moved[c]!;
      const transfers = transfersFrom(from);
      exhausted += lost;
      lostToRounding += surplus - passed;
      votes[from] = quota;
      record({
        action: "surplus",
        candidate: from,
        transfers,
        transferValues: [...new Set(transferValues.values())]
          .sort((a, b) => b - a)
          .map((v) => v / UNIT),
      });
      continue;
    }

    // Rule 50: exclude the candidate with fewest votes; their ballots keep their values.
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
    lost = passOn(
      profile,
      continuing,
      at,
      value,
      piles,
      inBallotOrder,
      loser,
      moved,
      null,
    );
    votes[loser] = 0;
    const transfers = transfersFrom(loser);
    exhausted += lost;
    const exclusion = decide(loser, "excluded", "lowest-votes", pick.reasons);
    const before = rounds.length;
    record({ action: "exclusion", candidate: loser, transfers });
    const step = rounds[before]!;
    rounds[before] = countStep({
      ...step,
      decisions: [exclusion, ...step.decisions],
    });
  }

  return {
    method: "scottish-stv",
    seats,
    candidates: m,
    elected,
    rounds,
    withdrawn: withdrawnList(withdrawn),
    valid,
    invalid,
    quota: quota / UNIT,
    ...(lot.used ? { lot: lot.result()! } : {}),
  };
}

/** A surplus transfer: its size, the transferring candidate's total, and the values used so far. */
interface SurplusTransfer {
  readonly surplus: number;
  readonly total: number;
  /** The transfer value for each value received (rule 48), filled as ballots are passed on. */
  readonly transferValues: Map<number, number>;
}

/**
 * Moves every ballot in `from`'s pile to its next continuing preference, adding what each carries
 * to `moved`; returns what none of them can carry on. An exclusion (`transfer` null) passes each
 * ballot at the value it arrived with, a surplus at its transfer value. One function at module
 * level, not a closure per stage: a count of a million ballots spends its time here, and a new
 * closure or callback at each stage sent the optimised loop back to the interpreter each time.
 */
function passOn(
  profile: BallotProfile,
  continuing: Uint8Array,
  at: Int32Array,
  value: Int32Array,
  piles: Piles,
  inBallotOrder: boolean,
  from: number,
  moved: Float64Array,
  transfer: SurplusTransfer | null,
): number {
  const { offsets, prefs, weights } = profile;
  let lost = 0;
  // Nearly every ballot of a pile arrived at the same value: its transfer value is kept at hand.
  let lastReceived = -1;
  let lastValue = 0;
  const { list, length } = piles.take(from, inBallotOrder);
  for (let k = length - 1; k >= 0; k--) {
    const b = list[k]!;
    const end = offsets[b + 1]!;
    let v = value[b]!;
    if (transfer !== null) {
      if (v === lastReceived) v = lastValue;
      else {
        lastReceived = v;
        let tv = transfer.transferValues.get(v);
        if (tv === undefined) {
          tv = truncatedTransferValue(transfer.surplus, v, transfer.total);
          transfer.transferValues.set(v, tv);
        }
        lastValue = tv;
        v = tv;
      }
    }
    const p = nextContinuing(profile, continuing, at[b]!, end);
    if (p < 0) {
      at[b] = -1;
      lost += weights[b]! * v;
    } else {
      at[b] = p;
      value[b] = v;
      const c = prefs[p]!;
      moved[c]! += weights[b]! * v;
      piles.push(c, b);
    }
  }
  return lost;
}

/**
 * Rule 48(3): surplus × value ÷ total, to five decimal places with any remainder ignored. All three
 * are in units of 0.00001, so the result in units is ⌊surplus × value / total⌋; the product can pass
 * 2^53, where BigInt keeps it exact.
 */
function truncatedTransferValue(
  surplus: number,
  received: number,
  total: number,
): number {
  const product = surplus * received;
  if (product <= SAFE || !Number.isInteger(surplus) || !Number.isInteger(total))
    return Math.floor(product / total);
  return Number((BigInt(surplus) * BigInt(received)) / BigInt(total));
}
