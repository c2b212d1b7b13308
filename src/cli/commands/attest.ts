/**
 * @module `kenges attest <body>`: an attester of a body carries its facts up. Signs, as the
 * identity (`--as`), every claim about the body that its own log implies and the councils
 * above do not hold yet (`pendingClaims`): elections, recalls, vacancies, mandates, member
 * counts, answers to calls. `--dry-run` lists them without signing.
 */
import {
  councilsOf,
  type PendingClaim,
  pairKey,
  pendingClaims,
} from "../../core/index.js";
import type { CanonicalValue } from "../../crypto/index.js";
import { formatError, isLanguage } from "../../i18n/index.js";
import { attestersNow } from "../attesters.js";
import { describeClaim } from "../claim-words.js";
import { CliError } from "../cli-error.js";
import type { Command } from "../command.js";
import { stringFlag } from "../command.js";
import { keyId } from "../keyring.js";
import { bodyName } from "../names.js";
import { short } from "../render.js";
import { resolveId } from "../resolve.js";
import { type Session, withSession } from "../session.js";
import { say, term } from "../words.js";

/** What happened to one claim. */
interface Outcome {
  readonly council: string;
  readonly kind: string;
  readonly hash: string;
  readonly words: string;
  readonly event: string | null;
  /** In effect on the council after this signature. */
  readonly effective: boolean;
  /** Attesters still to sign (when not in effect). */
  readonly waiting: number;
  readonly refused: { readonly code: string; readonly message: string } | null;
  /** Not signed yet: it rests on an earlier claim still waiting for other attesters. */
  readonly later?: boolean;
}

/** Claims about seats, which rest on one another in order. */
const SEAT_KINDS = new Set(["seats", "recall", "vacancy"]);

function outcomeOf(
  s: Session,
  body: string,
  p: PendingClaim,
  event: string | null,
  refused: Outcome["refused"],
): Outcome {
  const state = s.replica.fold.state;
  const record = state.claims.get(pairKey(p.council, p.hash));
  const link = attestersNow(state, p.council, body);
  const effective = record?.effectiveAt != null;
  return {
    council: p.council,
    kind: p.claim.kind,
    hash: p.hash,
    words: describeClaim(state, p.claim, body, s.lang),
    event,
    effective,
    waiting: effective
      ? 0
      : Math.max(0, (link?.threshold ?? 1) - (record?.signers.length ?? 0)),
    refused,
  };
}

function render(s: Session, body: string, outcomes: readonly Outcome[]) {
  const state = s.replica.fold.state;
  if (outcomes.length === 0)
    return say(s.lang, "attest.nothing", {
      body: bodyName(state, body, s.lang),
    });
  const lines: string[] = [];
  let council: string | null = null;
  for (const o of outcomes) {
    if (o.council !== council) {
      council = o.council;
      lines.push(
        say(s.lang, "attest.heading", {
          body: bodyName(state, body, s.lang, council),
          council: bodyName(state, council, s.lang),
        }),
      );
    }
    const status =
      o.refused !== null
        ? say(s.lang, "attest.refused", { message: o.refused.message })
        : o.later
          ? say(s.lang, "attest.later")
          : o.event === null
            ? say(s.lang, "attest.would-sign")
            : `${say(s.lang, "attest.signed")} — ${
                o.effective
                  ? say(s.lang, "attest.effective")
                  : say(s.lang, "attest.waiting", { count: o.waiting })
              }`;
    lines.push(
      `  ${term(s.lang, "claim-kind", o.kind).padEnd(9)} ${o.words}: ${status}`,
    );
  }
  return lines.join("\n");
}

export const attestCommand: Command = {
  name: "attest",
  usage: `kenges attest <body> [--council <council>] [--dry-run] [--json]
  Signs (as --as) the claims pendingClaims lists for <body>: elections, recalls, vacancies,
  mandates, member counts, answers to calls. A claim takes effect on the council when as many
  of the body's attesters as its link asks for have signed it.`,
  async run(args, io) {
    return withSession(args, io, async (s) => {
      const fold = s.replica.fold;
      const body = resolveId(s.replica, "body", args.positionals[0]);
      // Attesters carry up what the body's own log implies: they must hold it.
      if (!fold.state.bodies.has(body))
        throw new CliError("ID_NOT_FOUND", { kind: "body", id: body });
      const typed = stringFlag(args, "council");
      const councils =
        typed === undefined
          ? councilsOf(fold, body)
          : [resolveId(s.replica, "body", typed)];
      const me = keyId((await s.identity()).key);
      const mine = councils.filter((c) =>
        attestersNow(fold.state, c, body)?.attesters.includes(me),
      );
      if (mine.length === 0)
        throw new CliError("NOT_AN_ATTESTER", { body, key: short(me) });
      const unsigned = () =>
        mine.flatMap((c) =>
          pendingClaims(fold, body, c).filter((p) => !p.signers.includes(me)),
        );
      if (args.flags.get("dry-run") === true) {
        const outcomes = unsigned().map((p) =>
          outcomeOf(s, body, p, null, null),
        );
        s.print({ body, pending: outcomes }, () => render(s, body, outcomes));
        return 0;
      }
      const lang = isLanguage(s.lang) ? s.lang : "en";
      const outcomes: Outcome[] = [];
      const tried = new Set<string>();
      let failure: CliError | null = null;
      // Seat claims follow one another (a recall rests on the election before it): after
      // one still waiting for other attesters, the later ones on that council wait too.
      const blocked = new Set(
        mine.filter((c) =>
          pendingClaims(fold, body, c).some(
            (p) => SEAT_KINDS.has(p.claim.kind) && p.signers.includes(me),
          ),
        ),
      );
      for (;;) {
        const next = unsigned().find(
          (p) => !tried.has(pairKey(p.council, p.hash)),
        );
        if (next === undefined) break;
        tried.add(pairKey(next.council, next.hash));
        if (SEAT_KINDS.has(next.claim.kind) && blocked.has(next.council)) {
          outcomes.push({
            ...outcomeOf(s, body, next, null, null),
            later: true,
          });
          continue;
        }
        try {
          const e = await s.act(next.council, "attestation.made", {
            body,
            claim: next.claim as unknown as CanonicalValue,
          });
          const done = outcomeOf(s, body, next, e.id, null);
          if (SEAT_KINDS.has(next.claim.kind) && !done.effective)
            blocked.add(next.council);
          outcomes.push(done);
        } catch (e) {
          if (!(e instanceof CliError)) throw e;
          failure ??= e;
          outcomes.push(
            outcomeOf(s, body, next, null, {
              code: e.code,
              message: formatError(lang, e.code, e.details),
            }),
          );
        }
      }
      if (failure !== null && outcomes.every((o) => o.event === null))
        throw failure;
      s.print({ body, attested: outcomes }, () => render(s, body, outcomes));
      return 0;
    });
  },
};
