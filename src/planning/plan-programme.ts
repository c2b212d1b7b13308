/**
 * @module A plan model as one linear programme whose objective and a few bounds change from
 * stage to stage (plan-solve.ts). Its variables and rows:
 *
 *   x_p ∈ [0, capacity_p]   runs of process p
 *   s_n ∈ [floor_tier, 1]   the met share of need n (met quantity q_n·s_n: shares keep every
 *                           tier's objective in one unit, whatever its products are measured in)
 *   m_k ∈ [0, imports_k]    imports of product k (only products the limits name)
 *   t_T ∈ [0, 1]            the guarantee of tier T: the share every need of T gets at least
 *
 *   balance k:    Σ_p (out_pk − in_pk)·x_p + m_k − Σ_{n of k} q_n·s_n ≥ −resources_k
 *   labour s:     Σ_p hours_ps·x_p ≤ available_s           (limited skills only)
 *   guarantee n:  s_n − t_tier(n) ≥ 0
 *   tier T:       Σ_{n of T} s_n ≥ (fixed once T is solved; free before)
 *
 * Net output at least the met needs, less what resources supply: a product may be left over
 * (free disposal), which co-products need.
 */
import type { LinearProgramme, StartBasis } from "./linear-programme.js";
import { type PlanModel, TIERS, type Tier } from "./plan-model.js";

/** Where each part of the model sits in the programme. */
export interface PlanLayout {
  readonly processes: number;
  readonly needs: number;
  /** Product index of each import column, in column order. */
  readonly importProducts: readonly number[];
  /** Tiers that have needs, in order; their guarantee columns and tier rows follow that order. */
  readonly tiers: readonly Tier[];
  /** Limited skills, in row order. */
  readonly skills: readonly string[];
  readonly productIndex: ReadonlyMap<string, number>;
  readonly col: {
    readonly process: number;
    readonly need: number;
    readonly import: number;
    readonly guarantee: number;
  };
  readonly row: {
    readonly balance: number;
    readonly labour: number;
    readonly guarantee: number;
    readonly tier: number;
  };
  /** Labour hours per run of each process, all skills together (the last stage's cost). */
  readonly hoursPerRun: Float64Array;
  /** Processes that make each product (an output above zero). */
  readonly producers: readonly (readonly number[])[];
  /** Product indices each process uses. */
  readonly inputsOf: readonly (readonly number[])[];
  /** Limited skill row offsets each process uses. */
  readonly skillsOf: readonly (readonly number[])[];
}

/** The programme with no objective yet (all costs zero) and no tier fixed. */
export interface PlanProgramme {
  readonly layout: PlanLayout;
  readonly base: LinearProgramme;
}

/** Builds the programme of a model already read by readPlanModel. */
export function planProgramme(model: PlanModel): PlanProgramme {
  const productIndex = new Map(model.products.map((p, i) => [p, i]));
  const P = model.processes.length;
  const N = model.needs.length;
  const importProducts = Object.keys(model.limits.imports).map(
    (name) => productIndex.get(name)!,
  );
  const tiers = TIERS.filter((t) => model.needs.some((n) => n.tier === t));
  const skills = Object.keys(model.limits.labour);
  const skillRow = new Map(skills.map((s, i) => [s, i]));
  const K = model.products.length;
  const col = {
    process: 0,
    need: P,
    import: P + N,
    guarantee: P + N + importProducts.length,
  };
  const cols = col.guarantee + tiers.length;
  const row = {
    balance: 0,
    labour: K,
    guarantee: K + skills.length,
    tier: K + skills.length + N,
  };
  const rows = row.tier + tiers.length;

  // Columns one at a time: entries of each column in row order are not needed by HiGHS.
  const starts = new Int32Array(cols + 1);
  const entryRows: number[] = [];
  const entryValues: number[] = [];
  let c = 0;
  const put = (r: number, v: number) => {
    if (v === 0) return;
    entryRows.push(r);
    entryValues.push(v);
  };
  const close = () => {
    c++;
    starts[c] = entryRows.length;
  };

  const colLower = new Float64Array(cols);
  const colUpper = new Float64Array(cols).fill(Number.POSITIVE_INFINITY);
  const hoursPerRun = new Float64Array(P);
  const producers: number[][] = model.products.map(() => []);
  const inputsOf: number[][] = [];
  const skillsOf: number[][] = [];
  model.processes.forEach((p, j) => {
    // Net output per run: an input that is also an output nets out within the column.
    const net = new Map<number, number>();
    for (const [name, q] of Object.entries(p.outputs)) {
      const k = productIndex.get(name)!;
      net.set(k, (net.get(k) ?? 0) + q);
      if (q > 0) producers[k]!.push(j);
    }
    for (const [name, q] of Object.entries(p.inputs)) {
      const k = productIndex.get(name)!;
      net.set(k, (net.get(k) ?? 0) - q);
    }
    for (const [k, v] of [...net].sort((a, b) => a[0] - b[0]))
      put(row.balance + k, v);
    inputsOf.push(
      Object.entries(p.inputs)
        .filter(([, q]) => q > 0)
        .map(([name]) => productIndex.get(name)!),
    );
    const used: number[] = [];
    for (const [skill, h] of Object.entries(p.labour)) {
      hoursPerRun[j] = hoursPerRun[j]! + h;
      const s = skillRow.get(skill);
      if (s !== undefined && h > 0) {
        put(row.labour + s, h);
        used.push(s);
      }
    }
    skillsOf.push(used);
    if (p.capacity !== undefined) colUpper[col.process + j] = p.capacity;
    close();
  });
  model.needs.forEach((n, i) => {
    put(row.balance + productIndex.get(n.product)!, -n.quantity);
    put(row.guarantee + i, 1);
    put(row.tier + tiers.indexOf(n.tier), 1);
    colLower[col.need + i] = model.floors[n.tier] ?? 0;
    colUpper[col.need + i] = 1;
    close();
  });
  importProducts.forEach((k, i) => {
    put(row.balance + k, 1);
    colUpper[col.import + i] =
      model.limits.imports[model.products[k]!] ?? Number.POSITIVE_INFINITY;
    close();
  });
  tiers.forEach((tier, i) => {
    model.needs.forEach((n, r) => {
      if (n.tier === tier) put(row.guarantee + r, -1);
    });
    colUpper[col.guarantee + i] = 1;
    close();
  });

  const rowLower = new Float64Array(rows).fill(Number.NEGATIVE_INFINITY);
  const rowUpper = new Float64Array(rows).fill(Number.POSITIVE_INFINITY);
  model.products.forEach((name, k) => {
    rowLower[row.balance + k] = -(model.limits.resources[name] ?? 0);
  });
  skills.forEach((s, i) => {
    rowUpper[row.labour + i] = model.limits.labour[s]!;
  });
  for (let i = 0; i < N; i++) rowLower[row.guarantee + i] = 0;

  return {
    layout: {
      processes: P,
      needs: N,
      importProducts,
      tiers,
      skills,
      productIndex,
      col,
      row,
      hoursPerRun,
      producers,
      inputsOf,
      skillsOf,
    },
    base: {
      sense: "maximise",
      cost: new Float64Array(cols),
      colLower,
      colUpper,
      rowLower,
      rowUpper,
      matrix: {
        starts,
        rows: Int32Array.from(entryRows),
        values: Float64Array.from(entryValues),
      },
    },
  };
}

/**
 * A starting basis for the guarantee stage of tier `t` (the first stage, solved cold): each
 * process basic in the balance of its first output not yet taken (a product with a resource
 * keeps its slack), each need of the tier basic with its guarantee row tight (s_n = t_T), every
 * other row's slack basic. Primal feasible at x = 0 with no floors, and close to the optimum:
 * the solver then pivots only on what binds (labour, capacities) instead of building the
 * supply chain one process at a time — 188 pivots against 3,228 on 3,000 products
 * (docs/benchmarks.md).
 */
export function supplyChainBasis(
  model: PlanModel,
  L: PlanLayout,
  cols: number,
  rows: number,
  t: number,
): StartBasis {
  const colStatus = new Int32Array(cols);
  const rowStatus = new Int32Array(rows).fill(1);
  const taken = new Set<number>();
  model.processes.forEach((p, j) => {
    for (const name of Object.keys(p.outputs)) {
      const k = L.productIndex.get(name)!;
      if (taken.has(k) || model.limits.resources[name] !== undefined) continue;
      taken.add(k);
      colStatus[L.col.process + j] = 1;
      rowStatus[L.row.balance + k] = 0;
      break;
    }
  });
  model.needs.forEach((n, i) => {
    if (n.tier !== L.tiers[t]) return;
    colStatus[L.col.need + i] = 1;
    rowStatus[L.row.guarantee + i] = 0;
  });
  return { cols: colStatus, rows: rowStatus };
}

/**
 * The start for the guarantee stage of tier `t` from the last stage's optimal basis: the tier's
 * needs, held at their floors until now, become basic with their guarantee rows tight (s_n =
 * t_T), as in supplyChainBasis; everything else stays where the last optimum left it.
 */
export function nextTierBasis(
  model: PlanModel,
  L: PlanLayout,
  last: StartBasis,
  t: number,
): StartBasis {
  const cols = last.cols.slice();
  const rows = last.rows.slice();
  model.needs.forEach((n, i) => {
    if (n.tier !== L.tiers[t]) return;
    // Swap only a need whose share is nonbasic and whose guarantee row is basic: the count of
    // basic variables stays the number of rows.
    if (cols[L.col.need + i] === 1 || rows[L.row.guarantee + i] !== 1) return;
    cols[L.col.need + i] = 1;
    rows[L.row.guarantee + i] = 0;
  });
  return { cols, rows };
}
