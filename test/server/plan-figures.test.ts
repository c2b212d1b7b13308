/**
 * A plan's figures from the hub (#15): the depot puts two variants of its bread plan to a ranked
 * vote — 16 hours of baking or 30 — and the motion page's subject holds each variant's figures
 * side by side (not the carried plans). After the count adopts the 16 hours, the depot's plan
 * view holds the plan in force with its figures, hand-checked: a bread is 2 hours, so 16 hours
 * make 8 of the 10 basic bread (80 %) and none of the 5 standard ones; the baking hours hold
 * both back (and the basic tier, met first, the standard one), and one more hour (half a bread) adds 5 points to the basic guarantee (½ of 10) and
 * 10 to the standard one (½ of 5, the basic tier held where it is).
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import { bakeryVariants } from "../../src/planning/testing.js";
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

const variants = () =>
  bakeryVariants(
    ["north", "south"],
    [{ label: "16 hours", bakerHours: 16 }, { label: "30 hours" }],
  );

it("shows a plan motion's variants by their figures, and the plan it adopted with its charts' numbers", async () => {
  const t = f.town;
  const subject = { kind: "plan", variants: await variants() };
  const opened = await act(f.app, t.a1, t.depot, "motion.opened", {
    kind: "plan",
    title: { en: "Bread for the winter" },
    text: { en: "How many hours of baking?" },
    method: "schulze",
    options: subject.variants.map((v) => ({ label: v.label })),
    subject,
  } as never);
  const motion = opened.json().results.at(-1);
  expect(motion.invalid).toBeNull();

  const token = await login(f.app, t.m1);
  const page = (await get(f.app, `/api/motions/${motion.id}`, token)).json();
  expect(page.subject.kind).toBe("plan");
  expect(page.subject.variants.map((v: { label: string }) => v.label)).toEqual([
    "16 hours",
    "30 hours",
  ]);
  // Figures only: no carried plan, no stage duals in the page's answer.
  expect(JSON.stringify(page.subject)).not.toContain("rowDuals");
  const [short, long] = page.subject.variants.map(
    (v: { figures: unknown }) => v.figures,
  );
  expect(short.tiers).toEqual([
    {
      tier: "basic",
      guarantee: expect.closeTo(0.8, 5),
      meanShare: expect.closeTo(0.8, 5),
    },
    {
      tier: "standard",
      guarantee: expect.closeTo(0, 5),
      meanShare: expect.closeTo(0, 5),
    },
  ]);
  expect(long.tiers.map((x: { meanShare: number }) => x.meanShare)).toEqual([
    1, 1,
  ]);
  expect(long.labour).toEqual([
    { skill: "baker", used: expect.closeTo(30, 4), available: 30 },
  ]);
  expect(long.bottlenecks).toEqual([]);

  for (const k of [t.a1, t.m1, t.m2, t.m3]) {
    const b = await act(f.app, k, t.depot, "ballot.cast", {
      motion: motion.id,
      choice: { ranking: [[0], [1]] },
    } as never);
    expect(b.json().results.at(-1).invalid).toBeNull();
  }
  const chair = await login(f.app, t.a1);
  const before = (
    await get(f.app, `/api/bodies/${t.depot}/plan`, chair)
  ).json();
  expect(before.inForce).toBeNull();
  const draft = (
    await get(f.app, `/api/motions/${motion.id}/close-draft`, chair)
  ).json();
  const close = await act(f.app, t.a1, t.depot, "vote.closed", {
    motion: motion.id,
    result: draft.result,
  } as never);
  expect(close.json().results.at(-1).invalid).toBeNull();

  const view = await get(f.app, `/api/bodies/${t.depot}/plan`, token);
  expect(view.statusCode).toBe(200);
  const inForce = view.json().inForce;
  expect(inForce).toMatchObject({
    motion: motion.id,
    label: "16 hours",
    index: 0,
    labels: ["16 hours", "30 hours"],
  });
  const fig = inForce.figures;
  // Satisfaction by tier and region: 8 of 10 basic bread in the north, none of the 5 standard.
  expect(fig.regions).toEqual([
    { tier: "basic", region: "north", share: expect.closeTo(0.8, 5) },
    { tier: "standard", region: "south", share: expect.closeTo(0, 5) },
  ]);
  // Utilisation: 8 runs of a capacity of 20; the 16 hours all worked.
  expect(fig.processes).toEqual([
    { name: "bakery", runs: expect.closeTo(8, 5), capacity: 20 },
  ]);
  expect(fig.labour).toEqual([
    { skill: "baker", used: expect.closeTo(16, 4), available: 16 },
  ]);
  expect(fig.totalHours).toBeCloseTo(16, 4);
  // Bottlenecks: the baking hours hold back both needs, and the basic tier (met first) the
  // standard need; an hour is half a bread.
  expect(fig.bottlenecks).toEqual([
    {
      name: "labour:baker",
      constraint: { kind: "labour", skill: "baker", price: 0 },
      needs: 2,
    },
    {
      name: "tier:basic",
      constraint: { kind: "tier", tier: "basic", price: 0 },
      needs: 1,
    },
  ]);
  expect(fig.prices).toEqual([
    {
      kind: "labour",
      name: "baker",
      prices: {
        basic: expect.closeTo(0.05, 6),
        standard: expect.closeTo(0.1, 6),
      },
    },
  ]);
});
