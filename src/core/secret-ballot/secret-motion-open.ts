/** @module The secret motion an event of the body's scope acts on, open in the event's causal past. */
import type { ApplyContext } from "../fold/context.js";
import { ownMotion } from "../motion/apply.js";
import { fail, ok, type Result } from "../result.js";
import type { SecretMotionRecord } from "./model.js";

/**
 * The secret motion `motion` of the event's own body, known to the event with no close or
 * withdrawal of it in the event's causal past.
 */
export function openSecretMotion(
  ctx: ApplyContext,
  motion: string,
): Result<SecretMotionRecord> {
  const open = ownMotion(ctx, motion);
  if (!open.ok)
    return open.error.code === "MOTION_NOT_FOUND"
      ? open
      : fail("MOTION_NOT_OPEN", { motion });
  const secret = ctx.state.secretMotions.get(motion);
  if (secret === undefined) return fail("MOTION_NOT_SECRET", { motion });
  return ok(secret);
}
