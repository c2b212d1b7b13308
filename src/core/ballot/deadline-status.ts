/**
 * @module Where a motion's deadline stands, as a page or a command shows it: the closing time,
 * every attestation that it passed, the distinct voters among them, and how many close it.
 */
import type { CausalView } from "../member/authority.js";
import type { DeadlineAttestationRecord } from "../motion/model.js";
import { isVoterIn, votersIn } from "../seat/authority.js";
import { deadlineQuorum } from "./deadline-passed.js";

export interface DeadlineStatus {
  /** The closing time (ms since the epoch, a claim of the opening). */
  readonly closesAt: number;
  /** Every valid attestation, in fold order. */
  readonly attestations: readonly Omit<DeadlineAttestationRecord, "at">[];
  /** The distinct voters (still voters in the view) who attested, sorted. */
  readonly attesters: readonly string[];
  /** How many distinct voters' attestations close the motion (k). */
  readonly needed: number;
  /** True when the motion was closed by the k-th attestation. */
  readonly closedByDeadline: boolean;
}

/** The deadline of a motion in the view (a present view: every held event known); null without one. */
export function deadlineStatus(
  view: CausalView,
  motion: string,
): DeadlineStatus | null {
  const m = view.state.motions.get(motion);
  if (m?.closesAt === undefined) return null;
  const list = view.state.deadlineAttestations.get(motion);
  const attesters = [
    ...new Set(
      list
        .filter((a) => isVoterIn(view, m.body, a.member))
        .map((a) => a.member),
    ),
  ].sort();
  return {
    closesAt: m.closesAt,
    attestations: list.map(({ at: _at, ...rest }) => rest),
    attesters,
    needed: deadlineQuorum(votersIn(view, m.body).length),
    closedByDeadline: m.closedByDeadline === true,
  };
}
