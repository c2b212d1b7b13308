/**
 * @module plan.process-declared and plan.need-declared — a body's chair declares, in the body's
 * own scope, a process its workplace runs or a need it has for a period. A later declaration
 * of the same process (or the same product, tier and region) replaces it: the latest in fold
 * order is in force, and "0" withdraws it. The council never reads these: the body's attesters
 * carry its totals up (claim `plan-totals`).
 */
import { ownBody, requireChair } from "../body/apply.js";
import type { ApplyContext } from "../fold/context.js";
import { defineHandler } from "../fold/context.js";
import { pairKey } from "../fold/state.js";
import { fail, ok } from "../result.js";
import {
  actualReportSchema,
  needDeclarationSchema,
  type PlanLimitsRecord,
  type PlanLimitsSubject,
  processDeclarationSchema,
} from "./model.js";

/**
 * The event's author chairs the workplace assembly whose scope it is in: processes are declared,
 * and what they made reported, where the work is done.
 */
function workplaceChair(ctx: ApplyContext) {
  const body = ownBody(ctx);
  if (!body.ok) return body;
  if (body.value.kind !== "assembly" || body.value.setting !== "workplace")
    return fail("BODY_KIND_INVALID", {
      body: ctx.event.scope,
      kind: body.value.kind,
    });
  return requireChair(ctx, ctx.event.scope);
}

/** A declaration as the fold keeps it: its payload, with where, by which event, whom and when. */
function signedIn<P extends object>(ctx: ApplyContext, p: P) {
  return {
    ...p,
    body: ctx.event.scope,
    event: ctx.event.id,
    by: ctx.actor,
    time: ctx.event.time,
  };
}

export const planProcessDeclared = defineHandler({
  type: "plan.process-declared",
  schema: processDeclarationSchema,
  apply(ctx, p) {
    const chair = workplaceChair(ctx);
    if (!chair.ok) return chair;
    ctx.state.planProcesses.set(
      pairKey(ctx.event.scope, `${p.period} ${p.name}`),
      signedIn(ctx, p),
    );
    return ok(undefined);
  },
});

/**
 * plan.actual-reported — a workplace's chair reports what a process it declared for the period
 * made so far; a later report of the process and period replaces the earlier. Like the
 * declarations it stays in the workplace's scope: only the totals rise.
 */
export const planActualReported = defineHandler({
  type: "plan.actual-reported",
  schema: actualReportSchema,
  apply(ctx, p) {
    const chair = workplaceChair(ctx);
    if (!chair.ok) return chair;
    // Only a process the workplace declared for the period, and has not withdrawn.
    const key = pairKey(ctx.event.scope, `${p.period} ${p.name}`);
    const declared = ctx.state.planProcesses.get(key);
    if (declared === undefined || declared.capacity === "0")
      return fail("PLAN_PROCESS_UNKNOWN", {
        body: ctx.event.scope,
        period: p.period,
        name: p.name,
      });
    ctx.state.planActuals.set(key, signedIn(ctx, p));
    return ok(undefined);
  },
});

export const planNeedDeclared = defineHandler({
  type: "plan.need-declared",
  schema: needDeclarationSchema,
  apply(ctx, p) {
    const body = ownBody(ctx);
    if (!body.ok) return body;
    // Assemblies declare their people's needs, councils collective ones; a committee neither.
    if (body.value.kind === "committee")
      return fail("BODY_KIND_INVALID", {
        body: ctx.event.scope,
        kind: body.value.kind,
      });
    const chair = requireChair(ctx, ctx.event.scope);
    if (!chair.ok) return chair;
    ctx.state.planNeeds.set(
      pairKey(
        ctx.event.scope,
        `${p.period} ${p.product} ${p.tier} ${p.region}`,
      ),
      signedIn(ctx, p),
    );
    return ok(undefined);
  },
});

/** Sets a council's limits for a period when its `plan-limits` motion is adopted (close.ts). */
export function setPlanLimits(
  ctx: ApplyContext,
  council: string,
  motion: string,
  subject: PlanLimitsSubject,
): void {
  const { kind: _kind, ...limits } = subject;
  const record: PlanLimitsRecord = {
    ...limits,
    council,
    motion,
    adoptedAt: ctx.event.time,
  };
  ctx.state.planLimits.set(pairKey(council, subject.period), record);
}
