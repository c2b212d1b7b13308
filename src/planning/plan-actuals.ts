/**
 * @module What was made against a plan in force, from events rather than files (#15): a council's
 * attested actuals per main product and region as reports of its plan's aggregate processes,
 * and a workplace's own reports as reports of its declared processes against its share of the
 * plan. Both end in planProgress (plan-monitor.ts), so a council and a workplace reckon due,
 * made and exceptions the same way.
 */
import { fixedToNumber } from "./fixed-point.js";
import type { PlanModel, PlanProcess } from "./plan-model.js";
import type { ActualOutput } from "./plan-monitor.js";

const amount = (text: string): number => fixedToNumber(text) ?? 0;

/** The name of the aggregate process of a main product in a region (planModelFromTotals). */
export const aggregateName = (product: string, region: string): string =>
  `${product} (${region})`;

/** A council's actuals as its `plan-totals` claims carry them (core's ActualTotal, by shape). */
export interface DeclaredActual {
  readonly product: string;
  readonly region: string;
  /** Made so far of the main product, summed over the processes that reported. */
  readonly output: string;
  /** Those processes' full capacity of it × the share of the period gone when they reported. */
  readonly elapsed: string;
}

/** What a council's reports say of its plan: per aggregate process, and the share gone overall. */
export interface ReportsOfTotals {
  readonly reports: ActualOutput[];
  /** Aggregate process → its main product. */
  readonly main: Map<string, string>;
  /** The share of the period gone, weighted by capacity over what reported; null if nothing did. */
  readonly elapsed: number | null;
}

/**
 * The attested actuals as reports of the aggregate processes. A row's share of the period gone
 * is its `elapsed` over the region's whole capacity of the product (its supply row): processes
 * that have not reported count as no time gone, so their silence is not taken for a shortfall
 * (a council cannot see which workplace is silent; the workplace's own monitor can).
 */
export function reportsOfTotals(totals: {
  readonly supply: readonly {
    readonly product: string;
    readonly region: string;
    readonly capacity: string;
  }[];
  readonly actual?: readonly DeclaredActual[];
}): ReportsOfTotals {
  const main = new Map<string, string>();
  const capacity = new Map<string, number>();
  for (const s of totals.supply) {
    const name = aggregateName(s.product, s.region);
    main.set(name, s.product);
    capacity.set(name, amount(s.capacity));
  }
  const reports: ActualOutput[] = [];
  let due = 0;
  let whole = 0;
  for (const a of totals.actual ?? []) {
    const name = aggregateName(a.product, a.region);
    const c = capacity.get(name) ?? 0;
    if (c <= 0) continue;
    const share = Math.min(1, amount(a.elapsed) / c);
    due += amount(a.elapsed);
    whole += c;
    reports.push({
      process: name,
      output: amount(a.output),
      ...(share > 0 ? { elapsed: share } : {}),
    });
  }
  const elapsed = whole > 0 && due > 0 ? Math.min(1, due / whole) : null;
  return { reports, main, elapsed };
}

/** A process a workplace declared, and its latest report (core's records, by shape). */
export interface DeclaredProcessActual {
  readonly name: string;
  readonly region: string;
  readonly outputs: readonly {
    readonly product: string;
    readonly quantity: string;
  }[];
  readonly inputs: readonly {
    readonly product: string;
    readonly quantity: string;
  }[];
  readonly labour: readonly {
    readonly skill: string;
    readonly hours: string;
  }[];
  readonly capacity: string;
  readonly report: { readonly output: string; readonly elapsed: string } | null;
}

/**
 * A workplace's share of a plan in force: its processes as a model, each planned at the
 * utilisation the plan gives its main product's aggregate process in its region (`utilisation`,
 * by aggregate name; none: 0), with its reports. A withdrawn process is left out.
 */
export function workplacePlan(
  processes: readonly DeclaredProcessActual[],
  utilisation: ReadonlyMap<string, number>,
): {
  model: PlanModel;
  runs: number[];
  reports: ActualOutput[];
  main: Map<string, string>;
} {
  const kept = processes.filter(
    (p) => amount(p.capacity) > 0 && p.outputs.length > 0,
  );
  const table = (rows: readonly { key: string; value: string }[]) =>
    Object.fromEntries(rows.map((r) => [r.key, amount(r.value)]));
  const modelProcesses: PlanProcess[] = kept.map((p) => ({
    name: p.name,
    outputs: table(
      p.outputs.map((o) => ({ key: o.product, value: o.quantity })),
    ),
    inputs: table(p.inputs.map((o) => ({ key: o.product, value: o.quantity }))),
    labour: table(p.labour.map((l) => ({ key: l.skill, value: l.hours }))),
    capacity: amount(p.capacity),
  }));
  const products = new Set<string>();
  for (const p of modelProcesses)
    for (const k of [...Object.keys(p.outputs), ...Object.keys(p.inputs)])
      products.add(k);
  const main = new Map(kept.map((p) => [p.name, p.outputs[0]!.product]));
  return {
    model: {
      products: [...products].sort(),
      processes: modelProcesses,
      needs: [],
      limits: { labour: {}, resources: {}, imports: {} },
      floors: {},
    },
    runs: kept.map(
      (p) =>
        (utilisation.get(aggregateName(p.outputs[0]!.product, p.region)) ?? 0) *
        amount(p.capacity),
    ),
    reports: kept.flatMap((p) =>
      p.report === null
        ? []
        : [
            {
              process: p.name,
              output: amount(p.report.output),
              elapsed: amount(p.report.elapsed),
            },
          ],
    ),
    main,
  };
}
