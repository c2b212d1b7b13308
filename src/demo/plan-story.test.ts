/**
 * The demo's planning round (#15): the first region's workplaces and neighbourhoods declare,
 * the totals rise by attestation to the regional council, which adopts its limits and then,
 * by its delegates' ranked ballots, one of three variants solved with HiGHS — checked here
 * against a hand count of the ballots and a hand sum of the declared needs.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  bodyTotals,
  pairKey,
  planInForce,
  type SignedEvent,
} from "../core/index.js";
import { replicaOf } from "../core/testing.js";
import { decodeCanonical } from "../crypto/index.js";
import {
  checkCarriedPlan,
  type HighsSolver,
  highsSolver,
  planProgress,
  reportsOfTotals,
  runsOfOutput,
} from "../planning/index.js";
import { type GeneratedFederation, generateFederation } from "./generate.js";
import {
  PLAN_PACE,
  PLAN_PERIOD,
  PLAN_REPORTED_AT,
  PLAN_VARIANTS,
  PLAN_WORKPLACES,
} from "./texts.js";

const small = {
  seed: 11,
  regions: 1,
  townsPerRegion: 2,
  workplacesPerTown: 2,
  members: [5, 8],
  motions: [1, 2],
} as const;

let solver: HighsSolver;
let g: GeneratedFederation;
let fold: ReturnType<typeof replicaOf>;

beforeAll(async () => {
  solver = await highsSolver();
  g = generateFederation({ ...small, solver });
  fold = replicaOf(g.events);
});
afterAll(() => solver.release());

function payload(e: SignedEvent): Record<string, unknown> {
  const d = decodeCanonical(e.payloadBytes!);
  if (!d.ok) throw new Error("undecodable payload");
  return d.value as Record<string, unknown>;
}
const ofType = (type: string) =>
  g.events.filter((e) => e.envelope.type === type).map(payload);

/** Decimal text to millionths, by hand (the declarations have at most six decimals). */
function micros(text: string): bigint {
  const [whole, frac = ""] = text.split(".");
  return BigInt(whole!) * 1_000_000n + BigInt(frac.padEnd(6, "0"));
}

describe("the demo's planning round", () => {
  it("has a plan in force on the regional council: the variant its delegates ranked first, by a hand count", () => {
    const plan = g.plan!;
    expect(plan).not.toBeNull();
    const inForce = planInForce(fold.state, plan.council)!;
    expect(inForce.motion).toBe(plan.motion);
    expect(inForce.id).toBe(plan.adopted);
    expect(inForce.labels).toEqual(PLAN_VARIANTS.map((v) => v.label));
    expect(fold.state.bodies.get(plan.council)?.level).toBe("regional");

    const rankings = g.events
      .filter((e) => e.envelope.type === "ballot.cast")
      .map(payload)
      .filter((p) => p.motion === plan.motion)
      .map((p) => (p.choice as { ranking: number[][] }).ranking.flat());
    expect(rankings.length).toBeGreaterThanOrEqual(3);
    // Pairwise: how many ballots put a above b; the winner beats every other variant.
    const n = PLAN_VARIANTS.length;
    const above = Array.from({ length: n }, () => new Array<number>(n).fill(0));
    for (const r of rankings)
      for (let i = 0; i < r.length; i++)
        for (let j = i + 1; j < r.length; j++) above[r[i]!]![r[j]!]!++;
    const winners = [...Array(n).keys()].filter((w) =>
      [...Array(n).keys()].every(
        (x) => x === w || above[w]![x]! > above[x]![w]!,
      ),
    );
    expect(winners).toEqual([inForce.index]);
    // And it has a majority of first preferences.
    const first = rankings.filter((r) => r[0] === inForce.index).length;
    expect(first * 2).toBeGreaterThan(rankings.length);
    expect(inForce.variant.label).toBe("four days, gas imported");
  });

  it("holds at the council the hand sum of every need declared below it, and the limits it adopted", () => {
    const plan = g.plan!;
    const sums = new Map<string, bigint>();
    for (const p of ofType("plan.need-declared")) {
      const key = `${p.product} ${p.tier} ${p.region}`;
      sums.set(key, (sums.get(key) ?? 0n) + micros(p.quantity as string));
    }
    const held = bodyTotals(fold.state, plan.council, PLAN_PERIOD).totals;
    expect(
      new Map(
        held.needs.map((n) => [
          `${n.product} ${n.tier} ${n.region}`,
          micros(n.quantity),
        ]),
      ),
    ).toEqual(sums);
    expect(sums.size).toBeGreaterThan(8);
    // Every process counts at the council at full capacity: gas from the gas works and the
    // refinery's co-product, by hand.
    const declared = ofType("plan.process-declared");
    expect(declared.map((p) => p.name)).toEqual(
      PLAN_WORKPLACES.map((w) => w.process.name),
    );
    const supply = held.supply.find((s) => s.product === "gas")!;
    expect(micros(supply.capacity)).toBe(micros("4000"));
    const fuel = held.supply.find((s) => s.product === "fuel")!;
    expect(fuel.coproducts).toEqual([{ product: "gas", quantity: "600" }]);
    expect(
      fold.state.planLimits.get(pairKey(plan.council, PLAN_PERIOD))?.motion,
    ).toBe(plan.limits);
  });

  it("holds at the council what the workplaces reported half-way, and its monitor finds the refinery behind", () => {
    const plan = g.plan!;
    // By hand: each report's process is a declared one, whose main product and region say
    // where its output counts at the council.
    const where = new Map(
      ofType("plan.process-declared").map((p) => [
        p.name as string,
        `${(p.outputs as { product: string }[])[0]!.product} ${p.region}`,
      ]),
    );
    const sums = new Map<string, bigint>();
    const reports = ofType("plan.actual-reported");
    expect(reports).toHaveLength(PLAN_WORKPLACES.length);
    for (const r of reports) {
      const key = where.get(r.name as string)!;
      sums.set(key, (sums.get(key) ?? 0n) + micros(r.output as string));
      expect(r.elapsed).toBe(PLAN_REPORTED_AT);
    }
    const held = bodyTotals(fold.state, plan.council, PLAN_PERIOD).totals;
    expect(
      new Map(
        (held.actual ?? []).map((a) => [
          `${a.product} ${a.region}`,
          micros(a.output),
        ]),
      ),
    ).toEqual(sums);
    expect(plan.reported.map((r) => r.output)).toEqual(
      reports.map((r) => r.output),
    );

    // The council's monitor, as `kenges plan monitor --body` reckons it.
    const inForce = planInForce(fold.state, plan.council)!;
    const carried = checkCarriedPlan(inForce.variant.plan);
    if (!carried.ok) throw new Error(carried.error.code);
    const { model, decision } = carried.value;
    const ofTotals = reportsOfTotals(held);
    expect(ofTotals.elapsed).toBeCloseTo(Number(PLAN_REPORTED_AT), 9);
    const runs = runsOfOutput(model, ofTotals.reports, ofTotals.main);
    if (!runs.ok) throw new Error(runs.error.code);
    const progress = planProgress(
      model,
      decision.processes.map((p) => p.runs),
      runs.value,
      { elapsed: ofTotals.elapsed!, main: ofTotals.main },
    );
    if (!progress.ok) throw new Error(progress.error.code);
    const under = progress.value.processes
      .filter((p) => p.exception === "under")
      .map((p) => p.name);
    const refinery = PLAN_WORKPLACES.findIndex(
      (w) => w.process.name === "Refinery",
    );
    expect(under).toEqual([where.get("Refinery")!.replace(/ (.*)$/, " ($1)")]);
    const behind = progress.value.processes.find((p) => p.name === under[0])!;
    expect(behind.deviation).toBeCloseTo(PLAN_PACE[refinery]! - 1, 2);
    expect(
      progress.value.processes.filter((p) => p.exception === "over"),
    ).toEqual([]);
  });

  it("is the same round for the same seed", () => {
    const again = generateFederation({ ...small, solver });
    expect(again.events.map((e) => e.id)).toEqual(g.events.map((e) => e.id));
    expect(again.plan).toEqual(g.plan);
  });
});
