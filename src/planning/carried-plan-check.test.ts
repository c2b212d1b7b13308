/**
 * A carried plan is checked without a solver (#15): every solver answer on generated economies
 * passes, carried through the canonical encoding; a plan nudged by a millionth (its last digit)
 * still passes; a plan or a certificate changed by more than the stated tolerance does not,
 * with the code that says what failed.
 */
import { readFileSync } from "node:fs";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { decodeCanonical, encodeCanonical } from "../crypto/index.js";
import { type CarriedPlan, carrySolvedPlan } from "./carried-plan.js";
import { checkCarriedPlan } from "./carried-plan-check.js";
import { highsSolver } from "./highs-solver.js";
import type { LpSolver } from "./linear-programme.js";
import { type PlanModel, readPlanModel } from "./plan-model.js";
import { generatePlanModel } from "./testing.js";

let solve: LpSolver;
beforeAll(async () => {
  solve = await highsSolver({ timeLimitSeconds: 60 });
}, 60_000);

function carried(model: PlanModel): CarriedPlan {
  const solved = carrySolvedPlan(model, solve);
  if (!solved.ok) throw new Error(JSON.stringify(solved.error));
  return solved.value.carried;
}

/** Grain and bread, one skill, `hours` of it: labour binds below 100 hours. */
const grainAndBread = (hours: number) => {
  const read = readPlanModel({
    products: ["grain", "bread"],
    processes: [
      { name: "farm", outputs: { grain: 1 }, labour: { worker: 1 } },
      {
        name: "bakery",
        outputs: { bread: 1 },
        inputs: { grain: 2 },
        labour: { worker: 1 },
        capacity: 25,
      },
    ],
    needs: [
      { product: "grain", quantity: 10, tier: "basic", region: "north" },
      { product: "bread", quantity: 30, tier: "basic", region: "south" },
      { product: "bread", quantity: 20, tier: "standard", region: "north" },
    ],
    limits: { labour: { worker: hours } },
  });
  if (!read.ok) throw new Error(JSON.stringify(read.error));
  return read.value;
};

const nudge = (text: string, by: number) =>
  (Math.round(Number(text) * 1e6) / 1e6 + by).toFixed(6).replace(/\.?0+$/, "");

describe("checkCarriedPlan", () => {
  it("accepts every solver answer on generated economies, through the canonical encoding", () => {
    fc.assert(
      fc.property(
        fc.record({
          products: fc.integer({ min: 2, max: 15 }),
          inputs: fc.integer({ min: 1, max: 3 }),
          skills: fc.integer({ min: 1, max: 3 }),
          seed: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
          tightness: fc.double({ min: 0.05, max: 1.5, noNaN: true }),
          needShare: fc.double({ min: 0.3, max: 1, noNaN: true }),
        }),
        (shape) => {
          const plan = carried(generatePlanModel(shape));
          const decoded = decodeCanonical(encodeCanonical(plan as never));
          expect(decoded.ok).toBe(true);
          const checked = checkCarriedPlan(decoded.ok ? decoded.value : null);
          expect(checked.ok ? "ok" : checked.error).toBe("ok");
        },
      ),
      { numRuns: 30 },
    );
  });

  it("states what each tier got, as the hours allow (hand-checked)", () => {
    // 60 h: a bread is 3 h (2 grain and baking), so 10·t + 30·3·t = 100·t ≤ 60: t = 0.6.
    const checked = checkCarriedPlan(carried(grainAndBread(60)));
    if (!checked.ok) throw new Error(JSON.stringify(checked.error));
    expect(checked.value.tiers).toEqual([
      {
        tier: "basic",
        guarantee: expect.closeTo(0.6, 6),
        meanShare: expect.closeTo(0.6, 6),
      },
      { tier: "standard", guarantee: 0, meanShare: 0 },
    ]);
    expect(checked.value.totalHours).toBeCloseTo(60, 4);
  });

  it("accepts a plan nudged by its last digit (a millionth), within the stated tolerance", () => {
    const plan = carried(grainAndBread(60));
    const nudged: CarriedPlan = {
      ...plan,
      shares: plan.shares.map((s) => (s === "0" ? s : nudge(s, -1e-6))),
      runs: plan.runs.map((r) => nudge(r, 1e-6)),
    };
    expect(nudged.shares).not.toEqual(plan.shares);
    expect(checkCarriedPlan(nudged).ok).toBe(true);
  });

  it("refuses a share lowered by a thousandth: PLAN_NOT_OPTIMAL at the stage it falls short", () => {
    const plan = carried(grainAndBread(60));
    const short = {
      ...plan,
      shares: [nudge(plan.shares[0]!, -1e-3), ...plan.shares.slice(1)],
    };
    const checked = checkCarriedPlan(short);
    expect(checked.ok ? null : checked.error).toEqual({
      code: "PLAN_NOT_OPTIMAL",
      details: {
        stage: 0,
        kind: "guarantee",
        tier: "basic",
        failed: "plan-short",
        gap: expect.closeTo(1e-3, 5),
      },
    });
  });

  it("refuses runs over a capacity or labour beyond what rounding allows: PLAN_INFEASIBLE_CARRIED", () => {
    const plan = carried(grainAndBread(200));
    expect(Number(plan.runs[1])).toBeCloseTo(25, 4);
    const over = { ...plan, runs: [plan.runs[0]!, "25.001"] };
    expect(checkCarriedPlan(over)).toEqual({
      ok: false,
      error: {
        code: "PLAN_INFEASIBLE_CARRIED",
        details: {
          constraint: "capacity",
          name: "bakery",
          excess: expect.closeTo(0.001, 9),
        },
      },
    });
    const tight = carried(grainAndBread(60));
    const more = {
      ...tight,
      runs: [nudge(tight.runs[0]!, 0.01), tight.runs[1]!],
    };
    const checked = checkCarriedPlan(more);
    expect(checked.ok ? null : checked.error.details.constraint).toBe("labour");
  });

  it("refuses a forged certificate: a feasible plan of fewer hours with the optimum's duals", () => {
    // The plan of 50 hours keeps every limit of the 60-hour model, and is not its optimum.
    const optimum = carried(grainAndBread(60));
    const fewer = carried(grainAndBread(50));
    const forged = {
      ...optimum,
      runs: fewer.runs,
      shares: fewer.shares,
      imports: fewer.imports,
    };
    const checked = checkCarriedPlan(forged);
    expect(checked.ok ? null : checked.error.code).toBe("PLAN_NOT_OPTIMAL");
    // …nor with its own stages, which certify the 50-hour model's optimum, not this one's.
    const own = { ...fewer, model: optimum.model };
    expect(
      checkCarriedPlan(own).ok
        ? null
        : (checkCarriedPlan(own) as { error: { code: string } }).error.code,
    ).toBe("PLAN_NOT_OPTIMAL");
  });

  it("refuses duals that do not bound the stated optimum", () => {
    const plan = carried(grainAndBread(60));
    const stage = plan.stages[0]!;
    const withDuals = (
      rowDuals: readonly string[],
      objective = stage.objective,
    ) =>
      checkCarriedPlan({
        ...plan,
        stages: [{ ...stage, rowDuals, objective }, ...plan.stages.slice(1)],
      });
    // No duals: the bound is what the guarantee's own upper bound gives, 1, not the 0.6 stated.
    expect(withDuals(stage.rowDuals.map(() => "0"))).toMatchObject({
      ok: false,
      error: {
        code: "PLAN_NOT_OPTIMAL",
        details: { stage: 0, failed: "dual-bound" },
      },
    });
    // A negative dual on the labour row (row 2, after 2 balances) leans on a bound it lacks.
    const leaning = stage.rowDuals.map((d, i) => (i === 2 ? "-1" : d));
    expect(withDuals(leaning)).toMatchObject({
      ok: false,
      error: {
        code: "PLAN_NOT_OPTIMAL",
        details: { stage: 0, failed: "dual-infeasible" },
      },
    });
    // The duals of 0.6 do not make 0.7 an optimum (carried × 10⁹).
    expect(withDuals(stage.rowDuals, "700000000")).toMatchObject({
      ok: false,
      error: {
        code: "PLAN_NOT_OPTIMAL",
        details: { stage: 0, failed: "dual-bound" },
      },
    });
  });

  it("refuses a malformed carried plan with the path of what is wrong", () => {
    const plan = carried(grainAndBread(60));
    const cases: [unknown, string][] = [
      [{ ...plan, runs: [plan.runs[0]] }, "runs"],
      [{ ...plan, shares: [1, ...plan.shares.slice(1)] }, "shares[0]"],
      [{ ...plan, stages: plan.stages.slice(1) }, "stages[0]"],
      [
        { ...plan, stages: [...plan.stages, plan.stages[0]] },
        `stages[${plan.stages.length}]`,
      ],
      [
        {
          ...plan,
          model: {
            ...plan.model,
            limits: { ...plan.model.limits, labour: { worker: 60 } },
          },
        },
        "model.limits.labour.worker",
      ],
    ];
    for (const [bad, path] of cases)
      expect(checkCarriedPlan(bad)).toEqual({
        ok: false,
        error: { code: "PLAN_CARRIED_MALFORMED", details: { path } },
      });
  });

  it("answers any input with a verdict, never a throw (the fold runs it on what anyone signs)", () => {
    const plan = carried(grainAndBread(60)) as unknown as Record<
      string,
      unknown
    >;
    const paths = ["model", "runs", "shares", "imports", "stages"];
    fc.assert(
      fc.property(
        fc.anything(),
        fc.constantFrom(...paths),
        fc.boolean(),
        (junk, key, whole) => {
          const input = whole ? junk : { ...plan, [key]: junk };
          const verdict = checkCarriedPlan(input);
          expect(typeof verdict.ok).toBe("boolean");
        },
      ),
      { numRuns: 300 },
    );
    // Junk inside a stage and inside the model, too.
    fc.assert(
      fc.property(fc.anything(), fc.nat(4), (junk, at) => {
        const stages = [...(plan.stages as unknown[])];
        stages[at % stages.length] = junk;
        const model = { ...(plan.model as object), processes: [junk] };
        expect(typeof checkCarriedPlan({ ...plan, stages }).ok).toBe("boolean");
        expect(typeof checkCarriedPlan({ ...plan, model }).ok).toBe("boolean");
      }),
      { numRuns: 200 },
    );
  });

  it("accepts the frozen vector of the carried format, whose duals are the hand-solved prices", () => {
    const vector = JSON.parse(
      readFileSync(
        new URL(
          "../../test/vectors/planning/carried-plan-grain-bread-60h.json",
          import.meta.url,
        ),
        "utf8",
      ),
    );
    const checked = checkCarriedPlan(vector.plan);
    if (!checked.ok) throw new Error(JSON.stringify(checked.error));
    expect(checked.value.tiers.map((t) => t.guarantee)).toEqual([
      expect.closeTo(vector.expected.tiers[0].guarantee, 5),
      vector.expected.tiers[1].guarantee,
    ]);
    expect(checked.value.totalHours).toBeCloseTo(vector.expected.totalHours, 4);
    // Basic guarantee stage, rows: balances (grain, bread), labour, guarantees. An hour adds
    // 1/100 of the guarantee (100 hours meet every basic need); a grain 1/100, a bread 3/100.
    const [first] = vector.plan.stages;
    const dual = (i: number) => Number(first.rowDuals[i]) / 10 ** first.scale;
    expect([dual(0), dual(1), dual(2)]).toEqual([-0.01, -0.03, 0.01]);
  });
});
