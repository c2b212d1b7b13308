/** @module member.join-requested, member.admission-endorsed, member.left — in the body's scope. */
import { z } from "zod";
import { nameMember, ownBody } from "../body/apply.js";
import { type ApplyContext, defineHandler, knowsId } from "../fold/context.js";
import { membershipKey, pairKey } from "../fold/state.js";
import { fail, ok, type Result } from "../result.js";
import { isVoterIn, ownDelegatesIn, takesPartIn } from "../seat/authority.js";
import { displayName, hexId } from "../text/i18n-text.js";
import { isMemberIn, rulesIn } from "./authority.js";
import type { JoinRequestRecord } from "./model.js";

/**
 * Fails unless the actor may take part in the body in the current event's causal past: a
 * member, or a delegate sitting on the council for a body below.
 */
export function requireMember(ctx: ApplyContext, body: string): Result<void> {
  if (!isVoterIn(ctx, body, ctx.actor))
    return fail("NOT_A_MEMBER", { body, member: ctx.actor });
  return ok(undefined);
}

/**
 * Fails unless the actor may speak in the body in the current event's causal past (open a
 * motion, comment, register a device): whoever may vote there, or a chair convening it
 * without a vote.
 */
export function requireTakingPart(
  ctx: ApplyContext,
  body: string,
): Result<void> {
  if (!takesPartIn(ctx, body, ctx.actor))
    return fail("NOT_A_MEMBER", { body, member: ctx.actor });
  return ok(undefined);
}

/** Records that a member has been admitted to a body (display tables). */
export function admit(ctx: ApplyContext, request: JoinRequestRecord): void {
  const s = ctx.state;
  s.joinRequests.set(request.id, { ...request, status: "admitted" });
  s.memberships.set(membershipKey(request.body, request.member), {
    body: request.body,
    member: request.member,
    status: "member",
    since: ctx.event.time,
  });
  s.bodyMembers.push(request.body, request.member);
}

/** A join request of the event's scope, known to the event. */
export function knownRequest(
  ctx: ApplyContext,
  request: string,
): Result<JoinRequestRecord> {
  const r = ctx.state.joinRequests.get(request);
  if (r === undefined || r.body !== ctx.event.scope || !knowsId(ctx, request))
    return fail("JOIN_REQUEST_NOT_FOUND", { request });
  return ok(r);
}

/**
 * Records a join request. `name` is null when a redaction removed it (an informer filed
 * someone else's name and address): the request stands, to be vouched for or voted on, and
 * the member is known by no name in the body until they give one again.
 */
function requestToJoin(ctx: ApplyContext, name: string | null): Result<void> {
  const bodyId = ctx.event.scope;
  const body = ownBody(ctx);
  if (!body.ok) return body;
  if (isMemberIn(ctx, bodyId, ctx.actor))
    return fail("ALREADY_A_MEMBER", { body: bodyId, member: ctx.actor });
  const rules = rulesIn(ctx, bodyId) ?? body.value.rules;
  const needed =
    rules.admission.method === "endorsements"
      ? rules.admission.endorsements
      : 0;
  const s = ctx.state;
  nameMember(ctx, ctx.actor, name ?? "", true);
  s.joinRequests.set(ctx.event.id, {
    id: ctx.event.id,
    body: bodyId,
    member: ctx.actor,
    name: name ?? "",
    time: ctx.event.time,
    needed,
    endorsedBy: [],
    status: "pending",
    ...(name === null ? { redacted: true as const } : {}),
  });
  s.membershipFacts.push(membershipKey(bodyId, ctx.actor), {
    at: ctx.event.index,
    kind: "requested",
    episode: ctx.event.index,
    needed,
  });
  return ok(undefined);
}

export const memberJoinRequested = defineHandler({
  type: "member.join-requested",
  schema: z.object({ name: displayName }).strict(),
  redactable: true,
  // A redaction keeps nothing of the payload but the request itself.
  redacted: {
    kept: z.object({}).strict(),
    keptOf: () => ({}),
    applyKept: (ctx) => requestToJoin(ctx, null),
  },
  apply: (ctx, p) => requestToJoin(ctx, p.name),
});

export const memberAdmissionEndorsed = defineHandler({
  type: "member.admission-endorsed",
  schema: z.object({ request: hexId }).strict(),
  apply(ctx, p) {
    const found = knownRequest(ctx, p.request);
    if (!found.ok) return found;
    const request = found.value;
    const body = ownBody(ctx);
    if (!body.ok) return body;
    const member = requireMember(ctx, request.body);
    if (!member.ok) return member;
    if (request.needed === 0)
      return fail("ADMISSION_BY_VOTE_ONLY", { body: request.body });
    if (request.member === ctx.actor || request.endorsedBy.includes(ctx.actor))
      return fail("ALREADY_ENDORSED", { request: p.request });
    if (request.status !== "pending")
      return fail("JOIN_REQUEST_DECIDED", { request: p.request });
    const updated = {
      ...request,
      endorsedBy: [...request.endorsedBy, ctx.actor],
    };
    ctx.state.joinRequests.set(p.request, updated);
    ctx.state.membershipFacts.push(
      membershipKey(request.body, request.member),
      {
        at: ctx.event.index,
        kind: "endorsed",
        episode: ctx.index.indexOf(p.request),
        needed: 0,
      },
    );
    if (updated.endorsedBy.length >= request.needed) admit(ctx, updated);
    return ok(undefined);
  },
});

/**
 * Ends a member's membership (leaving, or removal by vote). A delegate of the body who is no
 * longer a member leaves their seats vacant: the body records it, and its attesters carry the
 * vacancy up.
 */
export function endMembership(
  ctx: ApplyContext,
  body: string,
  member: string,
  status: "left" | "removed",
): void {
  const key = membershipKey(body, member);
  const s = ctx.state;
  for (const council of new Set(s.ownCouncils.get(body)))
    if (ownDelegatesIn(ctx, body, council).includes(member)) {
      s.ownSeatFacts.push(pairKey(body, council), {
        at: ctx.event.index,
        kind: "vacated",
        members: [member],
        claim: null,
      });
      const own = s.ownDelegations.get(pairKey(body, council));
      if (own !== undefined)
        s.ownDelegations.set(pairKey(body, council), {
          ...own,
          delegates: own.delegates.filter((m) => m !== member),
          changedBy: ctx.event.id,
          changedAt: ctx.event.time,
        });
    }
  s.membershipFacts.push(key, {
    at: ctx.event.index,
    kind: "ended",
    episode: -1,
    needed: 0,
  });
  s.memberships.set(key, {
    body,
    member,
    status,
    since: ctx.event.time,
  });
  for (const f of s.membershipFacts.get(key)) {
    if (f.kind !== "requested") continue;
    const id = ctx.index.ids[f.at]!;
    const r = s.joinRequests.get(id);
    if (r !== undefined && r.status !== "ended")
      s.joinRequests.set(id, { ...r, status: "ended" });
  }
}

export const memberLeft = defineHandler({
  type: "member.left",
  schema: z.object({}).strict(),
  apply(ctx) {
    const bodyId = ctx.event.scope;
    const body = ownBody(ctx);
    if (!body.ok) return body;
    if (!isMemberIn(ctx, bodyId, ctx.actor))
      return fail("NOT_A_MEMBER", { body: bodyId, member: ctx.actor });
    endMembership(ctx, bodyId, ctx.actor, "left");
    return ok(undefined);
  },
});
