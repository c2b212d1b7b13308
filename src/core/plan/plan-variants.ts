/**
 * @module A plan motion's variants (#15): 2–5 plans, each carried with its dual certificate
 * (planning's carried-plan.ts) and a label, put to a ranked vote. The fold never solves: it
 * opens the motion only when every variant passes checkCarriedPlan, so every replica agrees on
 * what was put to the vote; the count then says which variant the body adopted.
 */
import { z } from "zod";
import type { CanonicalValue } from "../../crypto/index.js";
import { encodeCanonical, sha256, toHex } from "../../crypto/index.js";
import { checkCarriedPlan } from "../../planning/check.js";
import { fail, ok, type Result } from "../result.js";

/** The fewest and most variants a plan motion puts to the vote. */
export const MIN_PLAN_VARIANTS = 2;
export const MAX_PLAN_VARIANTS = 5;

/** One variant as the subject carries it: its label (an option of the vote) and its plan. */
export interface PlanVariant {
  readonly label: string;
  /** A CarriedPlan (planning); checked by checkPlanVariants, not by the schema. */
  readonly plan: unknown;
}

export const planVariantSchema = z
  .object({ label: z.string().min(1).max(200), plan: z.unknown() })
  .strict();

/**
 * Refuses a variant whose carried plan does not pass checkCarriedPlan: PLAN_CERTIFICATE_INVALID,
 * details `variant` (its index), `label`, `reason` (the planning code: PLAN_CARRIED_MALFORMED,
 * PLAN_INFEASIBLE_CARRIED, PLAN_NOT_OPTIMAL, or a model code) and that code's details.
 */
export function checkPlanVariants(
  variants: readonly PlanVariant[],
): Result<void> {
  for (const [i, v] of variants.entries()) {
    const checked = checkCarriedPlan(v.plan);
    if (!checked.ok)
      return fail("PLAN_CERTIFICATE_INVALID", {
        ...checked.error.details,
        variant: i,
        label: v.label,
        reason: checked.error.code,
      });
  }
  return ok(undefined);
}

/** The vote's options must be the variants, by label, in order, standing for no member. */
export function isVariantOptions(
  options: readonly { readonly label: string; readonly member?: string }[],
  variants: readonly PlanVariant[],
): boolean {
  return (
    options.length === variants.length &&
    options.every(
      (o, i) => o.member === undefined && o.label === variants[i]!.label,
    ) &&
    new Set(variants.map((v) => v.label)).size === variants.length
  );
}

/**
 * The id a close states for an adopted variant (its `elected`): the SHA-256 of the variant's
 * canonical encoding, so a close names the very plan it adopts.
 */
export function planVariantId(variant: PlanVariant): string {
  return toHex(sha256(encodeCanonical(variant as unknown as CanonicalValue)));
}

/**
 * The payload of a `motion.opened` that puts variants to a body's ranked vote: a `plan`
 * motion for `period` whose options are the variants' labels, in order (what
 * isVariantOptions asks).
 */
export function planMotionPayload(
  title: Readonly<Record<string, string>>,
  text: Readonly<Record<string, string>>,
  period: string,
  variants: readonly PlanVariant[],
  method?: string,
): CanonicalValue {
  return {
    kind: "plan",
    title,
    text,
    ...(method === undefined ? {} : { method }),
    options: variants.map((v) => ({ label: v.label })),
    subject: { kind: "plan", period, variants },
  } as unknown as CanonicalValue;
}
