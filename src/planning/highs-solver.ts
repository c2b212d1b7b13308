/**
 * @module The HiGHS solver (npm `highs`, compiled to WebAssembly) as an LpSolver. HiGHS with a
 * time limit is not deterministic, so it runs only where a plan is proposed (the CLI, a
 * benchmark), never inside the fold. Loaded lazily: importing this module costs nothing until a
 * solver is asked for.
 */
import type {
  LinearProgramme,
  LpSolution,
  LpSolver,
  LpStatus,
  StartBasis,
} from "./linear-programme.js";

export interface HighsSolverOptions {
  /** Seconds for all the programmes this solver solves together (a plan's stages); Infinity: none. */
  readonly timeLimitSeconds?: number;
  /**
   * `simplex`, `ipm` (interior point, then crossover so that duals come from a basis), or
   * `choose`: the interior point from `ipmFromColumns` columns up, the dual simplex below.
   */
  readonly method?: "simplex" | "ipm" | "choose";
  readonly ipmFromColumns?: number;
  /** HiGHS's presolve (`off` by default: on plan programmes it costs more than it saves, docs/benchmarks.md). */
  readonly presolve?: "on" | "off" | "choose";
  /** A clock in seconds (the adapter's, so the planning layer keeps none). */
  readonly now?: () => number;
}

type Loader = typeof import("highs")["default"];

/** HiGHS's model status codes (its C API), as a plan's outcome. */
function statusOf(code: number): LpStatus {
  switch (code) {
    case 7:
      return "optimal";
    case 8:
      return "infeasible";
    case 9:
    case 10:
      return "unbounded";
    case 13:
      return "time-limit";
    default:
      return "failed";
  }
}

/** The most a row may miss its bounds by, relative to the size of its terms (max(1, Σ|a·x|)). */
const RESIDUAL_TOLERANCE = 1e-7;

/** How far the columns' row activities A·x fall outside the row bounds, relative, at the worst row. */
export function rowDrift(lp: LinearProgramme, x: Float64Array): number {
  const rows = lp.rowLower.length;
  const activity = new Float64Array(rows);
  const size = new Float64Array(rows);
  const { starts, rows: index, values } = lp.matrix;
  for (let j = 0; j < lp.cost.length; j++) {
    const v = x[j]!;
    if (v === 0) continue;
    for (let e = starts[j]!; e < starts[j + 1]!; e++) {
      const term = values[e]! * v;
      activity[index[e]!]! += term;
      size[index[e]!]! += Math.abs(term);
    }
  }
  let worst = 0;
  for (let i = 0; i < rows; i++) {
    const off = Math.max(
      lp.rowLower[i]! - activity[i]!,
      activity[i]! - lp.rowUpper[i]!,
      0,
    );
    worst = Math.max(worst, off / Math.max(1, size[i]!));
  }
  return worst;
}

let loaded: ReturnType<Loader> | null = null;

/** One HiGHS runtime per process (its WebAssembly memory is not returned to the system). */
function runtime(): ReturnType<Loader> {
  loaded ??= import("highs").then((m) =>
    // The package's types describe its CommonJS build (default export under `.default`); the
    // ESM build that `import()` loads has the loader itself as its default export.
    (m.default as unknown as Loader)(),
  );
  return loaded;
}

/** An LpSolver that holds a HiGHS instance between solves; `release` frees its memory. */
export type HighsSolver = LpSolver & { readonly release: () => void };

/**
 * Loads HiGHS and returns a solver with one time budget across all its solves. Successive
 * programmes with the same matrix (a plan's stages: only costs and bounds change) are solved on
 * one HiGHS instance from the last basis — a warm start, a few pivots where a cold solve needs
 * thousands.
 * @example const solve = await highsSolver({ timeLimitSeconds: 60 }); solvePlan(model, solve)
 */
export async function highsSolver(
  options: HighsSolverOptions = {},
): Promise<HighsSolver> {
  const highs = await runtime();
  const now = options.now ?? (() => performance.now() / 1000);
  const budget = options.timeLimitSeconds ?? Number.POSITIVE_INFINITY;
  const started = now();
  const ipmFrom = options.ipmFromColumns ?? 50_000;
  type Model = ReturnType<typeof highs.createModel>;
  let held: { matrix: LinearProgramme["matrix"]; model: Model } | null = null;
  const release = () => {
    held?.model.dispose();
    held = null;
  };

  /** A start the solver refuses (a singular basis) is only a hint lost: solve from none. */
  function startFrom(model: Model, start: StartBasis): void {
    try {
      model.setBasis({ colStatus: start.cols, rowStatus: start.rows });
    } catch {
      model.setLogicalBasis();
    }
  }

  function modelFor(lp: LinearProgramme): Model {
    const cols = lp.cost.length;
    const rows = lp.rowLower.length;
    const sense =
      lp.sense === "maximise"
        ? highs.constants.objectiveSense.maximize
        : highs.constants.objectiveSense.minimize;
    if (held !== null && held.matrix === lp.matrix) {
      const m = held.model;
      if (lp.start !== undefined) startFrom(m, lp.start);
      m.changeObjectiveSense(sense);
      if (cols > 0) {
        const all = { kind: "range", from: 0, to: cols - 1 } as const;
        m.changeColsCost(all, lp.cost);
        m.changeColsBounds(all, lp.colLower, lp.colUpper);
      }
      if (rows > 0)
        m.changeRowsBounds(
          { kind: "range", from: 0, to: rows - 1 },
          lp.rowLower,
          lp.rowUpper,
        );
      return m;
    }
    release();
    const model = highs.createModel({
      numCols: cols,
      numRows: rows,
      sense,
      colCost: lp.cost,
      colLower: lp.colLower,
      colUpper: lp.colUpper,
      rowLower: lp.rowLower,
      rowUpper: lp.rowUpper,
      matrix: {
        format: "csc",
        numRows: rows,
        numCols: cols,
        starts: lp.matrix.starts,
        indices: lp.matrix.rows,
        values: lp.matrix.values,
      },
    });
    const method =
      options.method === undefined || options.method === "choose"
        ? cols >= ipmFrom
          ? "ipm"
          : "simplex"
        : options.method;
    model.options.set({
      output_flag: false,
      solver: method,
      presolve: options.presolve ?? "off",
      // Let HiGHS choose primal or dual simplex: from a primal feasible start (the supply
      // chain's basis, the last stage's optimum with its fix) the primal simplex is the one
      // that needs few pivots; the dual simplex, HiGHS's default, took 13 times as many.
      simplex_strategy: 0,
      // Crossover after the interior point: duals from a basis, as the simplex gives them.
      run_crossover: "on",
      // A plan's stages hold earlier optima to within 1e-7 (plan-solve.ts): the solver's
      // feasibility must be finer, or a fix it made itself would not hold.
      primal_feasibility_tolerance: 1e-9,
      dual_feasibility_tolerance: 1e-9,
    });
    if (lp.start !== undefined) startFrom(model, lp.start);
    held = { matrix: lp.matrix, model };
    return model;
  }

  const solve = (lp: LinearProgramme): LpSolution => {
    const cols = lp.cost.length;
    const rows = lp.rowLower.length;
    const left = budget - (now() - started);
    const empty = {
      objective: Number.NaN,
      colValue: new Float64Array(cols),
      colDual: new Float64Array(cols),
      rowValue: new Float64Array(rows),
      rowDual: new Float64Array(rows),
    };
    if (left <= 0) return { status: "time-limit", ...empty };
    let model = modelFor(lp);
    const runOnce = () => {
      // HiGHS counts its time limit over all runs of an instance: start each run's clock anew.
      model.zeroAllClocks();
      const remaining = budget - (now() - started);
      if (Number.isFinite(remaining))
        model.options.set({ time_limit: Math.max(remaining, 1e-3) });
      try {
        return statusOf(model.run().modelStatus);
      } catch {
        // HiGHS's own error status (-1) is thrown by the package: a failed solve, not a plan.
        return "failed" as const;
      }
    };
    let status = runOnce();
    // HiGHS can end in its "unknown" status: numerical trouble, a solution that misses the
    // fine tolerances after unscaling (seen on 3,000 products in the standard tier's share
    // stage, warm or cold). Solve once more cold, on a fresh instance from no basis, at
    // HiGHS's own tolerances (1e-7, still finer than the plan's fixes need to hold).
    if (status === "failed") {
      release();
      model = modelFor({ ...lp, start: undefined } as LinearProgramme);
      model.options.set({
        primal_feasibility_tolerance: 1e-7,
        dual_feasibility_tolerance: 1e-7,
      });
      status = runOnce();
    }
    // HiGHS reports row values at their bounds, but the columns come from its updated
    // factorisation, which on an ill-conditioned basis (the clustered 3,000-product model's last
    // stage) left a balance short by 4e-6. Measured here from the columns alone; when a row is
    // off by more than 1e-7 of its terms, the same basis is solved again on a fresh
    // instance (one factorisation, no pivots: 1e-11 on that model), and a solution still off is
    // a failure, never a plan.
    let drift = 0;
    if (status === "optimal") {
      drift = rowDrift(lp, model.getSolution().colValue);
      if (drift > RESIDUAL_TOLERANCE) {
        const basis = model.getBasis();
        release();
        model = modelFor({
          ...lp,
          start: {
            cols: Int32Array.from(basis.colStatus),
            rows: Int32Array.from(basis.rowStatus),
          },
        });
        status = runOnce();
        if (status === "optimal") {
          drift = rowDrift(lp, model.getSolution().colValue);
          if (drift > RESIDUAL_TOLERANCE) status = "failed";
        }
      }
    }
    if (status !== "optimal") {
      const detail =
        drift > RESIDUAL_TOLERANCE
          ? `row residual ${drift.toExponential(1)}`
          : String(model.getModelStatus());
      release();
      return {
        status,
        ...(status === "failed" ? { detail } : {}),
        ...empty,
      };
    }
    const s = model.getSolution();
    const b = model.getBasis();
    return {
      status,
      basis: {
        cols: Int32Array.from(b.colStatus),
        rows: Int32Array.from(b.rowStatus),
      },
      objective: model.getObjectiveValue(),
      colValue: s.colValue,
      colDual: s.colDual,
      rowValue: s.rowValue,
      rowDual: s.rowDual,
    };
  };
  return Object.assign(solve, { release });
}
