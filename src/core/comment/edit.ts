/**
 * @module comment.edited — the author of a comment gives it a new text while its motion is open.
 * The comment shows its latest version and keeps the earlier ones visible (an edit never
 * rewrites what others already read). Redactable like the comment: a member who deletes their
 * comment deletes its versions with it (event.redacted).
 */
import { z } from "zod";
import { ownBody } from "../body/apply.js";
import { defineHandler } from "../fold/context.js";
import { ownMotion } from "../motion/apply.js";
import { fail, ok } from "../result.js";
import { hexId, languageTag } from "../text/i18n-text.js";
import { writerOf } from "./apply.js";

export const commentEdited = defineHandler({
  type: "comment.edited",
  redactable: true,
  schema: z
    .object({
      comment: hexId,
      text: z.string().min(1).max(10_000),
      lang: languageTag,
    })
    .strict(),
  apply(ctx, p) {
    const body = ownBody(ctx);
    if (!body.ok) return body;
    const x = ctx.index.indexOf(p.comment);
    const motion = ctx.state.commentMotion.get(p.comment);
    if (
      x < 0 ||
      !ctx.knows(x) ||
      ctx.typeOf(x) !== "comment.posted" ||
      ctx.index.scopeIdOf(x) !== ctx.event.scope ||
      motion === undefined
    )
      return fail("COMMENT_NOT_FOUND", { comment: p.comment });
    // A version of a comment already deleted goes the way of the comment: its text is dropped
    // (kept as an invalid event, it would stay in every copy).
    const gone = ctx.state.redactions.get(p.comment);
    if (gone !== undefined) {
      ctx.state.redactions.set(ctx.event.id, {
        ...gone,
        target: ctx.event.id,
      });
      return ok(undefined);
    }
    const author = writerOf(ctx, x);
    if (author !== ctx.actor)
      return fail("NOT_THE_AUTHOR", { comment: p.comment });
    const open = ownMotion(ctx, motion);
    if (!open.ok)
      return open.error.code === "MOTION_NOT_FOUND"
        ? open
        : fail("MOTION_NOT_OPEN", { motion });
    ctx.state.commentEdits.push(p.comment, {
      id: ctx.event.id,
      text: p.text,
      lang: p.lang,
      time: ctx.event.time,
    });
    return ok(undefined);
  },
});
