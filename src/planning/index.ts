/** @module The public surface of `src/planning`: the pure computation of plans (no I/O; runs in browsers too). */

/** A plan as an event carries it: model, decision and each stage's dual certificate, as fixed-point text. */
export {
  type CarriedModel,
  type CarriedPlan,
  type CarriedStage,
  carryModel,
  carrySolvedPlan,
  readCarriedModel,
  type SolvedCarriedPlan,
} from "./carried-plan.js";
/** A carried plan checked without a solver: feasible within tolerance, each stage's optimum certified. */
export {
  CARRIED_FEASIBILITY_TOLERANCE,
  CARRIED_PLAN_TOLERANCE,
  CARRIED_ROUNDING,
  type CheckedPlan,
  checkCarriedPlan,
} from "./carried-plan-check.js";
/** A carried plan read back as a plan (shares, bottlenecks, shadow prices) without a solver. */
export { readCarriedPlan } from "./carried-plan-read.js";
/** Sparse square matrices on typed arrays (CSR), and the residual of x = A·x + d. */
export {
  type CsrMatrix,
  csrFromDense,
  leontiefResidual,
  multiplyCsr,
} from "./csr-matrix.js";
/** Declared needs against capacities and resource limits: what is overloaded, by how much, and by which needs. */
export {
  checkFeasibility,
  type FeasibilityQuestion,
  type FeasibilityReport,
  type Overload,
  type OverloadCause,
  overloadCauses,
  type ResourceLimit,
} from "./feasibility.js";
export {
  FIXED_DECIMALS,
  fixedToMicros,
  fixedToNumber,
  isFixed,
  microsToFixed,
  numberToFixed,
} from "./fixed-point.js";
/** The HiGHS solver as an LpSolver (loaded lazily; the CLI and benchmarks pass it in). */
export {
  type HighsSolver,
  type HighsSolverOptions,
  highsSolver,
} from "./highs-solver.js";
/** Input-output tables and their two published layouts. */
export type { IoTable, IoTableLayoutName } from "./io-table.js";
/** Reads a table from text, recognising its layout; coded failures otherwise. */
export { readIoTable } from "./io-table-read.js";
/** Technical coefficients, the Leontief inverse and the multipliers of a table. */
export {
  analyseIoTable,
  type IoAnalysis,
  type IoMultipliers,
  leontiefInverse,
  multipliersOf,
  technicalCoefficients,
} from "./leontief.js";
/** Gross output by BiCGSTAB: products (I − A)·v and vector sums, each row independent, so threads can share it. */
export {
  type BicgstabOptions,
  type BicgstabSolution,
  solveLeontiefBicgstab,
} from "./leontief-bicgstab.js";
/** Gross output for final demand by Gauss-Seidel sweeps, with a residual check. */
export {
  type LeontiefSolution,
  type LeontiefSolveOptions,
  solveLeontief,
} from "./leontief-solve.js";
/** Linear programmes as typed arrays, and what a solver answers. */
export type {
  LinearProgramme,
  LpSolution,
  LpSolver,
  LpStatus,
  SparseColumns,
} from "./linear-programme.js";
export {
  aggregateName,
  type DeclaredActual,
  type DeclaredProcessActual,
  type ReportsOfTotals,
  reportsOfTotals,
  workplacePlan,
} from "./plan-actuals.js";
/** What holds back an unmet need. */
export type { HoldingConstraint } from "./plan-bottlenecks.js";
/** A dual certificate of a programme's optimum, measured without a solver. */
export { type CertificateGap, certificateGap } from "./plan-certificate.js";
/** A plan checked against its model without a solver. */
export {
  checkPlan,
  type PlanDecision,
  type PlanViolation,
} from "./plan-check.js";
/** A carried plan's figures for a page: its variant summary, each process's runs, the shadow prices of what binds. */
export { type PlanFigures, planFigures } from "./plan-figures.js";
/** The model of a council's planning round: attested totals and the limits its motion set. */
export {
  type DeclaredLimits,
  planModelFromTotals,
} from "./plan-from-totals.js";
/** A plan's question: products, processes, needs in tiers, limits; read and checked. */
export {
  type PlanLimits,
  type PlanModel,
  type PlanNeed,
  type PlanProcess,
  readPlanModel,
  TIERS,
  type Tier,
} from "./plan-model.js";
export {
  type ActualOutput,
  type ActualRuns,
  DEFAULT_EXCEPTION_THRESHOLD,
  type Deviation,
  flagDeviation,
  type MainProducts,
  type NeedAtRisk,
  type PlanProgress,
  type ProcessProgress,
  type ProductProgress,
  planProgress,
  readReports,
  runsOfOutput,
  runsOfPlan,
} from "./plan-monitor.js";
/** The model as a linear programme. */
export {
  type PlanLayout,
  type PlanProgramme,
  planProgramme,
} from "./plan-programme.js";
export {
  BALANCE_TOLERANCE,
  type ProductTrajectory,
  type RoundProduct,
  type RoundReport,
  type RoundTier,
  readRoundHistory,
  revisionsWanted,
  roundReport,
  topPrice,
  trajectory,
} from "./plan-round.js";
/** An optimised plan: basic needs first, tier by tier, with shadow prices and bottlenecks. */
export {
  type LabourOutcome,
  type NeedOutcome,
  type Plan,
  type ProcessOutcome,
  type ProductOutcome,
  type ShadowPrices,
  solvePlan,
  type TierOutcome,
} from "./plan-solve.js";
/** The stages of a solve, one sequence for the solver and the checker of a carried plan. */
export { FIX_TOLERANCE } from "./plan-stages.js";
/** Variants of a plan under other limits or floors, solved for carrying and summed up side by side. */
export {
  applyVariant,
  MAX_VARIANTS,
  MIN_VARIANTS,
  type PlanVariantSpec,
  planVariants,
  readPlanVariants,
  type SolvedVariant,
  summariseVariant,
  type VariantSummary,
} from "./plan-variants.js";
/** Expected failures as data, with stable codes. */
export type {
  PlanningError,
  PlanningErrorCode,
  PlanningResult,
} from "./planning-error.js";
