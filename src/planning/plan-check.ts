/**
 * @module Does a plan keep its model's constraints? Checked from the model and the plan's runs,
 * imports and met shares alone — no solver, no programme — so anyone can check a carried plan
 * within a stated tolerance (and the property tests check the solver with it).
 */
import type { PlanModel } from "./plan-model.js";

/** A constraint the plan breaks by more than the tolerance: what, and by how much. */
export interface PlanViolation {
  readonly constraint:
    | "runs-negative"
    | "capacity"
    | "labour"
    | "balance"
    | "import"
    | "share-range"
    | "floor";
  readonly name: string;
  readonly excess: number;
}

/** What the check reads of a plan (a Plan from solvePlan has it all). */
export interface PlanDecision {
  readonly processes: readonly { readonly runs: number }[];
  readonly needs: readonly { readonly share: number }[];
  readonly products: readonly { readonly imported: number }[];
}

/**
 * Every constraint the plan breaks by more than `tolerance` relative to the size of the
 * quantities involved (max(1, |terms|)), plus what rounding its values may have cost: with
 * `rounding` the most any run, share or import may be off (half a millionth for a carried
 * plan's fixed-point text), a constraint allows rounding × Σ|its coefficients| more.
 * @example checkPlan(model, plan.value) // [] when the plan keeps every constraint
 */
export function checkPlan(
  model: PlanModel,
  plan: PlanDecision,
  tolerance = 1e-6,
  rounding = 0,
): PlanViolation[] {
  const out: PlanViolation[] = [];
  const over = (
    constraint: PlanViolation["constraint"],
    name: string,
    excess: number,
    scale: number,
    coefficients = 1,
  ) => {
    if (excess > tolerance * Math.max(1, scale) + rounding * coefficients)
      out.push({ constraint, name, excess });
  };
  // Σ|coefficient| of each balance row and each skill's labour row, for the rounding allowance.
  const balanceWeight = new Float64Array(model.products.length);
  const labourWeight = new Map<string, number>();
  const index = new Map(model.products.map((p, i) => [p, i]));
  const supply = new Float64Array(model.products.length);
  const demand = new Float64Array(model.products.length);
  const hours = new Map<string, number>();
  model.processes.forEach((p, j) => {
    const runs = plan.processes[j]!.runs;
    over("runs-negative", p.name, -runs, 0);
    if (p.capacity !== undefined)
      over("capacity", p.name, runs - p.capacity, p.capacity);
    for (const [name, q] of Object.entries(p.outputs)) {
      supply[index.get(name)!]! += q * runs;
      balanceWeight[index.get(name)!]! += q;
    }
    for (const [name, q] of Object.entries(p.inputs)) {
      demand[index.get(name)!]! += q * runs;
      balanceWeight[index.get(name)!]! += q;
    }
    for (const [skill, h] of Object.entries(p.labour)) {
      hours.set(skill, (hours.get(skill) ?? 0) + h * runs);
      labourWeight.set(skill, (labourWeight.get(skill) ?? 0) + h);
    }
  });
  for (const [skill, available] of Object.entries(model.limits.labour))
    over(
      "labour",
      skill,
      (hours.get(skill) ?? 0) - available,
      available,
      labourWeight.get(skill) ?? 0,
    );
  model.products.forEach((name, k) => {
    const imported = plan.products[k]!.imported;
    const limit = model.limits.imports[name] ?? 0;
    over("import", name, imported - limit, limit);
    over("import", name, -imported, 0);
    supply[k]! += imported + (model.limits.resources[name] ?? 0);
    balanceWeight[k]! += 1;
  });
  model.needs.forEach((n, i) => {
    const share = plan.needs[i]!.share;
    over("share-range", n.product, Math.max(-share, share - 1), 1);
    over("floor", n.product, (model.floors[n.tier] ?? 0) - share, 1);
    demand[index.get(n.product)!]! += n.quantity * share;
    balanceWeight[index.get(n.product)!]! += n.quantity;
  });
  model.products.forEach((name, k) => {
    over(
      "balance",
      name,
      demand[k]! - supply[k]!,
      demand[k]! + supply[k]!,
      balanceWeight[k]!,
    );
  });
  return out;
}
