/**
 * @module What `motion.opened` checks and records when it opens a secret motion: its
 * registrars (offers by distinct members, each serving this motion only) and the roll, frozen
 * at the opening.
 */
import { z } from "zod";
import type { BodyRecord } from "../body/model.js";
import { type ApplyContext, knowsId } from "../fold/context.js";
import { fail, ok, type Result } from "../result.js";
import { isVoterIn, votersIn } from "../seat/authority.js";
import { hexId } from "../text/i18n-text.js";
import {
  MAX_REGISTRARS,
  MIN_REGISTRARS,
  type SecretMotionRecord,
  type SecretRegistrar,
} from "./model.js";

/** The `secret` field of a `motion.opened` payload. */
export const secretSchema = z
  .object({
    registrars: z.array(hexId).min(MIN_REGISTRARS).max(MAX_REGISTRARS),
  })
  .strict();

export type SecretMotionPayload = z.infer<typeof secretSchema>;

/**
 * The secret motion a `motion.opened` in `body` would open, judged in the opener's causal
 * past: every offer known there, of this body, cited by no motion before this one in fold
 * order, by a member who may vote there, no two by one member or with one key. The roll is
 * everyone who may vote in the body there — or, in a meeting, those present there.
 */
export function checkSecretMotion(
  ctx: ApplyContext,
  body: BodyRecord,
  secret: SecretMotionPayload,
  /** The roll when the motion is a vote in a meeting (those present); else every voter. */
  meetingRoll?: readonly string[],
): Result<SecretMotionRecord> {
  // A delegate votes for the people who sent them: their ballots stay open so those people
  // can see them. (A council rule may one day allow a secret vote; it would be checked here.)
  if (body.kind === "council")
    return fail("SECRET_BALLOT_NOT_ALLOWED", {
      body: body.id,
      kind: body.kind,
    });
  const registrars: SecretRegistrar[] = [];
  const members = new Set<string>();
  for (const offer of secret.registrars) {
    if (registrars.some((r) => r.offer === offer))
      return fail("REGISTRARS_INVALID", { reason: "offer-twice", offer });
    const record = ctx.state.registrarOffers.get(offer);
    if (record === undefined || record.body !== body.id || !knowsId(ctx, offer))
      return fail("REGISTRAR_OFFER_NOT_FOUND", { offer });
    const cited = ctx.state.offerCitedBy.get(offer);
    if (cited !== undefined)
      return fail("REGISTRAR_OFFER_USED", { offer, motion: cited });
    if (!isVoterIn(ctx, body.id, record.member))
      return fail("REGISTRARS_INVALID", {
        reason: "not-a-member",
        offer,
        member: record.member,
      });
    if (members.has(record.member))
      return fail("REGISTRARS_INVALID", {
        reason: "same-member",
        offer,
        member: record.member,
      });
    // One key under two names is one registrar: whoever holds it signs both tokens.
    if (registrars.some((r) => r.key === record.key))
      return fail("REGISTRARS_INVALID", {
        reason: "same-key",
        offer,
        member: record.member,
      });
    members.add(record.member);
    registrars.push({ offer, member: record.member, key: record.key });
  }
  return ok({
    motion: ctx.event.id,
    body: body.id,
    registrars,
    roll: meetingRoll ?? votersIn(ctx, body.id),
  });
}

/** Records a secret motion that passed {@link checkSecretMotion}: its offers are used up. */
export function recordSecretMotion(
  ctx: ApplyContext,
  record: SecretMotionRecord,
): void {
  ctx.state.secretMotions.set(record.motion, record);
  for (const r of record.registrars)
    ctx.state.offerCitedBy.set(r.offer, record.motion);
}

/** True when `member` is on the motion's frozen roll (the roll is sorted). */
export function isOnRoll(record: SecretMotionRecord, member: string): boolean {
  const roll = record.roll;
  let lo = 0;
  let hi = roll.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const m = roll[mid]!;
    if (m === member) return true;
    if (m < member) lo = mid + 1;
    else hi = mid - 1;
  }
  return false;
}
