/** @module registrar.offered — a member offers a fresh RSA key to register voters for one secret motion. */
import { z } from "zod";
import { ownBody } from "../body/apply.js";
import { defineHandler } from "../fold/context.js";
import { requireMember } from "../member/apply.js";
import { ok } from "../result.js";
import { hexBytes } from "./hex-bytes.js";
import { checkRegistrarKey } from "./registrar-key.js";

export const registrarOffered = defineHandler({
  type: "registrar.offered",
  // A 4096-bit key's SPKI DER is 550 bytes.
  schema: z.object({ key: hexBytes(600) }).strict(),
  apply(ctx, p) {
    const body = ownBody(ctx);
    if (!body.ok) return body;
    // The registrar signs its own key: a chair cannot pose as every registrar, since each
    // offer counts for the member its signing key acts for.
    const member = requireMember(ctx, ctx.event.scope);
    if (!member.ok) return member;
    const key = checkRegistrarKey(p.key);
    if (!key.ok) return key;
    ctx.state.registrarOffers.set(ctx.event.id, {
      id: ctx.event.id,
      body: ctx.event.scope,
      member: ctx.actor,
      key: p.key,
    });
    return ok(undefined);
  },
});
