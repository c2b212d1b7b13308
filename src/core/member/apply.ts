/** @module member.join-requested, member.admission-endorsed, member.left. */
import { z } from "zod";
import { ensureMember, liveBody } from "../body/apply.js";
import { type ApplyContext, defineHandler, knowsId } from "../fold/context.js";
import { membershipKey } from "../fold/state.js";
import { fail, ok, type Result } from "../result.js";
import { isVoterIn } from "../seat/authority.js";
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

export const memberJoinRequested = defineHandler({
  type: "member.join-requested",
  schema: z.object({ body: hexId, name: displayName }).strict(),
  apply(ctx, p) {
    const body = liveBody(ctx, p.body);
    if (!body.ok) return body;
    if (isMemberIn(ctx, p.body, ctx.actor))
      return fail("ALREADY_A_MEMBER", { body: p.body, member: ctx.actor });
    const rules = rulesIn(ctx, p.body) ?? body.value.rules;
    const needed =
      rules.admission.method === "endorsements"
        ? rules.admission.endorsements
        : 0;
    const s = ctx.state;
    ensureMember(ctx, p.name);
    const member = s.members.get(ctx.actor)!;
    if (member.name !== p.name)
      s.members.set(ctx.actor, { ...member, name: p.name });
    s.joinRequests.set(ctx.event.id, {
      id: ctx.event.id,
      body: p.body,
      member: ctx.actor,
      name: p.name,
      time: ctx.event.time,
      needed,
      endorsedBy: [],
      status: "pending",
    });
    s.membershipFacts.push(membershipKey(p.body, ctx.actor), {
      at: ctx.event.index,
      kind: "requested",
      episode: ctx.event.index,
      needed,
    });
    return ok(undefined);
  },
});

export const memberAdmissionEndorsed = defineHandler({
  type: "member.admission-endorsed",
  schema: z.object({ request: hexId }).strict(),
  apply(ctx, p) {
    const request = ctx.state.joinRequests.get(p.request);
    if (request === undefined || !knowsId(ctx, p.request))
      return fail("JOIN_REQUEST_NOT_FOUND", { request: p.request });
    const body = liveBody(ctx, request.body);
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

/** Ends a member's membership (leaving, or removal by vote). */
export function endMembership(
  ctx: ApplyContext,
  body: string,
  member: string,
  status: "left" | "removed",
): void {
  const key = membershipKey(body, member);
  ctx.state.membershipFacts.push(key, {
    at: ctx.event.index,
    kind: "ended",
    episode: -1,
    needed: 0,
  });
  ctx.state.memberships.set(key, {
    body,
    member,
    status,
    since: ctx.event.time,
  });
  for (const f of ctx.state.membershipFacts.get(key)) {
    if (f.kind !== "requested") continue;
    const id = ctx.index.ids[f.at]!;
    const r = ctx.state.joinRequests.get(id);
    if (r !== undefined && r.status !== "ended")
      ctx.state.joinRequests.set(id, { ...r, status: "ended" });
  }
}

export const memberLeft = defineHandler({
  type: "member.left",
  schema: z.object({ body: hexId }).strict(),
  apply(ctx, p) {
    const body = liveBody(ctx, p.body);
    if (!body.ok) return body;
    const member = isMemberIn(ctx, p.body, ctx.actor)
      ? ok(undefined)
      : fail("NOT_A_MEMBER", { body: p.body, member: ctx.actor });
    if (!member.ok) return member;
    endMembership(ctx, p.body, ctx.actor, "left");
    return ok(undefined);
  },
});
