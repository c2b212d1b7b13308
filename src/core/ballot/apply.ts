/** @module ballot.cast — an open ballot, signed by the member, in the motion's scope. */
import { z } from "zod";
import { ownBody } from "../body/apply.js";
import { defineHandler } from "../fold/context.js";
import { recordDeviations } from "../mandate/deviation.js";
import { requireMember } from "../member/apply.js";
import { ownMotion } from "../motion/apply.js";
import { isInElectorate } from "../motion/electorate.js";
import { choiceSchema, isMethodName } from "../motion/methods.js";
import type { BallotChoice } from "../motion/model.js";
import { fail, ok } from "../result.js";
import { hexId } from "../text/i18n-text.js";

export const ballotCast = defineHandler({
  type: "ballot.cast",
  schema: z
    .object({ motion: hexId, choice: z.record(z.string(), z.unknown()) })
    .strict(),
  apply(ctx, p) {
    const motion = ownMotion(ctx, p.motion);
    if (!motion.ok) return motion;
    const m = motion.value;
    // An open ballot on a secret motion would show the member's choice to everyone.
    if (ctx.state.secretMotions.has(p.motion))
      return fail("SECRET_BALLOT_REQUIRED", { motion: p.motion });
    const body = ownBody(ctx);
    if (!body.ok) return body;
    const member = requireMember(ctx, m.body);
    if (!member.ok) return member;
    // A vote in a meeting counts those present at its opening only.
    if (m.meeting !== undefined && !isInElectorate(ctx, m, ctx.actor))
      return fail("NOT_PRESENT_AT_OPENING", {
        motion: p.motion,
        meeting: m.meeting,
        member: ctx.actor,
      });
    if (!isMethodName(m.method))
      return fail("METHOD_UNKNOWN", { method: m.method });
    const choice = choiceSchema(m.method, m.options.length).safeParse(p.choice);
    if (!choice.success)
      return fail("BALLOT_INVALID", {
        motion: p.motion,
        method: m.method,
        problem: choice.error.issues[0]?.message ?? "invalid",
      });
    if (body.value.kind === "council")
      recordDeviations(ctx, m.body, p.motion, choice.data as BallotChoice);
    ctx.state.ballots.push(p.motion, {
      at: ctx.event.index,
      id: ctx.event.id,
      member: ctx.actor,
      choice: choice.data as BallotChoice,
      time: ctx.event.time,
    });
    return ok(undefined);
  },
});
