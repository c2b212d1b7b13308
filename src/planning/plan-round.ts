/**
 * @module A planning round's report (#15): after a plan is solved, what each product lacks or
 * has to spare and what one more unit of it is worth — so that assemblies revise their needs and
 * workplaces their capacities, and the next round is solved on the revised declarations. Rounds
 * repeat until the plan balances (every need met) or a council votes to stop; the trajectory
 * shows whether the revisions are closing the gap. Pure: a report is read from a model and its
 * solved plan alone, so anyone can recompute a published round.
 *
 * The prices are the plan's own duals (plan-solve.ts): what one more unit of a product would
 * add to a tier's guarantee — Kantorovich's "objectively determined valuations" (docs/planning.md,
 * Sources). Iterative planning schemes move a price by a rule until excess demand vanishes;
 * here each round's prices are read from that round's optimal plan, and what moves between
 * rounds is the declarations.
 */
import type { PlanModel, Tier } from "./plan-model.js";
import { TIERS } from "./plan-model.js";
import type { Plan, ShadowPrices } from "./plan-solve.js";
import { fail, ok, type PlanningResult } from "./planning-error.js";

/** A product's state after a round. */
export interface RoundProduct {
  readonly name: string;
  /** All declared needs of it, every tier and region. */
  readonly needed: number;
  readonly delivered: number;
  /** Excess demand: needed − delivered (0 when every need of it is met). */
  readonly short: number;
  /** Excess supply: made, imported or drawn and left over (co-products, a spare resource). */
  readonly surplus: number;
  /**
   * Runs its capacity-limited processes could still make, in units of it; a process with no
   * declared capacity adds nothing here (it is limited by inputs and labour alone).
   */
  readonly spareCapacity: number;
  /** What one more unit would add to each tier's guarantee (tiers not met in full). */
  readonly prices: ShadowPrices;
}

/** How a tier stands after a round. */
export interface RoundTier {
  readonly tier: Tier;
  readonly guarantee: number;
  readonly meanShare: number;
}

export interface RoundReport {
  /** 1 for the first round. */
  readonly round: number;
  readonly tiers: readonly RoundTier[];
  readonly products: readonly RoundProduct[];
  /** Every need met in full (within the tolerance): nothing left to revise for. */
  readonly balanced: boolean;
  readonly hours: number;
}

/**
 * A need counts as met when no more than this share of it is short: the solver's answers are
 * exact to about 1e-9 of the quantities, and a plan's shares are snapped at 1e-7 (plan-solve.ts).
 */
export const BALANCE_TOLERANCE = 1e-6;

/** The report of round `round` on `model`, from its solved `plan`. */
export function roundReport(
  model: PlanModel,
  plan: Plan,
  round: number,
): RoundReport {
  const needed = new Map<string, number>();
  for (const n of model.needs)
    needed.set(n.product, (needed.get(n.product) ?? 0) + n.quantity);
  const spare = new Map<string, number>();
  model.processes.forEach((p, j) => {
    if (p.capacity === undefined) return;
    const left = Math.max(0, p.capacity - plan.processes[j]!.runs);
    for (const [product, q] of Object.entries(p.outputs))
      spare.set(product, (spare.get(product) ?? 0) + left * q);
  });
  const products = plan.products.map((p): RoundProduct => {
    const want = needed.get(p.name) ?? 0;
    return {
      name: p.name,
      needed: want,
      delivered: p.delivered,
      short: Math.max(0, want - p.delivered),
      // Below a billionth of what was made or used it is the solver's rounding, not a surplus.
      surplus:
        p.surplus > 1e-9 * Math.max(1, p.made + p.imported + p.fromResources)
          ? p.surplus
          : 0,
      spareCapacity: spare.get(p.name) ?? 0,
      prices: p.shadowPrices,
    };
  });
  const balanced = products.every(
    (p) => p.short <= BALANCE_TOLERANCE * Math.max(1, p.needed),
  );
  return {
    round,
    tiers: plan.tiers.map((t) => ({
      tier: t.tier,
      guarantee: t.guarantee,
      meanShare: t.meanShare,
    })),
    products,
    balanced,
    hours: plan.totalHours,
  };
}

/** The highest price of a product over the tiers: the most urgent use of one more unit. */
export function topPrice(prices: ShadowPrices): number {
  let top = 0;
  for (const tier of TIERS) top = Math.max(top, prices[tier] ?? 0);
  return top;
}

/**
 * Where revisions would do most, most urgent first: products short of their needs or priced
 * above zero (one more unit would raise a tier's guarantee), by the tier first hurt (basic
 * before standard before extra), then by price, then by shortfall.
 */
export function revisionsWanted(report: RoundReport): RoundProduct[] {
  const firstTier = (p: RoundProduct) => {
    const i = TIERS.findIndex((t) => (p.prices[t] ?? 0) > 0);
    return i < 0 ? TIERS.length : i;
  };
  return report.products
    .filter(
      (p) =>
        p.short > BALANCE_TOLERANCE * Math.max(1, p.needed) ||
        topPrice(p.prices) > 0,
    )
    .sort(
      (a, b) =>
        firstTier(a) - firstTier(b) ||
        topPrice(b.prices) - topPrice(a.prices) ||
        b.short - a.short ||
        (a.name < b.name ? -1 : a.name > b.name ? 1 : 0),
    );
}

/** One product across rounds: its shortfall and top price in each, oldest first. */
export interface ProductTrajectory {
  readonly name: string;
  readonly short: readonly number[];
  readonly price: readonly number[];
}

/**
 * The trajectory of a sequence of rounds: the guarantee of each tier that has needs, and each
 * product's shortfall and top price, round by round. A tier without needs in a round counts as
 * met in full there; a product missing from a round (its declarations withdrawn) as nothing
 * short and no price.
 */
export function trajectory(rounds: readonly RoundReport[]): {
  readonly rounds: readonly number[];
  readonly tiers: Readonly<Partial<Record<Tier, readonly number[]>>>;
  readonly products: readonly ProductTrajectory[];
} {
  const names = [
    ...new Set(rounds.flatMap((r) => r.products.map((p) => p.name))),
  ].sort();
  const present = TIERS.filter((tier) =>
    rounds.some((r) => r.tiers.some((t) => t.tier === tier)),
  );
  const tiers = Object.fromEntries(
    present.map((tier) => [
      tier,
      rounds.map((r) => r.tiers.find((t) => t.tier === tier)?.guarantee ?? 1),
    ]),
  ) as Partial<Record<Tier, number[]>>;
  const byName = rounds.map((r) => new Map(r.products.map((p) => [p.name, p])));
  return {
    rounds: rounds.map((r) => r.round),
    tiers,
    products: names.map((name) => ({
      name,
      short: byName.map((m) => m.get(name)?.short ?? 0),
      price: byName.map((m) => {
        const p = m.get(name);
        return p === undefined ? 0 : topPrice(p.prices);
      }),
    })),
  };
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);
const isNumber = (v: unknown): v is number =>
  typeof v === "number" && Number.isFinite(v);

/**
 * Earlier rounds as a later round reads them back (the `history` a round's report was published
 * with), checked: rounds numbered 1, 2, … in order, tiers and products with finite numbers.
 * PLAN_ROUNDS_MALFORMED names the first `path` that is not.
 */
export function readRoundHistory(data: unknown): PlanningResult<RoundReport[]> {
  const bad = (path: string) =>
    fail<RoundReport[]>("PLAN_ROUNDS_MALFORMED", { path });
  if (!Array.isArray(data)) return bad("history");
  const out: RoundReport[] = [];
  for (const [i, r] of data.entries()) {
    const at = `history[${i}]`;
    if (!isRecord(r) || r.round !== i + 1) return bad(`${at}.round`);
    if (typeof r.balanced !== "boolean") return bad(`${at}.balanced`);
    if (!isNumber(r.hours)) return bad(`${at}.hours`);
    if (!Array.isArray(r.tiers)) return bad(`${at}.tiers`);
    const tiers: RoundTier[] = [];
    for (const [j, t] of r.tiers.entries()) {
      if (
        !isRecord(t) ||
        !TIERS.includes(t.tier as Tier) ||
        !isNumber(t.guarantee) ||
        !isNumber(t.meanShare)
      )
        return bad(`${at}.tiers[${j}]`);
      tiers.push({
        tier: t.tier as Tier,
        guarantee: t.guarantee,
        meanShare: t.meanShare,
      });
    }
    if (!Array.isArray(r.products)) return bad(`${at}.products`);
    const products: RoundProduct[] = [];
    for (const [j, p] of r.products.entries()) {
      const path = `${at}.products[${j}]`;
      if (!isRecord(p) || typeof p.name !== "string") return bad(path);
      const fields = [
        "needed",
        "delivered",
        "short",
        "surplus",
        "spareCapacity",
      ] as const;
      for (const f of fields) if (!isNumber(p[f])) return bad(`${path}.${f}`);
      if (!isRecord(p.prices)) return bad(`${path}.prices`);
      const prices: Partial<Record<Tier, number>> = {};
      for (const [tier, v] of Object.entries(p.prices)) {
        if (!TIERS.includes(tier as Tier) || !isNumber(v))
          return bad(`${path}.prices.${tier}`);
        prices[tier as Tier] = v;
      }
      products.push({
        name: p.name,
        needed: p.needed as number,
        delivered: p.delivered as number,
        short: p.short as number,
        surplus: p.surplus as number,
        spareCapacity: p.spareCapacity as number,
        prices,
      });
    }
    out.push({
      round: i + 1,
      tiers,
      products,
      balanced: r.balanced,
      hours: r.hours,
    });
  }
  return ok(out);
}
