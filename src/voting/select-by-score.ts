/** @module Single-round methods (plurality, approval): elect the `seats` candidates with the highest scores. */
import { countStep, decide } from "./count-step.js";
import type { Lot } from "./lot.js";
import { orderByVotes } from "./tie-break.js";
import type { CountReason, CountStep } from "./types.js";

/** The one round of a single-round method and the candidates it elects, in order. */
export function selectByScore(
  scores: Float64Array,
  standing: readonly number[],
  seats: number,
  lot: Lot,
): { elected: number[]; round: CountStep } {
  const chosen = orderByVotes(standing, scores, [], lot, 0, seats);
  const elected = chosen.map((t) => t.candidate);
  // A tie matters only where it decides who is elected or in which order; the lot's reason is kept there.
  const round = countStep({
    round: 1,
    action: "first-preferences",
    tallies: Array.from(scores),
    decisions: chosen.map((t) =>
      decide(t.candidate, "elected", "most-votes", t.reasons as CountReason[]),
    ),
  });
  return { elected, round };
}
