/**
 * @module What a redaction that holds does, however it was decided (a chair's or an author's
 * `event.redacted`, or an adopted redaction motion): which payloads go, and what a motion
 * keeps.
 */
import {
  type CanonicalValue,
  encodeCanonical,
  isEqualBytes,
} from "../../crypto/index.js";
import type { ApplyContext } from "../fold/context.js";
import { fail, ok, type Result } from "../result.js";

/**
 * Checks what a redaction keeps of its target, for types with a redacted form: it must have
 * the form's shape, and where this replica holds the payload, be exactly the payload's kept
 * part (a redaction cannot change a motion's options or method while removing its text).
 * Returns the kept part, or undefined for a type that keeps nothing.
 */
export function checkKept(
  ctx: ApplyContext,
  target: string,
  keep: unknown,
): Result<unknown> {
  const x = ctx.index.indexOf(target);
  const form = ctx.redactedFormOf(x);
  if (form === undefined) {
    if (keep !== undefined)
      return fail("REDACTION_KEEP_INVALID", { event: target });
    return ok(undefined);
  }
  const parsed = form.kept.safeParse(keep ?? {});
  if (!parsed.success)
    return fail("REDACTION_KEEP_INVALID", {
      event: target,
      path: parsed.error.issues[0]?.path.join(".") ?? "",
    });
  const held = ctx.payloadOf(x);
  if (
    held !== null &&
    !isEqualBytes(
      encodeCanonical(form.keptOf(held) as CanonicalValue),
      encodeCanonical(parsed.data as CanonicalValue),
    )
  )
    return fail("REDACTION_KEEP_MISMATCH", { event: target });
  return ok(parsed.data);
}

/**
 * Records a redaction that holds (by a chair, an author, or an adopted vote): the target and,
 * for a comment, its later versions lose their payload; a target with a redacted form is
 * applied from its kept part from now on.
 */
export function redact(
  ctx: ApplyContext,
  target: string,
  kept: unknown,
  record: { by: string; body: string },
): void {
  const mark = (id: string) => {
    if (!ctx.state.redactions.has(id))
      ctx.state.redactions.set(id, {
        target: id,
        by: record.by,
        body: record.body,
        event: ctx.event.id,
      });
  };
  mark(target);
  // A comment goes with its later versions (an edit that arrives after is dropped too:
  // comment/edit.ts).
  for (const edit of ctx.state.commentEdits.get(target)) mark(edit.id);
  scrubCommentWords(ctx, target);
  const x = ctx.index.indexOf(target);
  if (ctx.redactedFormOf(x) !== undefined) ctx.keepOnly(x, kept);
}

/**
 * Blanks the words of a redacted comment — or of one version of it — in the fold's records,
 * at once: views already leave redacted comments out, but the records would keep the text in
 * memory and in every saved image of the fold until the next refold (which applies the
 * comment without its dropped payload, and so keeps no record of it at all).
 */
function scrubCommentWords(ctx: ApplyContext, target: string): void {
  const state = ctx.state;
  const blank = { text: "" };
  const motion = state.commentMotion.get(target);
  if (motion !== undefined) {
    const comments = state.comments.get(motion);
    const at = comments.findIndex((c) => c.id === target);
    if (at >= 0)
      state.comments.scrub(motion, at, { ...comments[at]!, ...blank });
    const edits = state.commentEdits.get(target);
    for (let i = 0; i < edits.length; i++)
      state.commentEdits.scrub(target, i, { ...edits[i]!, ...blank });
    return;
  }
  // One version of a comment (redactions are rare: a search of the versions costs little, and
  // needs no payload, which the redaction may already have dropped).
  for (const [comment, edits] of state.commentEdits.entries()) {
    const at = edits.findIndex((e) => e.id === target);
    if (at >= 0) {
      state.commentEdits.scrub(comment, at, { ...edits[at]!, ...blank });
      return;
    }
  }
}
