/**
 * `GET /api/bodies/:id/plan` on a real hub and store: the depot's chair declares a process and
 * a need (canonical fixed-point quantities) and every reader of the depot sees them in force,
 * a withdrawn one ("0") left out; the chair is told they may declare, a member is not. The
 * hospital's chair and an outsider, who may not read the depot's scope, get exactly what
 * `/api/bodies/:id` gives them for it (BODY_NOT_FOUND). The depot's attester carries its totals
 * up, and the town council's view holds them under the depot's card — not its declarations.
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import {
  act,
  get,
  type HubFixture,
  idOfKey,
  login,
  makeHub,
} from "./support/hub-fixture.js";

let f: HubFixture;

beforeAll(async () => {
  f = await makeHub();
});
afterAll(() => f.close());

const PROCESS = {
  period: "2027",
  name: "Bus repair",
  region: "almaty",
  outputs: [{ product: "bus-hours", quantity: "12.5" }],
  inputs: [{ product: "diesel", quantity: "3" }],
  labour: [{ skill: "mechanic", hours: "1.25" }],
  capacity: "400",
};
const NEED = {
  period: "2027",
  product: "bread",
  tier: "basic",
  region: "almaty",
  quantity: "1500",
};

async function declare(type: string, payload: object) {
  const r = await act(f.app, f.town.a1, f.town.depot, type, payload as never);
  const last = r.json().results.at(-1);
  expect(last.invalid).toBeNull();
  return last.id as string;
}

it("shows the depot's declarations in force to its readers, and who may declare", async () => {
  const t = f.town;
  const process = await declare("plan.process-declared", PROCESS);
  const need = await declare("plan.need-declared", NEED);
  // Half the period gone, the repair shop reports 1250 bus-hours made.
  await declare("plan.actual-reported", {
    period: "2027",
    name: PROCESS.name,
    output: "1250",
    elapsed: "0.5",
  });
  // Withdrawn: the latest declaration of milk says 0, so it is not in force.
  await declare("plan.need-declared", { ...NEED, product: "milk" });
  await declare("plan.need-declared", {
    ...NEED,
    product: "milk",
    quantity: "0",
  });

  const chair = await get(
    f.app,
    `/api/bodies/${t.depot}/plan`,
    await login(f.app, t.a1),
  );
  expect(chair.statusCode).toBe(200);
  const view = chair.json();
  expect(view).toMatchObject({
    body: t.depot,
    kind: "assembly",
    workplace: true,
    chair: true,
  });
  expect(view.periods).toHaveLength(1);
  const p = view.periods[0];
  expect(p.period).toBe("2027");
  expect(p.processes).toEqual([
    expect.objectContaining({
      name: PROCESS.name,
      region: PROCESS.region,
      outputs: PROCESS.outputs,
      inputs: PROCESS.inputs,
      labour: PROCESS.labour,
      capacity: PROCESS.capacity,
      event: process,
      by: { id: idOfKey(t.a1), name: expect.any(String) },
    }),
  ]);
  expect(p.needs).toEqual([
    expect.objectContaining({
      product: "bread",
      quantity: "1500",
      event: need,
    }),
  ]);
  expect(p.totals.needs).toContainEqual({
    product: "bread",
    tier: "basic",
    region: "almaty",
    quantity: "1500",
  });
  // 400 runs × 12.5 bus-hours, 400 × 3 diesel, 400 × 1.25 mechanic hours: exact decimals.
  expect(p.totals.supply).toEqual([
    {
      product: "bus-hours",
      region: "almaty",
      capacity: "5000",
      coproducts: [],
      inputs: [{ product: "diesel", quantity: "1200" }],
      labour: [{ skill: "mechanic", hours: "500" }],
    },
  ]);
  // Made so far, and its full capacity (5000) × the half of the period gone.
  expect(p.totals.actual).toEqual([
    { product: "bus-hours", region: "almaty", output: "1250", elapsed: "2500" },
  ]);
  expect(p.children).toEqual([]);
  expect(p.limits).toBeNull();

  const member = await get(
    f.app,
    `/api/bodies/${t.depot}/plan`,
    await login(f.app, t.m1),
  );
  expect(member.statusCode).toBe(200);
  expect(member.json().chair).toBe(false);
  expect(member.json().periods).toEqual(view.periods);
});

it("answers a viewer who may not read the depot exactly as the body route does", async () => {
  const t = f.town;
  for (const token of [await login(f.app, t.a2), undefined]) {
    const plan = await get(f.app, `/api/bodies/${t.depot}/plan`, token);
    const body = await get(f.app, `/api/bodies/${t.depot}`, token);
    expect(body.statusCode).toBe(404);
    expect(plan.statusCode).toBe(body.statusCode);
    expect(plan.json().code).toBe("BODY_NOT_FOUND");
    expect(plan.json().code).toBe(body.json().code);
    expect(plan.body).not.toContain("bread");
  }
  const unknown = await get(f.app, `/api/bodies/${"e".repeat(64)}/plan`);
  expect(unknown.statusCode).toBe(404);
  expect(unknown.json().code).toBe("BODY_NOT_FOUND");
});

it("shows a council the totals a body below carried up, under its card, never the declarations", async () => {
  const t = f.town;
  const a1 = await login(f.app, t.a1);
  const depot = (await get(f.app, `/api/bodies/${t.depot}/plan`, a1)).json()
    .periods[0];
  const r = await act(f.app, t.a1, t.town, "attestation.made", {
    body: t.depot,
    claim: {
      kind: "plan-totals",
      period: "2027",
      round: depot.round,
      totals: depot.totals,
    },
  } as never);
  expect(r.json().results.at(-1).invalid).toBeNull();
  const town = await get(
    f.app,
    `/api/bodies/${t.town}/plan`,
    await login(f.app, t.f),
  );
  expect(town.statusCode).toBe(200);
  const p = town.json().periods[0];
  expect(town.json()).toMatchObject({ kind: "council", workplace: false });
  expect(p.children).toEqual([
    {
      body: t.depot,
      name: { en: "Depot card" },
      claim: expect.stringMatching(/^[0-9a-f]{64}$/),
      totals: depot.totals,
    },
  ]);
  expect(p.totals).toEqual(depot.totals);
  expect(p.totals.actual).toHaveLength(1);
  expect(p.processes).toEqual([]);
  expect(p.limits).toBeNull();
  expect(town.body).not.toContain("Bus repair");
});

it("shows a council the limits its plan-limits motion set, once adopted", async () => {
  const t = f.town;
  const subject = {
    kind: "plan-limits",
    period: "2027",
    labour: [{ skill: "mechanic", hours: "420.5" }],
    resources: [{ product: "diesel", quantity: "900" }],
    imports: [],
  };
  const opened = await act(f.app, t.f, t.town, "motion.opened", {
    kind: "plan-limits",
    title: { en: "Limits for 2027" },
    text: { en: "Mechanics' hours and the diesel we hold." },
    subject,
  } as never);
  const motion = opened.json().results.at(-1);
  expect(motion.invalid).toBeNull();
  const f0 = await login(f.app, t.f);
  const before = (await get(f.app, `/api/bodies/${t.town}/plan`, f0)).json();
  expect(before.periods[0].limits).toBeNull();
  // The town's delegates vote; its coordinator closes without a vote of their own.
  for (const k of [t.m1, t.a2]) {
    const b = await act(f.app, k, t.town, "ballot.cast", {
      motion: motion.id,
      choice: { vote: "yes" },
    } as never);
    expect(b.json().results.at(-1).invalid).toBeNull();
  }
  const close = await act(f.app, t.f, t.town, "vote.closed", {
    motion: motion.id,
    result: { outcome: "adopted" },
  } as never);
  expect(close.json().results.at(-1).invalid).toBeNull();
  const after = (await get(f.app, `/api/bodies/${t.town}/plan`, f0)).json();
  expect(after.periods[0].limits).toEqual({
    motion: motion.id,
    adoptedAt: expect.any(Number),
    labour: subject.labour,
    resources: subject.resources,
    imports: [],
  });
});
