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

/**
 * Loads HiGHS and returns a solver with one time budget across all its solves.
 * @example const solve = await highsSolver({ timeLimitSeconds: 60 }); solvePlan(model, solve)
 */
export async function highsSolver(
  options: HighsSolverOptions = {},
): Promise<LpSolver> {
  // The package's types describe its CommonJS build (default export under `.default`); the ESM
  // build that `import()` loads has the loader itself as its default export.
  const loadHighs = (await import("highs")).default as unknown as Loader;
  const highs = await loadHighs();
  const now = options.now ?? (() => performance.now() / 1000);
  const budget = options.timeLimitSeconds ?? Number.POSITIVE_INFINITY;
  const started = now();
  const ipmFrom = options.ipmFromColumns ?? 50_000;
  return (lp: LinearProgramme): LpSolution => {
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
    const method =
      options.method === undefined || options.method === "choose"
        ? cols >= ipmFrom
          ? "ipm"
          : "simplex"
        : options.method;
    const model = highs.createModel({
      numCols: cols,
      numRows: rows,
      sense:
        lp.sense === "maximise"
          ? highs.constants.objectiveSense.maximize
          : highs.constants.objectiveSense.minimize,
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
    try {
      model.options.set({
        output_flag: false,
        solver: method,
        // Crossover after the interior point: duals from a basis, as the simplex gives them.
        run_crossover: "on",
        // A plan's stages hold earlier optima to within 1e-9 (plan-solve.ts): the solver's
        // feasibility must be as fine, or a fix it made itself would not hold.
        primal_feasibility_tolerance: 1e-9,
        dual_feasibility_tolerance: 1e-9,
        ...(Number.isFinite(left) ? { time_limit: left } : {}),
      });
      const status = statusOf(model.run().modelStatus);
      if (status !== "optimal")
        return {
          status,
          ...(status === "failed"
            ? { detail: String(model.getModelStatus()) }
            : {}),
          ...empty,
        };
      const s = model.getSolution();
      return {
        status,
        objective: model.getObjectiveValue(),
        colValue: s.colValue,
        colDual: s.colDual,
        rowValue: s.rowValue,
        rowDual: s.rowDual,
      };
    } finally {
      model.dispose();
    }
  };
}
