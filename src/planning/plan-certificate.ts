/**
 * @module A dual certificate of a linear programme's optimum, checked without a solver (#15).
 * Given row duals y, the column duals are what the costs leave, z = c − Aᵀy (stationarity holds
 * by construction). For a maximisation every point x within the bounds then has
 *
 *   c·x = Σ_i y_i·(Ax)_i + Σ_j z_j·x_j ≤ Σ_i y_i·(bound of row i) + Σ_j z_j·(bound of column j)
 *
 * taking for each dual the bound its sign leans on (y > 0: the upper, y < 0: the lower; the
 * other way round for a minimisation). That sum is the dual objective, a bound on the optimum
 * — valid only if every bound it needs is finite; a dual that leans on a missing bound is the
 * certificate's dual infeasibility. A point whose c·x reaches the bound is optimal
 * (complementary slackness is then implied). The carried plan's checker and the solver's
 * certificate test both measure with this one function.
 */
import type { LinearProgramme } from "./linear-programme.js";

export interface CertificateGap {
  /**
   * The largest dual that leans on a bound the programme does not have, relative to the size
   * of what it was computed from (max(1, |c_j|, Σ|a_ij·y_i|) for a column): 0 for a certificate.
   */
  readonly dualInfeasibility: number;
  /** The dual objective: a bound on the optimum (above it when maximising). */
  readonly dualObjective: number;
  /** c·x at the point given. */
  readonly primalObjective: number;
  /** z = c − Aᵀy, the column duals the row duals imply. */
  readonly reducedCosts: Float64Array;
}

/** Measures row duals `rowDual` as a certificate of `lp`'s optimum, and the point `colValue`. */
export function certificateGap(
  lp: LinearProgramme,
  rowDual: ArrayLike<number>,
  colValue: ArrayLike<number>,
): CertificateGap {
  const { starts, rows, values } = lp.matrix;
  // +1: a positive dual leans on the upper bound; −1: on the lower.
  const lean = lp.sense === "maximise" ? 1 : -1;
  let infeasible = 0;
  let dual = 0;
  let primal = 0;
  const price = (d: number, lo: number, hi: number, scale: number) => {
    if (d === 0) return;
    const at = lo === hi ? lo : d * lean > 0 ? hi : lo;
    if (Number.isFinite(at)) dual += d * at;
    else infeasible = Math.max(infeasible, Math.abs(d) / scale);
  };
  const reducedCosts = new Float64Array(lp.cost.length);
  for (let j = 0; j < lp.cost.length; j++) {
    let aty = 0;
    let size = Math.abs(lp.cost[j]!);
    for (let e = starts[j]!; e < starts[j + 1]!; e++) {
      const term = values[e]! * rowDual[rows[e]!]!;
      aty += term;
      size += Math.abs(term);
    }
    const z = lp.cost[j]! - aty;
    reducedCosts[j] = z;
    primal += lp.cost[j]! * colValue[j]!;
    price(z, lp.colLower[j]!, lp.colUpper[j]!, Math.max(1, size));
  }
  for (let i = 0; i < lp.rowLower.length; i++)
    price(rowDual[i]!, lp.rowLower[i]!, lp.rowUpper[i]!, 1);
  return {
    dualInfeasibility: infeasible,
    dualObjective: dual,
    primalObjective: primal,
    reducedCosts,
  };
}
