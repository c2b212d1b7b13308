/**
 * @module motion.deadline-passed — a voter attests that a motion's closing time has passed;
 * the attestation that puts k distinct voters' attestations in its own causal past closes the
 * motion as a chair's close would, counting the ballots in its past. The fold reads no clock:
 * it compares the attestation's own claimed time with the closing time, which stops an honest
 * device signing early; a dishonest one can claim any time, which is why it takes k voters.
 */
import { z } from "zod";
import { ownBody } from "../body/apply.js";
import { type ApplyContext, defineHandler } from "../fold/context.js";
import { requireMember } from "../member/apply.js";
import { rulesIn } from "../member/authority.js";
import { ownMotion } from "../motion/apply.js";
import { electorateOf, isInElectorate } from "../motion/electorate.js";
import type { MotionRecord } from "../motion/model.js";
import { fail, ok } from "../result.js";
import { hexId } from "../text/i18n-text.js";
import { checkAmendmentsDecided, countMotion, decideMotion } from "./close.js";

/**
 * How many distinct voters' attestations close a motion whose deadline passed: 3, or every
 * voter of a body with fewer (a body of two needs both; of one, that one).
 */
export const DEADLINE_ATTESTERS = 3;

/** The attestations a body of `voters` voters needs to close a motion after its deadline. */
export function deadlineQuorum(voters: number): number {
  return Math.max(1, Math.min(DEADLINE_ATTESTERS, voters));
}

/**
 * The distinct voters (eligible in the current event's causal past; for a vote in a meeting,
 * on its roll) whose attestations on
 * `motion` are in that past, sorted.
 */
export function deadlineAttestersKnown(
  ctx: ApplyContext,
  motion: MotionRecord,
): string[] {
  const found = new Set<string>();
  for (const a of ctx.state.deadlineAttestations.get(motion.id))
    if (ctx.knows(a.at) && isInElectorate(ctx, motion, a.member))
      found.add(a.member);
  return [...found].sort();
}

export const motionDeadlinePassed = defineHandler({
  type: "motion.deadline-passed",
  schema: z.object({ motion: hexId }).strict(),
  apply(ctx, p) {
    const open = ownMotion(ctx, p.motion);
    if (!open.ok)
      return open.error.code === "MOTION_NOT_FOUND"
        ? open
        : fail("MOTION_NOT_OPEN", { motion: p.motion });
    const motion = open.value;
    if (motion.closesAt === undefined)
      return fail("MOTION_HAS_NO_DEADLINE", { motion: p.motion });
    // The event's own claimed time, never a clock: the same answer on every replica.
    if (ctx.event.time < motion.closesAt)
      return fail("DEADLINE_NOT_PASSED", {
        motion: p.motion,
        closesAt: motion.closesAt,
        time: ctx.event.time,
      });
    const body = ownBody(ctx);
    if (!body.ok) return body;
    const member = requireMember(ctx, motion.body);
    if (!member.ok) return member;
    const known = deadlineAttestersKnown(ctx, motion);
    const needed = deadlineQuorum(electorateOf(ctx, motion).length);
    const again = known.includes(ctx.actor);
    const attesters = again ? known.length : known.length + 1;
    // Once per voter — unless k are in its past already (they attested concurrently, so no
    // single attestation saw them all): then signing again completes the close.
    if (again && attesters < needed)
      return fail("DEADLINE_ALREADY_ATTESTED", {
        motion: p.motion,
        attesters,
        needed,
      });
    ctx.state.deadlineAttestations.push(p.motion, {
      at: ctx.event.index,
      id: ctx.event.id,
      member: ctx.actor,
      time: ctx.event.time,
    });
    if (attesters < needed) return ok(undefined);
    // Of this close and a concurrent one (a chair's, or another k-th attestation), the first in
    // fold order decides; this attestation stays valid and closes nothing. Likewise while an
    // amendment it knows is undecided: the motion stays open, and an attestation after the
    // amendment's close completes it.
    if (motion.status !== "open") return ok(undefined);
    if (!checkAmendmentsDecided(ctx, motion).ok) return ok(undefined);
    const rules = rulesIn(ctx, motion.body) ?? body.value.rules;
    const count = countMotion(ctx, ctx.index, motion, ctx.event.index, rules);
    if (!count.ok) return count;
    decideMotion(ctx, motion, count.value, true);
    return ok(undefined);
  },
});
