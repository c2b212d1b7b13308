/**
 * @module Monitoring a plan in force (#15): the runs each workplace's processes report against
 * the runs the plan gives them, pro rata of the period elapsed; exceptions where a process or a
 * product strays beyond a threshold; and the needs put at risk by a product made short —
 * directly, or through the supply chain of every product that takes it as an input. Pure: read
 * from the model, the plan's runs and the reports alone, so every council in scope computes the
 * same exceptions.
 */
import type { PlanModel, Tier } from "./plan-model.js";
import { fail, ok, type PlanningResult } from "./planning-error.js";

/** Runs a workplace reports for one of its processes, so far in the period. */
export interface ActualRuns {
  readonly process: string;
  readonly runs: number;
  /**
   * The share of the period gone when it was counted (0–1]; the monitor's own when absent.
   * Reports of one process that state different shares are due by the largest.
   */
  readonly elapsed?: number;
}

/**
 * What was made of a process's main product so far, as reports in events carry it (a
 * workplace's `plan.actual-reported`, a council's attested actuals per product and region).
 */
export interface ActualOutput {
  readonly process: string;
  readonly output: number;
  readonly elapsed?: number;
}

export type Deviation = "under" | "over" | null;

export interface ProcessProgress {
  readonly name: string;
  readonly planned: number;
  /** What the plan gives by now: planned × the share of the period elapsed. */
  readonly expected: number;
  /** Reported; null when the workplace has reported nothing. */
  readonly actual: number | null;
  /** actual / expected − 1 (0 when nothing was expected and nothing made). */
  readonly deviation: number;
  readonly exception: Deviation | "silent";
  /** The same in the process's main product: runs × its output per run. */
  readonly main: {
    readonly product: string;
    readonly planned: number;
    readonly expected: number;
    readonly actual: number | null;
  };
}

export interface ProductProgress {
  readonly name: string;
  /** Output by now: runs × outputs, planned and actual (unreported processes as planned). */
  readonly expected: number;
  readonly actual: number;
  readonly deviation: number;
  readonly exception: Deviation;
}

export interface NeedAtRisk {
  readonly product: string;
  readonly region: string;
  readonly tier: Tier;
  /** The short products that put it at risk: its own, or inputs upstream of it. */
  readonly because: readonly string[];
}

export interface PlanProgress {
  readonly elapsed: number;
  readonly threshold: number;
  readonly processes: readonly ProcessProgress[];
  readonly products: readonly ProductProgress[];
  readonly needsAtRisk: readonly NeedAtRisk[];
}

/** The threshold when none is given: 10 % off plan is an exception. */
export const DEFAULT_EXCEPTION_THRESHOLD = 0.1;

/**
 * Whether a deviation (made ÷ due − 1) is an exception beyond `threshold` (a share, ≥ 0): under
 * plan, over plan, or neither. The one rule for the monitor and for a page that lets its reader
 * choose the threshold.
 */
export function flagDeviation(deviation: number, threshold: number): Deviation {
  return deviation < -threshold
    ? "under"
    : deviation > threshold
      ? "over"
      : null;
}

/** Process name → its main product; a process not named has its first output as main. */
export type MainProducts = ReadonlyMap<string, string>;

function mainOf(
  process: PlanModel["processes"][number],
  main: MainProducts | undefined,
): { product: string; perRun: number } {
  const product =
    main?.get(process.name) ?? Object.keys(process.outputs)[0] ?? "";
  return { product, perRun: process.outputs[product] ?? 0 };
}

/**
 * Output of each process's main product as runs of it (output ÷ its output per run), so
 * planProgress compares them with the plan like reported runs. PLAN_NAME_UNKNOWN for a
 * process the model does not have; PLAN_NUMBER_INVALID (path `reports[i].output`) for output
 * that is negative, or of a process that makes none of its main product.
 */
export function runsOfOutput(
  model: PlanModel,
  reports: readonly ActualOutput[],
  main?: MainProducts,
): PlanningResult<ActualRuns[]> {
  const byName = new Map(model.processes.map((p) => [p.name, p]));
  const out: ActualRuns[] = [];
  for (const [i, r] of reports.entries()) {
    const p = byName.get(r.process);
    if (p === undefined)
      return fail("PLAN_NAME_UNKNOWN", {
        path: `reports[${i}].process`,
        name: r.process,
      });
    const { perRun } = mainOf(p, main);
    if (!(r.output >= 0 && Number.isFinite(r.output) && perRun > 0))
      return fail("PLAN_NUMBER_INVALID", {
        path: `reports[${i}].output`,
        value: r.output,
      });
    out.push({
      process: r.process,
      runs: r.output / perRun,
      ...(r.elapsed === undefined ? {} : { elapsed: r.elapsed }),
    });
  }
  return ok(out);
}

/**
 * Progress of a plan in force: `runs` is the plan's run of each model process (in the model's
 * order), `reports` what workplaces reported, `elapsed` the share of the period gone (0–1].
 * A process with no report is an exception of its own ("silent"): its output is counted as
 * planned, so silence is visible without being taken for a shortfall.
 */
export function planProgress(
  model: PlanModel,
  runs: readonly number[],
  reports: readonly ActualRuns[],
  options: {
    readonly elapsed?: number;
    readonly threshold?: number;
    readonly main?: MainProducts;
  } = {},
): PlanningResult<PlanProgress> {
  const elapsed = options.elapsed ?? 1;
  const threshold = options.threshold ?? DEFAULT_EXCEPTION_THRESHOLD;
  if (!(elapsed > 0 && elapsed <= 1))
    return fail("PLAN_NUMBER_INVALID", { path: "elapsed", value: elapsed });
  if (!(threshold >= 0 && Number.isFinite(threshold)))
    return fail("PLAN_NUMBER_INVALID", { path: "threshold", value: threshold });
  if (runs.length !== model.processes.length)
    return fail("PLAN_DIMENSION_MISMATCH", {
      what: "runs",
      got: runs.length,
      expected: model.processes.length,
    });
  const index = new Map(model.processes.map((p, j) => [p.name, j]));
  const actual = new Map<number, number>();
  const elapsedOf = new Map<number, number>();
  for (const [i, r] of reports.entries()) {
    const j = index.get(r.process);
    if (j === undefined)
      return fail("PLAN_NAME_UNKNOWN", {
        path: `reports[${i}].process`,
        name: r.process,
      });
    if (!(r.runs >= 0 && Number.isFinite(r.runs)))
      return fail("PLAN_NUMBER_INVALID", {
        path: `reports[${i}].runs`,
        value: r.runs,
      });
    if (r.elapsed !== undefined && !(r.elapsed > 0 && r.elapsed <= 1))
      return fail("PLAN_NUMBER_INVALID", {
        path: `reports[${i}].elapsed`,
        value: r.elapsed,
      });
    // Several reports of one process in a period add up (each a workplace's part, or a shift).
    actual.set(j, (actual.get(j) ?? 0) + r.runs);
    if (r.elapsed !== undefined)
      elapsedOf.set(j, Math.max(elapsedOf.get(j) ?? 0, r.elapsed));
  }
  const dueBy = (j: number) => runs[j]! * (elapsedOf.get(j) ?? elapsed);
  const off = (done: number, due: number) =>
    due === 0 ? (done === 0 ? 0 : Number.POSITIVE_INFINITY) : done / due - 1;
  const flag = (deviation: number): Deviation =>
    flagDeviation(deviation, threshold);

  const processes = model.processes.map((p, j): ProcessProgress => {
    const expected = dueBy(j);
    const done = actual.get(j);
    const { product, perRun } = mainOf(p, options.main);
    const main = {
      product,
      planned: runs[j]! * perRun,
      expected: expected * perRun,
      actual: done === undefined ? null : done * perRun,
    };
    if (done === undefined)
      return {
        name: p.name,
        planned: runs[j]!,
        expected,
        actual: null,
        deviation: 0,
        exception: expected > 0 ? "silent" : null,
        main,
      };
    const deviation = off(done, expected);
    return {
      name: p.name,
      planned: runs[j]!,
      expected,
      actual: done,
      deviation,
      exception: flag(deviation),
      main,
    };
  });

  const expectedOut = new Map<string, number>();
  const actualOut = new Map<string, number>();
  model.processes.forEach((p, j) => {
    const e = dueBy(j);
    const a = actual.get(j) ?? e;
    for (const [product, q] of Object.entries(p.outputs)) {
      expectedOut.set(product, (expectedOut.get(product) ?? 0) + e * q);
      actualOut.set(product, (actualOut.get(product) ?? 0) + a * q);
    }
  });
  const products = model.products
    .filter((name) => expectedOut.has(name))
    .map((name): ProductProgress => {
      const expected = expectedOut.get(name)!;
      const made = actualOut.get(name)!;
      const deviation = off(made, expected);
      return {
        name,
        expected,
        actual: made,
        deviation,
        exception: flag(deviation),
      };
    });

  // A short product endangers its own needs and, downstream, those of every product made
  // from it: follow inputs to outputs until nothing new is reached.
  const short = products
    .filter((p) => p.exception === "under")
    .map((p) => p.name);
  const madeFrom = new Map<string, Set<string>>();
  for (const p of model.processes)
    for (const input of Object.keys(p.inputs))
      for (const output of Object.keys(p.outputs)) {
        let set = madeFrom.get(input);
        if (set === undefined) madeFrom.set(input, (set = new Set()));
        set.add(output);
      }
  const causes = new Map<string, Set<string>>();
  for (const root of short) {
    const seen = new Set([root]);
    const queue = [root];
    while (queue.length > 0) {
      const at = queue.pop()!;
      let set = causes.get(at);
      if (set === undefined) causes.set(at, (set = new Set()));
      set.add(root);
      for (const next of madeFrom.get(at) ?? [])
        if (!seen.has(next)) {
          seen.add(next);
          queue.push(next);
        }
    }
  }
  const needsAtRisk = model.needs
    .filter((n) => causes.has(n.product))
    .map((n) => ({
      product: n.product,
      region: n.region,
      tier: n.tier,
      because: [...causes.get(n.product)!].sort(),
    }));
  return ok({ elapsed, threshold, processes, products, needsAtRisk });
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

/**
 * The runs of each model process in a plan as `kenges plan solve --json` prints it (an adopted
 * plan's processes): one entry per process of the model, by name, in its order.
 * PLAN_RUNS_MALFORMED names the first `path` that does not fit.
 */
export function runsOfPlan(
  model: PlanModel,
  plan: unknown,
): PlanningResult<number[]> {
  const bad = (path: string) => fail<number[]>("PLAN_RUNS_MALFORMED", { path });
  if (!isRecord(plan) || !Array.isArray(plan.processes))
    return bad("processes");
  if (plan.processes.length !== model.processes.length) return bad("processes");
  const runs: number[] = [];
  for (const [j, p] of plan.processes.entries()) {
    if (!isRecord(p) || p.name !== model.processes[j]!.name)
      return bad(`processes[${j}].name`);
    if (
      typeof p.runs !== "number" ||
      !(p.runs >= 0) ||
      !Number.isFinite(p.runs)
    )
      return bad(`processes[${j}].runs`);
    runs.push(p.runs);
  }
  return ok(runs);
}

/** Workplaces' reports as a file holds them: `{"reports": [{"process": …, "runs": …}, …]}`. */
export function readReports(data: unknown): PlanningResult<ActualRuns[]> {
  const bad = (path: string) =>
    fail<ActualRuns[]>("PLAN_REPORTS_MALFORMED", { path });
  if (!isRecord(data) || !Array.isArray(data.reports)) return bad("reports");
  const out: ActualRuns[] = [];
  for (const [i, r] of data.reports.entries()) {
    if (!isRecord(r) || typeof r.process !== "string")
      return bad(`reports[${i}].process`);
    if (typeof r.runs !== "number") return bad(`reports[${i}].runs`);
    out.push({ process: r.process, runs: r.runs });
  }
  return ok(out);
}
