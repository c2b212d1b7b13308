/**
 * @module event.redacted — a body's chairs drop the payload of an event (e.g. a comment
 * where an informer posted names and addresses), or a member drops the text of a comment of
 * their own (deleting it). Replicas drop the payload; the envelope stays, so the chain still
 * verifies. Where the body's rules say so, only a vote redacts another member's comment.
 */
import { z } from "zod";
import { ownBody, requireChair } from "../body/apply.js";
import { writerOf } from "../comment/apply.js";
import { type ApplyContext, defineHandler } from "../fold/context.js";
import { rulesIn } from "../member/authority.js";
import { checkRedactionTarget } from "../motion/apply.js";
import { fail, ok } from "../result.js";
import { hexId } from "../text/i18n-text.js";

/**
 * True when `target` is a comment of this body, in the event's causal past, written by the
 * member the redacting key acts for (as this event knows the keys of both).
 */
function isOwnComment(
  ctx: ApplyContext,
  body: string,
  target: string,
): boolean {
  const x = ctx.index.indexOf(target);
  const type = x < 0 ? "" : ctx.typeOf(x);
  if (
    x < 0 ||
    !ctx.knows(x) ||
    (type !== "comment.posted" && type !== "comment.edited")
  )
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
    })
    .strict(),
  apply(ctx, p) {
    const bodyId = ctx.event.scope;
    const body = ownBody(ctx);
    if (!body.ok) return body;
    // A member may always take back what they wrote; anyone else's text needs the chairs
    // (or a vote, as the body's rules say).
    if (!isOwnComment(ctx, bodyId, p.event)) {
      const rules = rulesIn(ctx, bodyId) ?? body.value.rules;
      if (rules.redaction !== "chairs")
        return fail("REDACTION_BY_VOTE_ONLY", { body: bodyId });
      const chair = requireChair(ctx, bodyId);
      if (!chair.ok) return chair;
    }
    const target = checkRedactionTarget(ctx, bodyId, p.event);
    if (!target.ok) return target;
    const redact = (target: string) => {
      if (!ctx.state.redactions.has(target))
        ctx.state.redactions.set(target, {
          target,
          by: ctx.actor,
          body: bodyId,
          event: ctx.event.id,
        });
    };
    redact(p.event);
    // A comment goes with its later versions (an edit that arrives after is dropped too:
    // comment/edit.ts).
    for (const edit of ctx.state.commentEdits.get(p.event)) redact(edit.id);
    return ok(undefined);
  },
});
