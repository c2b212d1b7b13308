/** @module The short form of a motion that lists show. */
import { z } from "zod";
import type { FoldState, MotionRecord } from "../../core/index.js";
import { hexIdSchema, i18nTextSchema } from "./shapes.js";

export const motionSummarySchema = z.object({
  id: hexIdSchema,
  body: hexIdSchema,
  kind: z.string(),
  title: i18nTextSchema,
  /** True when a redaction removed the title and text (both then empty). */
  redacted: z.boolean(),
  method: z.string(),
  status: z.enum(["open", "withdrawn", "decided"]),
  outcome: z
    .enum(["adopted", "rejected", "no-quorum", "elected", "no-valid-votes"])
    .nullable(),
  openedAt: z.number(),
  /** The closing time the opening carries (ms since the epoch), or null. */
  closesAt: z.number().nullable(),
  closedAt: z.number().nullable(),
  amends: hexIdSchema.nullable(),
  /** Ballots cast so far (every ballot, also a member's earlier ones). */
  ballots: z.number().int(),
});
export type MotionSummary = z.infer<typeof motionSummarySchema>;

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
