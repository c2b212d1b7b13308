/** @module action.answered — a body answers a council's call to action; answers can change. */
import { z } from "zod";
import { liveBody } from "../body/apply.js";
import { defineHandler } from "../fold/context.js";
import { fail, ok } from "../result.js";
import { isBelowIn, isChairIn } from "../seat/authority.js";
import { hexId } from "../text/i18n-text.js";
import { ANSWERS } from "./model.js";

export const actionAnswered = defineHandler({
  type: "action.answered",
  schema: z
    .object({
      call: hexId,
      body: hexId,
      answer: z.enum(ANSWERS),
      headcount: z.number().int().min(0).max(10_000_000),
      note: z.string().min(1).max(1000).optional(),
    })
    .strict(),
  apply(ctx, p) {
    const call = ctx.state.calls.get(p.call);
    const adopted = ctx.state.closeFacts.get(p.call);
    if (call === undefined || adopted === undefined || !ctx.knows(adopted))
      return fail("CALL_NOT_FOUND", { call: p.call });
    const body = liveBody(ctx, p.body);
    if (!body.ok) return body;
    const inScope =
      call.scope === "all"
        ? isBelowIn(ctx, p.body, call.council)
        : call.scope.includes(p.body);
    if (!inScope) return fail("NOT_IN_SCOPE", { body: p.body, call: p.call });
    if (!isChairIn(ctx, p.body, ctx.actor))
      return fail("NOT_A_CHAIR", { body: p.body, member: ctx.actor });
    ctx.state.answers.push(p.call, {
      event: ctx.event.id,
      call: p.call,
      body: p.body,
      answer: p.answer,
      headcount: p.headcount,
      note: p.note ?? null,
      by: ctx.actor,
      time: ctx.event.time,
    });
    return ok(undefined);
  },
});
