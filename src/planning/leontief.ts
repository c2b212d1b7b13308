/**
 * @module The input-output model of a table: technical coefficients A = Z·diag(x)⁻¹, the
 * Leontief inverse L = (I − A)⁻¹, and the multipliers read from L (Eurostat Manual of Supply,
 * Use and Input-Output Tables, Beutel 2008, ch. 15; see docs/planning.md).
 */
import { invertDense } from "./dense-inverse.js";
import type { IoTable } from "./io-table.js";
import { ok, type PlanningResult } from "./planning-error.js";

/** Multipliers per sector (a column of L each), present where the table has the row they need. */
export interface IoMultipliers {
  /** Output multipliers: column sums of L, total output per unit of final demand. */
  readonly output: readonly number[];
  /** Gross value added per unit of final demand: v·L, v = value added / output. */
  readonly gva?: readonly number[];
  /** Employment per unit of final demand: e·L, e = employment / output (the table's units). */
  readonly employment?: readonly number[];
  /** Type I income multipliers (c·L)_j / c_j, c = compensation of employees / output. */
  readonly income?: readonly number[];
}

/** What `kenges plan io --json` prints: matrices as rows of numbers, row i and column j as in the table. */
export interface IoAnalysis {
  readonly sectors: readonly string[];
  readonly A: readonly (readonly number[])[];
  readonly leontief: readonly (readonly number[])[];
  readonly multipliers: IoMultipliers;
}

/** A = Z·diag(x)⁻¹: `a[i * n + j]` is sector i's product used per unit of sector j's output. */
export function technicalCoefficients(table: IoTable): Float64Array {
  const n = table.sectors.length;
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++)
      a[i * n + j] = table.flows[i * n + j]! / table.output[j]!;
  return a;
}

/** L = (I − A)⁻¹ for an n×n row-major A, or LEONTIEF_SINGULAR. */
export function leontiefInverse(
  a: Float64Array,
  n: number,
): PlanningResult<Float64Array> {
  const m = new Float64Array(n * n);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++)
      m[i * n + j] = (i === j ? 1 : 0) - a[i * n + j]!;
  return invertDense(m, n);
}

/** r·L for a row vector r: `out[j] = Σ_i r_i L_ij`. */
function rowTimes(r: Float64Array, l: Float64Array, n: number): number[] {
  const out = new Array<number>(n).fill(0);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) out[j] = out[j]! + r[i]! * l[i * n + j]!;
  return out;
}

/** Per-unit-of-output coefficients of a satellite row: `row_j / x_j`. */
function perUnit(row: Float64Array, output: Float64Array): Float64Array {
  return row.map((v, j) => v / output[j]!);
}

function rowsOf(m: Float64Array, n: number): number[][] {
  return Array.from({ length: n }, (_, i) =>
    Array.from(m.subarray(i * n, (i + 1) * n)),
  );
}

/** The multipliers of L for the rows `table` has. */
export function multipliersOf(table: IoTable, l: Float64Array): IoMultipliers {
  const n = table.sectors.length;
  const ones = new Float64Array(n).fill(1);
  const result: {
    output: number[];
    gva?: number[];
    employment?: number[];
    income?: number[];
  } = { output: rowTimes(ones, l, n) };
  if (table.valueAdded)
    result.gva = rowTimes(perUnit(table.valueAdded, table.output), l, n);
  if (table.employment)
    result.employment = rowTimes(perUnit(table.employment, table.output), l, n);
  if (table.compensation) {
    const c = perUnit(table.compensation, table.output);
    // A sector that pays no compensation has no Type I income multiplier (0/0): null in JSON.
    result.income = rowTimes(c, l, n).map((v, j) =>
      c[j] === 0 ? Number.NaN : v / c[j]!,
    );
  }
  return result;
}

/**
 * Coefficients, Leontief inverse and multipliers of a table.
 * @example analyseIoTable(table).value.multipliers.output // column sums of L
 */
export function analyseIoTable(table: IoTable): PlanningResult<IoAnalysis> {
  const n = table.sectors.length;
  const a = technicalCoefficients(table);
  const l = leontiefInverse(a, n);
  if (!l.ok) return l;
  return ok({
    sectors: table.sectors,
    A: rowsOf(a, n),
    leontief: rowsOf(l.value, n),
    multipliers: multipliersOf(table, l.value),
  });
}
