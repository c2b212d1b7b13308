/** @module body.created, body.renamed, body.linked, body.dissolved. */
import { z } from "zod";
import { type ApplyContext, defineHandler, knowsId } from "../fold/context.js";
import { membershipKey, pairKey } from "../fold/state.js";
import { chairsIn, isCoordinator, isDissolvedIn } from "../member/authority.js";
import { fail, ok, type Result } from "../result.js";
import { isChairIn, isVoterIn } from "../seat/authority.js";
import { displayName, hexId, i18nText } from "../text/i18n-text.js";
import {
  ASSEMBLY_SETTINGS,
  BODY_KINDS,
  type BodyRecord,
  COUNCIL_LEVELS,
  rulesSchema,
} from "./model.js";

/** The body, if it exists in the current event's causal past and is not dissolved there. */
export function liveBody(ctx: ApplyContext, body: string): Result<BodyRecord> {
  const record = ctx.state.bodies.get(body);
  if (record === undefined || !knowsId(ctx, body))
    return fail("BODY_NOT_FOUND", { body });
  if (isDissolvedIn(ctx, body)) return fail("BODY_DISSOLVED", { body });
  return ok(record);
}

/** Fails unless the actor chairs the body in the current event's causal past. */
export function requireChair(ctx: ApplyContext, body: string): Result<void> {
  if (!isVoterIn(ctx, body, ctx.actor))
    return fail("NOT_A_MEMBER", { body, member: ctx.actor });
  if (!chairsIn(ctx, body).has(ctx.actor))
    return fail("NOT_A_CHAIR", { body, member: ctx.actor });
  return ok(undefined);
}

/** Creates the member record for a key acting for the first time. */
export function ensureMember(ctx: ApplyContext, name: string): void {
  const existing = ctx.state.members.get(ctx.actor);
  if (existing === undefined)
    ctx.state.members.set(ctx.actor, {
      id: ctx.actor,
      name,
      keys: [ctx.actor],
    });
}

export const bodyCreated = defineHandler({
  type: "body.created",
  schema: z
    .object({
      name: i18nText(200),
      kind: z.enum(BODY_KINDS),
      setting: z.enum(ASSEMBLY_SETTINGS).optional(),
      level: z.enum(COUNCIL_LEVELS).optional(),
      accountableTo: hexId.optional(),
      rules: rulesSchema,
      founderName: displayName.optional(),
    })
    .strict(),
  apply(ctx, p) {
    const shapeOk =
      (p.kind === "assembly" && p.setting && !p.level && !p.accountableTo) ||
      (p.kind === "council" && p.level && !p.setting && !p.accountableTo) ||
      (p.kind === "committee" && p.accountableTo && !p.setting && !p.level);
    if (!shapeOk) return fail("BODY_KIND_INVALID", { kind: p.kind });
    if (p.kind === "council" && !isCoordinator(ctx.state, ctx.actor))
      return fail("NOT_A_COORDINATOR", { member: ctx.actor });
    if (p.kind === "committee") {
      const parent = liveBody(ctx, p.accountableTo!);
      if (!parent.ok) return parent;
      const chair = requireChair(ctx, p.accountableTo!);
      if (!chair.ok) return chair;
    }
    const id = ctx.event.id;
    const at = ctx.event.index;
    const s = ctx.state;
    ensureMember(ctx, p.founderName ?? ctx.actor.slice(0, 8));
    s.bodies.set(id, {
      id,
      kind: p.kind,
      setting: p.setting ?? null,
      level: p.level ?? null,
      name: p.name,
      accountableTo: p.accountableTo ?? null,
      createdBy: ctx.actor,
      createdAt: ctx.event.time,
      dissolved: false,
      rules: p.rules,
      chairs: [ctx.actor],
    });
    s.membershipFacts.push(membershipKey(id, ctx.actor), {
      at,
      kind: "founded",
      episode: at,
      needed: 0,
    });
    s.memberships.set(membershipKey(id, ctx.actor), {
      body: id,
      member: ctx.actor,
      status: "member",
      since: ctx.event.time,
    });
    s.bodyMembers.push(id, ctx.actor);
    s.chairFacts.push(id, { at, value: [ctx.actor] });
    s.rulesFacts.push(id, { at, value: p.rules });
    return ok(undefined);
  },
});

export const bodyRenamed = defineHandler({
  type: "body.renamed",
  schema: z.object({ body: hexId, name: i18nText(200) }).strict(),
  apply(ctx, p) {
    const body = liveBody(ctx, p.body);
    if (!body.ok) return body;
    const chair = requireChair(ctx, p.body);
    if (!chair.ok) return chair;
    ctx.state.bodies.set(p.body, { ...body.value, name: p.name });
    return ok(undefined);
  },
});

/** True when `ancestor` is reachable from `body` by following links upward. */
function isAbove(ctx: ApplyContext, ancestor: string, body: string): boolean {
  const seen = new Set<string>();
  const stack = [body];
  while (stack.length > 0) {
    const b = stack.pop()!;
    if (b === ancestor) return true;
    if (seen.has(b)) continue;
    seen.add(b);
    for (const link of ctx.state.links.values())
      if (link.child === b) stack.push(link.parent);
  }
  return false;
}

export const bodyLinked = defineHandler({
  type: "body.linked",
  schema: z
    .object({
      child: hexId,
      parent: hexId,
      seats: z.number().int().min(0).max(1000),
    })
    .strict(),
  apply(ctx, p) {
    const child = liveBody(ctx, p.child);
    if (!child.ok) return child;
    const parent = liveBody(ctx, p.parent);
    if (!parent.ok) return parent;
    if (parent.value.kind !== "council")
      return fail("BODY_KIND_INVALID", {
        body: p.parent,
        kind: parent.value.kind,
      });
    if (
      !isCoordinator(ctx.state, ctx.actor) &&
      !isChairIn(ctx, p.parent, ctx.actor)
    )
      return fail("NOT_A_CHAIR", { body: p.parent, member: ctx.actor });
    if (p.child === p.parent || isAbove(ctx, p.child, p.parent))
      return fail("LINK_CYCLE", { child: p.child, parent: p.parent });
    const key = pairKey(p.child, p.parent);
    if (ctx.state.linkFacts.get(key).length === 0) {
      ctx.state.councilChildren.push(p.parent, p.child);
      ctx.state.bodyParents.push(p.child, p.parent);
    }
    ctx.state.linkFacts.push(key, { at: ctx.event.index, value: p.seats });
    if (p.seats === 0) ctx.state.links.delete(key);
    else
      ctx.state.links.set(key, {
        child: p.child,
        parent: p.parent,
        seats: p.seats,
        linkedBy: ctx.event.id,
      });
    return ok(undefined);
  },
});

export const bodyDissolved = defineHandler({
  type: "body.dissolved",
  schema: z.object({ body: hexId }).strict(),
  apply(ctx, p) {
    const body = liveBody(ctx, p.body);
    if (!body.ok) return body;
    if (!isCoordinator(ctx.state, ctx.actor)) {
      const chair = requireChair(ctx, p.body);
      if (!chair.ok) return chair;
    }
    ctx.state.bodies.set(p.body, { ...body.value, dissolved: true });
    ctx.state.dissolvedFacts.push(p.body, ctx.event.index);
    for (const key of [...ctx.state.links.keys()]) {
      const link = ctx.state.links.get(key)!;
      if (link.child === p.body || link.parent === p.body) {
        ctx.state.links.delete(key);
        ctx.state.linkFacts.push(key, { at: ctx.event.index, value: 0 });
      }
    }
    return ok(undefined);
  },
});
