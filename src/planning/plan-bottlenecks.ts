/**
 * @module What holds back a need the plan does not meet in full, read from the duals of its
 * tier's share stage (plan-solve.ts). A constraint with a non-zero dual is one whose loosening
 * would raise the tier's met share; of those, the ones that hold back a need are the ones on its
 * supply chain: the need's product, the processes that make it, their skills and capacities,
 * and — through each input that is itself scarce (a non-zero dual on its balance) — the same
 * again upstream. Beside them, the tiers above it (their shares are held, and take what they
 * need first) and the tier's own guarantee (the other needs of the tier get their share first).
 */
import type { LpSolution } from "./linear-programme.js";
import type { PlanModel, Tier } from "./plan-model.js";
import type { PlanLayout } from "./plan-programme.js";

/** Duals smaller than this are taken as zero (solver noise). */
export const DUAL_TOLERANCE = 1e-9;

/** Whether column j sits at its upper bound: only there is its dual the worth of raising it. */
export const atUpper = (s: LpSolution, j: number, upper: number) =>
  s.colValue[j]! >= upper - 1e-9 * Math.max(1, upper);

/**
 * A binding constraint on an unmet need's supply chain. `price`: what one more unit of it (an
 * hour, a run, a unit of the resource or of imports; for a tier, one need's share point
 * released) would add to the need's tier's mean met share.
 */
export type HoldingConstraint =
  | { readonly kind: "labour"; readonly skill: string; readonly price: number }
  | {
      readonly kind: "capacity";
      readonly process: string;
      readonly price: number;
    }
  | {
      readonly kind: "resource";
      readonly product: string;
      readonly price: number;
    }
  | {
      readonly kind: "import";
      readonly product: string;
      readonly price: number;
    }
  | { readonly kind: "tier"; readonly tier: Tier; readonly price: number }
  | { readonly kind: "guarantee"; readonly tier: Tier; readonly price: number }
  /** Nothing makes the product, and no resource or import supplies it. */
  | { readonly kind: "no-source"; readonly product: string; readonly price: 0 };

const nonZero = (v: number) => Math.abs(v) > DUAL_TOLERANCE;

/** The constraints holding back need `i`, the costliest first. */
export function heldBack(
  model: PlanModel,
  L: PlanLayout,
  duals: LpSolution,
  i: number,
): HoldingConstraint[] {
  const found: HoldingConstraint[] = [];
  const need = model.needs[i]!;
  const start = L.productIndex.get(need.product)!;
  const importOf = new Map(L.importProducts.map((k, m) => [k, m]));
  const seenProducts = new Set<number>([start]);
  const seenSkills = new Set<number>();
  const queue = [start];
  while (queue.length > 0) {
    const k = queue.shift()!;
    const name = model.products[k]!;
    const balance = duals.rowDual[L.row.balance + k]!;
    if (model.limits.resources[name] !== undefined && nonZero(balance))
      found.push({ kind: "resource", product: name, price: -balance });
    const m = importOf.get(k);
    if (m !== undefined) {
      const j = L.col.import + m;
      const d = duals.colDual[j]!;
      if (nonZero(d) && atUpper(duals, j, model.limits.imports[name]!))
        found.push({ kind: "import", product: name, price: d });
    }
    for (const p of L.producers[k]!) {
      const process = model.processes[p]!;
      const j = L.col.process + p;
      const d = duals.colDual[j]!;
      if (
        process.capacity !== undefined &&
        nonZero(d) &&
        atUpper(duals, j, process.capacity)
      )
        found.push({ kind: "capacity", process: process.name, price: d });
      for (const s of L.skillsOf[p]!) {
        const price = duals.rowDual[L.row.labour + s]!;
        if (!seenSkills.has(s) && nonZero(price)) {
          seenSkills.add(s);
          found.push({ kind: "labour", skill: L.skills[s]!, price });
        }
      }
      // Upstream only through inputs that are scarce themselves.
      for (const input of L.inputsOf[p]!)
        if (
          !seenProducts.has(input) &&
          nonZero(duals.rowDual[L.row.balance + input]!)
        ) {
          seenProducts.add(input);
          queue.push(input);
        }
    }
  }
  const own = L.tiers.indexOf(need.tier);
  for (let t = 0; t <= own; t++) {
    // Raising a held share (a row's lower bound, a guarantee's lower bound) costs this tier.
    let row = -duals.rowDual[L.row.tier + t]!;
    const guarantee = -duals.colDual[L.col.guarantee + t]!;
    // A share of an earlier tier held where its stage left it (plan-solve.ts, holdFace):
    // raising that hold costs this tier as the tier's own row would.
    if (t < own)
      model.needs.forEach((n, r) => {
        if (n.tier === L.tiers[t])
          row = Math.max(row, -duals.colDual[L.col.need + r]!);
      });
    if (t < own && (nonZero(row) || nonZero(guarantee)))
      found.push({
        kind: "tier",
        tier: L.tiers[t]!,
        price: Math.max(row, guarantee),
      });
    if (t === own && nonZero(guarantee))
      found.push({ kind: "guarantee", tier: need.tier, price: guarantee });
  }
  const noSource =
    L.producers[start]!.length === 0 &&
    !(model.limits.resources[need.product]! > 0) &&
    !(model.limits.imports[need.product]! > 0);
  if (noSource)
    found.push({ kind: "no-source", product: need.product, price: 0 });
  return found.sort((a, b) => b.price - a.price);
}
