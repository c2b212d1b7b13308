/**
 * @module Recounting a decided motion from the log: the ballots that counted at its close,
 * with their weights, and — for elections — the ballot profile, so anyone can re-check the
 * count (`kenges tally --motion`) or export it for other software (`kenges ballots --out`).
 */
import type { BallotProfile } from "../../voting/index.js";
import type { FoldEngine } from "../fold/fold.js";
import { rulesIn } from "../member/authority.js";
import type { MotionRecord } from "../motion/model.js";
import { fail, ok, type Result } from "../result.js";
import { type CountedBallot, countedBallots } from "./counted-ballots.js";
import { electionProfile } from "./tally-election.js";

export interface Recount {
  readonly motion: MotionRecord;
  readonly eligible: readonly string[];
  readonly eligibleWeight: number;
  readonly counted: readonly CountedBallot[];
  /** For elections: the profile the method counted (option i is candidate i). */
  readonly profile: BallotProfile | null;
}

/** The counted ballots of a decided motion, as at its close. */
export function recountMotion(
  fold: FoldEngine,
  motion: string,
): Result<Recount> {
  const state = fold.state;
  const record = state.motions.get(motion);
  if (record === undefined) return fail("MOTION_NOT_FOUND", { motion });
  const close = state.closeFacts.get(motion);
  if (close === undefined)
    return fail("MOTION_NOT_OPEN", { motion, status: record.status });
  const body = state.bodies.get(record.body);
  const view = fold.viewAt(close);
  const rules = rulesIn(view, record.body) ?? body?.rules;
  if (rules === undefined) return fail("BODY_NOT_FOUND", { body: record.body });
  const { eligible, eligibleWeight, counted } = countedBallots(
    view,
    fold.index,
    motion,
    record.body,
    close,
    rules,
  );
  let profile: BallotProfile | null = null;
  if (record.method !== "yes-no-abstain") {
    const p = electionProfile(
      record.options.length,
      counted.map((c) => ({ choice: c.ballot.choice, weight: c.weight })),
    );
    if (!p.ok) return p;
    profile = p.value;
  }
  return ok({ motion: record, eligible, eligibleWeight, counted, profile });
}
