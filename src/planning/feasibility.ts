/**
 * @module Is a set of declared needs feasible? The gross output each product needs, through the
 * whole supply chain (x = (I − A)⁻¹·d, leontief-solve.ts), set against the capacity declared for
 * each product and the limits on resources (labour hours by skill, materials): which are
 * overloaded, and by how much.
 */
import type { CsrMatrix } from "./csr-matrix.js";
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
