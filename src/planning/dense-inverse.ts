/**
 * @module The inverse of a small dense matrix by Gauss-Jordan elimination with partial pivoting,
 * in Float64. Input-output tables of a few dozen sectors need nothing more; large economies go
 * through the sparse iterative solver (leontief-solve.ts) and never form an inverse.
 */
import { fail, ok, type PlanningResult } from "./planning-error.js";

/**
 * The inverse of the n×n row-major matrix `m`, or LEONTIEF_SINGULAR (details: the 0-based
 * `column` where no usable pivot was left) when it has none to working precision.
 */
export function invertDense(
  m: Float64Array,
  n: number,
): PlanningResult<Float64Array> {
  const a = Float64Array.from(m);
  const inv = new Float64Array(n * n);
  for (let i = 0; i < n; i++) inv[i * n + i] = 1;
  let scale = 0;
  for (const v of a) scale = Math.max(scale, Math.abs(v));
  // A pivot this small relative to the matrix's largest entry means the columns are dependent
  // to working precision: dividing by it would return noise, not an inverse.
  const tiny = scale * n * Number.EPSILON;
  for (let col = 0; col < n; col++) {
    let pivotRow = col;
    let best = Math.abs(a[col * n + col]!);
    for (let r = col + 1; r < n; r++) {
      const v = Math.abs(a[r * n + col]!);
      if (v > best) {
        best = v;
        pivotRow = r;
      }
    }
    if (!(best > tiny)) return fail("LEONTIEF_SINGULAR", { column: col });
    if (pivotRow !== col) {
      swapRows(a, n, col, pivotRow);
      swapRows(inv, n, col, pivotRow);
    }
    const pivot = a[col * n + col]!;
    for (let k = 0; k < n; k++) {
      a[col * n + k] = a[col * n + k]! / pivot;
      inv[col * n + k] = inv[col * n + k]! / pivot;
    }
    for (let r = 0; r < n; r++) {
      if (r === col) continue;
      const factor = a[r * n + col]!;
      if (factor === 0) continue;
      for (let k = 0; k < n; k++) {
        a[r * n + k] = a[r * n + k]! - factor * a[col * n + k]!;
        inv[r * n + k] = inv[r * n + k]! - factor * inv[col * n + k]!;
      }
    }
  }
  return ok(inv);
}

function swapRows(m: Float64Array, n: number, i: number, j: number): void {
  for (let k = 0; k < n; k++) {
    const t = m[i * n + k]!;
    m[i * n + k] = m[j * n + k]!;
    m[j * n + k] = t;
  }
}
