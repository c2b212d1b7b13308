/**
 * @module Which secret ballots count at a close: every valid ballot in the close's causal
 * past, one per one-time key — a token spent twice counts once, by its lowest ballot id —
 * with the roll frozen at the opening as the electorate.
 */
import type { CausalIndex } from "../fold/causal-index.js";
import type { FoldState } from "../fold/state.js";
import type { BallotRecord } from "../motion/model.js";
import type {
  SecretCount,
  SecretMotionRecord,
  UncountedSecretBallot,
} from "./model.js";

/** The counted secret ballots of a motion at a close, and what the close found beside them. */
export interface CountedSecretBallots extends SecretCount {
  /** The frozen roll. */
  readonly eligible: readonly string[];
  /** One per one-time key, sorted by key; `member` is the one-time key. */
  readonly counted: readonly BallotRecord[];
}

/**
 * Selects the secret ballots of `secret` that count for the close `close` (an event index;
 * for a close being drafted, its draft), and counts each registrar's issuances it knows.
 */
export function countedSecretBallots(
  state: FoldState,
  index: CausalIndex,
  secret: SecretMotionRecord,
  close: number,
): CountedSecretBallots {
  const all = state.secretBallots.get(secret.motion);
  let minHeight = index.heightOf[close]!;
  for (const b of all) minHeight = Math.min(minHeight, index.heightOf[b.at]!);
  const inPast = index.pastAbove(close, minHeight);
  const byKey = new Map<string, BallotRecord>();
  const uncounted: UncountedSecretBallot[] = [];
  const known = all
    .filter((b) => inPast(b.at))
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  for (const b of known) {
    if (byKey.has(b.key)) {
      uncounted.push({ ballot: b.id, code: "TOKEN_SPENT_TWICE" });
      continue;
    }
    byKey.set(b.key, {
      at: b.at,
      id: b.id,
      member: b.key,
      choice: b.choice,
      time: b.time,
    });
  }
  const counted = [...byKey.values()].sort((a, b) =>
    a.member < b.member ? -1 : a.member > b.member ? 1 : 0,
  );
  const issued = secret.registrars.map(() => 0);
  for (const i of state.motionIssuances.get(secret.motion))
    if (index.precedes(i.at, close)) issued[i.registrar]!++;
  return {
    eligible: secret.roll,
    counted,
    uncounted,
    issued,
    overIssued: issued.some((n) => counted.length > n),
  };
}
