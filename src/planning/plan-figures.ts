/**
 * @module A carried plan's figures for a page (#15): the side-by-side summary of its variant
 * (plan-variants.ts: tiers, regions, labour, bottlenecks), and beside it each process's runs
 * against its capacity and the shadow prices of what binds — what one more hour of a skill, run
 * of a capacity, unit of a resource or of imports would add to each tier's guarantee. Read from
 * the carried plan without a solver (carried-plan-read.ts).
 */
import { readCarriedPlan } from "./carried-plan-read.js";
import type { ShadowPrices } from "./plan-solve.js";
import { summariseVariant, type VariantSummary } from "./plan-variants.js";
import { ok, type PlanningResult } from "./planning-error.js";

export interface PlanFigures extends VariantSummary {
  /** Each process of the plan: its runs, and its capacity (null: none declared). */
  readonly processes: readonly {
    readonly name: string;
    readonly runs: number;
    readonly capacity: number | null;
  }[];
  /** What binds, with what one more unit of it adds to each tier's guarantee (1 = 100 points). */
  readonly prices: readonly {
    readonly kind: "labour" | "capacity" | "resource" | "import";
    /** The skill, process or product. */
    readonly name: string;
    readonly prices: ShadowPrices;
  }[];
}

const binds = (p: ShadowPrices) => Object.keys(p).length > 0;

/**
 * The figures of a carried plan under its label: the codes of checkCarriedPlan when it does not
 * pass.
 * @example planFigures("35 hours", variant.plan).value?.tiers[0]?.guarantee
 */
export function planFigures(
  label: string,
  carried: unknown,
): PlanningResult<PlanFigures> {
  const read = readCarriedPlan(carried);
  if (!read.ok) return read;
  const plan = read.value;
  return ok({
    ...summariseVariant(label, plan),
    processes: plan.processes.map(({ name, runs, capacity }) => ({
      name,
      runs,
      capacity,
    })),
    prices: [
      ...plan.labour
        .filter((l) => binds(l.shadowPrices))
        .map((l) => ({
          kind: "labour" as const,
          name: l.skill,
          prices: l.shadowPrices,
        })),
      ...plan.processes
        .filter((p) => binds(p.shadowPrices))
        .map((p) => ({
          kind: "capacity" as const,
          name: p.name,
          prices: p.shadowPrices,
        })),
      ...plan.products.flatMap((p) => [
        ...(binds(p.resourceShadowPrices)
          ? [
              {
                kind: "resource" as const,
                name: p.name,
                prices: p.resourceShadowPrices,
              },
            ]
          : []),
        ...(binds(p.importShadowPrices)
          ? [
              {
                kind: "import" as const,
                name: p.name,
                prices: p.importShadowPrices,
              },
            ]
          : []),
      ]),
    ],
  });
}
