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

/** A process against the plan in force, in its main product (floats to read, never signed). */
const monitoredProcessSchema = z.object({
  /** An aggregate process ("fuel (Zhanaozen)") at a council; a declared one at a workplace. */
  name: z.string(),
  product: z.string(),
  region: z.string(),
  /** For the whole period, and due by now (planned × the share of the period gone). */
  planned: z.number(),
  due: z.number(),
});

/**
 * A body's progress against the plan in force for a period (core's planMonitor, as
 * `kenges plan monitor --body` reckons it): at a council its aggregate processes against the
 * actuals attested to it, at a workplace its declared processes against its share of the plan
 * in force at the nearest council above.
 */
export const planMonitorSchema = z.object({
  /** The council whose plan in force it is measured against, its motion and variant. */
  council: hexIdSchema,
  motion: hexIdSchema,
  label: z.string(),
  /** The share of the period gone (0–1], and how far off plan is an exception. */
  elapsed: z.number(),
  threshold: z.number(),
  /** Those that reported: `deviation` is reported ÷ due − 1 (null when nothing was due). */
  processes: z.array(
    monitoredProcessSchema.extend({
      reported: z.number(),
      deviation: z.number().nullable(),
      exception: z.enum(["under", "over"]).nullable(),
    }),
  ),
  /** Those with something due and no report: silence is not taken for a shortfall. */
  silent: z.array(monitoredProcessSchema),
});
export type PlanMonitorView = z.infer<typeof planMonitorSchema>;

const sharesByTierSchema = z
  .object({
    basic: z.number().optional(),
    standard: z.number().optional(),
    extra: z.number().optional(),
  })
  .describe(
    "what one more unit adds to each tier's guarantee (0.01 = one percentage point)",
  );

/**
 * A carried plan's figures (planning's PlanFigures), read by the hub without a solver: what each
 * tier and region got (shares, 1 = all), hours by skill, each process's runs against its
 * capacity, what holds unmet needs back, and the shadow prices of what binds. Floats: figures
 * to read, never signed.
 */
export const planFiguresSchema = z.object({
  label: z.string(),
  tiers: z.array(
    z.object({
      tier: tierSchema,
      guarantee: z.number(),
      meanShare: z.number(),
    }),
  ),
  /** Per tier and region: Σ met / Σ needed. */
  regions: z.array(
    z.object({ tier: tierSchema, region: z.string(), share: z.number() }),
  ),
  labour: z.array(
    z.object({ skill: z.string(), used: z.number(), available: z.number() }),
  ),
  totalHours: z.number(),
  /** What holds back unmet needs, most cited first; `needs`: how many it holds back. */
  bottlenecks: z.array(
    z.object({
      name: z.string(),
      constraint: z.object({
        kind: z.enum([
          "labour",
          "capacity",
          "resource",
          "import",
          "tier",
          "guarantee",
          "no-source",
        ]),
        skill: z.string().optional(),
        process: z.string().optional(),
        product: z.string().optional(),
        tier: tierSchema.optional(),
        price: z.number(),
      }),
      needs: z.number().int(),
    }),
  ),
  processes: z.array(
    z.object({
      name: z.string(),
      runs: z.number(),
      capacity: z.number().nullable(),
    }),
  ),
  prices: z.array(
    z.object({
      kind: z.enum(["labour", "capacity", "resource", "import"]),
      name: z.string(),
      prices: sharesByTierSchema,
    }),
  ),
});
export type PlanFiguresView = z.infer<typeof planFiguresSchema>;

/**
 * A plan motion's subject as the motion page reads it (`subject` of `GET /api/motions/:id`):
 * each variant's label and figures, never the carried plan itself (the event log has it).
 */
export const planSubjectViewSchema = z.object({
  kind: z.literal("plan"),
  /** The period the variants plan for; null for a motion opened before motions named one. */
  period: z.string().nullable(),
  variants: z.array(
    z.object({ label: z.string(), figures: planFiguresSchema.nullable() }),
  ),
});
export type PlanSubjectView = z.infer<typeof planSubjectViewSchema>;

/** The plan a body's latest decided plan motion adopted, with its figures. */
export const planInForceSchema = z.object({
  motion: hexIdSchema,
  /** The adopted variant's label, and the labels it was chosen from, in order. */
  label: z.string(),
  index: z.number().int(),
  labels: z.array(z.string()),
  /** The period its motion planned for; null for one that named none (any period). */
  period: z.string().nullable(),
  adoptedAt: z.number().nullable(),
  /** Null only if the hub could not read the plan (the fold checked it when the motion opened). */
  figures: planFiguresSchema.nullable(),
});
export type PlanInForceView = z.infer<typeof planInForceSchema>;

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
  /** Progress against the plan in force once anything was reported for the period, else null. */
  monitor: planMonitorSchema.nullable(),
  /**
   * The body's own plan in force for the period: adopted by its latest plan motion for the
   * period, or naming none; null before one (a workplace's plan is its council's: `monitor`).
   */
  inForce: planInForceSchema.nullable(),
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
  /** The plan in force: the variant the body's last plan motion (for any period) adopted; null before one. */
  inForce: planInForceSchema.nullable(),
});
export type PlanViewAnswer = z.infer<typeof planViewSchema>;
