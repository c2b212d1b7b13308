/**
 * @module key.added, key.rotation-requested, key.rotation-endorsed (in a body's scope) and
 * key.revoked (in the federation scope).
 */
import { z } from "zod";
import { encodeCanonical, fromHex, verifyEd25519 } from "../../crypto/index.js";
import { ownBody } from "../body/apply.js";
import { type ApplyContext, defineHandler, knowsId } from "../fold/context.js";
import { pairKey } from "../fold/state.js";
import { requireMember, requireTakingPart } from "../member/apply.js";
import { isMemberIn, rulesIn } from "../member/authority.js";
import { fail, ok } from "../result.js";
import { hexId } from "../text/i18n-text.js";

/**
 * The bytes a new device key signs to prove it consents to act for a member: without
 * this, anyone could attach someone else's key to their own identity. The same proof lets
 * the member revoke the key in the federation scope without showing where it was added.
 */
export function keyProofMessage(
  federation: string,
  member: string,
  key: string,
): Uint8Array {
  return encodeCanonical(["kenges-key-added", federation, member, key]);
}

const proofChecks = new Map<string, boolean>();

/**
 * Whether `key` consented to act for `member` (its signature over keyProofMessage). A pure
 * question, remembered: the fold re-applies events after every rewind, and an Ed25519
 * verification costs more than everything else a key.added does.
 */
export function isKeyProofValid(
  federation: string,
  member: string,
  key: string,
  proof: string,
): boolean {
  const name = `${federation}${member}${key}${proof}`;
  let valid = proofChecks.get(name);
  if (valid === undefined) {
    valid = verifyEd25519(
      fromHex(key)!,
      keyProofMessage(federation, member, key),
      fromHex(proof)!,
    );
    if (proofChecks.size >= 100_000) proofChecks.clear();
    proofChecks.set(name, valid);
  }
  return valid;
}

/** The member a key was registered to (by key.added or a rotation) as known, or null. */
function registeredTo(ctx: ApplyContext, key: string): string | null {
  const facts = ctx.state.keyFacts.get(key);
  for (let k = facts.length - 1; k >= 0; k--)
    if (ctx.knows(facts[k]!.at)) return facts[k]!.value;
  return null;
}

/** The member a key acts for in the current event's causal past: its registration, or itself. */
function ownerOf(ctx: ApplyContext, key: string): string {
  return registeredTo(ctx, key) ?? key;
}

function registerKey(ctx: ApplyContext, key: string, member: string): void {
  const s = ctx.state;
  const scope = ctx.event.scope;
  s.keys.set(pairKey(scope, key), {
    scope,
    key,
    member,
    registeredBy: ctx.event.id,
  });
  s.keyFacts.push(key, { at: ctx.event.index, value: member });
  const name = pairKey(scope, member);
  const record = s.members.get(name);
  if (record !== undefined && !record.keys.includes(key))
    s.members.set(name, { ...record, keys: [...record.keys, key] });
}

export const keyAdded = defineHandler({
  type: "key.added",
  schema: z
    .object({ key: hexId, proof: z.string().regex(/^[0-9a-f]{128}$/) })
    .strict(),
  apply(ctx, p) {
    if (p.key === ctx.event.author || registeredTo(ctx, p.key) !== null)
      return fail("KEY_ALREADY_REGISTERED", { key: p.key });
    const body = ownBody(ctx);
    if (!body.ok) return body;
    const member = requireTakingPart(ctx, ctx.event.scope);
    if (!member.ok) return member;
    if (!isKeyProofValid(ctx.federation ?? "", ctx.actor, p.key, p.proof))
      return fail("KEY_PROOF_INVALID", { key: p.key });
    registerKey(ctx, p.key, ctx.actor);
    return ok(undefined);
  },
});

/**
 * A key's events above a kseq stop counting in every scope. A key may stop itself from now
 * on (never erase what it signed before: a thief holding it could otherwise unmake its
 * owner's history); a member's key may revoke a key that consented to act for it — the
 * key's own signature (`proof`) shows it, so the revocation names no scope.
 */
export const keyRevoked = defineHandler({
  type: "key.revoked",
  schema: z
    .object({
      key: hexId,
      lastValidKseq: z.number().int().min(0),
      proof: z
        .string()
        .regex(/^[0-9a-f]{128}$/)
        .optional(),
    })
    .strict(),
  apply(ctx, p) {
    if (p.key === ctx.event.author) {
      if (p.lastValidKseq < ctx.event.kseq - 1)
        return fail("REVOCATION_CUTOFF_INVALID", {
          lastValidKseq: p.lastValidKseq,
          lowest: ctx.event.kseq - 1,
        });
    } else {
      if (
        p.proof === undefined ||
        !isKeyProofValid(ctx.federation ?? "", ctx.event.author, p.key, p.proof)
      )
        return fail("KEY_NOT_OWNED", { key: p.key });
    }
    ctx.cutKey(p.key, p.lastValidKseq);
    return ok(undefined);
  },
});

export const keyRotationRequested = defineHandler({
  type: "key.rotation-requested",
  schema: z
    .object({
      oldKey: hexId,
      lastValidSeq: z.number().int().min(0),
    })
    .strict(),
  apply(ctx, p) {
    const bodyId = ctx.event.scope;
    const body = ownBody(ctx);
    if (!body.ok) return body;
    // Whose the old key is, and whether they are a member, is judged by the endorsements: the
    // new key reads nothing of the body, so its request can name only the body's founding
    // event (the write gate's rule for outsiders), and in that past nobody else is a member.
    const member = ownerOf(ctx, p.oldKey);
    if (registeredTo(ctx, ctx.event.author) !== null)
      return fail("KEY_ALREADY_REGISTERED", { key: ctx.event.author });
    const rules = rulesIn(ctx, bodyId) ?? body.value.rules;
    const needed =
      rules.admission.method === "endorsements"
        ? rules.admission.endorsements
        : 2;
    ctx.state.rotationRequests.set(ctx.event.id, {
      id: ctx.event.id,
      newKey: ctx.event.author,
      oldKey: p.oldKey,
      member,
      body: bodyId,
      lastValidSeq: p.lastValidSeq,
      needed,
      endorsedBy: [],
      done: false,
    });
    return ok(undefined);
  },
});

/**
 * Members endorse a rotation; when enough have, the new key acts for the member in this
 * scope and the old key's chain here stops counting above the named seq.
 */
export const keyRotationEndorsed = defineHandler({
  type: "key.rotation-endorsed",
  schema: z.object({ request: hexId }).strict(),
  apply(ctx, p) {
    const request = ctx.state.rotationRequests.get(p.request);
    if (
      request === undefined ||
      request.body !== ctx.event.scope ||
      !knowsId(ctx, p.request)
    )
      return fail("ROTATION_REQUEST_NOT_FOUND", { request: p.request });
    const body = ownBody(ctx);
    if (!body.ok) return body;
    const endorser = requireMember(ctx, request.body);
    if (!endorser.ok) return endorser;
    // The member the old key acts for, and that they are one, as the endorser knows it.
    const member = ownerOf(ctx, request.oldKey);
    if (!isMemberIn(ctx, request.body, member))
      return fail("NOT_A_MEMBER", { body: request.body, member });
    if (member === ctx.actor || request.endorsedBy.includes(ctx.actor))
      return fail("ALREADY_ENDORSED", { request: p.request });
    if (request.done) return fail("ROTATION_DECIDED", { request: p.request });
    const updated = {
      ...request,
      member,
      endorsedBy: [...request.endorsedBy, ctx.actor],
    };
    const done = updated.endorsedBy.length >= request.needed;
    ctx.state.rotationRequests.set(p.request, { ...updated, done });
    if (done) {
      registerKey(ctx, request.newKey, member);
      ctx.cutChain(request.oldKey, request.body, request.lastValidSeq);
    }
    return ok(undefined);
  },
});
