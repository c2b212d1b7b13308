/** @module The short form of a motion that lists show. */
import type { FoldState, I18nText, MotionRecord } from "../../core/index.js";

export interface MotionSummary {
  readonly id: string;
  readonly body: string;
  readonly kind: MotionRecord["kind"];
  readonly title: I18nText;
  readonly method: string;
  readonly status: MotionRecord["status"];
  readonly outcome: MotionRecord["outcome"];
  readonly openedAt: number;
  readonly closedAt: number | null;
  readonly amends: string | null;
  /** Ballots cast so far (every ballot, also a member's earlier ones). */
  readonly ballots: number;
}

/** The summary of a motion. */
export function motionSummary(
  state: FoldState,
  m: MotionRecord,
): MotionSummary {
  return {
    id: m.id,
    body: m.body,
    kind: m.kind,
    title: m.title,
    method: m.method,
    status: m.status,
    outcome: m.outcome,
    openedAt: m.openedAt,
    closedAt: m.closedAt,
    amends: m.amends,
    ballots: state.ballots.get(m.id).length,
  };
}

/** Open motions first (newest first), then decided and withdrawn ones (latest first). */
export function byRecency(a: MotionSummary, b: MotionSummary): number {
  const openA = a.status === "open" ? 1 : 0;
  const openB = b.status === "open" ? 1 : 0;
  if (openA !== openB) return openB - openA;
  return (b.closedAt ?? b.openedAt) - (a.closedAt ?? a.openedAt);
}
