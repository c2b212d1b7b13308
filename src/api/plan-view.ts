/**
 * @module `GET /api/bodies/:id/plan`: a body's planning rounds (#15), one per period — the
 * declarations in force in its own scope (needs; a workplace's processes), its totals, and for
 * a council the totals each body below carried up by attestation and the limits its motion set.
 * Every quantity is canonical fixed-point text (docs/planning.md), never a float.
 */
import { z } from "zod";
import { hexIdSchema, i18nTextSchema, namedSchema } from "./shapes.js";

const quantitySchema = z
  .string()
  .describe("a quantity as canonical fixed-point decimal text, e.g. 12.5");
const tierSchema = z.enum(["basic", "standard", "extra"]);
const amountSchema = z.object({
  product: z.string(),
  quantity: quantitySchema,
});
const hoursSchema = z.object({ skill: z.string(), hours: quantitySchema });

export const planProcessSchema = z.object({
  name: z.string(),
  region: z.string(),
  outputs: z.array(amountSchema),
  inputs: z.array(amountSchema),
  labour: z.array(hoursSchema),
  capacity: quantitySchema,
  event: hexIdSchema,
  by: namedSchema,
  time: z.number(),
});

export const planNeedSchema = z.object({
  product: z.string(),
  tier: tierSchema,
  region: z.string(),
  quantity: quantitySchema,
  event: hexIdSchema,
  by: namedSchema,
  time: z.number(),
});

export const planTotalsViewSchema = z.object({
  needs: z.array(
    z.object({
      product: z.string(),
      tier: tierSchema,
      region: z.string(),
      quantity: quantitySchema,
    }),
  ),
  supply: z.array(
    z.object({
      product: z.string(),
      region: z.string(),
      capacity: quantitySchema,
      coproducts: z.array(amountSchema),
      inputs: z.array(amountSchema),
      labour: z.array(hoursSchema),
    }),
  ),
  /** Made so far per main product and region, where processes reported (plan.actual-reported). */
  actual: z
    .array(
      z.object({
        product: z.string(),
        region: z.string(),
        output: quantitySchema,
        /** The reporting processes' full capacity × the share of the period gone, summed. */
        elapsed: quantitySchema,
      }),
    )
    .optional(),
});

export const planPeriodSchema = z.object({
  period: z.string(),
  /** In force: the latest declaration of each, a withdrawn one ("0") left out. */
  processes: z.array(planProcessSchema),
  needs: z.array(planNeedSchema),
  totals: planTotalsViewSchema,
  labour: z.array(hoursSchema),
  /** The digest of what the totals sum: a plan-totals claim carries it. */
  round: hexIdSchema,
  /** For a council: each body below's latest attested totals, named by its card here. */
  children: z.array(
    z.object({
      body: hexIdSchema,
      name: i18nTextSchema,
      claim: hexIdSchema,
      totals: planTotalsViewSchema,
    }),
  ),
  /** For a council: its limits for the period once a plan-limits motion was adopted. */
  limits: z
    .object({
      motion: hexIdSchema,
      adoptedAt: z.number(),
      labour: z.array(hoursSchema),
      resources: z.array(amountSchema),
      imports: z.array(amountSchema),
    })
    .nullable(),
});
export type PlanPeriod = z.infer<typeof planPeriodSchema>;

export const planViewSchema = z.object({
  body: hexIdSchema,
  kind: z.enum(["assembly", "committee", "council"]),
  /** True for a workplace assembly: the one kind of body that declares processes. */
  workplace: z.boolean(),
  /** True when the viewer chairs the body: they may declare for it. */
  chair: z.boolean(),
  /** Periods, sorted. */
  periods: z.array(planPeriodSchema),
});
export type PlanViewAnswer = z.infer<typeof planViewSchema>;
