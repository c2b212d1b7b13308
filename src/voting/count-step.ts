/** @module Building count-sheet rounds: the reasons of a round are derived from its decisions. */
import type { CountDecision, CountReason, CountStep } from "./types.js";

/** A round as a method describes it; `reasons`, `elected` and `excluded` follow from the decisions. */
export type StepFields = Omit<CountStep, "reasons" | "elected" | "excluded">;

/** Completes a round: elected and excluded in decision order, and the union of the reasons used. */
export function countStep(fields: StepFields): CountStep {
  const reasons: CountReason[] = [];
  const elected: number[] = [];
  const excluded: number[] = [];
  for (const d of fields.decisions) {
    (d.outcome === "elected" ? elected : excluded).push(d.candidate);
    for (const r of d.reasons) if (!reasons.includes(r)) reasons.push(r);
  }
  return { ...fields, elected, excluded, reasons };
}

/** A decision with its main reason followed by any tie-break reasons. */
export function decide(
  candidate: number,
  outcome: CountDecision["outcome"],
  reason: CountReason,
  tieReasons: readonly CountReason[] = [],
): CountDecision {
  return { candidate, outcome, reasons: [reason, ...tieReasons] };
}
