/** @module Yes/no/abstain with a quorum and a threshold: how assemblies decide motions. */
import type {
  DecisionResult,
  Threshold,
  Weighted,
  YesNoChoice,
} from "../types.js";

/** What a yes/no/abstain vote needs: the ballots, who may vote, the quorum and the threshold. */
export interface YesNoAbstainInput {
  readonly ballots: readonly Weighted<YesNoChoice>[];
  /** Total weight of everyone entitled to vote. */
  readonly eligible: number;
  /** Share of `eligible` that must take part (yes, no or abstain), in percent 0–100. */
  readonly quorumPercent: number;
  readonly threshold: Threshold;
}

/**
 * Decides a yes/no/abstain vote. Abstentions count for the quorum only. Thresholds:
 * simple (yes > no), two-thirds (3·yes ≥ 2·(yes + no), and yes > 0), absolute (2·yes > eligible).
 */
export function tallyYesNoAbstain(input: YesNoAbstainInput): DecisionResult {
  let yes = 0;
  let no = 0;
  let abstain = 0;
  for (const { choice, weight } of input.ballots) {
    if (choice === "yes") yes += weight;
    else if (choice === "no") no += weight;
    else abstain += weight;
  }
  const present = yes + no + abstain;
  // Integer arithmetic on percent avoids rounding disputes: present·100 ≥ eligible·quorum.
  const quorumRequired = Math.ceil(
    (input.eligible * input.quorumPercent) / 100,
  );
  const base = {
    method: "yes-no-abstain" as const,
    yes,
    no,
    abstain,
    present,
    quorumRequired,
    threshold: input.threshold,
  };
  if (present * 100 < input.eligible * input.quorumPercent || present === 0)
    return { ...base, outcome: "no-quorum" };
  let passed: boolean;
  switch (input.threshold) {
    case "simple":
      passed = yes > no;
      break;
    case "two-thirds":
      passed = yes > 0 && 3 * yes >= 2 * (yes + no);
      break;
    case "absolute":
      passed = 2 * yes > input.eligible;
      break;
  }
  return { ...base, outcome: passed ? "adopted" : "rejected" };
}
