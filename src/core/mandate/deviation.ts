/** @module Comparing a delegate's ballot with the positions their bodies bound them to. */
import type { ApplyContext } from "../fold/context.js";
import { pairKey } from "../fold/state.js";
import type { CausalView } from "../member/authority.js";
import type { BallotChoice } from "../motion/model.js";
import { isSupersededIn, seatsOf } from "../seat/authority.js";
import type { MandateRecord } from "./model.js";

/**
 * The mandate of `body` for `council` in force in the view, as the body's attesters carried
 * it to the council (the causally latest one not superseded).
 */
export function mandateIn(
  view: CausalView,
  council: string,
  body: string,
): MandateRecord | null {
  if (!view.sees(council)) return null;
  const facts = view.state.mandateFacts.get(pairKey(council, body));
  for (let k = facts.length - 1; k >= 0; k--) {
    const f = facts[k]!;
    if (view.knows(f.at) && !isSupersededIn(view, council, f.claim))
      return f.value;
  }
  return null;
}

/** Two choices are the same when they say the same thing (approvals in any order). */
function sameChoice(a: BallotChoice, b: BallotChoice): boolean {
  const norm = (c: BallotChoice) =>
    "approve" in c
      ? JSON.stringify({ approve: [...c.approve].sort((x, y) => x - y) })
      : JSON.stringify(c);
  return norm(a) === norm(b);
}

/**
 * Records a deviation for every body the voter sits for on the ballot's council whose
 * mandate, as the voter could know it, binds a different choice on this motion.
 */
export function recordDeviations(
  ctx: ApplyContext,
  council: string,
  motion: string,
  choice: BallotChoice,
): void {
  for (const body of seatsOf(ctx, council, ctx.actor)) {
    const mandate = mandateIn(ctx, council, body);
    const bound = mandate?.positions.find((p) => p.motion === motion);
    if (!mandate || !bound || sameChoice(bound.choice, choice)) continue;
    ctx.state.deviations.push(council, {
      ballot: ctx.event.id,
      delegate: ctx.actor,
      body,
      council,
      motion,
      bound: bound.choice,
      cast: choice,
      mandate: mandate.motion,
      time: ctx.event.time,
    });
  }
}
