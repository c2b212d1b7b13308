/**
 * @module Whether the write gate lets a `ballot.secret` in from a key that is not signed in
 * and acts for nobody: only when the fold would keep it as a valid ballot that counts — its
 * envelope follows the rule (docs/events.md §6.6), its one-time key is new here, and every
 * token verifies under its registrar's key. Without this, the one kind of event a stranger may
 * post would let anyone fill the log with junk. The answers are the fold's codes, computed
 * from the fold's own records and core's token message and crypto's verification.
 */
import {
  choiceSchema,
  decodePayload,
  type FoldEngine,
  isMethodName,
  membersOfKey,
  type SignedEvent,
  secretBallotMessage,
} from "../../core/index.js";
import { fromHex, toHex, verifyToken } from "../../crypto/index.js";
import type { Refusal } from "../group-commit.js";

/** The one type a key that acts for no member may post into a scope it does not read. */
export const SECRET_BALLOT_TYPE = "ballot.secret";

function refusal(code: string, details: Record<string, unknown>): Refusal {
  return { code, details };
}

interface SecretBallotPayload {
  readonly motion: string;
  readonly choice: unknown;
  readonly tokens: readonly string[];
}

function payloadOf(e: SignedEvent): SecretBallotPayload | null {
  const decoded = decodePayload(e);
  if (!decoded.ok || decoded.value === null) return null;
  const p = decoded.value as Partial<SecretBallotPayload>;
  if (
    typeof p.motion !== "string" ||
    !Array.isArray(p.tokens) ||
    !p.tokens.every((t) => typeof t === "string")
  )
    return null;
  return p as SecretBallotPayload;
}

/**
 * Null when the secret ballot `e` (already through `checkEvent`) would be a valid ballot that
 * counts for an open secret motion held here; else the refusal, with the fold's code.
 * `waiting` says whether a one-time key's ballot waits in a batch, not yet committed.
 */
export function judgeSecretBallot(
  fold: FoldEngine,
  e: SignedEvent,
  waiting: (key: string) => boolean,
): Refusal | null {
  const env = e.envelope;
  const p = payloadOf(e);
  if (p === null) return refusal("PAYLOAD_INVALID", { id: e.id });
  const motion = fold.state.motions.get(p.motion);
  const secret = fold.state.secretMotions.get(p.motion);
  const scope = env.scope === null ? null : toHex(env.scope);
  if (motion === undefined || scope !== motion.body)
    return refusal("MOTION_NOT_FOUND", { motion: p.motion });
  if (secret === undefined)
    return refusal("MOTION_NOT_SECRET", { motion: p.motion });
  // Not a rule of the fold (a ballot after the close is kept and not counted): the hub takes
  // no ballot that cannot count.
  if (motion.status !== "open")
    return refusal("MOTION_NOT_OPEN", {
      motion: p.motion,
      status: motion.status,
    });
  if (env.seq !== 1)
    return refusal("SECRET_BALLOT_ENVELOPE_INVALID", { field: "seq" });
  if (env.kseq !== 1)
    return refusal("SECRET_BALLOT_ENVELOPE_INVALID", { field: "kseq" });
  if (
    env.prev !== null ||
    env.deps.length !== 1 ||
    toHex(env.deps[0]!) !== p.motion
  )
    return refusal("SECRET_BALLOT_ENVELOPE_INVALID", { field: "deps" });
  if (env.time !== motion.openedAt)
    return refusal("SECRET_BALLOT_ENVELOPE_INVALID", { field: "time" });
  const author = toHex(env.author);
  // A key that already cast a ballot spends its token twice: the fold would count only the
  // lowest id, so the hub keeps out the second one (a copy arriving by sync from a peer is
  // still judged by the fold).
  if (waiting(author) || hasCastSecretBallot(fold, author))
    return refusal("TOKEN_SPENT_TWICE", { key: author, motion: p.motion });
  if (fold.index.findKey(author) >= 0 || membersOfKey(fold, author).size > 1)
    return refusal("SECRET_BALLOT_AUTHOR_KNOWN", { key: author });
  if (!isMethodName(motion.method))
    return refusal("METHOD_UNKNOWN", { method: motion.method });
  const choice = choiceSchema(motion.method, motion.options.length).safeParse(
    p.choice,
  );
  if (!choice.success)
    return refusal("BALLOT_INVALID", {
      motion: p.motion,
      method: motion.method,
      problem: choice.error.issues[0]?.message ?? "invalid",
    });
  if (p.tokens.length !== secret.registrars.length)
    return refusal("TOKEN_INVALID", { reason: "count" });
  const message = secretBallotMessage(p.motion, author);
  for (let i = 0; i < secret.registrars.length; i++) {
    const key = fromHex(secret.registrars[i]!.key);
    const token = fromHex(p.tokens[i]!);
    if (key === null || token === null || !verifyToken(key, message, token))
      return refusal("TOKEN_INVALID", { registrar: i });
  }
  return null;
}

/** True when `key` signed a held `ballot.secret`: a one-time key signs nothing else. */
export function hasCastSecretBallot(fold: FoldEngine, key: string): boolean {
  const k = fold.index.findKey(key);
  if (k < 0) return false;
  const first = fold.index.eventsOfKey[k]?.[0];
  return (
    first !== undefined &&
    fold.typeOf(fold.index.ids[first]!) === SECRET_BALLOT_TYPE
  );
}
