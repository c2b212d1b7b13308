/**
 * @module A body's planning totals for a period: for an assembly, its declarations in force
 * summed; for a council, its own (collective) needs plus the latest totals each body linked below
 * carried up by attestation — each child once (a superseded claim is dropped, a newer claim of
 * the same child replaces its older one, never adds to it). Sums are exact bigints of millionths,
 * so they come out the same in any order. No process name or workplace survives the sum: a
 * council sees its region's totals, never a map of the workplaces below it.
 */
import {
  type CanonicalValue,
  encodeCanonical,
  sha256,
  toHex,
} from "../../crypto/index.js";
import type { FoldState } from "../fold/state.js";
import { pairKey, splitPair } from "../fold/state.js";
import { fixedToMicros, microsToFixed } from "./fixed-point.js";
import {
  type ActualReport,
  type ActualTotal,
  type NeedTotal,
  PLAN_TIERS,
  type PlanLimitsRecord,
  type PlanTier,
  type PlanTotals,
  type ProcessDeclarationPayload,
  type SupplyTotal,
} from "./model.js";

const MILLION = 1_000_000n;

function micros(text: string): bigint {
  return fixedToMicros(text) ?? 0n;
}

/**
 * A per-run amount times runs, both in millionths, rounded half up to the millionth: the one
 * rounding in the totals, made once per declaration, so the sums stay exact and order-free.
 */
function times(perRun: bigint, runs: bigint): bigint {
  return (perRun * runs + MILLION / 2n) / MILLION;
}

function add(map: Map<string, bigint>, name: string, q: bigint): void {
  if (q !== 0n) map.set(name, (map.get(name) ?? 0n) + q);
}

function sortedAmounts<K extends string>(
  map: Map<string, bigint>,
  key: K,
): ({ [k in K]: string } & { quantity: string })[] {
  return [...map.entries()]
    .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
    .map(([name, q]) => ({ [key]: name, quantity: microsToFixed(q) }) as never);
}

interface SupplySum {
  readonly product: string;
  readonly region: string;
  capacity: bigint;
  readonly coproducts: Map<string, bigint>;
  readonly inputs: Map<string, bigint>;
  readonly labour: Map<string, bigint>;
}

/** Totals being summed, in millionths. */
export class TotalsSum {
  private readonly needs = new Map<
    string,
    { product: string; tier: PlanTier; region: string; quantity: bigint }
  >();
  private readonly supply = new Map<string, SupplySum>();
  private readonly actual = new Map<
    string,
    { product: string; region: string; output: bigint; elapsed: bigint }
  >();

  private addActualRow(
    product: string,
    region: string,
    output: bigint,
    elapsed: bigint,
  ): void {
    const key = `${product} ${region}`;
    const row = this.actual.get(key);
    if (row === undefined)
      this.actual.set(key, { product, region, output, elapsed });
    else {
      row.output += output;
      row.elapsed += elapsed;
    }
  }

  /**
   * What a process reported, under its main product and region: the output, and its full
   * capacity of the main product times the share of the period elapsed (rounded once, as a
   * process's totals are).
   */
  addActual(p: ProcessDeclarationPayload, report: ActualReport): void {
    const runs = micros(p.capacity);
    const main = p.outputs[0];
    if (runs === 0n || main === undefined) return;
    const capacity = times(micros(main.quantity), runs);
    this.addActualRow(
      main.product,
      p.region,
      micros(report.output),
      times(capacity, micros(report.elapsed)),
    );
  }

  addNeed(product: string, tier: PlanTier, region: string, q: bigint): void {
    if (q === 0n) return;
    const key = `${product} ${PLAN_TIERS.indexOf(tier)} ${region}`;
    const row = this.needs.get(key);
    if (row === undefined)
      this.needs.set(key, { product, tier, region, quantity: q });
    else row.quantity += q;
  }

  private supplyRow(product: string, region: string): SupplySum {
    const key = `${product} ${region}`;
    let row = this.supply.get(key);
    if (row === undefined)
      this.supply.set(
        key,
        (row = {
          product,
          region,
          capacity: 0n,
          coproducts: new Map(),
          inputs: new Map(),
          labour: new Map(),
        }),
      );
    return row;
  }

  /** A process at full capacity, counted under its main (first) product and region. */
  addProcess(p: ProcessDeclarationPayload): void {
    const runs = micros(p.capacity);
    const main = p.outputs[0];
    if (runs === 0n || main === undefined) return;
    const row = this.supplyRow(main.product, p.region);
    row.capacity += times(micros(main.quantity), runs);
    for (const o of p.outputs.slice(1))
      add(row.coproducts, o.product, times(micros(o.quantity), runs));
    for (const i of p.inputs)
      add(row.inputs, i.product, times(micros(i.quantity), runs));
    for (const l of p.labour)
      add(row.labour, l.skill, times(micros(l.hours), runs));
  }

  /** Totals a body below carried up. */
  addTotals(t: PlanTotals): void {
    for (const n of t.needs)
      this.addNeed(n.product, n.tier, n.region, micros(n.quantity));
    for (const s of t.supply) {
      const row = this.supplyRow(s.product, s.region);
      row.capacity += micros(s.capacity);
      for (const c of s.coproducts)
        add(row.coproducts, c.product, micros(c.quantity));
      for (const i of s.inputs) add(row.inputs, i.product, micros(i.quantity));
      for (const l of s.labour) add(row.labour, l.skill, micros(l.hours));
    }
    for (const a of t.actual ?? [])
      this.addActualRow(
        a.product,
        a.region,
        micros(a.output),
        micros(a.elapsed),
      );
  }

  /** The totals in canonical order: needs by product, tier, region; supply by product, region. */
  totals(): PlanTotals {
    const byKey = <T>(m: Map<string, T>) =>
      [...m.entries()].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    const needs: NeedTotal[] = byKey(this.needs).map(([, n]) => ({
      product: n.product,
      tier: n.tier,
      region: n.region,
      quantity: microsToFixed(n.quantity),
    }));
    const supply: SupplyTotal[] = byKey(this.supply).map(([, s]) => ({
      product: s.product,
      region: s.region,
      capacity: microsToFixed(s.capacity),
      coproducts: sortedAmounts(s.coproducts, "product"),
      inputs: sortedAmounts(s.inputs, "product"),
      labour: sortedAmounts(s.labour, "skill").map((x) => ({
        skill: x.skill,
        hours: x.quantity,
      })),
    }));
    const actual: ActualTotal[] = byKey(this.actual).map(([, a]) => ({
      product: a.product,
      region: a.region,
      output: microsToFixed(a.output),
      elapsed: microsToFixed(a.elapsed),
    }));
    // Totals with no actuals are spelled as before actuals existed, so their claims still fit.
    return actual.length > 0 ? { needs, supply, actual } : { needs, supply };
  }
}

/** True when the totals' rows are each named once and in canonical order (what TotalsSum gives). */
export function isCanonicalTotals(t: PlanTotals): boolean {
  const again = new TotalsSum();
  again.addTotals(t);
  const canonical = again.totals();
  return (
    toHex(sha256(encodeCanonical(canonical as unknown as CanonicalValue))) ===
    toHex(sha256(encodeCanonical(t as unknown as CanonicalValue)))
  );
}

/** Hours by skill at full capacity, over every supply row. */
export function labourOf(t: PlanTotals): { skill: string; hours: string }[] {
  const sum = new Map<string, bigint>();
  for (const s of t.supply)
    for (const l of s.labour) add(sum, l.skill, micros(l.hours));
  return sortedAmounts(sum, "skill").map((x) => ({
    skill: x.skill,
    hours: x.quantity,
  }));
}

/** The latest totals a child carried to a council for a period (its claim, not superseded). */
export interface ChildTotals {
  readonly body: string;
  readonly claim: string;
  readonly round: string;
  readonly totals: PlanTotals;
}

/**
 * The totals a council holds for a period: the latest claim of each body linked below it (not
 * superseded), sorted by body. Each claim speaks for its own body (and, from a council, its
 * subtree) only, and rises along the body's primary link only, so nobody is counted twice.
 */
export function heldTotals(
  state: FoldState,
  council: string,
  period: string,
): ChildTotals[] {
  const latest = new Map<string, ChildTotals>();
  for (const r of state.planTotals.get(pairKey(council, period))) {
    if (state.supersededFacts.get(pairKey(council, r.claim)).length > 0)
      continue;
    if (!state.links.has(pairKey(council, r.child))) continue;
    latest.set(r.child, {
      body: r.child,
      claim: r.claim,
      round: r.round,
      totals: r.totals,
    });
  }
  return [...latest.values()].sort((a, b) => (a.body < b.body ? -1 : 1));
}

/** A body's totals for a period, the round they sum, and (for a council) its children's. */
export interface BodyTotals {
  readonly body: string;
  readonly period: string;
  readonly totals: PlanTotals;
  /** planRound: the digest of what the totals sum, which a claim of them carries. */
  readonly round: string;
  readonly children: readonly ChildTotals[];
}

/** The body's own declarations in force for the period. */
export function declarationsOf(state: FoldState, body: string, period: string) {
  const processes = [...state.planProcesses.values()]
    .filter((p) => p.body === body && p.period === period)
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const needs = [...state.planNeeds.values()]
    .filter((n) => n.body === body && n.period === period)
    .sort((a, b) =>
      a.product !== b.product
        ? a.product < b.product
          ? -1
          : 1
        : a.tier !== b.tier
          ? PLAN_TIERS.indexOf(a.tier) - PLAN_TIERS.indexOf(b.tier)
          : a.region < b.region
            ? -1
            : a.region > b.region
              ? 1
              : 0,
    );
  return { processes, needs };
}

/**
 * The totals of `body` for `period`: its declarations summed, and for a council the totals its
 * children carried up besides, and what its processes reported made (`actual`). The round is
 * the digest of the declarations' and reports' events and the children's claims: a new round
 * whenever one of them changes, even to totals seen before.
 */
export function bodyTotals(
  state: FoldState,
  body: string,
  period: string,
): BodyTotals {
  const sum = new TotalsSum();
  const { processes, needs } = declarationsOf(state, body, period);
  const reports: ActualReport[] = [];
  for (const p of processes) {
    sum.addProcess(p);
    const report = state.planActuals.get(pairKey(body, `${period} ${p.name}`));
    if (report !== undefined && p.capacity !== "0") {
      sum.addActual(p, report);
      reports.push(report);
    }
  }
  for (const n of needs)
    sum.addNeed(n.product, n.tier, n.region, micros(n.quantity));
  const children =
    state.bodies.get(body)?.kind === "council"
      ? heldTotals(state, body, period)
      : [];
  for (const c of children) sum.addTotals(c.totals);
  const basis = {
    period,
    declarations: [...processes, ...needs, ...reports]
      .map((d) => d.event)
      .sort(),
    claims: children.map((c) => c.claim),
  };
  return {
    body,
    period,
    totals: sum.totals(),
    round: toHex(sha256(encodeCanonical(basis))),
    children,
  };
}

/**
 * What a council's plan for a period is solved from: its totals (bodyTotals) and the limits
 * its adopted `plan-limits` motion set, null before one is adopted — planning's
 * planModelFromTotals takes the two as they are.
 */
export function planBasis(
  state: FoldState,
  council: string,
  period: string,
): { totals: PlanTotals; limits: PlanLimitsRecord | null } {
  return {
    totals: bodyTotals(state, council, period).totals,
    limits: state.planLimits.get(pairKey(council, period)) ?? null,
  };
}

/** The periods a body has declarations, limits or held totals for, sorted. */
export function planPeriodsOf(state: FoldState, body: string): string[] {
  const periods = new Set<string>();
  for (const p of state.planProcesses.values())
    if (p.body === body) periods.add(p.period);
  for (const n of state.planNeeds.values())
    if (n.body === body) periods.add(n.period);
  for (const l of state.planLimits.values())
    if (l.council === body) periods.add(l.period);
  for (const key of state.planTotals.keys()) {
    const [council, period] = splitPair(key);
    if (council === body) periods.add(period);
  }
  return [...periods].sort();
}
