/**
 * @module action.answered — a body answers a council's call to action, in its own scope;
 * answers can change. Its attesters carry the answers up to its council (a roll-up).
 */
import { z } from "zod";
import { ownBody, requireChair } from "../body/apply.js";
import { type ApplyContext, defineHandler } from "../fold/context.js";
import { pairKey } from "../fold/state.js";
import { membersIn } from "../member/authority.js";
import { fail, ok, type Result } from "../result.js";
import { isBelowIn } from "../seat/authority.js";
import { hexId } from "../text/i18n-text.js";
import { ANSWERS, type CallRecord } from "./model.js";

/** A call the current event knows: adopted (its close known) in a council it can see. */
export function knownCall(ctx: ApplyContext, call: string): Result<CallRecord> {
  const record = ctx.state.calls.get(call);
  if (record === undefined || !ctx.sees(record.council))
    return fail("CALL_NOT_FOUND", { call });
  const adopted = ctx.state.closeFacts.get(call);
  if (adopted === undefined || !ctx.knows(adopted))
    return fail("CALL_NOT_FOUND", { call });
  return ok(record);
}

/** True when the call reaches `body`, as the current event knows the links. */
export function isInCallScope(
  ctx: ApplyContext,
  call: CallRecord,
  body: string,
): boolean {
  if (call.scope === "all") return isBelowIn(ctx, body, call.council);
  return call.scope.some((b) => b === body || isBelowIn(ctx, body, b));
}

export const actionAnswered = defineHandler({
  type: "action.answered",
  schema: z
    .object({
      call: hexId,
      answer: z.enum(ANSWERS),
      headcount: z.number().int().min(0).max(10_000_000),
      note: z.string().min(1).max(1000).optional(),
    })
    .strict(),
  apply(ctx, p) {
    const bodyId = ctx.event.scope;
    const call = knownCall(ctx, p.call);
    if (!call.ok) return call;
    const body = ownBody(ctx);
    if (!body.ok) return body;
    if (!isInCallScope(ctx, call.value, bodyId))
      return fail("NOT_IN_SCOPE", { body: bodyId, call: p.call });
    const chair = requireChair(ctx, bodyId);
    if (!chair.ok) return chair;
    // People are counted where they are members: a council has none of its own (its
    // delegates count in their assemblies), and a body cannot report more people than it has.
    const members =
      body.value.kind === "council" ? 0 : membersIn(ctx, bodyId).length;
    if (p.headcount > members)
      return fail("HEADCOUNT_INVALID", {
        body: bodyId,
        headcount: p.headcount,
        members,
      });
    ctx.state.answers.push(pairKey(bodyId, p.call), {
      event: ctx.event.id,
      call: p.call,
      body: bodyId,
      answer: p.answer,
      headcount: p.headcount,
      note: p.note ?? null,
      by: ctx.actor,
      time: ctx.event.time,
    });
    return ok(undefined);
  },
});
