/**
 * @module `kenges audit <body>`: what the body's attesters told the councils above it,
 * checked against the body's own log (`auditAttestations`), in words — "the chair of the
 * depot told the town council: Dana elected; no close of the depot says so". Exits 1 when
 * a claim does not match the log, so members can script the check.
 */
import {
  auditAttestations,
  type ClaimAudit,
  type FoldState,
  pairKey,
} from "../../core/index.js";
import { describeClaim } from "../claim-words.js";
import { CliError } from "../cli-error.js";
import type { Command } from "../command.js";
import { bodyName, memberName } from "../names.js";
import { resolveId } from "../resolve.js";
import { type Session, withSession } from "../session.js";
import { say } from "../words.js";

/** Who signed, as the body's members know them: its chair, or an attester. */
function signersInWords(
  s: Session,
  body: string,
  signers: readonly string[],
): string {
  const st = s.replica.fold.state;
  const chairs = new Set(st.bodies.get(body)?.chairs ?? []);
  const name = bodyName(st, body, s.lang);
  return signers
    .map((k) => {
      const member = memberOfKey(st, body, k);
      return say(
        s.lang,
        chairs.has(member) ? "audit.who.chair" : "audit.who.attester",
        { body: name, name: memberName(st, member, body) },
      );
    })
    .join(", ");
}

/** The member a key acts for in the body (a device registered there), else the key. */
function memberOfKey(st: FoldState, body: string, key: string): string {
  for (const r of st.keys.values())
    if (r.key === key && r.scope === body) return r.member;
  return key;
}

/** Why a claim does or does not match the log, in words. */
function verdictInWords(s: Session, body: string, a: ClaimAudit): string {
  const st = s.replica.fold.state;
  const name = bodyName(st, body, s.lang);
  if (a.status === "confirmed")
    return say(s.lang, "audit.confirmed", { body: name });
  if (a.status === "unverifiable") return say(s.lang, "audit.unverifiable");
  if (a.problem === "ATTESTATION_CITES_UNKNOWN")
    return say(
      s.lang,
      a.kind === "seats" ? "audit.cites-unknown.seats" : "audit.cites-unknown",
      { body: name },
    );
  if (a.kind === "seats" && Array.isArray(a.details.elected))
    return say(s.lang, "audit.mismatch.seats", {
      body: name,
      elected:
        (a.details.elected as string[])
          .map((m) => memberName(st, m, body))
          .join(", ") || "—",
    });
  if (a.kind === "members" && typeof a.details.counted === "number")
    return say(s.lang, "audit.mismatch.members", {
      body: name,
      counted: a.details.counted,
    });
  return say(s.lang, "audit.mismatch", { body: name });
}

export const auditCommand: Command = {
  name: "audit",
  usage: `kenges audit <body> [--json]
  Lists every claim about <body> on the councils this replica holds, whether it is in effect,
  and whether the body's log says the same. Exit status 1 when a claim does not match.`,
  async run(args, io) {
    return withSession(args, io, async (s) => {
      const body = resolveId(s.replica, "body", args.positionals[0]);
      const st = s.replica.fold.state;
      // Only a replica holding the body's log can check claims against it (a council's
      // replica knows the body by its card, and would find every claim unfounded).
      if (!st.bodies.has(body))
        throw new CliError("ID_NOT_FOUND", { kind: "body", id: body });
      const audits = auditAttestations(s.replica.fold, body);
      const mismatches = audits.filter((a) => a.status === "mismatch");
      const lines = audits.map((a) => {
        const told = say(s.lang, "audit.told", {
          who: signersInWords(s, body, a.signers),
          council: bodyName(st, a.council, s.lang),
          claim: describeClaim(
            st,
            st.claims.get(pairKey(a.council, a.hash))?.claim ?? null,
            body,
            s.lang,
          ),
        });
        const effect = a.superseded
          ? say(s.lang, "audit.superseded")
          : a.effective
            ? say(s.lang, "audit.effective")
            : say(s.lang, "audit.waiting");
        const mark =
          a.status === "mismatch" ? "✗" : a.status === "confirmed" ? "✓" : "?";
        return `${mark} ${told}; ${verdictInWords(s, body, a)} (${effect})`;
      });
      s.print(
        {
          body,
          claims: audits.map((a) => ({
            ...a,
            claim: st.claims.get(pairKey(a.council, a.hash))?.claim ?? null,
          })),
          mismatches: mismatches.length,
        },
        () =>
          [
            say(s.lang, "audit.heading", {
              body: bodyName(st, body, s.lang),
              claims: audits.length,
              mismatches: mismatches.length,
            }),
            ...lines,
          ].join("\n"),
      );
      return mismatches.length > 0 ? 1 : 0;
    });
  },
};
