/**
 * @module What `kenges motion show` adds for a secret motion: the figures anyone reading the
 * body can check — the roll's size, token requests, each registrar's issuances, ballots, tokens
 * spent twice, over-issuance at the close — and whether each ballot cast from this directory
 * was counted. Never who voted how: no ballot is shown beside a member.
 */
import { recountMotion, secretBallotAudit } from "../core/index.js";
import { secretBallotChecks } from "../replica/index.js";
import { memberName } from "./names.js";
import { short } from "./render.js";
import { ticketsOf } from "./secret-ballot-ticket.js";
import type { Session } from "./session.js";
import { say } from "./words.js";

/** What became of a ballot cast from this directory. */
export type MyBallotStatus = "counted" | "held" | "not-counted";

/** A secret motion's part of `motion show`: for --json, and as lines of text. */
export interface SecretMotionShow {
  readonly json: {
    readonly secret: {
      readonly rollSize: number;
      readonly requests: number;
      readonly registrars: readonly {
        offer: string;
        member: string;
        issued: number;
      }[];
      readonly ballots: number;
      /** Ballots whose one-time key cast one with a lower id: not counted. */
      readonly doubleSpends: readonly string[];
      readonly overIssued: boolean | null;
    };
    /** The ballots cast from this directory (by any identity here), and what became of them. */
    readonly mine: readonly { ballot: string; status: MyBallotStatus }[];
  };
  readonly lines: readonly string[];
}

/**
 * "counted" when the close counted the ballot, "held" while the vote is open and the ballot
 * is valid here, "not-counted" otherwise (a token spent twice, a ballot the close never saw).
 */
function myBallots(
  s: Session,
  motion: string,
): { ballot: string; status: MyBallotStatus }[] {
  const fold = s.replica.fold;
  const cast = ticketsOf(s.dir, s.dataKey, motion)
    .map((t) => t.ballot)
    .filter((b) => b !== null);
  if (cast.length === 0) return [];
  const recount =
    fold.state.motions.get(motion)?.status === "decided"
      ? recountMotion(fold, motion)
      : null;
  const counted = new Set(
    recount?.ok ? recount.value.counted.map((c) => c.ballot.id) : [],
  );
  return cast.map((ballot) => ({
    ballot,
    status: counted.has(ballot)
      ? "counted"
      : recount === null && fold.has(ballot) && !fold.invalidReason(ballot)
        ? "held"
        : "not-counted",
  }));
}

/** The secret part of `motion show`, or null for a motion that is not secret. */
export function secretMotionShow(
  s: Session,
  motion: string,
): SecretMotionShow | null {
  const fold = s.replica.fold;
  const st = fold.state;
  const audit = secretBallotAudit(st, motion);
  if (audit === null) return null;
  const body = st.motions.get(motion)!.body;
  const mine = myBallots(s, motion);
  const overIssued = audit.tally?.overIssued ?? null;
  const lines = [
    say(s.lang, "secret.is-secret"),
    say(s.lang, "secret.figures", {
      roll: audit.rollSize,
      requests: audit.requests,
      ballots: audit.ballots,
      doubleSpends: audit.doubleSpent,
    }),
    ...audit.registrars.map((r) =>
      say(s.lang, "secret.registrar", {
        name: memberName(st, r.member, body),
        offer: short(r.offer),
        issued: r.issued,
      }),
    ),
    ...(overIssued ? [say(s.lang, "secret.over-issued")] : []),
    ...mine.map((b) =>
      say(s.lang, `secret.mine.${b.status}`, { id: short(b.ballot) }),
    ),
  ];
  return {
    json: {
      secret: {
        rollSize: audit.rollSize,
        requests: audit.requests,
        registrars: audit.registrars.map((r) => ({
          offer: r.offer,
          member: r.member,
          issued: r.issued,
        })),
        ballots: audit.ballots,
        doubleSpends:
          secretBallotChecks(fold).find((c) => c.motion === motion)
            ?.doubleSpends ?? [],
        overIssued,
      },
      mine,
    },
    lines,
  };
}
