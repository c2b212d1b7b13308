/**
 * @module What anyone reading a body can check of a secret motion: the roll's size, how many
 * roll members asked for tokens, how many each registrar issued, how many ballots came, and
 * at the close the double spends and whether the ballots outnumber some registrar's
 * issuances (every registrar colluding).
 */
import type { FoldState } from "../fold/state.js";
import { pairKey } from "../fold/state.js";
import type { SecretRegistrar, SecretTallyRecord } from "./model.js";

/** A secret motion's audit figures as the fold holds them now. */
export interface SecretBallotAudit {
  readonly motion: string;
  readonly rollSize: number;
  /** Valid token requests (at most one per roll member). */
  readonly requests: number;
  /** The registrars in the motion's order, each with its valid issuances. */
  readonly registrars: readonly (SecretRegistrar & {
    readonly issued: number;
  })[];
  /** Valid secret ballots held (double spends included). */
  readonly ballots: number;
  /**
   * Held ballots whose one-time key also signed a ballot with a lower id: tokens spent twice.
   * (The close counts one ballot per key among those it knows, and lists the others.)
   */
  readonly doubleSpent: number;
  /** What the close found; null while the motion is open. */
  readonly tally: SecretTallyRecord | null;
}

/** The audit figures of a secret motion, or null for a motion that is not secret. */
export function secretBallotAudit(
  state: FoldState,
  motion: string,
): SecretBallotAudit | null {
  const secret = state.secretMotions.get(motion);
  if (secret === undefined) return null;
  const issued = secret.registrars.map(() => 0);
  for (const i of state.motionIssuances.get(motion)) issued[i.registrar]!++;
  const ballots = state.secretBallots.get(motion);
  const keys = new Set(ballots.map((b) => b.key));
  let requests = 0;
  for (const member of secret.roll)
    if (state.memberTokenRequests.has(pairKey(motion, member))) requests++;
  return {
    motion,
    rollSize: secret.roll.length,
    requests,
    registrars: secret.registrars.map((r, i) => ({ ...r, issued: issued[i]! })),
    ballots: ballots.length,
    doubleSpent: ballots.length - keys.size,
    tally: state.secretTallies.get(motion) ?? null,
  };
}

/** A registrar's blind signature on a request (hex), once issued validly; else null. */
export function tokenIssuanceOf(
  state: FoldState,
  request: string,
  registrar: number,
): string | null {
  return (
    state.tokenIssuances.get(pairKey(request, String(registrar)))?.signature ??
    null
  );
}
