/** @module The short form of a motion that lists show. */
import type { MotionSummary } from "../../api/index.js";
import type { FoldState, MotionRecord } from "../../core/index.js";

/** The summary of a motion (the caller reads its body). */
export function motionSummary(
  state: FoldState,
  m: MotionRecord,
): MotionSummary {
  return {
    id: m.id,
    body: m.body,
    kind: m.kind,
    title: m.title,
    redacted: m.redacted === true,
    method: m.method,
    status: m.status,
    outcome: m.outcome,
    openedAt: m.openedAt,
    closesAt: m.closesAt ?? null,
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
