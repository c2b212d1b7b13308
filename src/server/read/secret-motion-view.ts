/**
 * @module What the motion page shows of a secret motion: the figures anyone reading the body
 * can check (core's `secretBallotAudit`) — the roll's size, how many roll members asked for
 * tokens, each registrar's issuances, the ballots, the double spends, and whether the ballots
 * outnumber some registrar's issuances — and never who voted how: no ballot is shown beside
 * a member, only beside its one-time key.
 */
import type { SecretMotionView } from "../../api/index.js";
import { secretBallotAudit } from "../../core/index.js";
import type { Hub } from "../hub.js";
import { nameIn } from "./body-summary.js";

/** The secret figures of a motion the viewer reads, or null for a motion that is not secret. */
export function secretMotionView(
  hub: Hub,
  motion: string,
  body: string,
): SecretMotionView | null {
  const state = hub.replica.fold.state;
  const audit = secretBallotAudit(state, motion);
  if (audit === null) return null;
  return {
    rollSize: audit.rollSize,
    requests: audit.requests,
    registrars: audit.registrars.map((r) => ({
      offer: r.offer,
      registrar: nameIn(state, body, r.member),
      issued: r.issued,
    })),
    ballots: audit.ballots,
    doubleSpends: audit.doubleSpent,
    overIssued: audit.tally?.overIssued ?? null,
  };
}
