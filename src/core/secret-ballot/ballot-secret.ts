/**
 * @module ballot.secret — a ballot signed by a one-time key and admitted by its tokens, one
 * from each of the motion's registrars. Nothing in it points at the voter: the key is new,
 * its chain starts here, it depends on the motion's opening only and claims the opening's
 * time, so its envelope is the same for every voter but for the key and the payload hash.
 */
import { z } from "zod";
import { fromHex, verifyToken } from "../../crypto/index.js";
import { type ApplyContext, defineHandler } from "../fold/context.js";
import { choiceSchema, isMethodName } from "../motion/methods.js";
import type { BallotChoice } from "../motion/model.js";
import { fail, ok, type Result } from "../result.js";
import { isVoterIn } from "../seat/authority.js";
import { hexId } from "../text/i18n-text.js";
import { hexBytes } from "./hex-bytes.js";
import { MAX_REGISTRARS, type SecretMotionRecord } from "./model.js";
import { openSecretMotion } from "./secret-motion-open.js";
import { secretBallotMessage } from "./token-message.js";

/**
 * Fails unless the envelope says nothing but "a new key, on this motion": sequence number 1,
 * kseq 1 (so no chain and no counter of a known key), the motion's opening as the only parent,
 * and the opening's time as its own (a voter's clock or heads would tell when, and so who).
 */
function checkAnonymousEnvelope(
  ctx: ApplyContext,
  motion: string,
  openedAt: number,
): Result<void> {
  const e = ctx.event;
  if (e.seq !== 1)
    return fail("SECRET_BALLOT_ENVELOPE_INVALID", { field: "seq" });
  if (e.kseq !== 1)
    return fail("SECRET_BALLOT_ENVELOPE_INVALID", { field: "kseq" });
  const parents = ctx.index.parentsOf(e.index);
  if (parents.length !== 1 || parents[0] !== ctx.index.indexOf(motion))
    return fail("SECRET_BALLOT_ENVELOPE_INVALID", { field: "deps" });
  if (e.time !== openedAt)
    return fail("SECRET_BALLOT_ENVELOPE_INVALID", { field: "time" });
  return ok(undefined);
}

/** Per ballot id: the first registrar whose token fails, or -1 when all verify. */
const tokenVerdicts = new Map<string, number>();

/**
 * Whether the one-time key's token from each registrar verifies. A pure question, remembered
 * by ballot id — the id fixes the motion (so the registrars' keys), the author and the tokens:
 * the fold re-applies events after a rewind, and RSA verifications cost more than the rest of
 * a ballot.
 */
function checkTokens(
  ballot: string,
  secret: SecretMotionRecord,
  oneTimeKey: string,
  tokens: readonly string[],
): Result<void> {
  let failing = tokenVerdicts.get(ballot);
  if (failing === undefined) {
    failing = -1;
    const message = secretBallotMessage(secret.motion, oneTimeKey);
    for (let i = 0; i < secret.registrars.length; i++) {
      const key = fromHex(secret.registrars[i]!.key)!;
      if (!verifyToken(key, message, fromHex(tokens[i]!)!)) {
        failing = i;
        break;
      }
    }
    if (tokenVerdicts.size >= 100_000) tokenVerdicts.clear();
    tokenVerdicts.set(ballot, failing);
  }
  return failing < 0
    ? ok(undefined)
    : fail("TOKEN_INVALID", { registrar: failing });
}

export const ballotSecret = defineHandler({
  type: "ballot.secret",
  schema: z
    .object({
      motion: hexId,
      choice: z.record(z.string(), z.unknown()),
      // One token per registrar (an RSA signature as long as the registrar's modulus).
      tokens: z.array(hexBytes(512)).min(1).max(MAX_REGISTRARS),
    })
    .strict(),
  apply(ctx, p) {
    const motion = openSecretMotion(ctx, p.motion);
    if (!motion.ok) return motion;
    const secret = motion.value;
    const record = ctx.state.motions.get(p.motion)!;
    const envelope = checkAnonymousEnvelope(ctx, p.motion, record.openedAt);
    if (!envelope.ok) return envelope;
    // A member's own key would name the voter: refuse it, so a client that slips is caught.
    const author = ctx.event.author;
    if (ctx.actor !== author || isVoterIn(ctx, secret.body, author))
      return fail("SECRET_BALLOT_AUTHOR_KNOWN", { key: author });
    if (!isMethodName(record.method))
      return fail("METHOD_UNKNOWN", { method: record.method });
    const choice = choiceSchema(record.method, record.options.length).safeParse(
      p.choice,
    );
    if (!choice.success)
      return fail("BALLOT_INVALID", {
        motion: p.motion,
        method: record.method,
        problem: choice.error.issues[0]?.message ?? "invalid",
      });
    if (p.tokens.length !== secret.registrars.length)
      return fail("TOKEN_INVALID", { reason: "count" });
    const tokens = checkTokens(ctx.event.id, secret, author, p.tokens);
    if (!tokens.ok) return tokens;
    ctx.state.secretBallots.push(p.motion, {
      at: ctx.event.index,
      id: ctx.event.id,
      key: author,
      choice: choice.data as BallotChoice,
      time: ctx.event.time,
    });
    return ok(undefined);
  },
});
