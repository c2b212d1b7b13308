/**
 * @module The demo's planning round (#15): in the first region, workplaces declare their
 * processes (a gas works, a refinery, a heating plant, a bakery, a bus depot, a clinic, with
 * inputs from each other), neighbourhood assemblies and one workplace declare needs by tier,
 * the attesters carry the totals up to the regional council, which adopts its limits (hours by
 * skill, crude, raw gas, flour) by motion; three variants are solved from the council's totals
 * with the solver the caller passes (the same functions as `kenges plan solve --body` and
 * `kenges plan variants`), put to the council as a plan motion, ranked by its delegates and
 * adopted — the region's plan in force.
 */
import { planBasis, planMotionPayload, planVariantId } from "../core/index.js";
import {
  aggregateName,
  checkCarriedPlan,
  type LpSolver,
  numberToFixed,
  type PlanVariantSpec,
  planModelFromTotals,
  planVariants,
} from "../planning/index.js";
import {
  type DemoBuilder,
  type GeneratedBody,
  HUB,
  personName,
} from "./builder.js";
import type { Person } from "./simulator.js";
import type { DemoRegion, DemoTown } from "./story-federation.js";
import {
  fill,
  PLAN_LIMITS,
  PLAN_LIMITS_TEXT,
  PLAN_MOTION_TEXT,
  PLAN_NEIGHBOURHOOD_NEEDS,
  PLAN_PACE,
  PLAN_PERIOD,
  PLAN_RANKINGS,
  PLAN_REPORTED_AT,
  PLAN_VARIANTS,
  PLAN_WORKPLACE_NEED,
  PLAN_WORKPLACES,
} from "./texts.js";

/** What the planning round made, for tests and for the story's readers. */
export interface PlanRecord {
  readonly council: string;
  readonly period: string;
  /** The workplaces that declared processes, in PLAN_WORKPLACES order. */
  readonly workplaces: readonly string[];
  readonly limits: string;
  readonly motion: string;
  /** The adopted variant's id (planVariantId), as the close states it. */
  readonly adopted: string;
  /** Half-way through the period, what each workplace reported it made (PLAN_WORKPLACES order). */
  readonly reported: readonly {
    readonly product: string;
    readonly output: string;
  }[];
}

const amounts = (
  rows: readonly (readonly [string, string])[],
  key: "product" | "skill",
  value: "quantity" | "hours",
) => rows.map(([k, v]) => ({ [key]: k, [value]: v }));

/**
 * The workplace of the town under `name`: the assembly already there, or one founded now by a
 * person of the town, with a few members, linked under the town council (its chair attesting).
 */
function workplace(
  b: DemoBuilder,
  founder: Person,
  town: DemoTown,
  name: GeneratedBody["name"],
): GeneratedBody {
  const there = town.assemblies.find((a) => a.name.en === name.en);
  if (there !== undefined) return there;
  const sim = b.sim;
  sim.sync(town.replica);
  const creator = sim.person(personName(sim), town.replica);
  const a = b.createBody(creator, town.replica, "assembly", name, {
    setting: "workplace",
  });
  for (let k = sim.rng.int(4, 7); k > 0; k--)
    b.admit(a, sim.person(personName(sim), town.replica));
  sim.sync(HUB);
  b.link(founder, town.council, a, 1);
  sim.sync(town.replica);
  town.assemblies.push(a);
  return a;
}

/**
 * Tells the planning round in `region`, its council voted by `voters` (the delegates sitting
 * on it); returns null when no one sits on the council to vote.
 */
export function tellPlanStory(
  b: DemoBuilder,
  region: DemoRegion,
  voters: readonly Person[],
  founder: Person,
  solver: LpSolver,
): PlanRecord | null {
  const sim = b.sim;
  const council = region.council;
  if (voters.length === 0 || region.towns.length === 0) return null;
  const period = PLAN_PERIOD;
  sim.syncAll();

  // Workplaces declare their processes, each where it stands.
  const workplaces: GeneratedBody[] = [];
  for (const w of PLAN_WORKPLACES) {
    const town = region.towns[w.town] ?? region.towns[0]!;
    const a = workplace(b, founder, town, fill(w.name, { town: town.name }));
    workplaces.push(a);
    sim.expectValid(
      sim.sign(a.chair.key, town.replica, a.id, "plan.process-declared", {
        period,
        name: w.process.name,
        region: town.name.en,
        outputs: amounts(w.process.outputs, "product", "quantity"),
        inputs: amounts(w.process.inputs, "product", "quantity"),
        labour: amounts(w.process.labour, "skill", "hours"),
        capacity: w.process.capacity,
      }),
    );
    sim.wait(600, 3600);
  }

  // Neighbourhoods declare what they need, tier by tier; the gas works its shift buses.
  for (const town of region.towns) {
    const districts = town.assemblies.filter(
      (a) => a.setting === "neighbourhood",
    );
    for (const [i, a] of districts.entries())
      for (const n of PLAN_NEIGHBOURHOOD_NEEDS)
        sim.expectValid(
          sim.sign(a.chair.key, town.replica, a.id, "plan.need-declared", {
            period,
            product: n.product,
            tier: n.tier,
            region: town.name.en,
            quantity: numberToFixed(n.quantity * (1 + i / 10)),
          }),
        );
  }
  const shiftBuses = workplaces[PLAN_WORKPLACE_NEED.workplace]!;
  const shiftTown =
    region.towns.find((t) => t.assemblies.includes(shiftBuses)) ??
    region.towns[0]!;
  sim.expectValid(
    sim.sign(
      shiftBuses.chair.key,
      shiftBuses.replica,
      shiftBuses.id,
      "plan.need-declared",
      {
        period,
        product: PLAN_WORKPLACE_NEED.product,
        tier: PLAN_WORKPLACE_NEED.tier,
        region: shiftTown.name.en,
        quantity: PLAN_WORKPLACE_NEED.quantity,
      },
    ),
  );

  // The attesters carry the totals up: assemblies to their town, towns to the region.
  for (const town of region.towns)
    for (const a of town.assemblies) b.attest(a, town.replica);
  sim.syncAll();
  for (const town of region.towns) b.attest(town.council, HUB, council.id);
  sim.syncAll();

  // The council adopts its limits.
  const limits = sim.sign(council.chair.key, HUB, council.id, "motion.opened", {
    kind: "plan-limits",
    ...PLAN_LIMITS_TEXT,
    subject: {
      kind: "plan-limits",
      period,
      labour: amounts(PLAN_LIMITS.labour, "skill", "hours"),
      resources: amounts(PLAN_LIMITS.resources, "product", "quantity"),
      imports: amounts(PLAN_LIMITS.imports, "product", "quantity"),
    },
  }).id;
  for (const v of voters)
    sim.sign(v.key, HUB, council.id, "ballot.cast", {
      motion: limits,
      choice: { vote: "yes" },
    });
  sim.expectValid(b.close(council.chair, HUB, council, limits));

  // Three variants solved from the council's totals and limits, as `kenges plan variants` does.
  const { totals, limits: inForce } = planBasis(
    sim.foldFor(council.id).state,
    council.id,
    period,
  );
  const model = planModelFromTotals(totals, inForce);
  const specs: PlanVariantSpec[] = PLAN_VARIANTS.map((v) => ({
    label: v.label,
    limits: {
      ...(v.labour === undefined
        ? {}
        : {
            labour: Object.fromEntries(
              Object.entries(model.limits.labour).map(([skill, h]) => [
                skill,
                Math.round(h * v.labour!),
              ]),
            ),
          }),
      ...(v.imports === undefined ? {} : { imports: v.imports }),
    },
  }));
  const solved = planVariants(model, specs, solver);
  if (!solved.ok)
    throw new Error(`demo: the plan's variants: ${solved.error.code}`);
  const variants = solved.value.map((v) => ({
    label: v.summary.label,
    plan: v.carried,
  }));

  // Put to the council's ranked vote; its delegates rank; the count adopts one.
  const motion = sim.expectValid(
    sim.sign(
      council.chair.key,
      HUB,
      council.id,
      "motion.opened",
      planMotionPayload(
        PLAN_MOTION_TEXT.title,
        PLAN_MOTION_TEXT.text,
        period,
        variants,
      ),
    ),
  ).id;
  for (const [i, v] of voters.entries())
    sim.sign(v.key, HUB, council.id, "ballot.cast", {
      motion,
      choice: {
        ranking: PLAN_RANKINGS[i % PLAN_RANKINGS.length]!.map((k) => [k]),
      },
    });
  sim.expectValid(b.close(council.chair, HUB, council, motion));
  const adopted = sim.foldFor(council.id).state.motions.get(motion)?.result;
  const index =
    adopted?.kind === "election" ? adopted.election.elected[0] : undefined;
  if (index === undefined) throw new Error("demo: no plan variant adopted");
  sim.syncAll();

  // Half-way through the period each workplace reports what it made against the plan in
  // force — the refinery behind, the rest near their share — and the totals rise again.
  const carried = checkCarriedPlan(variants[index]!.plan);
  if (!carried.ok)
    throw new Error(`demo: the adopted plan: ${carried.error.code}`);
  const { model: planned, decision } = carried.value;
  const reported: { product: string; output: string }[] = [];
  for (const [i, w] of PLAN_WORKPLACES.entries()) {
    const a = workplaces[i]!;
    const town =
      region.towns.find((t) => t.assemblies.includes(a)) ?? region.towns[0]!;
    const [product, perRun] = w.process.outputs[0]!;
    const j = planned.processes.findIndex(
      (p) => p.name === aggregateName(product, town.name.en),
    );
    // The aggregate's runs are its bodies' runs summed; this workplace is its only one.
    const due =
      j < 0
        ? Number(perRun) * Number(w.process.capacity)
        : decision.processes[j]!.runs *
          (planned.processes[j]!.outputs[product] ?? 0);
    const output = numberToFixed(
      Math.round(due * Number(PLAN_REPORTED_AT) * PLAN_PACE[i]!),
    );
    reported.push({ product, output });
    sim.expectValid(
      sim.sign(a.chair.key, town.replica, a.id, "plan.actual-reported", {
        period,
        name: w.process.name,
        output,
        elapsed: PLAN_REPORTED_AT,
      }),
    );
  }
  for (const town of region.towns)
    for (const a of workplaces)
      if (town.assemblies.includes(a)) b.attest(a, town.replica);
  sim.syncAll();
  for (const town of region.towns) b.attest(town.council, HUB, council.id);
  sim.syncAll();
  return {
    council: council.id,
    period,
    workplaces: workplaces.map((w) => w.id),
    limits,
    motion,
    adopted: planVariantId(variants[index]!),
    reported,
  };
}
