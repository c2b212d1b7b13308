/**
 * @module demand.forwarded — a body sends a demand it adopted (or a demand it holds as a
 * council) up to a council it has seats on: opening a new demand there, or endorsing one
 * already there, so the same demand is never opened twice.
 */
import { z } from "zod";
import { liveBody } from "../body/apply.js";
import { type ApplyContext, defineHandler, knowsId } from "../fold/context.js";
import { pairKey } from "../fold/state.js";
import { fail, ok, type Result } from "../result.js";
import { isChairIn, linkSeatsIn, sitsFor } from "../seat/authority.js";
import type { I18nText } from "../text/i18n-text.js";
import { hexId } from "../text/i18n-text.js";

/** What is being forwarded: the body it lives in, with its title and text. */
interface Source {
  readonly body: string;
  readonly title: I18nText;
  readonly text: I18nText;
}

/** A demand motion the body adopted (its close known), or a demand living on a council — as known. */
function sourceOf(ctx: ApplyContext, demand: string): Result<Source> {
  const motion = ctx.state.motions.get(demand);
  if (motion !== undefined) {
    const closed = ctx.state.closeFacts.get(demand);
    if (
      motion.kind !== "demand" ||
      motion.outcome !== "adopted" ||
      closed === undefined ||
      !ctx.knows(closed)
    )
      return fail("DEMAND_NOT_ADOPTED", { demand });
    return ok({ body: motion.body, title: motion.title, text: motion.text });
  }
  const held = ctx.state.councilDemands.get(demand);
  if (held !== undefined && knowsId(ctx, demand))
    return ok({ body: held.council, title: held.title, text: held.text });
  return fail("DEMAND_NOT_ADOPTED", { demand });
}

export const demandForwarded = defineHandler({
  type: "demand.forwarded",
  schema: z
    .object({ demand: hexId, council: hexId, into: hexId.optional() })
    .strict(),
  apply(ctx, p) {
    const source = sourceOf(ctx, p.demand);
    if (!source.ok) return source;
    const from = source.value.body;
    const body = liveBody(ctx, from);
    if (!body.ok) return body;
    const council = liveBody(ctx, p.council);
    if (!council.ok) return council;
    if (linkSeatsIn(ctx, from, p.council) === 0)
      return fail("NO_SEATS", { body: from, council: p.council });
    // The body's chair, or one of its delegates on that council, carries the demand up.
    if (
      !isChairIn(ctx, from, ctx.actor) &&
      !sitsFor(ctx, p.council, from, ctx.actor)
    )
      return fail("NOT_A_DELEGATE", {
        member: ctx.actor,
        body: from,
        council: p.council,
      });
    const key = pairKey(p.demand, p.council);
    if (ctx.state.forwardedInto.has(key))
      return fail("DEMAND_ALREADY_FORWARDED", {
        demand: p.demand,
        council: p.council,
      });
    let into = p.into;
    if (into !== undefined) {
      const target = ctx.state.councilDemands.get(into);
      if (
        target === undefined ||
        target.council !== p.council ||
        !knowsId(ctx, into)
      )
        return fail("DEMAND_NOT_FOUND", { demand: into, council: p.council });
    } else {
      into = ctx.event.id;
      ctx.state.councilDemands.set(into, {
        id: into,
        council: p.council,
        title: source.value.title,
        text: source.value.text,
        origin: p.demand,
        openedAt: ctx.event.time,
      });
    }
    ctx.state.forwardedInto.set(key, into);
    ctx.state.demandForwards.push(into, {
      event: ctx.event.id,
      from: p.demand,
      body: from,
      council: p.council,
      into,
      by: ctx.actor,
      time: ctx.event.time,
    });
    return ok(undefined);
  },
});
