/**
 * @module event.redacted — a body's chairs drop the payload of an event (e.g. a comment
 * where an informer posted names and addresses). Replicas drop the payload; the envelope
 * stays, so the chain still verifies. Where the body's rules say so, only a vote redacts.
 */
import { z } from "zod";
import { ownBody, requireChair } from "../body/apply.js";
import { defineHandler } from "../fold/context.js";
import { rulesIn } from "../member/authority.js";
import { checkRedactionTarget } from "../motion/apply.js";
import { fail, ok } from "../result.js";
import { hexId } from "../text/i18n-text.js";

export const eventRedacted = defineHandler({
  type: "event.redacted",
  schema: z
    .object({
      event: hexId,
      reason: z.string().max(500).optional(),
    })
    .strict(),
  apply(ctx, p) {
    const bodyId = ctx.event.scope;
    const body = ownBody(ctx);
    if (!body.ok) return body;
    const rules = rulesIn(ctx, bodyId) ?? body.value.rules;
    if (rules.redaction !== "chairs")
      return fail("REDACTION_BY_VOTE_ONLY", { body: bodyId });
    const chair = requireChair(ctx, bodyId);
    if (!chair.ok) return chair;
    const target = checkRedactionTarget(ctx, bodyId, p.event);
    if (!target.ok) return target;
    if (!ctx.state.redactions.has(p.event))
      ctx.state.redactions.set(p.event, {
        target: p.event,
        by: ctx.actor,
        body: bodyId,
        event: ctx.event.id,
      });
    return ok(undefined);
  },
});
