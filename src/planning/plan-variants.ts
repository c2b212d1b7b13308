/**
 * @module Variants of a plan (#15): the same model under other limits or floors — a shorter
 * working week is less labour, "basic needs in full" a floor of 1 — each solved for carrying
 * (carried-plan.ts) and summed up side by side, so a council can compare them and put them to
 * a ranked vote (a plan motion).
 */
import { type CarriedPlan, carrySolvedPlan } from "./carried-plan.js";
import type { LpSolver } from "./linear-programme.js";
import type { HoldingConstraint } from "./plan-bottlenecks.js";
import {
  type PlanLimits,
  type PlanModel,
  readPlanModel,
  TIERS,
  type Tier,
} from "./plan-model.js";
import type { Plan } from "./plan-solve.js";
import { fail, ok, type PlanningResult } from "./planning-error.js";

/** The fewest and most variants compared (and put to a vote). */
export const MIN_VARIANTS = 2;
export const MAX_VARIANTS = 5;

/** What a variant changes: limits named here replace the model's, floors likewise. */
export interface PlanVariantSpec {
  readonly label: string;
  readonly limits?: {
    readonly [K in keyof PlanLimits]?: Readonly<Record<string, number>>;
  };
  readonly floors?: Readonly<Partial<Record<Tier, number>>>;
}

/** A variant's figures, side by side with the others'. */
export interface VariantSummary {
  readonly label: string;
  /** Per tier with needs: the share every need got at least, and the mean. */
  readonly tiers: readonly {
    readonly tier: Tier;
    readonly guarantee: number;
    readonly meanShare: number;
  }[];
  /** Per tier and region: the met quantity over the needed, all products (Σ met / Σ needed). */
  readonly regions: readonly {
    readonly tier: Tier;
    readonly region: string;
    readonly share: number;
  }[];
  readonly labour: readonly {
    readonly skill: string;
    readonly used: number;
    readonly available: number;
  }[];
  readonly totalHours: number;
  /**
   * What holds back unmet needs, most cited first: `name` is `labour:welder`,
   * `capacity:refinery`…, `constraint` the constraint itself (its price left at 0: prices
   * differ need by need), `needs` how many needs it holds back.
   */
  readonly bottlenecks: readonly {
    readonly name: string;
    readonly constraint: HoldingConstraint;
    readonly needs: number;
  }[];
}

export interface SolvedVariant {
  readonly summary: VariantSummary;
  readonly plan: Plan;
  readonly carried: CarriedPlan;
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

/**
 * Reads variants from parsed JSON: a list of 2–5 `{ label, limits?, floors? }` with distinct
 * labels. PLAN_MODEL_MALFORMED (details `path`, e.g. `variants[1].label`) otherwise; the
 * numbers are checked when each variant's model is read (applyVariant).
 */
export function readPlanVariants(
  data: unknown,
): PlanningResult<PlanVariantSpec[]> {
  const list = isRecord(data) ? data.variants : data;
  if (
    !Array.isArray(list) ||
    list.length < MIN_VARIANTS ||
    list.length > MAX_VARIANTS
  )
    return fail("PLAN_MODEL_MALFORMED", { path: "variants" });
  const out: PlanVariantSpec[] = [];
  for (const [i, v] of list.entries()) {
    const at = `variants[${i}]`;
    if (!isRecord(v)) return fail("PLAN_MODEL_MALFORMED", { path: at });
    if (
      typeof v.label !== "string" ||
      v.label.trim() === "" ||
      v.label.length > 200
    )
      return fail("PLAN_MODEL_MALFORMED", { path: `${at}.label` });
    if (out.some((o) => o.label === v.label))
      return fail("PLAN_NAME_REPEATED", { path: `${at}.label`, name: v.label });
    if (v.limits !== undefined && !isRecord(v.limits))
      return fail("PLAN_MODEL_MALFORMED", { path: `${at}.limits` });
    if (v.floors !== undefined && !isRecord(v.floors))
      return fail("PLAN_MODEL_MALFORMED", { path: `${at}.floors` });
    out.push(v as unknown as PlanVariantSpec);
  }
  return ok(out);
}

/** The model a variant makes: its limits and floors over the model's, read and checked anew. */
export function applyVariant(
  model: PlanModel,
  variant: PlanVariantSpec,
): PlanningResult<PlanModel> {
  const l = variant.limits ?? {};
  return readPlanModel({
    ...model,
    limits: {
      labour: { ...model.limits.labour, ...l.labour },
      resources: { ...model.limits.resources, ...l.resources },
      imports: { ...model.limits.imports, ...l.imports },
    },
    floors: { ...model.floors, ...variant.floors },
  });
}

const nameOf = (h: HoldingConstraint) => {
  switch (h.kind) {
    case "labour":
      return `labour:${h.skill}`;
    case "capacity":
      return `capacity:${h.process}`;
    case "tier":
    case "guarantee":
      return `${h.kind}:${h.tier}`;
    default:
      return `${h.kind}:${h.product}`;
  }
};

/** A solved variant's figures. */
export function summariseVariant(label: string, plan: Plan): VariantSummary {
  const regions = new Map<
    string,
    { tier: Tier; region: string; met: number; needed: number }
  >();
  for (const n of plan.needs) {
    const key = `${n.tier} ${n.region}`;
    const r = regions.get(key) ?? {
      tier: n.tier,
      region: n.region,
      met: 0,
      needed: 0,
    };
    r.met += n.met;
    r.needed += n.quantity;
    regions.set(key, r);
  }
  const cited = new Map<
    string,
    { constraint: HoldingConstraint; needs: number }
  >();
  for (const n of plan.needs)
    for (const h of n.heldBackBy) {
      const c = cited.get(nameOf(h)) ?? {
        constraint: { ...h, price: 0 } as HoldingConstraint,
        needs: 0,
      };
      c.needs++;
      cited.set(nameOf(h), c);
    }
  return {
    label,
    tiers: plan.tiers.map(({ tier, guarantee, meanShare }) => ({
      tier,
      guarantee,
      meanShare,
    })),
    regions: [...regions.values()]
      .sort(
        (a, b) =>
          TIERS.indexOf(a.tier) - TIERS.indexOf(b.tier) ||
          (a.region < b.region ? -1 : a.region > b.region ? 1 : 0),
      )
      .map(({ tier, region, met, needed }) => ({
        tier,
        region,
        share: needed === 0 ? 1 : met / needed,
      })),
    labour: plan.labour.map(({ skill, used, available }) => ({
      skill,
      used,
      available,
    })),
    totalHours: plan.totalHours,
    bottlenecks: [...cited]
      .map(([name, c]) => ({ name, ...c }))
      .sort((a, b) => b.needs - a.needs || (a.name < b.name ? -1 : 1)),
  };
}

/**
 * Solves every variant of a model for carrying and sums each up. Stops at the first variant
 * that cannot be solved, with its code and `variant` (its label) added to the details.
 * @example planVariants(model, [{ label: "35 hours", limits: { labour: { worker: 35e3 } } }, …], solver)
 */
export function planVariants(
  model: PlanModel,
  variants: readonly PlanVariantSpec[],
  solve: LpSolver,
): PlanningResult<SolvedVariant[]> {
  const out: SolvedVariant[] = [];
  for (const v of variants) {
    const varied = applyVariant(model, v);
    const solved = varied.ok ? carrySolvedPlan(varied.value, solve) : varied;
    if (!solved.ok)
      return fail(solved.error.code, {
        ...solved.error.details,
        variant: v.label,
      });
    out.push({
      summary: summariseVariant(v.label, solved.value.plan),
      plan: solved.value.plan,
      carried: solved.value.carried,
    });
  }
  return ok(out);
}
