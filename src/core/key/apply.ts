/** @module key.added, key.revoked, key.rotation-requested, key.rotation-endorsed. */
import { z } from "zod";
import { encodeCanonical, fromHex, verifyEd25519 } from "../../crypto/index.js";
import { liveBody } from "../body/apply.js";
import { type ApplyContext, defineHandler, knowsId } from "../fold/context.js";
import { requireMember } from "../member/apply.js";
import { isMemberIn, rulesIn } from "../member/authority.js";
import { fail, ok } from "../result.js";
import { hexId } from "../text/i18n-text.js";

/**
 * The bytes a new device key signs to prove it consents to act for a member: without
 * this, anyone could attach someone else's key to their own identity.
 */
export function keyProofMessage(
  federation: string,
  member: string,
  key: string,
): Uint8Array {
  return encodeCanonical(["kenges-key-added", federation, member, key]);
}

/** The member a key acts for in the current event's causal past, or null for an unknown key. */
function ownerOf(ctx: ApplyContext, key: string): string | null {
  const facts = ctx.state.keyFacts.get(key);
  for (let k = facts.length - 1; k >= 0; k--)
    if (ctx.knows(facts[k]!.at)) return facts[k]!.value;
  return ctx.state.members.has(key) ? key : null;
}

/** The member a key was registered to (by key.added or a rotation) as known, or null. */
function registeredTo(ctx: ApplyContext, key: string): string | null {
  const facts = ctx.state.keyFacts.get(key);
  for (let k = facts.length - 1; k >= 0; k--)
    if (ctx.knows(facts[k]!.at)) return facts[k]!.value;
  return null;
}

/** Index of the event that registered a key for its member; -1 for a member's first key. */
function registrationOf(ctx: ApplyContext, key: string): number {
  const facts = ctx.state.keyFacts.get(key);
  for (let k = facts.length - 1; k >= 0; k--)
    if (ctx.knows(facts[k]!.at)) return facts[k]!.at;
  return -1;
}

function registerKey(ctx: ApplyContext, key: string, member: string): void {
  const s = ctx.state;
  s.keys.set(key, { key, member, registeredBy: ctx.event.id });
  s.keyFacts.push(key, { at: ctx.event.index, value: member });
  const record = s.members.get(member);
  if (record !== undefined && !record.keys.includes(key))
    s.members.set(member, { ...record, keys: [...record.keys, key] });
}

export const keyAdded = defineHandler({
  type: "key.added",
  schema: z
    .object({ key: hexId, proof: z.string().regex(/^[0-9a-f]{128}$/) })
    .strict(),
  apply(ctx, p) {
    if (p.key === ctx.event.author || registeredTo(ctx, p.key) !== null)
      return fail("KEY_ALREADY_REGISTERED", { key: p.key });
    const message = keyProofMessage(ctx.federation ?? "", ctx.actor, p.key);
    if (!verifyEd25519(fromHex(p.key)!, message, fromHex(p.proof)!))
      return fail("KEY_PROOF_INVALID", { key: p.key });
    registerKey(ctx, p.key, ctx.actor);
    return ok(undefined);
  },
});

export const keyRevoked = defineHandler({
  type: "key.revoked",
  schema: z
    .object({ key: hexId, lastValidSeq: z.number().int().min(0) })
    .strict(),
  apply(ctx, p) {
    if (p.key === ctx.event.author) {
      // A key alone may stop itself from now on, never erase what it signed before: a thief
      // holding it could otherwise unmake its owner's history.
      if (p.lastValidSeq < ctx.event.seq - 1)
        return fail("REVOCATION_CUTOFF_INVALID", {
          lastValidSeq: p.lastValidSeq,
          lowest: ctx.event.seq - 1,
        });
    } else {
      // Another device of the same member may revoke a key registered after its own,
      // never one registered before it: a thief's newer device cannot lock out the owner.
      if (ownerOf(ctx, p.key) !== ctx.actor)
        return fail("KEY_NOT_OWNED", { key: p.key });
      const mine = registrationOf(ctx, ctx.event.author);
      const theirs = registrationOf(ctx, p.key);
      const earlier =
        mine === -1
          ? theirs !== -1
          : theirs !== -1 && ctx.precedes(mine, theirs);
      if (!earlier) return fail("KEY_NOT_OWNED", { key: p.key });
    }
    ctx.cutKey(p.key, p.lastValidSeq);
    return ok(undefined);
  },
});

export const keyRotationRequested = defineHandler({
  type: "key.rotation-requested",
  schema: z
    .object({
      oldKey: hexId,
      body: hexId,
      lastValidSeq: z.number().int().min(0),
    })
    .strict(),
  apply(ctx, p) {
    const body = liveBody(ctx, p.body);
    if (!body.ok) return body;
    const member = ownerOf(ctx, p.oldKey);
    if (member === null || !isMemberIn(ctx, p.body, member))
      return fail("NOT_A_MEMBER", { body: p.body, member: member ?? p.oldKey });
    if (registeredTo(ctx, ctx.event.author) !== null)
      return fail("KEY_ALREADY_REGISTERED", { key: ctx.event.author });
    const rules = rulesIn(ctx, p.body) ?? body.value.rules;
    const needed =
      rules.admission.method === "endorsements"
        ? rules.admission.endorsements
        : 2;
    ctx.state.rotationRequests.set(ctx.event.id, {
      id: ctx.event.id,
      newKey: ctx.event.author,
      oldKey: p.oldKey,
      member,
      body: p.body,
      lastValidSeq: p.lastValidSeq,
      needed,
      endorsedBy: [],
      done: false,
    });
    return ok(undefined);
  },
});

export const keyRotationEndorsed = defineHandler({
  type: "key.rotation-endorsed",
  schema: z.object({ request: hexId }).strict(),
  apply(ctx, p) {
    const request = ctx.state.rotationRequests.get(p.request);
    if (request === undefined || !knowsId(ctx, p.request))
      return fail("ROTATION_REQUEST_NOT_FOUND", { request: p.request });
    const body = liveBody(ctx, request.body);
    if (!body.ok) return body;
    const member = requireMember(ctx, request.body);
    if (!member.ok) return member;
    if (request.member === ctx.actor || request.endorsedBy.includes(ctx.actor))
      return fail("ALREADY_ENDORSED", { request: p.request });
    if (request.done) return fail("ROTATION_DECIDED", { request: p.request });
    const updated = {
      ...request,
      endorsedBy: [...request.endorsedBy, ctx.actor],
    };
    const done = updated.endorsedBy.length >= request.needed;
    ctx.state.rotationRequests.set(p.request, { ...updated, done });
    if (done) {
      registerKey(ctx, request.newKey, request.member);
      ctx.cutKey(request.oldKey, request.lastValidSeq);
    }
    return ok(undefined);
  },
});
