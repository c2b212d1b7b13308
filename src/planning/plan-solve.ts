/**
 * @module An optimised plan (#15): basic needs first. The tiers are met lexicographically, each
 * in two stages on the programme of plan-programme.ts:
 *
 *   1. guarantee: maximise t_T, the share every need of tier T gets at least (max-min: no
 *      basic need is sacrificed to meet another in full); fix t_T ≥ t*.
 *   2. share: maximise the mean met share of T's needs with the guarantee held; fix
 *      Σ s_n ≥ the optimum. (Skipped when the guarantee is already 1: every need met.)
 *
 * then the next tier, each earlier tier held at what it got. Last, with every tier held, the
 * plan that does it with the fewest labour hours (no work for nothing). Each fix below 1 is
 * relaxed by FIX_TOLERANCE so that the next stage's solver is not refused by its own rounding.
 *
 * A plan is returned only when every stage is optimal; otherwise the code of the stage that was
 * not: PLAN_INFEASIBLE (the floors cannot be met), PLAN_UNBOUNDED, PLAN_TIME_LIMIT,
 * PLAN_SOLVER_FAILED.
 *
 * The duals of each tier's guarantee stage say what more of something would add to that tier's
 * guarantee — the share every one of its needs gets — with the tiers above held: the shadow
 * price of an hour of a skill, a run of capacity, a unit of a resource or of imports (0.01 = one
 * percentage point for every need of the tier). A tier met in full has none. For each need left
 * unmet, the constraints that hold it back (plan-bottlenecks.ts), from the duals of the stage
 * that left it there: the guarantee stage for a need at the guarantee, the share stage above it.
 */
import type { LpSolution, LpSolver } from "./linear-programme.js";
import {
  atUpper,
  DUAL_TOLERANCE,
  type HoldingConstraint,
  heldBack,
} from "./plan-bottlenecks.js";
import type { PlanModel, Tier } from "./plan-model.js";
import {
  nextTierBasis,
  type PlanLayout,
  planProgramme,
  supplyChainBasis,
} from "./plan-programme.js";
import { FIX_TOLERANCE, planStages, snap } from "./plan-stages.js";
import { fail, ok, type PlanningResult } from "./planning-error.js";

/**
 * A dual above this (shares per unit) marks a bound every optimum of a stage sits at
 * (holdFace); below it the bound is left free — a larger face is never wrong, the holds by
 * FIX_TOLERANCE still keep the stage's optimum.
 */
const FACE_DUAL = 1e-8;

/** What one more unit of something adds to each tier's guarantee (tiers not met in full only). */
export type ShadowPrices = Readonly<Partial<Record<Tier, number>>>;

export interface TierOutcome {
  readonly tier: Tier;
  readonly needs: number;
  /** The share every need of the tier got at least. */
  readonly guarantee: number;
  /** The mean met share of the tier's needs. */
  readonly meanShare: number;
}

export interface NeedOutcome {
  readonly product: string;
  readonly tier: Tier;
  readonly region: string;
  readonly quantity: number;
  readonly met: number;
  readonly share: number;
  /** For a need not met in full: what holds it back, from its tier's duals. */
  readonly heldBackBy: readonly HoldingConstraint[];
}

export interface ProcessOutcome {
  readonly name: string;
  readonly runs: number;
  readonly capacity: number | null;
  /** What one more run of capacity would add (only where the capacity binds). */
  readonly shadowPrices: ShadowPrices;
}

export interface LabourOutcome {
  readonly skill: string;
  readonly used: number;
  readonly available: number;
  readonly shadowPrices: ShadowPrices;
}

export interface ProductOutcome {
  readonly name: string;
  readonly made: number;
  readonly used: number;
  readonly imported: number;
  readonly delivered: number;
  /** Drawn from the product's resource limit: used + delivered − made − imported, at least 0. */
  readonly fromResources: number;
  /** Left over: made + imported + drawn − used − delivered (co-products, a spare resource). */
  readonly surplus: number;
  /**
   * What one more unit of the product, from anywhere, would add to each tier's guarantee: the
   * price of its balance (a round publishes it: plan-round.ts).
   */
  readonly shadowPrices: ShadowPrices;
  readonly resourceShadowPrices: ShadowPrices;
  readonly importShadowPrices: ShadowPrices;
}

export interface Plan {
  readonly tiers: readonly TierOutcome[];
  readonly needs: readonly NeedOutcome[];
  readonly processes: readonly ProcessOutcome[];
  readonly labour: readonly LabourOutcome[];
  readonly products: readonly ProductOutcome[];
  /** Labour hours of the plan, all skills. */
  readonly totalHours: number;
  /** Programmes solved (stages). */
  readonly stages: number;
}

type Stage = "guarantee" | "share" | "labour";

function failure(
  solution: LpSolution,
  tier: Tier | null,
  stage: Stage,
  first: boolean,
) {
  const where = { tier: tier ?? "", stage };
  switch (solution.status) {
    case "infeasible":
      // Only the first stage can be: it has every floor in force, and each later stage starts
      // from the last one's solution, which keeps all its constraints. A later "infeasible" is
      // the solver's own trouble, not the council's floors.
      if (!first)
        return fail<Plan>("PLAN_SOLVER_FAILED", {
          ...where,
          status: "infeasible",
        });
      return fail<Plan>("PLAN_INFEASIBLE", where);
    case "unbounded":
      return fail<Plan>("PLAN_UNBOUNDED", where);
    case "time-limit":
      return fail<Plan>("PLAN_TIME_LIMIT", where);
    default:
      return fail<Plan>("PLAN_SOLVER_FAILED", {
        ...where,
        status: solution.detail ?? solution.status,
      });
  }
}

const clean = (v: number) => (Math.abs(v) < DUAL_TOLERANCE ? 0 : v);

/**
 * Solves a plan model with `solve` (highs-solver.ts, or any LpSolver).
 * @example solvePlan(readPlanModel(json).value, await highsSolver({ timeLimitSeconds: 60 }))
 */
export function solvePlan(
  model: PlanModel,
  solve: LpSolver,
  options: { readonly holdFaces?: boolean } = {},
): PlanningResult<Plan> {
  const faces = options.holdFaces ?? true;
  const programme = planProgramme(model);
  const L = programme.layout;
  const tiers: TierOutcome[] = [];
  // The guarantee stage's solution of each tier not met in full, and its share stage's.
  const tierDuals = new Map<Tier, LpSolution>();
  const shareDuals = new Map<Tier, LpSolution>();
  let stages = 0;
  let last: LpSolution | null = null;
  const walk = planStages(model, programme);
  let step = walk.next();
  if (step.done) throw new Error("a plan has a labour stage");
  const lp = step.value.lp;
  /**
   * Solves the working programme. A tier's guarantee stage (`tier` given) starts from a basis
   * with the tier's needs in it: the supply chain's for the first, the last optimum's after;
   * other stages from the last optimum as it stands (the solver's warm start).
   */
  const run = (tier?: number) => {
    stages++;
    const start =
      tier === undefined
        ? undefined
        : last?.basis !== undefined
          ? nextTierBasis(model, L, last.basis, tier)
          : supplyChainBasis(
              model,
              L,
              lp.cost.length,
              lp.rowLower.length,
              tier,
            );
    last = solve({ ...lp, ...(start ? { start } : {}) });
    return last;
  };
  /**
   * Holds a stage's optimal face where its duals say (complementary slackness): a column or row
   * whose dual is not zero sits at that bound in every optimum of the stage, so it is fixed
   * there. The next stage then moves within what keeps this optimum instead of only in the slab
   * "objective ≥ optimum − FIX_TOLERANCE" (kept as well), which on clustered supply chains is
   * too thin for HiGHS: status "unknown" in the share stages of the 3,000-product model
   * (docs/benchmarks.md). Not fixed: the needs and guarantee rows of tiers not opened yet
   * (`open`: the tiers before it are), whose bounds change when their tier is solved; the
   * guarantee columns and tier rows, held by fixAt; labour rows, so that hours a hold's
   * tolerance frees may stay unworked (the last stage saves them) rather than be spent.
   */
  const holdFace = (s: LpSolution, open: number) => {
    const opened = (i: number) => L.tiers.indexOf(model.needs[i]!.tier) < open;
    const fix = (
      lower: Float64Array,
      upper: Float64Array,
      i: number,
      value: number,
      dual: number,
    ) => {
      if (Math.abs(dual) <= FACE_DUAL) return;
      const lo = lower[i]!;
      const hi = upper[i]!;
      const at = Math.abs(value - lo) <= Math.abs(hi - value) ? lo : hi;
      // Only where the stage's solution sits at that bound (nonbasic there).
      if (
        !Number.isFinite(at) ||
        Math.abs(value - at) > 1e-9 * Math.max(1, Math.abs(at))
      )
        return;
      lower[i] = at;
      upper[i] = at;
    };
    for (let j = 0; j < L.col.guarantee; j++) {
      if (j >= L.col.need && j < L.col.import && !opened(j - L.col.need))
        continue;
      fix(lp.colLower, lp.colUpper, j, s.colValue[j]!, s.colDual[j]!);
    }
    for (let r = 0; r < L.row.tier; r++) {
      if (r >= L.row.labour && r < L.row.guarantee) continue;
      if (r >= L.row.guarantee && !opened(r - L.row.guarantee)) continue;
      fix(lp.rowLower, lp.rowUpper, r, s.rowValue[r]!, s.rowDual[r]!);
    }
  };

  // The stages of plan-stages.ts, each tier's guarantee then (below 1) its share, then labour.
  let guarantee = 0;
  while (step.value.kind !== "labour") {
    const { kind, tier, t, members } = step.value;
    if (kind === "guarantee") {
      const guaranteed = run(t);
      if (guaranteed.status !== "optimal")
        return failure(guaranteed, tier, "guarantee", stages === 1);
      guarantee = snap(guaranteed.objective);
      if (faces && guarantee > 0) holdFace(guaranteed, t + 1);
      if (guarantee < 1 - FIX_TOLERANCE) tierDuals.set(tier!, guaranteed);
      else
        tiers.push({
          tier: tier!,
          needs: members.length,
          guarantee,
          meanShare: 1,
        });
      step = walk.next(guarantee);
    } else {
      const shared = run();
      if (shared.status !== "optimal")
        return failure(shared, tier, "share", false);
      const meanShare = snap(shared.objective);
      shareDuals.set(tier!, shared);
      if (faces && meanShare > 0) holdFace(shared, t + 1);
      tiers.push({ tier: tier!, needs: members.length, guarantee, meanShare });
      step = walk.next(meanShare);
    }
    if (step.done) throw new Error("a plan ends with its labour stage");
  }

  // The fewest hours for what the tiers got: no share falls below where the last stage left it
  // (one within FIX_TOLERANCE of nothing may fall to nothing), so hours are not saved out of
  // the holds' tolerance.
  if (faces && last !== null) {
    const got = (last as LpSolution).colValue;
    for (let i = 0; i < L.needs; i++) {
      const j = L.col.need + i;
      if (got[j]! > FIX_TOLERANCE)
        lp.colLower[j] = Math.min(
          lp.colUpper[j]!,
          Math.max(lp.colLower[j]!, got[j]!),
        );
    }
  }
  const final = run();
  if (final.status !== "optimal") return failure(final, null, "labour", false);
  return ok(readPlan(model, L, final, tierDuals, shareDuals, tiers, stages));
}

function pricesOf(
  tierDuals: ReadonlyMap<Tier, LpSolution>,
  pick: (s: LpSolution) => number,
): ShadowPrices {
  const out: Partial<Record<Tier, number>> = {};
  for (const [tier, s] of tierDuals) {
    const v = clean(pick(s));
    if (v !== 0) out[tier] = v;
  }
  return out;
}

/**
 * The plan a final solution states, with each tier's prices and bottlenecks read from the
 * duals of its stages (also for a carried plan, carried-plan-read.ts).
 */
export function readPlan(
  model: PlanModel,
  L: PlanLayout,
  final: LpSolution,
  tierDuals: ReadonlyMap<Tier, LpSolution>,
  shareDuals: ReadonlyMap<Tier, LpSolution>,
  tiers: readonly TierOutcome[],
  stages: number,
): Plan {
  const guaranteeOf = new Map(tiers.map((t) => [t.tier, t.guarantee]));
  const x = final.colValue;
  const runs = (j: number) => Math.max(0, x[L.col.process + j]!);
  const K = model.products.length;
  const made = new Float64Array(K);
  const used = new Float64Array(K);
  const imported = new Float64Array(K);
  const delivered = new Float64Array(K);
  let totalHours = 0;
  model.processes.forEach((p, j) => {
    for (const [name, q] of Object.entries(p.outputs))
      made[L.productIndex.get(name)!]! += q * runs(j);
    for (const [name, q] of Object.entries(p.inputs))
      used[L.productIndex.get(name)!]! += q * runs(j);
    totalHours += L.hoursPerRun[j]! * runs(j);
  });
  L.importProducts.forEach((k, i) => {
    imported[k] = Math.max(0, x[L.col.import + i]!);
  });
  const shares = model.needs.map((_, i) =>
    Math.min(1, Math.max(0, x[L.col.need + i]!)),
  );
  model.needs.forEach((n, i) => {
    delivered[L.productIndex.get(n.product)!]! += n.quantity * shares[i]!;
  });
  const labourUse = L.skills.map((skill) => {
    let hours = 0;
    model.processes.forEach((p, j) => {
      hours += (p.labour[skill] ?? 0) * runs(j);
    });
    return hours;
  });
  const importColumn = new Map(L.importProducts.map((k, i) => [k, i]));

  return {
    tiers,
    needs: model.needs.map((n, i) => {
      const share = shares[i]!;
      // At the guarantee, the guarantee stage held it; above it, the share stage did.
      const duals =
        share <= guaranteeOf.get(n.tier)! + 1e-6
          ? tierDuals.get(n.tier)
          : shareDuals.get(n.tier);
      return {
        product: n.product,
        tier: n.tier,
        region: n.region,
        quantity: n.quantity,
        met: n.quantity * share,
        share,
        heldBackBy:
          share < 1 - 1e-6 && duals !== undefined
            ? heldBack(model, L, duals, i)
            : [],
      };
    }),
    processes: model.processes.map((p, j) => ({
      name: p.name,
      runs: runs(j),
      capacity: p.capacity ?? null,
      shadowPrices:
        p.capacity === undefined
          ? {}
          : pricesOf(tierDuals, (s) =>
              atUpper(s, L.col.process + j, p.capacity!)
                ? s.colDual[L.col.process + j]!
                : 0,
            ),
    })),
    labour: L.skills.map((skill, i) => ({
      skill,
      used: labourUse[i]!,
      available: model.limits.labour[skill]!,
      shadowPrices: pricesOf(tierDuals, (s) => s.rowDual[L.row.labour + i]!),
    })),
    products: model.products.map((name, k) => {
      const drawn = Math.max(
        0,
        used[k]! + delivered[k]! - made[k]! - imported[k]!,
      );
      const m = importColumn.get(k);
      // One more unit of the product (or of its resource) lowers its balance row's bound by one.
      const balancePrices = pricesOf(
        tierDuals,
        (s) => -s.rowDual[L.row.balance + k]!,
      );
      return {
        name,
        made: made[k]!,
        used: used[k]!,
        imported: imported[k]!,
        delivered: delivered[k]!,
        fromResources: drawn,
        surplus: made[k]! + imported[k]! + drawn - used[k]! - delivered[k]!,
        shadowPrices: balancePrices,
        resourceShadowPrices:
          model.limits.resources[name] === undefined ? {} : balancePrices,
        importShadowPrices:
          m === undefined
            ? {}
            : pricesOf(tierDuals, (s) =>
                atUpper(s, L.col.import + m, model.limits.imports[name]!)
                  ? s.colDual[L.col.import + m]!
                  : 0,
              ),
      };
    }),
    totalHours,
    stages,
  };
}
