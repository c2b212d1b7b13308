/**
 * @module What `kenges verify` reports of each secret motion: the fold has checked every
 * ballot's tokens and one-time signature (an invalid one is kept with its code); here those
 * verdicts are gathered per motion, with the tokens spent twice and whether the ballots
 * outnumber some registrar's issuances (every registrar colluding, docs/events.md §6.6).
 */
import { type FoldEngine, secretBallotAudit } from "../core/index.js";
import { decodeCanonical } from "../crypto/index.js";

/** The checks of one secret motion. */
export interface SecretBallotCheck {
  readonly motion: string;
  readonly rollSize: number;
  readonly requests: number;
  /** Valid issuances per registrar, in the motion's order. */
  readonly issued: readonly number[];
  /** Valid secret ballots held, double spends included. */
  readonly ballots: number;
  /** Secret ballots the fold keeps as invalid, by code (TOKEN_INVALID, …). */
  readonly invalid: Readonly<Record<string, number>>;
  /** Ballots whose one-time key had cast a ballot with a lower id: they do not count. */
  readonly doubleSpends: readonly string[];
  /** More valid ballots than some registrar issued tokens. */
  readonly overIssued: boolean;
}

function motionOfPayload(bytes: Uint8Array | null): string | null {
  if (bytes === null) return null;
  const decoded = decodeCanonical(bytes);
  if (!decoded.ok) return null;
  const motion = (decoded.value as { motion?: unknown } | null)?.motion;
  return typeof motion === "string" ? motion : null;
}

/** The secret-ballot checks of every secret motion the fold holds. */
export function secretBallotChecks(fold: FoldEngine): SecretBallotCheck[] {
  const state = fold.state;
  const invalid = new Map<string, Record<string, number>>();
  for (const [id, error] of state.invalid.entries()) {
    if (fold.typeOf(id) !== "ballot.secret") continue;
    const motion = motionOfPayload(fold.payloadOf(id));
    if (motion === null) continue;
    const counts = invalid.get(motion) ?? {};
    counts[error.code] = (counts[error.code] ?? 0) + 1;
    invalid.set(motion, counts);
  }
  const checks: SecretBallotCheck[] = [];
  for (const motion of state.secretMotions.keys()) {
    const audit = secretBallotAudit(state, motion)!;
    const byKey = new Map<string, string[]>();
    for (const b of state.secretBallots.get(motion))
      byKey.set(b.key, [...(byKey.get(b.key) ?? []), b.id]);
    const doubleSpends = [...byKey.values()].flatMap((ids) =>
      ids.sort().slice(1),
    );
    const issued = audit.registrars.map((r) => r.issued);
    const counted = byKey.size;
    checks.push({
      motion,
      rollSize: audit.rollSize,
      requests: audit.requests,
      issued,
      ballots: audit.ballots,
      invalid: invalid.get(motion) ?? {},
      doubleSpends: doubleSpends.sort(),
      overIssued: issued.some((n) => counted > n),
    });
  }
  return checks.sort((a, b) => (a.motion < b.motion ? -1 : 1));
}
