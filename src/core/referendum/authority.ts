/** @module Who a referendum asks, and whether an event knows it. */
import type { ApplyContext } from "../fold/context.js";
import { fail, ok, type Result } from "../result.js";
import { isBelowIn } from "../seat/authority.js";
import type { ReferendumRecord } from "./model.js";

/** A referendum the current event knows: put (its close known) by a council it can see. */
export function knownReferendum(
  ctx: ApplyContext,
  referendum: string,
): Result<ReferendumRecord> {
  const record = ctx.state.referendums.get(referendum);
  if (record === undefined || !ctx.sees(record.council))
    return fail("REFERENDUM_NOT_FOUND", { referendum });
  const adopted = ctx.state.closeFacts.get(referendum);
  if (adopted === undefined || !ctx.knows(adopted))
    return fail("REFERENDUM_NOT_FOUND", { referendum });
  return ok(record);
}

/** True when the referendum asks `body`, as the current event knows the links. */
export function isAskedBy(
  ctx: ApplyContext,
  referendum: ReferendumRecord,
  body: string,
): boolean {
  if (referendum.scope === "all")
    return isBelowIn(ctx, body, referendum.council);
  return referendum.scope.some((b) => b === body || isBelowIn(ctx, body, b));
}
