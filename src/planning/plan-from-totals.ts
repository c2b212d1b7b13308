/**
 * @module The plan model of a council's planning round (#15): the totals its bodies carried up
 * by attestation and the limits its motion set, as a PlanModel that solvePlan can run on. The
 * council never sees a workplace's processes, so the model's processes are aggregates.
 */
import { fixedToNumber } from "./fixed-point.js";
import { aggregateName, type DeclaredActual } from "./plan-actuals.js";
import type { PlanModel, PlanProcess, Tier } from "./plan-model.js";

/** A product's quantity, or a skill's hours, as fixed-point text (core's plan events). */
interface Amount {
  readonly product: string;
  readonly quantity: string;
}
interface Hours {
  readonly skill: string;
  readonly hours: string;
}

/**
 * A council's totals as its `plan-totals` claims carry them (core's PlanTotals, described here
 * by shape: planning sits below core and imports none of it).
 */
export interface DeclaredTotals {
  readonly needs: readonly {
    readonly product: string;
    readonly tier: Tier;
    readonly region: string;
    readonly quantity: string;
  }[];
  readonly supply: readonly {
    readonly product: string;
    readonly region: string;
    readonly capacity: string;
    readonly coproducts: readonly Amount[];
    readonly inputs: readonly Amount[];
    readonly labour: readonly Hours[];
  }[];
  /** Actual output per main product and region, where reported (reportsOfTotals). */
  readonly actual?: readonly DeclaredActual[];
}

/** The limits a council set, as its motion carries them (fixed-point text). */
export interface DeclaredLimits {
  readonly labour: readonly Hours[];
  readonly resources: readonly Amount[];
  readonly imports: readonly Amount[];
}

const amount = (text: string): number => fixedToNumber(text) ?? 0;

/**
 * Builds the model of a council's totals and limits.
 *
 * One aggregate process per main product and region: a run of it is the region's whole
 * declared capacity of that product at once (its outputs, co-products, inputs and hours at full
 * capacity), so its capacity is one run and the plan's runs are its utilisation, 0 to 1. This
 * assumes the region's processes of a product are used in the same proportion — the most a
 * council can know without a map of its workplaces. Regions label needs and processes; the
 * model balances each product over every region (it has no transport between them).
 * @example solvePlan(planModelFromTotals(bodyTotals(state, council, "2027").totals, limits), solver)
 */
export function planModelFromTotals(
  totals: DeclaredTotals,
  limits: DeclaredLimits | null,
  floors: Readonly<Partial<Record<Tier, number>>> = {},
): PlanModel {
  const products = new Set<string>();
  const processes: PlanProcess[] = [];
  for (const s of totals.supply) {
    const capacity = amount(s.capacity);
    if (capacity === 0) continue;
    const outputs: Record<string, number> = { [s.product]: capacity };
    for (const c of s.coproducts) outputs[c.product] = amount(c.quantity);
    const inputs: Record<string, number> = {};
    for (const i of s.inputs) inputs[i.product] = amount(i.quantity);
    const labour: Record<string, number> = {};
    for (const l of s.labour) labour[l.skill] = amount(l.hours);
    for (const p of [...Object.keys(outputs), ...Object.keys(inputs)])
      products.add(p);
    processes.push({
      name: aggregateName(s.product, s.region),
      outputs,
      inputs,
      labour,
      capacity: 1,
    });
  }
  for (const n of totals.needs) products.add(n.product);
  const table = (rows: readonly { product: string; quantity: string }[]) => {
    const out: Record<string, number> = {};
    for (const r of rows) {
      out[r.product] = amount(r.quantity);
      products.add(r.product);
    }
    return out;
  };
  const labour: Record<string, number> = {};
  for (const l of limits?.labour ?? []) labour[l.skill] = amount(l.hours);
  return {
    products: [...products].sort(),
    processes,
    needs: totals.needs
      .filter((n) => amount(n.quantity) > 0)
      .map((n) => ({
        product: n.product,
        quantity: amount(n.quantity),
        tier: n.tier,
        region: n.region,
      })),
    limits: {
      labour,
      resources: table(limits?.resources ?? []),
      imports: table(limits?.imports ?? []),
    },
    floors,
  };
}
