/** @module comment.posted — a comment on an open motion; redactable: its text can be dropped everywhere. */
import { z } from "zod";
import { ownBody } from "../body/apply.js";
import { type ApplyContext, defineHandler } from "../fold/context.js";
import { actorOf } from "../fold/fold.js";
import { requireTakingPart } from "../member/apply.js";
import { ownMotion } from "../motion/apply.js";
import { fail, ok } from "../result.js";
import { hexId, languageTag } from "../text/i18n-text.js";

/** The member the signing key of held event `x` acted for, as the current event knows that key. */
export function writerOf(ctx: ApplyContext, x: number): string {
  return actorOf(ctx.state, ctx.index.keys[ctx.index.keyOf[x]!]!, ctx.knows);
}

export const commentPosted = defineHandler({
  type: "comment.posted",
  redactable: true,
  schema: z
    .object({
      motion: hexId,
      text: z.string().min(1).max(10_000),
      lang: languageTag,
    })
    .strict(),
  apply(ctx, p) {
    const motion = ownMotion(ctx, p.motion);
    if (!motion.ok)
      return motion.error.code === "MOTION_NOT_FOUND"
        ? motion
        : fail("MOTION_NOT_OPEN", { motion: p.motion });
    const body = ownBody(ctx);
    if (!body.ok) return body;
    const member = requireTakingPart(ctx, motion.value.body);
    if (!member.ok) return member;
    ctx.state.commentBody.set(ctx.event.id, motion.value.body);
    ctx.state.commentMotion.set(ctx.event.id, p.motion);
    ctx.state.comments.push(p.motion, {
      id: ctx.event.id,
      member: ctx.actor,
      text: p.text,
      lang: p.lang,
      time: ctx.event.time,
    });
    return ok(undefined);
  },
});
