/**
 * @module A body's plan in force (#15): the variant its latest decided plan motion adopted.
 * A view of the state, not a record of its own (so not in the state hash): of the body's plan
 * motions decided with a variant elected, the one closed last in fold order — for a period, of
 * those that plan for it (a plan motion from before motions named a period plans for any).
 */
import type { FoldState } from "../fold/state.js";
import type { MotionRecord } from "../motion/model.js";
import { type PlanVariant, planVariantId } from "./plan-variants.js";

/** The plan a body adopted, and the vote that adopted it. */
export interface PlanInForce {
  readonly body: string;
  /** The plan motion that adopted it. */
  readonly motion: string;
  /** The adopted variant's index among the motion's variants, and the variant. */
  readonly index: number;
  readonly variant: PlanVariant;
  /** The period it plans for; null for a plan motion opened before motions named one. */
  readonly period: string | null;
  /** The id its close stated (planVariantId). */
  readonly id: string;
  readonly adoptedAt: number | null;
  /** The labels of the variants it was chosen from, in order. */
  readonly labels: readonly string[];
}

function adopted(m: MotionRecord): PlanInForce | null {
  const subject = m.subject;
  if (subject?.kind !== "plan" || m.status !== "decided") return null;
  if (m.outcome !== "elected" || m.result?.kind !== "election") return null;
  const index = m.result.election.elected[0];
  const variant = index === undefined ? undefined : subject.variants[index];
  if (index === undefined || variant === undefined) return null;
  return {
    body: m.body,
    motion: m.id,
    index,
    variant,
    period: subject.period ?? null,
    id: planVariantId(variant),
    adoptedAt: m.closedAt,
    labels: subject.variants.map((v) => v.label),
  };
}

/**
 * The body's plan in force, or null when no plan motion of it adopted one. With `period`, the
 * plan in force for that period: adopted by a plan motion for it, or by one naming no period.
 */
export function planInForce(
  state: FoldState,
  body: string,
  period?: string,
): PlanInForce | null {
  let best: PlanInForce | null = null;
  let bestAt = -1;
  for (const m of state.motions.values()) {
    if (m.body !== body || m.kind !== "plan") continue;
    const at = state.closeFacts.get(m.id);
    const a = at === undefined ? null : adopted(m);
    if (
      a !== null &&
      at! > bestAt &&
      (period === undefined || a.period === null || a.period === period)
    ) {
      best = a;
      bestAt = at!;
    }
  }
  return best;
}
