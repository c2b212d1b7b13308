/**
 * @module Planning declarations (#15): what a workplace can make (`plan.process-declared`), what
 * an assembly or council needs (`plan.need-declared`), the limits a council sets by motion
 * (`plan-limits`), and the totals a body's attesters carry up (claim `plan-totals`). Every
 * quantity is fixed-point decimal text (fixed-point.ts): the canonical encoding has no floats.
 */
import { z } from "zod";
import { hexId } from "../text/i18n-text.js";
import { fixedToMicros, isFixed } from "./fixed-point.js";

/** The tiers of needs, in the order a plan meets them (planning's TIERS, which core cannot import). */
export const PLAN_TIERS = ["basic", "standard", "extra"] as const;
export type PlanTier = (typeof PLAN_TIERS)[number];

/** The code of every planning payload whose quantities or lists are wrong: rejected before storage. */
export const PLAN_DECLARATION_INVALID = "PLAN_DECLARATION_INVALID";

/** Adds the coded issue that checkEvent turns into PLAN_DECLARATION_INVALID with this `reason`. */
function invalid(
  ctx: z.RefinementCtx,
  reason: string,
  path: PropertyKey[] = [],
) {
  ctx.addIssue({
    code: "custom",
    message: reason,
    path,
    params: { code: PLAN_DECLARATION_INVALID, reason },
  });
}

/**
 * A product, skill, region or resource: 1–64 characters, no spaces or control characters, so
 * names join into keys unambiguously. A period likewise ("2027", "2027-Q1").
 */
export const planName = z.string().regex(/^[^\s\p{C}]{1,64}$/u);

/**
 * The period a plan motion plans for: a plan name, refused as PLAN_DECLARATION_INVALID with
 * reason `period` (path `subject.period`) otherwise.
 */
export const planPeriodName = z.string().superRefine((v, ctx) => {
  if (!planName.safeParse(v).success) invalid(ctx, "period");
});

/** A quantity: canonical fixed-point text, not negative ("0" withdraws a declaration). */
export const planQuantity = z.string().superRefine((v, ctx) => {
  if (!isFixed(v) || v.startsWith("-")) invalid(ctx, "quantity");
});

/** A quantity above zero (what one run of a process makes). */
const positiveQuantity = planQuantity.superRefine((v, ctx) => {
  if (v === "0") invalid(ctx, "zero");
});

/** A list whose entries name each `field` once. */
function uniqueBy<T extends Record<string, unknown>>(
  entry: z.ZodType<T>,
  field: keyof T & string,
  max: number,
  min = 0,
) {
  return z
    .array(entry)
    .min(min)
    .max(max)
    .superRefine((list, ctx) => {
      const seen = new Set<unknown>();
      list.forEach((e, i) => {
        if (seen.has(e[field])) invalid(ctx, "repeated", [i, field]);
        seen.add(e[field]);
      });
    });
}

const amount = z.object({ product: planName, quantity: planQuantity }).strict();
const positiveAmount = z
  .object({ product: planName, quantity: positiveQuantity })
  .strict();
const hours = z.object({ skill: planName, hours: planQuantity }).strict();

/** A process's name: 1–100 characters, no control characters. */
const processName = z.string().regex(/^[^\p{C}]{1,100}$/u);

/** Products per run, with skills' hours per run: the shape of a process. */
export const processDeclarationSchema = z
  .object({
    period: planName,
    /** The process, as the workplace names it: a new declaration of the name revises it. */
    name: processName,
    /** Where its products are made (a need names its region likewise). */
    region: planName,
    /** Made per run; the first is its main product (co-products after it). */
    outputs: uniqueBy(positiveAmount, "product", 32, 1),
    inputs: uniqueBy(amount, "product", 64),
    labour: uniqueBy(hours, "skill", 32),
    /** The most runs in the period; "0" withdraws the process from the period. */
    capacity: planQuantity,
  })
  .strict();
export type ProcessDeclarationPayload = z.infer<
  typeof processDeclarationSchema
>;

export const needDeclarationSchema = z
  .object({
    period: planName,
    product: planName,
    tier: z.enum(PLAN_TIERS),
    region: planName,
    /** "0" withdraws the need from the period. */
    quantity: planQuantity,
  })
  .strict();
export type NeedDeclarationPayload = z.infer<typeof needDeclarationSchema>;

/** A share of the period: fixed-point text above 0 and at most 1. */
const fraction = planQuantity.superRefine((v, ctx) => {
  const micros = fixedToMicros(v);
  if (micros !== null && (micros <= 0n || micros > 1_000_000n))
    invalid(ctx, "fraction");
});

/**
 * What a workplace made so far of a process's main product in the period, and how far into the
 * period it is. The as-of is the share of the period elapsed, not a date: a period is a name
 * ("2027", "2027-Q1"), not a span of days the fold could measure, and a share is what a plan's
 * due-by-now is reckoned by (plan-monitor.ts).
 */
export const actualReportSchema = z
  .object({
    period: planName,
    /** A process the workplace declared for the period (the same name). */
    name: processName,
    /** Of the process's main product (its first output), made so far in the period. */
    output: planQuantity,
    /** The share of the period elapsed when counted: above 0, at most 1 ("0.25"). */
    elapsed: fraction,
  })
  .strict();
export type ActualReportPayload = z.infer<typeof actualReportSchema>;

/** A `plan-limits` motion's subject: the council's limits for a period, in force once adopted. */
export const planLimitsSubjectSchema = z
  .object({
    kind: z.literal("plan-limits"),
    period: planName,
    /** Hours of each skill available; a skill not named is not limited. */
    labour: uniqueBy(hours, "skill", 64),
    /** Products there are without making them. */
    resources: uniqueBy(amount, "product", 256),
    /** The most of a product that may be imported; a product not named is not imported. */
    imports: uniqueBy(amount, "product", 256),
  })
  .strict();
export type PlanLimitsSubject = z.infer<typeof planLimitsSubjectSchema>;

/** A body's needs of a product in a tier for a region, summed. */
const needTotal = z
  .object({
    product: planName,
    tier: z.enum(PLAN_TIERS),
    region: planName,
    quantity: planQuantity,
  })
  .strict();

/**
 * What the processes whose main product is `product` in `region` can make in the period at full
 * capacity (capacity × per run, summed): the main product, co-products, inputs used, hours by
 * skill — never a process name or a workplace.
 */
const supplyTotal = z
  .object({
    product: planName,
    region: planName,
    capacity: planQuantity,
    coproducts: z.array(amount).max(32),
    inputs: z.array(amount).max(64),
    labour: z.array(hours).max(32),
  })
  .strict();

/**
 * What the processes whose main product is `product` in `region` reported made so far
 * (`output`, summed), and `elapsed`: each reporting process's full capacity of the main product
 * times the share of the period gone when it reported, summed — what they would have made by
 * then at full capacity, so a council reckons what was due by its plan's utilisation without
 * knowing any process or any date. Processes that have not reported count in neither.
 */
const actualTotal = z
  .object({
    product: planName,
    region: planName,
    output: planQuantity,
    elapsed: planQuantity,
  })
  .strict();

/** A body's (for a council: its subtree's) totals for a period, rows in canonical order. */
export const planTotalsSchema = z
  .object({
    needs: z.array(needTotal).max(2000),
    supply: z.array(supplyTotal).max(1000),
    /** Actual output per main product and region; absent when nothing was reported. */
    actual: z.array(actualTotal).min(1).max(1000).optional(),
  })
  .strict();
export type PlanTotals = z.infer<typeof planTotalsSchema>;
export type NeedTotal = PlanTotals["needs"][number];
export type SupplyTotal = PlanTotals["supply"][number];
export type ActualTotal = NonNullable<PlanTotals["actual"]>[number];

/** The claim a body's attesters sign to carry its totals for a period up to its council. */
export const planTotalsClaimSchema = z
  .object({
    kind: z.literal("plan-totals"),
    period: planName,
    /** The digest of the declarations and claims the totals sum (planRound): one per round. */
    round: hexId,
    totals: planTotalsSchema,
  })
  .strict();

/** A process a workplace declared, as in force (the latest declaration of its name and period). */
export interface ProcessDeclaration extends ProcessDeclarationPayload {
  readonly body: string;
  /** The declaring event. */
  readonly event: string;
  readonly by: string;
  readonly time: number;
}

/** What a workplace reported for a process and period, as in force (its latest report). */
export interface ActualReport extends ActualReportPayload {
  readonly body: string;
  readonly event: string;
  readonly by: string;
  readonly time: number;
}

/** A need an assembly or council declared, as in force (latest of its product, tier, region, period). */
export interface NeedDeclaration extends NeedDeclarationPayload {
  readonly body: string;
  readonly event: string;
  readonly by: string;
  readonly time: number;
}

/** A council's limits for a period, from its latest adopted `plan-limits` motion. */
export interface PlanLimitsRecord extends Omit<PlanLimitsSubject, "kind"> {
  readonly council: string;
  readonly motion: string;
  readonly adoptedAt: number;
}

/** Totals a body below carried to a council for a period, in fold order. */
export interface PlanTotalsClaimRecord {
  readonly at: number;
  readonly claim: string;
  /** The body below whose attesters carried it. */
  readonly child: string;
  readonly round: string;
  readonly totals: PlanTotals;
  readonly time: number;
}
