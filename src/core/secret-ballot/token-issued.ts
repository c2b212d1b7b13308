/**
 * @module token.issued — a registrar answers a valid token request with its blind signature.
 * Logged, so anyone can count each registrar's issuances against the requests of roll members.
 */
import { z } from "zod";
import { ownBody } from "../body/apply.js";
import { defineHandler, knowsId } from "../fold/context.js";
import { pairKey } from "../fold/state.js";
import { fail, ok } from "../result.js";
import { hexId } from "../text/i18n-text.js";
import { hexBytes } from "./hex-bytes.js";
import { registrarKeyInfo } from "./registrar-key.js";
import { openSecretMotion } from "./secret-motion-open.js";

export const tokenIssued = defineHandler({
  type: "token.issued",
  schema: z.object({ request: hexId, signature: hexBytes(512) }).strict(),
  apply(ctx, p) {
    const body = ownBody(ctx);
    if (!body.ok) return body;
    // Only valid requests are recorded: an invalid one (a key off the roll, a second request)
    // can get no valid issuance.
    const request = ctx.state.tokenRequests.get(p.request);
    if (request === undefined || !knowsId(ctx, p.request))
      return fail("TOKEN_REQUEST_NOT_FOUND", { request: p.request });
    const motion = openSecretMotion(ctx, request.motion);
    if (!motion.ok) return motion;
    const registrar = motion.value.registrars.findIndex(
      (r) => r.member === ctx.actor,
    );
    if (registrar < 0)
      return fail("NOT_A_REGISTRAR", {
        motion: request.motion,
        member: ctx.actor,
      });
    const info = registrarKeyInfo(motion.value.registrars[registrar]!.key);
    if (info === null || p.signature.length !== info.modulusBytes * 2)
      return fail("TOKEN_ISSUANCE_INVALID", { reason: "length", registrar });
    // The first issuance in fold order counts, so each registrar issues at most once a request.
    const slot = pairKey(p.request, String(registrar));
    const first = ctx.state.tokenIssuances.get(slot);
    if (first !== undefined)
      return fail("TOKEN_ALREADY_ISSUED", {
        request: p.request,
        registrar,
        issuance: first.id,
      });
    const record = {
      at: ctx.event.index,
      id: ctx.event.id,
      motion: request.motion,
      request: p.request,
      registrar,
      signature: p.signature,
    };
    ctx.state.tokenIssuances.set(slot, record);
    ctx.state.motionIssuances.push(request.motion, record);
    return ok(undefined);
  },
});
