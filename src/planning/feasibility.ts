/**
 * @module Is a set of declared needs feasible? The gross output each product needs, through the
 * whole supply chain (x = (I − A)⁻¹·d, leontief-solve.ts), set against the capacity declared for
 * each product and the limits on resources (labour hours by skill, materials): which are
 * overloaded, and by how much — and, traced back through the supply chain, which needs put the
 * load there (overloadCauses).
 */
import { type CsrMatrix, transposeCsr } from "./csr-matrix.js";
import {
  checkVector,
  type LeontiefSolveOptions,
  solveLeontief,
} from "./leontief-solve.js";
import { fail, ok, type PlanningResult } from "./planning-error.js";

/** A limited resource: how much of it one unit of each product's output uses, and how much there is. */
export interface ResourceLimit {
  readonly name: string;
  /** Use per unit of gross output, per product (e.g. hours of a skill per unit). */
  readonly perUnit: Float64Array;
  /** How much there is (Infinity: no limit). NaN is refused: PLAN_VALUE_NOT_FINITE at index n. */
  readonly available: number;
}

/** What a feasibility check is asked. */
export interface FeasibilityQuestion {
  /** A: inputs of product i per unit of product j's output. */
  readonly coefficients: CsrMatrix;
  /** d: the declared needs per product. */
  readonly demand: Float64Array;
  /** The most each product can be made in the period; Infinity where nothing limits it. */
  readonly capacity?: Float64Array;
  readonly resources?: readonly ResourceLimit[];
}

/** Something asked for beyond what there is. */
export interface Overload {
  /** The product's index, or the resource's name. */
  readonly what: number | string;
  readonly required: number;
  readonly available: number;
  /** required − available. */
  readonly excess: number;
  /** required / available (Infinity when nothing is available). */
  readonly ratio: number;
}

/** The answer: the gross output needed, and every overload, the worst first. */
export interface FeasibilityReport {
  readonly output: Float64Array;
  readonly sweeps: number;
  readonly relativeResidual: number;
  readonly isFeasible: boolean;
  readonly products: readonly Overload[];
  readonly resources: readonly Overload[];
}

function overload(
  what: number | string,
  required: number,
  available: number,
): Overload {
  return {
    what,
    required,
    available,
    excess: required - available,
    ratio: available > 0 ? required / available : Number.POSITIVE_INFINITY,
  };
}

const worstFirst = (a: Overload, b: Overload) =>
  b.ratio - a.ratio || b.excess - a.excess;

/**
 * Checks declared needs against capacities and resource limits.
 * @example checkFeasibility({ coefficients, demand, capacity }).value.products // overloaded products
 */
export function checkFeasibility(
  question: FeasibilityQuestion,
  options: LeontiefSolveOptions = {},
): PlanningResult<FeasibilityReport> {
  const n = question.coefficients.size;
  const capacity = question.capacity;
  if (capacity) {
    if (capacity.length !== n)
      return fail("PLAN_DIMENSION_MISMATCH", {
        what: "capacity",
        expected: n,
        got: capacity.length,
      });
    // Infinity is allowed (nothing limits that product); NaN is not a capacity.
    const index = capacity.findIndex((v) => Number.isNaN(v));
    if (index >= 0)
      return fail("PLAN_VALUE_NOT_FINITE", { what: "capacity", index });
  }
  for (const r of question.resources ?? []) {
    const checked = checkVector(r.perUnit, n, r.name);
    if (!checked.ok) return checked;
    // NaN would compare false with every need and hide an overload.
    if (Number.isNaN(r.available))
      return fail("PLAN_VALUE_NOT_FINITE", { what: r.name, index: n });
  }
  const solved = solveLeontief(question.coefficients, question.demand, options);
  if (!solved.ok) return solved;
  const x = solved.value.output;
  const products: Overload[] = [];
  if (capacity)
    for (let i = 0; i < n; i++) {
      const available = capacity[i]!;
      if (x[i]! > available) products.push(overload(i, x[i]!, available));
    }
  const resources: Overload[] = [];
  for (const r of question.resources ?? []) {
    let required = 0;
    for (let i = 0; i < n; i++) required += r.perUnit[i]! * x[i]!;
    if (required > r.available)
      resources.push(overload(r.name, required, r.available));
  }
  products.sort(worstFirst);
  resources.sort(worstFirst);
  return ok({
    output: x,
    sweeps: solved.value.sweeps,
    relativeResidual: solved.value.relativeResidual,
    isFeasible: products.length === 0 && resources.length === 0,
    products,
    resources,
  });
}

/** A need's part in an overload: so much of the required amount is there to meet it. */
export interface OverloadCause {
  /** The product whose declared need it is. */
  readonly product: number;
  /** Of the overloaded product's output (or the resource's use) required, the part for this need. */
  readonly amount: number;
  /** amount / required. */
  readonly share: number;
}

/**
 * Which needs put the load on an overloaded product or resource, traced back through the whole
 * supply chain, the largest part first (`top` of them). The load on product k is
 * x_k = Σ_i L_ki·d_i, so need i's part is L_ki·d_i — row k of the Leontief inverse, found
 * without the inverse by one more iterative solve, of (I − A)ᵀ·y = e_k; for a resource with use
 * u per unit of output, y solves (I − A)ᵀ·y = u. The parts add up to the required amount.
 * @example overloadCauses(question, report.products[0].what) // the needs behind the worst overload
 */
export function overloadCauses(
  question: FeasibilityQuestion,
  what: number | string,
  options: LeontiefSolveOptions & { readonly top?: number } = {},
): PlanningResult<OverloadCause[]> {
  const n = question.coefficients.size;
  let weights: Float64Array;
  if (typeof what === "number") {
    if (!(Number.isInteger(what) && what >= 0 && what < n))
      return fail("PLAN_DIMENSION_MISMATCH", {
        what: "product",
        expected: n,
        got: what,
      });
    weights = new Float64Array(n);
    weights[what] = 1;
  } else {
    const resource = question.resources?.find((r) => r.name === what);
    if (resource === undefined)
      return fail("PLAN_NAME_UNKNOWN", { path: "resources", name: what });
    weights = Float64Array.from(resource.perUnit);
  }
  const solved = solveLeontief(
    transposeCsr(question.coefficients),
    weights,
    options,
  );
  if (!solved.ok) return solved;
  const y = solved.value.output;
  let required = 0;
  const parts: { product: number; amount: number }[] = [];
  for (let i = 0; i < n; i++) {
    const amount = y[i]! * question.demand[i]!;
    if (amount === 0) continue;
    required += amount;
    parts.push({ product: i, amount });
  }
  parts.sort((a, b) => b.amount - a.amount || a.product - b.product);
  return ok(
    parts.slice(0, options.top ?? 10).map((p) => ({
      product: p.product,
      amount: p.amount,
      share: required > 0 ? p.amount / required : 0,
    })),
  );
}
