/**
 * Progress against the plan in force in `GET /api/bodies/:id/plan` (#15), on a real hub: the
 * depot (Bus line 7: 12.5 bus-km a run, 4000 runs) and the hospital (Night shuttle: 1 bus-km a
 * run, 10000 runs) declare the north's 60000 bus-km; the town council adopts the full week,
 * which runs the north's bus-km and a tram line half (30000 and 10000). A quarter of the period
 * in, the depot reports 4000 made and the hospital 1300, and their attesters carry it up. By
 * hand: the town's bus-km are due 30000 × 0.25 = 7500, made 4000 + 1300 = 5300, 5300 ÷ 7500 − 1
 * = −29.3 %: under plan; the tram line, with nothing reported, apart (due 10000 × 0.25 = 2500).
 * The depot's own line: half of its 50000 planned, 6250 due, 4000 made, −36 %: under; the
 * hospital's: 5000 planned, 1250 due, 1300 made, +4 %: within the 10 %.
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import {
  NORTH_TRANSPORT,
  NORTH_TRANSPORT_WEEKS,
  solvedVariants,
} from "../../src/planning/testing.js";
import {
  act,
  get,
  type HubFixture,
  login,
  makeHub,
} from "./support/hub-fixture.js";

let f: HubFixture;
beforeAll(async () => {
  f = await makeHub();
});
afterAll(() => f.close());

const variants = () => solvedVariants(NORTH_TRANSPORT, NORTH_TRANSPORT_WEEKS);

async function signed(
  key: Parameters<typeof act>[1],
  scope: string,
  type: string,
  payload: object,
) {
  const r = await act(f.app, key, scope, type, payload as never);
  const last = r.json().results.at(-1);
  expect(last.invalid).toBeNull();
  return last.id as string;
}

const line = (name: string, output: string, capacity: string) => ({
  period: "2027",
  name,
  region: "north",
  outputs: [{ product: "bus-km", quantity: output }],
  inputs: [],
  labour: [{ skill: "driver", hours: "0.1" }],
  capacity,
});

async function planOf(body: string, key: Parameters<typeof login>[1]) {
  const r = await get(
    f.app,
    `/api/bodies/${body}/plan`,
    await login(f.app, key),
  );
  expect(r.statusCode).toBe(200);
  return r.json();
}

/** The town's two delegates rank the plan motion's variants `first` then the other; its chair closes it. */
async function rankAndClose(motion: string, first: 0 | 1) {
  const t = f.town;
  for (const k of [t.m1, t.a2])
    await signed(k, t.town, "ballot.cast", {
      motion,
      choice: { ranking: [[first], [1 - first]] },
    });
  const draft = (
    await get(
      f.app,
      `/api/motions/${motion}/close-draft`,
      await login(f.app, t.f),
    )
  ).json();
  await signed(t.f, t.town, "vote.closed", { motion, result: draft.result });
}

it("shows a council the sum of its workplaces' reports against its plan, and each workplace its share", async () => {
  const t = f.town;
  await signed(
    t.a1,
    t.depot,
    "plan.process-declared",
    line("Bus line 7", "12.5", "4000"),
  );
  await signed(
    t.a2,
    t.hospital,
    "plan.process-declared",
    line("Night shuttle", "1", "10000"),
  );

  // The town adopts the full week by its delegates' ranked vote.
  const subject = { kind: "plan", variants: await variants() };
  const motion = await signed(t.f, t.town, "motion.opened", {
    kind: "plan",
    title: { en: "Buses for 2027" },
    text: { en: "Which week?" },
    method: "schulze",
    options: subject.variants.map((v) => ({ label: v.label })),
    subject,
  });
  await rankAndClose(motion, 1);
  const town0 = await planOf(t.town, t.f);
  expect(town0.inForce.label).toBe("full week");
  // Nothing reported yet: no progress to show.
  expect(
    town0.periods.every((p: { monitor: unknown }) => p.monitor === null),
  ).toBe(true);

  await signed(t.a1, t.depot, "plan.actual-reported", {
    period: "2027",
    name: "Bus line 7",
    output: "4000",
    elapsed: "0.25",
  });
  await signed(t.a2, t.hospital, "plan.actual-reported", {
    period: "2027",
    name: "Night shuttle",
    output: "1300",
    elapsed: "0.25",
  });

  // Each workplace against its share of the town's plan.
  const depot = (await planOf(t.depot, t.m1)).periods[0];
  expect(depot.monitor).toMatchObject({
    council: t.town,
    motion,
    label: "full week",
    threshold: 0.1,
    silent: [],
  });
  expect(depot.monitor.elapsed).toBeCloseTo(0.25, 9);
  expect(depot.monitor.processes).toEqual([
    {
      name: "Bus line 7",
      product: "bus-km",
      region: "north",
      planned: expect.closeTo(25000, 3),
      due: expect.closeTo(6250, 3),
      reported: expect.closeTo(4000, 3),
      deviation: expect.closeTo(4000 / 6250 - 1, 6),
      exception: "under",
    },
  ]);
  const hospital = (await planOf(t.hospital, t.a2)).periods[0];
  expect(hospital.monitor.processes).toEqual([
    {
      name: "Night shuttle",
      product: "bus-km",
      region: "north",
      planned: expect.closeTo(5000, 3),
      due: expect.closeTo(1250, 3),
      reported: expect.closeTo(1300, 3),
      deviation: expect.closeTo(0.04, 6),
      exception: null,
    },
  ]);

  // Not attested yet: the town has no actuals, so no progress of its own.
  expect(
    (await planOf(t.town, t.f)).periods.map(
      (p: { monitor: unknown }) => p.monitor,
    ),
  ).toEqual([]);
  for (const [attester, body, p] of [
    [t.a1, t.depot, depot],
    [t.a2, t.hospital, hospital],
  ] as const)
    await signed(attester, t.town, "attestation.made", {
      body,
      claim: {
        kind: "plan-totals",
        period: "2027",
        round: p.round,
        totals: p.totals,
      },
    });

  const town = await planOf(t.town, t.f);
  const m = town.periods[0].monitor;
  expect(m).toMatchObject({ council: t.town, motion, label: "full week" });
  // The share of the period gone: (50000 + 10000) × 0.25 reported due ÷ 60000 capacity.
  expect(m.elapsed).toBeCloseTo(0.25, 9);
  expect(m.processes).toEqual([
    {
      name: "bus-km (north)",
      product: "bus-km",
      region: "north",
      planned: expect.closeTo(30000, 3),
      due: expect.closeTo(7500, 3),
      reported: expect.closeTo(5300, 3),
      deviation: expect.closeTo(5300 / 7500 - 1, 6),
      exception: "under",
    },
  ]);
  expect(m.silent).toEqual([
    {
      name: "tram-km (north)",
      product: "tram-km",
      region: "north",
      planned: expect.closeTo(10000, 3),
      due: expect.closeTo(2500, 3),
    },
  ]);
  // The council sees products and regions, never the workplaces' processes.
  expect(JSON.stringify(town)).not.toContain("Bus line 7");
  expect(JSON.stringify(town)).not.toContain("Night shuttle");
}, 120_000);

it("a plan motion for 2027 is in force for 2027 and shown with its period; a period that is no plan name is refused", async () => {
  const t = f.town;
  const variants = await solvedVariants(NORTH_TRANSPORT, NORTH_TRANSPORT_WEEKS);
  const open = (period: string) =>
    act(f.app, t.f, t.town, "motion.opened", {
      kind: "plan",
      title: { en: `Buses for ${period}` },
      text: { en: "Which week?" },
      options: variants.map((v) => ({ label: v.label })),
      subject: { kind: "plan", period, variants },
    } as never);
  // A period is a plan name: "winter 2027" is refused before storage.
  const refused = await open("winter 2027");
  expect(refused.statusCode).toBe(422);
  expect(refused.json()).toMatchObject({
    code: "PLAN_DECLARATION_INVALID",
    details: { path: "subject.period", reason: "period" },
  });
  const opened = (await open("2027")).json().results.at(-1);
  expect(opened.invalid).toBeNull();
  const motion = opened.id as string;
  const page = await get(
    f.app,
    `/api/motions/${motion}`,
    await login(f.app, t.m1),
  );
  expect(page.json().subject).toMatchObject({
    kind: "plan",
    period: "2027",
  });
  // The delegates choose the short week this time.
  await rankAndClose(motion, 0);
  const town = await planOf(t.town, t.f);
  expect(town.inForce).toMatchObject({
    motion,
    label: "short week",
    period: "2027",
  });
  expect(town.periods[0]).toMatchObject({
    period: "2027",
    inForce: { motion, label: "short week", period: "2027" },
    monitor: { motion, label: "short week" },
  });
}, 120_000);
