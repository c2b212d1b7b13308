/**
 * @module Which ballots count at a close, and how much each weighs: for each voter eligible
 * in the close's causal past, their causally latest ballot in that past (of concurrent ones,
 * the lowest id). In a council whose rules weigh delegates by the members they represent,
 * a delegate's ballot weighs the members their body's attesters reported, divided by the
 * body's seats.
 */
import type { Rules } from "../body/model.js";
import type { CausalIndex } from "../fold/causal-index.js";
import type { CausalView } from "../member/authority.js";
import type { BallotRecord } from "../motion/model.js";
import {
  attestedCountIn,
  linkSeatsIn,
  seatsOf,
  votersIn,
} from "../seat/authority.js";
import { countedSecretBallots } from "../secret-ballot/counted-secret-ballots.js";
import type { SecretCount } from "../secret-ballot/model.js";

/** A ballot that counts, with its weight. */
export interface CountedBallot {
  readonly ballot: BallotRecord;
  readonly weight: number;
}

/** The eligible voters, their total weight, and the ballot that counts for each who voted. */
export interface CountedBallots {
  readonly eligible: readonly string[];
  readonly eligibleWeight: number;
  readonly counted: readonly CountedBallot[];
  /** For a secret motion: double spends and issuances the close found; null otherwise. */
  readonly secret: SecretCount | null;
}

/**
 * Each voter's weight: 1, or for weighted councils the members their seats represent (a body
 * whose attesters have not reported a count weighs one per seat).
 */
function weightOf(
  view: CausalView,
  body: string,
  voter: string,
  weighted: boolean,
): number {
  if (!weighted) return 1;
  let weight = 0;
  for (const child of seatsOf(view, body, voter)) {
    const count = attestedCountIn(view, body, child);
    const seats = linkSeatsIn(view, child, body);
    weight += count === null ? 1 : count / seats;
  }
  return weight;
}

/**
 * Selects and weighs the counted ballots of a motion of `body` for the close event `close`,
 * whose causal past `view` is.
 */
export function countedBallots(
  view: CausalView,
  index: CausalIndex,
  motion: string,
  body: string,
  close: number,
  rules: Rules,
): CountedBallots {
  const state = view.state;
  // A secret motion counts its one-time keys' ballots, one each, against the roll frozen at
  // its opening; from here on the count is the same as an open one's.
  const secret = state.secretMotions.get(motion);
  if (secret !== undefined) {
    const found = countedSecretBallots(state, index, secret, close);
    return {
      eligible: found.eligible,
      eligibleWeight: found.eligible.length,
      counted: found.counted.map((ballot) => ({ ballot, weight: 1 })),
      secret: {
        uncounted: found.uncounted,
        issued: found.issued,
        overIssued: found.overIssued,
      },
    };
  }
  const all = state.ballots.get(motion);
  let minHeight = index.heightOf[close]!;
  for (const b of all) minHeight = Math.min(minHeight, index.heightOf[b.at]!);
  // One walk of the close's past answers "is this ballot known?" for every ballot.
  const inPast = index.pastAbove(close, minHeight);
  // A vote in a meeting: the roll of those present at its opening, frozen there.
  const eligible = state.motions.get(motion)?.roll ?? votersIn(view, body);
  const weighted =
    rules.delegateWeight === "represented" &&
    state.bodies.get(body)?.kind === "council";
  const weights = new Map(
    eligible.map((m) => [m, weightOf(view, body, m, weighted)]),
  );
  let eligibleWeight = 0;
  for (const w of weights.values()) eligibleWeight += w;
  const byVoter = new Map<string, BallotRecord[]>();
  for (const b of all) {
    if (!weights.has(b.member) || !inPast(b.at)) continue;
    const list = byVoter.get(b.member);
    if (list === undefined) byVoter.set(b.member, [b]);
    else list.push(b);
  }
  const counted: CountedBallot[] = [];
  for (const voter of [...byVoter.keys()].sort()) {
    const list = byVoter.get(voter)!;
    const latest = list.filter(
      (b) => !list.some((c) => c !== b && index.precedes(b.at, c.at)),
    );
    latest.sort((a, b) => (a.id < b.id ? -1 : 1));
    counted.push({ ballot: latest[0]!, weight: weights.get(voter)! });
  }
  return { eligible, eligibleWeight, counted, secret: null };
}
