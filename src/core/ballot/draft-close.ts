/**
 * @module The result a close must state, counted for a close being drafted: the count
 * depends on the close's causal past, so it is taken with the draft indexed (not folded)
 * on top of the deps it will name.
 */
import type { FoldEngine } from "../fold/fold.js";
import { rulesIn } from "../member/authority.js";
import { fail, type Result } from "../result.js";
import { countMotion, type StatedResult, statedResultOf } from "./close.js";

/** The stated result for a close of `motion` whose draft is held at index `draft`. */
export function closeResultFor(
  fold: FoldEngine,
  motion: string,
  draft: number,
): Result<StatedResult> {
  const record = fold.state.motions.get(motion);
  if (record === undefined) return fail("MOTION_NOT_FOUND", { motion });
  const body = fold.state.bodies.get(record.body);
  if (body === undefined) return fail("BODY_NOT_FOUND", { body: record.body });
  const view = fold.viewAt(draft);
  const rules = rulesIn(view, record.body) ?? body.rules;
  const count = countMotion(view, fold.index, record, draft, rules);
  if (!count.ok) return count;
  return { ok: true, value: statedResultOf(count.value) };
}
