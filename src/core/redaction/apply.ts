/**
 * @module event.redacted — a body's chairs drop the payload of an event (a comment, a join
 * request's name, a motion's title and text: wherever an informer posted names and addresses),
 * or a member drops the text of their own. Replicas drop the payload; the envelope stays, so
 * the chain still verifies. Where the body's rules say so, only a vote redacts another
 * member's text. A motion keeps its votes and result: the redaction carries the part of its
 * payload that is no text (see `RedactedForm`).
 */
import { z } from "zod";
import { ownBody, requireChair } from "../body/apply.js";
import { writerOf } from "../comment/apply.js";
import { type ApplyContext, defineHandler } from "../fold/context.js";
import { rulesIn } from "../member/authority.js";
import { checkRedactionTarget } from "../motion/apply.js";
import { fail, ok } from "../result.js";
import { hexId } from "../text/i18n-text.js";
import { checkKept, redact } from "./redact.js";

/** The types whose author may always take back what they wrote. */
const OWN_TEXT_TYPES = new Set([
  "comment.posted",
  "comment.edited",
  "member.join-requested",
  "motion.opened",
  "meeting.demanded",
  "meeting.item-proposed",
]);

/**
 * True when `target` is an event of this body carrying text, in the event's causal past,
 * signed by the member the redacting key acts for (as this event knows the keys of both).
 */
function isOwnText(ctx: ApplyContext, body: string, target: string): boolean {
  const x = ctx.index.indexOf(target);
  if (x < 0 || !ctx.knows(x) || !OWN_TEXT_TYPES.has(ctx.typeOf(x)))
    return false;
  if (ctx.index.scopeIdOf(x) !== body) return false;
  return writerOf(ctx, x) === ctx.actor;
}

export const eventRedacted = defineHandler({
  type: "event.redacted",
  schema: z
    .object({
      event: hexId,
      reason: z.string().max(500).optional(),
      /** What stays of the target's payload, for types with a redacted form (a motion). */
      keep: z.unknown().optional(),
    })
    .strict(),
  apply(ctx, p) {
    const bodyId = ctx.event.scope;
    const body = ownBody(ctx);
    if (!body.ok) return body;
    // A member may always take back what they wrote; anyone else's text needs the chairs
    // (or a vote, as the body's rules say).
    if (!isOwnText(ctx, bodyId, p.event)) {
      const rules = rulesIn(ctx, bodyId) ?? body.value.rules;
      if (rules.redaction !== "chairs")
        return fail("REDACTION_BY_VOTE_ONLY", { body: bodyId });
      const chair = requireChair(ctx, bodyId);
      if (!chair.ok) return chair;
    }
    const target = checkRedactionTarget(ctx, bodyId, p.event);
    if (!target.ok) return target;
    const kept = checkKept(ctx, p.event, p.keep);
    if (!kept.ok) return kept;
    redact(ctx, p.event, kept.value, { by: ctx.actor, body: bodyId });
    return ok(undefined);
  },
});
