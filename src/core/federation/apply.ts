/** @module federation.created — the genesis event. */
import { z } from "zod";
import { defineHandler } from "../fold/context.js";
import { pairKey } from "../fold/state.js";
import { fail, ok } from "../result.js";
import { displayName, hexId, i18nText } from "../text/i18n-text.js";

export const federationCreated = defineHandler({
  type: "federation.created",
  schema: z
    .object({
      name: i18nText(200),
      founders: z
        .array(z.object({ key: hexId, name: displayName }).strict())
        .min(1)
        .max(64),
    })
    .strict(),
  apply(ctx, p) {
    if (
      ctx.state.federation.has("federation") ||
      ctx.federation !== ctx.event.id
    )
      return fail("NOT_GENESIS", {});
    const keys = p.founders.map((f) => f.key);
    if (new Set(keys).size !== keys.length || !keys.includes(ctx.event.author))
      return fail("GENESIS_INVALID", { reason: "founders" });
    ctx.state.federation.set("federation", {
      id: ctx.event.id,
      name: p.name,
      founders: keys,
      createdAt: ctx.event.time,
    });
    for (const f of p.founders)
      ctx.state.members.set(pairKey(ctx.event.id, f.key), {
        scope: ctx.event.id,
        id: f.key,
        name: f.name,
        keys: [f.key],
      });
    return ok(undefined);
  },
});
