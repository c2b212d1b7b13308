/** @module Expected failures of the planning layer as data: a stable code and typed details, never English. */

/**
 * Every code the planning layer returns. Once shipped, a code keeps its meaning forever.
 * A table reader's details name the 1-based `line` (and `column`) where the problem is.
 */
export type PlanningErrorCode =
  // input-output tables
  | "IO_TABLE_EMPTY"
  | "IO_TABLE_LAYOUT_UNKNOWN"
  | "IO_TABLE_RAGGED_ROW"
  | "IO_TABLE_CELL_NOT_NUMERIC"
  | "IO_TABLE_NOT_SQUARE"
  | "IO_TABLE_OUTPUT_MISSING"
  | "IO_TABLE_OUTPUT_NOT_POSITIVE"
  // the Leontief system
  | "LEONTIEF_SINGULAR"
  | "LEONTIEF_NOT_CONVERGED"
  // feasibility inputs
  | "PLAN_DIMENSION_MISMATCH"
  | "PLAN_VALUE_NOT_FINITE"
  // plan models (plan-model.ts): details `path` (e.g. `processes[2].labour.welder`)
  | "PLAN_MODEL_MALFORMED"
  | "PLAN_NUMBER_INVALID"
  | "PLAN_NAME_UNKNOWN"
  | "PLAN_NAME_REPEATED"
  // an optimised plan (plan-solve.ts): details `tier` and `stage` where it stopped
  | "PLAN_INFEASIBLE"
  | "PLAN_UNBOUNDED"
  | "PLAN_TIME_LIMIT"
  | "PLAN_SOLVER_FAILED"
  // the rounds before this one (plan-round.ts): details `path`
  | "PLAN_ROUNDS_MALFORMED"
  // monitoring a plan in force (plan-monitor.ts): details `path`
  | "PLAN_RUNS_MALFORMED"
  | "PLAN_REPORTS_MALFORMED"
  // a carried plan (carried-plan-check.ts)
  | "PLAN_CARRIED_MALFORMED"
  | "PLAN_INFEASIBLE_CARRIED"
  | "PLAN_NOT_OPTIMAL";

/** A failure with its stable code and the facts a message needs. */
export interface PlanningError {
  readonly code: PlanningErrorCode;
  readonly details: Readonly<
    Record<string, string | number | readonly string[]>
  >;
}

/** Success with a value, or an expected failure. */
export type PlanningResult<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly error: PlanningError };

/** Wraps a value as a success. */
export function ok<T>(value: T): PlanningResult<T> {
  return { ok: true, value };
}

/** Builds a failure. */
export function fail<T>(
  code: PlanningErrorCode,
  details: PlanningError["details"] = {},
): PlanningResult<T> {
  return { ok: false, error: { code, details } };
}
