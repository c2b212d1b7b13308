/**
 * @module A body's own result of a referendum, read from its log: the latest of its decided
 * motions on the question, with the counts its close found. What its attesters carry up, and
 * what its fold checks their claims against.
 */
import { countedBallots } from "../ballot/counted-ballots.js";
import type { FoldEngine } from "../fold/fold.js";
import { rulesIn } from "../member/authority.js";
import type { MotionRecord } from "../motion/model.js";
import type { ReferendumEntry } from "./model.js";

/** The voters a decided motion was counted against at its close (`close`: the close's index). */
function eligibleAt(fold: FoldEngine, m: MotionRecord, close: number): number {
  const secret = fold.state.secretTallies.get(m.id);
  if (secret !== undefined) return secret.rollSize;
  const view = fold.viewAt(close, true);
  const rules = rulesIn(view, m.body) ?? fold.state.bodies.get(m.body)?.rules;
  if (rules === undefined) return 0;
  return countedBallots(view, fold.index, m.id, m.body, close, rules).eligible
    .length;
}

/** The result a decided motion of a body states for its referendum, or null. */
export function entryOfMotion(
  fold: FoldEngine,
  m: MotionRecord,
): ReferendumEntry | null {
  if (m.status !== "decided" || m.result?.kind !== "decision") return null;
  const close = fold.state.closeFacts.get(m.id);
  if (close === undefined) return null;
  const d = m.result.decision;
  return {
    body: m.body,
    cites: fold.index.ids[close]!,
    counts: [d.yes, d.no, d.abstain],
    eligible: eligibleAt(fold, m, close),
    cast: d.present,
  };
}

/** The motions of `body` on `referendum`, in the order their closes were folded. */
export function referendumMotionsOf(
  fold: FoldEngine,
  body: string,
  referendum: string,
): MotionRecord[] {
  const out: MotionRecord[] = [];
  for (const m of fold.state.motions.values())
    if (
      m.body === body &&
      m.subject?.kind === "referendum" &&
      "referendum" in m.subject &&
      m.subject.referendum === referendum &&
      m.status === "decided"
    )
      out.push(m);
  const at = (m: MotionRecord) =>
    fold.positionOf(fold.index.ids[fold.state.closeFacts.get(m.id)!]!) ?? 0;
  return out.sort((a, b) => at(a) - at(b));
}

/** The body's own result of a referendum: its latest decided motion on it, or null. */
export function ownReferendumEntry(
  fold: FoldEngine,
  body: string,
  referendum: string,
): ReferendumEntry | null {
  const motions = referendumMotionsOf(fold, body, referendum);
  const latest = motions.at(-1);
  return latest === undefined ? null : entryOfMotion(fold, latest);
}
