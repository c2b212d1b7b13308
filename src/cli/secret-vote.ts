/**
 * @module `kenges vote` on a secret motion (docs/events.md §6.6), in the steps a member takes
 * whenever they run it: ask for tokens (a fresh one-time key, blinded for every registrar,
 * kept sealed; then `token.requested`), wait for every registrar's `token.issued`, unblind the
 * tokens, and — when a choice is given — sign `ballot.secret` with the one-time key, with the
 * envelope the rule fixes, through the hub when a hub holds the directory.
 */
import {
  type FoldEngine,
  membersOfKey,
  type SecretMotionRecord,
  type SignedEvent,
  secretBallotMessage,
  signEvent,
  tokenIssuanceOf,
} from "../core/index.js";
import { finalizeToken } from "../crypto/blind-token.js";
import { type CanonicalValue, fromHex, toHex } from "../crypto/index.js";
import { CliError } from "./cli-error.js";
import {
  newTicket,
  oneTimeKeyOf,
  readTicket,
  type SecretTicket,
  writeTicket,
} from "./secret-ballot-ticket.js";
import { domainError, type Session } from "./session.js";

/** What a run of `kenges vote` on a secret motion got to. */
export type SecretVoteStep =
  | { readonly step: "requested"; readonly request: string }
  | {
      readonly step: "waiting";
      readonly request: string;
      /** Registrars (offer ids) that have not answered yet. */
      readonly waitingFor: readonly string[];
    }
  | { readonly step: "tokens-ready" }
  | { readonly step: "cast"; readonly ballot: string };

/** The member a key acts for now: the member it is registered to, else the key itself. */
export function memberOfKey(fold: FoldEngine, key: string): string {
  for (const m of membersOfKey(fold, key)) if (m !== key) return m;
  return key;
}

/** Unblinds every registrar's answer; null while one has not answered (listed in `waiting`). */
async function tokensOf(
  fold: FoldEngine,
  secret: SecretMotionRecord,
  ticket: SecretTicket,
  waiting: string[],
): Promise<string[] | null> {
  const message = secretBallotMessage(
    secret.motion,
    toHex(oneTimeKeyOf(ticket).publicKey),
  );
  const tokens: string[] = [];
  for (let i = 0; i < secret.registrars.length; i++) {
    const registrar = secret.registrars[i]!;
    const issued = tokenIssuanceOf(fold.state, ticket.request!, i);
    if (issued === null) {
      waiting.push(registrar.offer);
      continue;
    }
    const blinded = ticket.blinded[i]!;
    try {
      const token = await finalizeToken(
        fromHex(registrar.key)!,
        message,
        fromHex(issued)!,
        {
          blinded: fromHex(blinded.blinded)!,
          inverse: fromHex(blinded.inverse)!,
        },
      );
      tokens.push(toHex(token));
    } catch {
      // The registrar's answer does not unblind into a token: it gave none. Logged, so the
      // member can show the bad issuance.
      throw new CliError("TOKEN_ISSUANCE_BAD", {
        motion: secret.motion,
        registrar: registrar.offer,
      });
    }
  }
  return waiting.length > 0 ? null : tokens;
}

/** The `ballot.secret` of a ticket: seq 1, kseq 1, no prev, deps the opening, the opening's time. */
function secretBallotEvent(
  s: Session,
  secret: SecretMotionRecord,
  ticket: SecretTicket,
  choice: CanonicalValue,
): SignedEvent {
  const openedAt = s.replica.fold.timeOf(secret.motion);
  if (openedAt === null)
    throw new CliError("ID_NOT_FOUND", { kind: "motion", id: secret.motion });
  return signEvent(oneTimeKeyOf(ticket), {
    federation: s.replica.federation,
    scope: secret.body,
    seq: 1,
    kseq: 1,
    prev: null,
    deps: [secret.motion],
    time: openedAt,
    type: "ballot.secret",
    payload: { motion: secret.motion, choice, tokens: [...ticket.tokens!] },
  });
}

/**
 * One run of `kenges vote` on a secret motion as the session's identity: takes the next step
 * it can, and with `choice` casts the ballot once the tokens are there.
 */
export async function secretVote(
  s: Session,
  secret: SecretMotionRecord,
  choice: CanonicalValue | null,
): Promise<SecretVoteStep> {
  const fold = s.replica.fold;
  // A secret ballot names only the opening, so the fold would keep one cast after the close
  // as valid — and never count it. Say so instead.
  const status = fold.state.motions.get(secret.motion)?.status ?? "open";
  if (status !== "open")
    throw new CliError("MOTION_NOT_OPEN", { motion: secret.motion, status });
  const who = await s.identity();
  const member = memberOfKey(fold, toHex(who.key.publicKey));
  let ticket = readTicket(s.dir, s.dataKey, secret.motion, member);
  if (ticket?.ballot)
    throw new CliError("SECRET_BALLOT_ALREADY_CAST", {
      motion: secret.motion,
      ballot: ticket.ballot,
    });
  if (ticket === null || ticket.request === null) {
    // The blinding secrets are kept before the request is signed: a request whose secrets
    // were lost would spend the member's one request for nothing.
    ticket ??= await newTicket(secret, member);
    writeTicket(s.dir, s.dataKey, ticket);
    const request = await s.act(secret.body, "token.requested", {
      motion: secret.motion,
      blinded: ticket.blinded.map((b) => b.blinded),
    });
    ticket = { ...ticket, request: request.id };
    writeTicket(s.dir, s.dataKey, ticket);
    return { step: "requested", request: request.id };
  }
  if (ticket.tokens === null) {
    const waiting: string[] = [];
    const tokens = await tokensOf(fold, secret, ticket, waiting);
    if (tokens === null)
      return { step: "waiting", request: ticket.request, waitingFor: waiting };
    ticket = { ...ticket, tokens };
    writeTicket(s.dir, s.dataKey, ticket);
  }
  if (choice === null) return { step: "tokens-ready" };
  const ballot = secretBallotEvent(s, secret, ticket, choice);
  const refused = await s.replica.keepSigned([ballot]);
  if (refused !== null) throw domainError(refused);
  writeTicket(s.dir, s.dataKey, { ...ticket, ballot: ballot.id });
  return { step: "cast", ballot: ballot.id };
}
