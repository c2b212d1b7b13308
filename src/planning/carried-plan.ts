/**
 * @module A plan as an event carries it (#15): its model, its decision (runs, imports, met
 * shares) and, for each stage of its solve (plan-stages.ts), what re-checks that stage's
 * optimum without a solver — the stated optimum and the row duals (the column duals follow
 * from them, plan-certificate.ts). Every quantity is fixed-point text (fixed-point.ts): the
 * canonical encoding has no floats. The solver runs once, where the plan is proposed; every
 * replica checks the carried plan (carried-plan-check.ts) and agrees.
 *
 * Duals span many magnitudes (a share per cubic metre of gas is 1e-7), so a stage's duals are
 * carried times 10^scale, the scale chosen so that the largest is about 10⁹: a millionth of
 * that is a relative precision of 1e-15, the float's own. A stage's optimum likewise
 * (OBJECTIVE_SCALE).
 */

import { fixedToNumber, isFixed, numberToFixed } from "./fixed-point.js";
import type { LpSolution, LpSolver } from "./linear-programme.js";
import {
  type PlanModel,
  readPlanModel,
  TIERS,
  type Tier,
} from "./plan-model.js";
import { planProgramme } from "./plan-programme.js";
import { type Plan, solvePlan } from "./plan-solve.js";
import { planStages, type StageKind, snap } from "./plan-stages.js";
import { fail, ok, type PlanningResult } from "./planning-error.js";

type Amounts = Readonly<Record<string, string>>;

/** A plan model with every number as fixed-point text (plan-model.ts has the meanings). */
export interface CarriedModel {
  readonly products: readonly string[];
  readonly processes: readonly {
    readonly name: string;
    readonly outputs: Amounts;
    readonly inputs: Amounts;
    readonly labour: Amounts;
    readonly capacity?: string;
  }[];
  readonly needs: readonly {
    readonly product: string;
    readonly quantity: string;
    readonly tier: Tier;
    readonly region: string;
  }[];
  readonly limits: {
    readonly labour: Amounts;
    readonly resources: Amounts;
    readonly imports: Amounts;
  };
  readonly floors: Readonly<Partial<Record<Tier, string>>>;
}

/** One stage of the solve: which, its optimum, and its row duals × 10^scale. */
export interface CarriedStage {
  readonly kind: StageKind;
  /** The tier the stage solves; absent for the labour stage. */
  readonly tier?: Tier;
  /**
   * The stage's optimum × 10^OBJECTIVE_SCALE: the holds of every later stage are made from it,
   * and a hold's dual times a millionth's rounding of a share could exceed the tolerance.
   */
  readonly objective: string;
  readonly scale: number;
  /** One per row of the programme (plan-programme.ts), in row order. */
  readonly rowDuals: readonly string[];
}

export interface CarriedPlan {
  readonly model: CarriedModel;
  /** Runs of each process, in the model's order. */
  readonly runs: readonly string[];
  /** Met share of each need, in the model's order. */
  readonly shares: readonly string[];
  /** Imports of each product, in the model's order. */
  readonly imports: readonly string[];
  readonly stages: readonly CarriedStage[];
}

/** The highest scale a stage's duals may carry. */
export const MAX_DUAL_SCALE = 24;
/** A stage's optimum is carried × 10^this: to 1e-15, the float's own precision for a share. */
export const OBJECTIVE_SCALE = 9;

/**
 * 10^k for k = 0 … MAX_DUAL_SCALE, by multiplying by ten: exact to 10²², and the same float on
 * every engine beyond (Math.pow and ** need not be correctly rounded; replicas must agree).
 */
const POWERS_OF_TEN: readonly number[] = (() => {
  const out = [1];
  for (let k = 1; k <= MAX_DUAL_SCALE; k++) out.push(out[k - 1]! * 10);
  return out;
})();

/** The optimum a carried stage states (null when its text is not fixed-point). */
export function objectiveOf(stage: CarriedStage): number | null {
  const n = fixedToNumber(stage.objective);
  return n === null ? null : n / POWERS_OF_TEN[OBJECTIVE_SCALE]!;
}

const sortedEntries = <T>(r: Readonly<Record<string, T>>) =>
  Object.entries(r).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));

const carryAmounts = (r: Readonly<Record<string, number>>): Amounts =>
  Object.fromEntries(sortedEntries(r).map(([k, v]) => [k, numberToFixed(v)]));

/** A model as an event carries it: every number to the millionth, names in sorted order. */
export function carryModel(model: PlanModel): CarriedModel {
  return {
    products: [...model.products],
    processes: model.processes.map((p) => ({
      name: p.name,
      outputs: carryAmounts(p.outputs),
      inputs: carryAmounts(p.inputs),
      labour: carryAmounts(p.labour),
      ...(p.capacity === undefined
        ? {}
        : { capacity: numberToFixed(p.capacity) }),
    })),
    needs: model.needs.map((n) => ({
      product: n.product,
      quantity: numberToFixed(n.quantity),
      tier: n.tier,
      region: n.region,
    })),
    limits: {
      labour: carryAmounts(model.limits.labour),
      resources: carryAmounts(model.limits.resources),
      imports: carryAmounts(model.limits.imports),
    },
    floors: Object.fromEntries(
      TIERS.filter((t) => model.floors[t] !== undefined).map((t) => [
        t,
        numberToFixed(model.floors[t]!),
      ]),
    ),
  };
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

/**
 * Reads a carried model: PLAN_CARRIED_MALFORMED (details `path`) where a quantity is not
 * fixed-point text, then every check of readPlanModel. Names are taken in sorted order, so the
 * programme's rows and columns never depend on how a decoder ordered a map's keys.
 */
export function readCarriedModel(carried: unknown): PlanningResult<PlanModel> {
  let bad: string | null = null;
  const num = (v: unknown, path: string): number => {
    const n = fixedToNumber(v);
    if (n === null) bad ??= path;
    return n ?? 0;
  };
  const amounts = (v: unknown, path: string): unknown =>
    isRecord(v)
      ? Object.fromEntries(
          sortedEntries(v).map(([k, x]) => [k, num(x, `${path}.${k}`)]),
        )
      : v;
  if (!isRecord(carried))
    return fail("PLAN_CARRIED_MALFORMED", { path: "model" });
  const c = carried;
  const limits = isRecord(c.limits)
    ? {
        labour: amounts(c.limits.labour, "model.limits.labour"),
        resources: amounts(c.limits.resources, "model.limits.resources"),
        imports: amounts(c.limits.imports, "model.limits.imports"),
      }
    : c.limits;
  const json = {
    products: c.products,
    processes: Array.isArray(c.processes)
      ? c.processes.map((p: unknown, i) => {
          if (!isRecord(p)) return p;
          const at = `model.processes[${i}]`;
          return {
            name: p.name,
            outputs: amounts(p.outputs, `${at}.outputs`),
            inputs: amounts(p.inputs, `${at}.inputs`),
            labour: amounts(p.labour, `${at}.labour`),
            ...(p.capacity === undefined
              ? {}
              : { capacity: num(p.capacity, `${at}.capacity`) }),
          };
        })
      : c.processes,
    needs: Array.isArray(c.needs)
      ? c.needs.map((n: unknown, i) =>
          isRecord(n)
            ? { ...n, quantity: num(n.quantity, `model.needs[${i}].quantity`) }
            : n,
        )
      : c.needs,
    limits,
    floors: amounts(c.floors, "model.floors"),
  };
  if (bad !== null) return fail("PLAN_CARRIED_MALFORMED", { path: bad });
  return readPlanModel(json);
}

/** Row duals × 10^scale as text, the scale putting the largest near 10⁹. */
function carryDuals(rowDual: Float64Array): {
  scale: number;
  rowDuals: string[];
} {
  let largest = 0;
  for (const d of rowDual) largest = Math.max(largest, Math.abs(d));
  const scale =
    largest === 0
      ? 0
      : Math.min(
          MAX_DUAL_SCALE,
          Math.max(0, 9 - Math.ceil(Math.log10(largest))),
        );
  const factor = POWERS_OF_TEN[scale]!;
  return {
    scale,
    rowDuals: Array.from(rowDual, (d) => numberToFixed(d * factor)),
  };
}

/** The row duals a carried stage holds, as numbers (null where one is not fixed-point text). */
export function dualsOf(stage: CarriedStage): Float64Array | null {
  const factor = POWERS_OF_TEN[stage.scale];
  if (factor === undefined) return null;
  const out = new Float64Array(stage.rowDuals.length);
  for (const [i, text] of stage.rowDuals.entries()) {
    if (!isFixed(text)) return null;
    out[i] = fixedToNumber(text)! / factor;
  }
  return out;
}

/** A solved plan and the same plan as an event carries it. */
export interface SolvedCarriedPlan {
  readonly plan: Plan;
  readonly carried: CarriedPlan;
}

/**
 * Solves a model for carrying: first rounded as an event carries it (carryModel), so the plan
 * is the optimum of the very model every replica reads; without held faces (plan-solve.ts), so
 * each stage is exactly the programme planStages rebuilds from the stated optima.
 * @example carrySolvedPlan(model, await highsSolver({ timeLimitSeconds: 60 }))
 */
export function carrySolvedPlan(
  model: PlanModel,
  solve: LpSolver,
): PlanningResult<SolvedCarriedPlan> {
  const carriedModel = carryModel(model);
  const read = readCarriedModel(carriedModel);
  if (!read.ok) return read;
  const rounded = read.value;
  const answers: LpSolution[] = [];
  const solved = solvePlan(
    rounded,
    (lp) => {
      const s = solve(lp);
      answers.push(s);
      return s;
    },
    { holdFaces: false },
  );
  if (!solved.ok) return solved;
  const plan = solved.value;
  // The stages in the order the solver met them, named by the one sequence that made them.
  const stages: CarriedStage[] = [];
  const walk = planStages(rounded, planProgramme(rounded));
  let step = walk.next();
  for (const answer of answers) {
    if (step.done) throw new Error("more answers than stages");
    const { kind, tier } = step.value;
    const objective =
      kind === "labour" ? answer.objective : snap(answer.objective);
    stages.push({
      kind,
      ...(tier === null ? {} : { tier }),
      objective: numberToFixed(objective * POWERS_OF_TEN[OBJECTIVE_SCALE]!),
      ...carryDuals(answer.rowDual),
    });
    step = walk.next(objective);
  }
  const importOf = new Map(plan.products.map((p) => [p.name, p.imported]));
  return ok({
    plan,
    carried: {
      model: carriedModel,
      runs: plan.processes.map((p) => numberToFixed(p.runs)),
      shares: plan.needs.map((n) => numberToFixed(n.share)),
      imports: rounded.products.map((k) => numberToFixed(importOf.get(k) ?? 0)),
      stages,
    },
  });
}
