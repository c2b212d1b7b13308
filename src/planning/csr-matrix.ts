/**
 * @module A square sparse matrix in compressed sparse row form on typed arrays: row i's entries
 * are `values[rowStart[i] .. rowStart[i+1])` in columns `columns[…]`. A million products with ten
 * inputs each is 10⁷ entries — 120 MB as Float64 values and Int32 columns, where a dense matrix
 * would need 8 TB.
 */

/** An n×n matrix in CSR form. `values` may be Float32 where the coefficients were declared at that precision. */
export interface CsrMatrix {
  readonly size: number;
  readonly rowStart: Int32Array;
  readonly columns: Int32Array;
  readonly values: Float64Array | Float32Array;
}

/** The CSR form of a dense n×n row-major matrix, its zeros left out. */
export function csrFromDense(dense: Float64Array, n: number): CsrMatrix {
  let count = 0;
  for (const v of dense) if (v !== 0) count++;
  const rowStart = new Int32Array(n + 1);
  const columns = new Int32Array(count);
  const values = new Float64Array(count);
  let k = 0;
  for (let i = 0; i < n; i++) {
    rowStart[i] = k;
    for (let j = 0; j < n; j++) {
      const v = dense[i * n + j]!;
      if (v === 0) continue;
      columns[k] = j;
      values[k] = v;
      k++;
    }
  }
  rowStart[n] = k;
  return { size: n, rowStart, columns, values };
}

/** `out = m·x`. */
export function multiplyCsr(
  m: CsrMatrix,
  x: Float64Array,
  out: Float64Array,
): void {
  const { size, rowStart, columns, values } = m;
  for (let i = 0; i < size; i++) {
    let s = 0;
    for (let k = rowStart[i]!, end = rowStart[i + 1]!; k < end; k++)
      s += values[k]! * x[columns[k]!]!;
    out[i] = s;
  }
}

/**
 * The relative residual of x in x = A·x + d, max-norm: ‖d − (I − A)·x‖∞ / ‖d‖∞ (0 when d = 0
 * and x solves it exactly). One pass over the matrix.
 */
export function leontiefResidual(
  a: CsrMatrix,
  x: Float64Array,
  d: Float64Array,
): number {
  const { size, rowStart, columns, values } = a;
  let worst = 0;
  let scale = 0;
  for (let i = 0; i < size; i++) {
    let s = d[i]! - x[i]!;
    for (let k = rowStart[i]!, end = rowStart[i + 1]!; k < end; k++)
      s += values[k]! * x[columns[k]!]!;
    worst = Math.max(worst, Math.abs(s));
    scale = Math.max(scale, Math.abs(d[i]!));
  }
  return scale === 0 ? worst : worst / scale;
}

/** The transpose of `m`, in CSR form (so row i of the result is column i of `m`). */
export function transposeCsr(m: CsrMatrix): CsrMatrix {
  const { size, rowStart, columns, values } = m;
  const count = rowStart[size]!;
  const start = new Int32Array(size + 1);
  for (let k = 0; k < count; k++) start[columns[k]! + 1]!++;
  for (let i = 0; i < size; i++) start[i + 1]! += start[i]!;
  const next = start.slice(0, size);
  const outColumns = new Int32Array(count);
  const outValues = new Float64Array(count);
  for (let i = 0; i < size; i++)
    for (let k = rowStart[i]!, end = rowStart[i + 1]!; k < end; k++) {
      const at = next[columns[k]!]!++;
      outColumns[at] = i;
      outValues[at] = values[k]!;
    }
  return { size, rowStart: start, columns: outColumns, values: outValues };
}
