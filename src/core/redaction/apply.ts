/**
 * @module event.redacted — a body's chairs drop the payload of an event (e.g. a comment
 * where an informer posted names and addresses). Replicas drop the payload; the envelope
 * stays, so the chain still verifies. Where the body's rules say so, only a vote redacts.
 */
import { z } from "zod";
import { liveBody, requireChair } from "../body/apply.js";
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
      body: hexId,
      reason: z.string().max(500).optional(),
    })
    .strict(),
  apply(ctx, p) {
    const body = liveBody(ctx, p.body);
    if (!body.ok) return body;
    const rules = rulesIn(ctx, p.body) ?? body.value.rules;
    if (rules.redaction !== "chairs")
      return fail("REDACTION_BY_VOTE_ONLY", { body: p.body });
    const chair = requireChair(ctx, p.body);
    if (!chair.ok) return chair;
    const target = checkRedactionTarget(ctx, p.body, p.event);
    if (!target.ok) return target;
    if (!ctx.state.redactions.has(p.event))
      ctx.state.redactions.set(p.event, {
        target: p.event,
        by: ctx.actor,
        body: p.body,
        event: ctx.event.id,
      });
    return ok(undefined);
  },
});
