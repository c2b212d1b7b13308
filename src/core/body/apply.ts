/** @module body.created, body.renamed, body.linked, body.dissolved. */
import { z } from "zod";
import { MAX_ATTESTERS } from "../attestation/model.js";
import { type ApplyContext, defineHandler, knowsId } from "../fold/context.js";
import { membershipKey, pairKey } from "../fold/state.js";
import { isCoordinator, isDissolvedIn } from "../member/authority.js";
import { fail, ok, type Result } from "../result.js";
import { refreshDelegation } from "../seat/apply.js";
import { isChairIn, isVoterIn } from "../seat/authority.js";
import { displayName, hexId, i18nText } from "../text/i18n-text.js";
import {
  ASSEMBLY_SETTINGS,
  BODY_KINDS,
  type BodyRecord,
  COUNCIL_LEVELS,
  cardSchema,
  rulesSchema,
} from "./model.js";

/** The body, if the current event can see it, knows its founding and it is not dissolved there. */
export function liveBody(ctx: ApplyContext, body: string): Result<BodyRecord> {
  if (!ctx.sees(body)) return fail("BODY_NOT_FOUND", { body });
  const record = ctx.state.bodies.get(body);
  if (record === undefined || !knowsId(ctx, body))
    return fail("BODY_NOT_FOUND", { body });
  if (isDissolvedIn(ctx, body)) return fail("BODY_DISSOLVED", { body });
  return ok(record);
}

/** The body of the event's own scope, live. */
export function ownBody(ctx: ApplyContext): Result<BodyRecord> {
  return liveBody(ctx, ctx.event.scope);
}

/**
 * Fails unless the actor chairs the body in the current event's causal past: a chair who
 * takes part in it, or one who convenes it without a vote (see canConveneIn).
 */
export function requireChair(ctx: ApplyContext, body: string): Result<void> {
  if (isChairIn(ctx, body, ctx.actor)) return ok(undefined);
  if (!isVoterIn(ctx, body, ctx.actor))
    return fail("NOT_A_MEMBER", { body, member: ctx.actor });
  return fail("NOT_A_CHAIR", { body, member: ctx.actor });
}

/** Records, in the event's scope, the name a member goes by there (first name kept unless renamed). */
export function nameMember(
  ctx: ApplyContext,
  member: string,
  name: string,
  rename = false,
): void {
  const key = pairKey(ctx.event.scope, member);
  const existing = ctx.state.members.get(key);
  if (existing === undefined)
    ctx.state.members.set(key, {
      scope: ctx.event.scope,
      id: member,
      name,
      keys: [member],
    });
  else if (rename && existing.name !== name)
    ctx.state.members.set(key, { ...existing, name });
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
    nameMember(ctx, ctx.actor, p.founderName ?? ctx.actor.slice(0, 8));
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
    // Coordinating is not voting: whoever founds an assembly is one of its members, but a
    // council's voting members are the delegates seated from below and a committee's are
    // those its parent elects. Their founder chairs them without a vote (canConveneIn) and
    // becomes a member only the ordinary way, by admission or a seat.
    if (p.kind === "assembly") {
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
    }
    s.chairFacts.push(id, { at, value: [ctx.actor] });
    s.rulesFacts.push(id, { at, value: p.rules });
    return ok(undefined);
  },
});

export const bodyRenamed = defineHandler({
  type: "body.renamed",
  schema: z.object({ name: i18nText(200) }).strict(),
  apply(ctx, p) {
    const body = ownBody(ctx);
    if (!body.ok) return body;
    const chair = requireChair(ctx, ctx.event.scope);
    if (!chair.ok) return chair;
    ctx.state.bodies.set(ctx.event.scope, { ...body.value, name: p.name });
    return ok(undefined);
  },
});

/**
 * A council records a body below it: its card, its seats, and the attester keys and
 * threshold through which the body's facts will reach the council. Signed by a coordinator
 * (the keys that make the scope graph's edge: see fold/scope-graph.ts).
 */
export const bodyLinked = defineHandler({
  type: "body.linked",
  schema: z
    .object({
      child: hexId,
      seats: z.number().int().min(0).max(1000),
      card: cardSchema.optional(),
      attesters: z.array(hexId).min(1).max(MAX_ATTESTERS).optional(),
      threshold: z.number().int().min(1).max(MAX_ATTESTERS).optional(),
    })
    .strict(),
  apply(ctx, p) {
    const council = ctx.event.scope;
    const parent = ownBody(ctx);
    if (!parent.ok) return parent;
    if (parent.value.kind !== "council")
      return fail("BODY_KIND_INVALID", {
        body: council,
        kind: parent.value.kind,
      });
    const author = ctx.event.author;
    if (!ctx.isCoordinatorKey(author))
      return fail("NOT_A_COORDINATOR", { member: author });
    if (p.child === council || ctx.aboveKnown().includes(p.child))
      return fail("LINK_CYCLE", { child: p.child, parent: council });
    const linking = p.seats > 0;
    if (
      linking &&
      (p.card === undefined ||
        p.attesters === undefined ||
        p.threshold === undefined ||
        new Set(p.attesters).size !== p.attesters.length ||
        p.threshold > p.attesters.length)
    )
      return fail("LINK_INVALID", { child: p.child });
    const s = ctx.state;
    const at = ctx.event.index;
    const key = pairKey(p.child, council);
    if (s.linkFacts.get(key).length === 0) {
      s.councilChildren.push(council, p.child);
      s.bodyParents.push(p.child, council);
    }
    s.linkFacts.push(key, { at, value: p.seats });
    const card = pairKey(council, p.child);
    if (!linking) {
      s.links.delete(card);
      // The body's delegates no longer sit here.
      if (s.delegations.has(card))
        refreshDelegation(ctx, council, p.child, "unlinked");
      return ok(undefined);
    }
    s.attesterFacts.push(card, {
      at,
      value: { attesters: [...p.attesters!].sort(), threshold: p.threshold! },
    });
    s.links.set(card, {
      council,
      child: p.child,
      seats: p.seats,
      card: p.card!,
      attesters: [...p.attesters!].sort(),
      threshold: p.threshold!,
      linkedBy: ctx.event.id,
    });
    return ok(undefined);
  },
});

export const bodyDissolved = defineHandler({
  type: "body.dissolved",
  schema: z.object({}).strict(),
  apply(ctx) {
    const body = ownBody(ctx);
    if (!body.ok) return body;
    const chair = requireChair(ctx, ctx.event.scope);
    if (!chair.ok) return chair;
    ctx.state.bodies.set(ctx.event.scope, { ...body.value, dissolved: true });
    ctx.state.dissolvedFacts.push(ctx.event.scope, ctx.event.index);
    return ok(undefined);
  },
});

/** True when the actor may act as chair of the body (see isChairIn). */
export function actsAsChair(ctx: ApplyContext, body: string): boolean {
  return isChairIn(ctx, body, ctx.actor);
}
