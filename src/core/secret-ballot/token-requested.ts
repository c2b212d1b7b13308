/**
 * @module token.requested — a member on a secret motion's roll asks every registrar to sign
 * one blinded message each. Signed by the member's own key and logged, so anyone can check that
 * only roll members asked, once each.
 */
import { z } from "zod";
import { ownBody } from "../body/apply.js";
import { defineHandler } from "../fold/context.js";
import { pairKey } from "../fold/state.js";
import { fail, ok } from "../result.js";
import { hexId } from "../text/i18n-text.js";
import { hexBytes } from "./hex-bytes.js";
import { MAX_REGISTRARS } from "./model.js";
import { registrarKeyInfo } from "./registrar-key.js";
import { isOnRoll } from "./secret-motion.js";
import { openSecretMotion } from "./secret-motion-open.js";

export const tokenRequested = defineHandler({
  type: "token.requested",
  schema: z
    .object({
      motion: hexId,
      // One blinded message per registrar, as long as its modulus (at most 4096 bits).
      blinded: z.array(hexBytes(512)).min(1).max(MAX_REGISTRARS),
    })
    .strict(),
  apply(ctx, p) {
    const body = ownBody(ctx);
    if (!body.ok) return body;
    const motion = openSecretMotion(ctx, p.motion);
    if (!motion.ok) return motion;
    const secret = motion.value;
    const member = ctx.actor;
    if (!isOnRoll(secret, member))
      return fail("NOT_ON_ROLL", { motion: p.motion, member });
    if (p.blinded.length !== secret.registrars.length)
      return fail("TOKEN_REQUEST_INVALID", {
        reason: "count",
        expected: secret.registrars.length,
        got: p.blinded.length,
      });
    for (let i = 0; i < p.blinded.length; i++) {
      const info = registrarKeyInfo(secret.registrars[i]!.key);
      if (info === null || p.blinded[i]!.length !== info.modulusBytes * 2)
        return fail("TOKEN_REQUEST_INVALID", {
          reason: "length",
          registrar: i,
        });
    }
    // The first valid request in fold order counts: requests from two devices, concurrent or
    // not, never give a member two sets of tokens.
    const slot = pairKey(p.motion, member);
    const first = ctx.state.memberTokenRequests.get(slot);
    if (first !== undefined)
      return fail("TOKEN_ALREADY_REQUESTED", {
        motion: p.motion,
        member,
        request: first,
      });
    ctx.state.memberTokenRequests.set(slot, ctx.event.id);
    ctx.state.tokenRequests.set(ctx.event.id, {
      id: ctx.event.id,
      motion: p.motion,
      member,
      blinded: p.blinded,
    });
    return ok(undefined);
  },
});
