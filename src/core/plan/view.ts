/**
 * @module The planning view (`kenges plan show`): per body and period, the declarations in
 * force in the body's own scope, its totals, and for a council the totals each body below
 * carried up and the limits its motion set. Computed from the state, not part of its hash.
 */
import type { FoldState } from "../fold/state.js";
import { pairKey } from "../fold/state.js";
import type {
  NeedDeclaration,
  PlanLimitsRecord,
  PlanTotals,
  ProcessDeclaration,
} from "./model.js";
import {
  bodyTotals,
  type ChildTotals,
  declarationsOf,
  labourOf,
  planPeriodsOf,
} from "./totals.js";

/** One body's planning round for a period, as this replica holds it. */
export interface PlanView {
  readonly body: string;
  readonly period: string;
  /** The declarations in force in the body's scope (none held for a body this replica cannot read). */
  readonly processes: readonly ProcessDeclaration[];
  readonly needs: readonly NeedDeclaration[];
  /** What the body's attesters carry up: its declarations, and a council's children's totals, summed. */
  readonly totals: PlanTotals;
  /** Hours by skill at full capacity. */
  readonly labour: readonly {
    readonly skill: string;
    readonly hours: string;
  }[];
  readonly round: string;
  /** For a council: each body below's latest attested totals. */
  readonly children: readonly ChildTotals[];
  /** For a council: its limits for the period, once a plan-limits motion was adopted. */
  readonly limits: PlanLimitsRecord | null;
}

/** The planning rounds held, per body and period (one body's, when named), sorted. */
export function planViews(
  state: FoldState,
  options: { readonly body?: string; readonly period?: string } = {},
): PlanView[] {
  const bodies =
    options.body !== undefined ? [options.body] : [...state.bodies.keys()];
  const out: PlanView[] = [];
  for (const body of bodies.sort())
    for (const period of planPeriodsOf(state, body)) {
      if (options.period !== undefined && period !== options.period) continue;
      const { processes, needs } = declarationsOf(state, body, period);
      const t = bodyTotals(state, body, period);
      out.push({
        body,
        period,
        processes,
        needs,
        totals: t.totals,
        labour: labourOf(t.totals),
        round: t.round,
        children: t.children,
        limits: state.planLimits.get(pairKey(body, period)) ?? null,
      });
    }
  return out;
}
