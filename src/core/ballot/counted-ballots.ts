/**
 * @module Which ballots count at a close: for each voter eligible in the close's causal
 * past, their causally latest ballot in that past (of concurrent ones, the lowest id).
 */
import type { CausalIndex } from "../fold/causal-index.js";
import type { FoldState } from "../fold/state.js";
import { type CausalView, isMemberIn } from "../member/authority.js";
import type { BallotRecord } from "../motion/model.js";

/** The eligible voters and the ballot that counts for each voter who cast one. */
export interface CountedBallots {
  readonly eligible: readonly string[];
  readonly counted: readonly BallotRecord[];
}

/** Selects the counted ballots of a motion at the close event `close`. */
export function countedBallots(
  state: FoldState,
  index: CausalIndex,
  motion: string,
  body: string,
  close: number,
): CountedBallots {
  const all = state.ballots.get(motion);
  let minHeight = index.heightOf[close]!;
  for (const b of all) minHeight = Math.min(minHeight, index.heightOf[b.at]!);
  // One walk of the close's past answers "is this ballot known?" for every ballot.
  const inPast = index.pastAbove(close, minHeight);
  const view: CausalView = {
    state,
    knows: (x) => index.precedes(x, close),
    precedes: (x, y) => index.precedes(x, y),
  };
  const eligible = [...new Set(state.bodyMembers.get(body))]
    .filter((m) => isMemberIn(view, body, m))
    .sort();
  const isEligible = new Set(eligible);
  const byVoter = new Map<string, BallotRecord[]>();
  for (const b of all) {
    if (!isEligible.has(b.member) || !inPast(b.at)) continue;
    const list = byVoter.get(b.member);
    if (list === undefined) byVoter.set(b.member, [b]);
    else list.push(b);
  }
  const counted: BallotRecord[] = [];
  for (const voter of [...byVoter.keys()].sort()) {
    const list = byVoter.get(voter)!;
    const latest = list.filter(
      (b) => !list.some((c) => c !== b && index.precedes(b.at, c.at)),
    );
    latest.sort((a, b) => (a.id < b.id ? -1 : 1));
    counted.push(latest[0]!);
  }
  return { eligible, counted };
}
