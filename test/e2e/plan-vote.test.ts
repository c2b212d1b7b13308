/**
 * A workplace votes on its plan from the phone (#15). The chair puts three variants of a bread
 * plan to a ranked vote — 16, 20 or 30 hours of baking, each carried with its solution and
 * certificate; a member opens the motion, reads the variants side by side (the 16 hours meet
 * 80 % of the basic bread), ranks them by tapping and casts the ballot in the browser. On a
 * phone (375 px) the variants are a card each, stacked, and nothing scrolls sideways, in English
 * and Urdu; on a wide screen they are one table, a column per variant. The others vote, the
 * chair closes, and the count adopts the 20 hours: the motion names it, and the
 * plan page shows the plan in force as charts — the basic bread met in full, the standard none,
 * 10 of 20 runs of the bakery (50 %), 20 of 20 baking hours, the hours holding the standard
 * need back. Hand count: a bread is 2 hours; 20 hours make the 10 basic bread and nothing more.
 * The same page reads right to left in Urdu, its numbers in Urdu's way.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { bakeryVariants } from "../../src/planning/testing.js";
import { axeViolations } from "./support/axe.js";
import { openBrowser, type TestBrowser } from "./support/browser.js";
import { bodyChairedBy, type DemoBody } from "./support/demo-body.js";
import { apiAct, apiClose, apiGet, apiVoteAll } from "./support/hub-api.js";
import { startDemoHub, type TestHub } from "./support/hub-process.js";
import { go } from "./support/navigate.js";
import { signInAs } from "./support/people.js";
import { screenshotPath } from "./support/screenshots.js";
import { sideways } from "./support/sideways.js";

let hub: TestHub;
let phone: TestBrowser;
let crew: DemoBody;
const keys = mkdtempSync(join(tmpdir(), "kenges-keys-"));
const LABELS = ["16 hours", "20 hours", "30 hours"];

/** The three variants, solved here as `kenges plan variants` solves them. */
const variants = () =>
  bakeryVariants(
    ["Zhanaozen", "Aktau"],
    [
      { label: LABELS[0]!, bakerHours: 16 },
      { label: LABELS[1]!, bakerHours: 20 },
      { label: LABELS[2]! },
    ],
  );

beforeAll(async () => {
  hub = await startDemoHub();
  crew = await bodyChairedBy(hub, "Oil field crew No. 4, Zhanaozen");
  phone = await openBrowser({ width: 375, height: 812 });
}, 180_000);

afterAll(async () => {
  await phone?.close();
  await hub?.stop();
});

it("a member ranks the plan's variants side by side and votes; the adopted plan shows as charts", async () => {
  const list = await variants();
  const motion = await apiAct(hub.url, crew.chair, crew.id, "motion.opened", {
    kind: "plan",
    title: { en: "Bread for the winter" },
    text: { en: "How many hours of baking?" },
    options: list.map((v) => ({ label: v.label })),
    subject: { kind: "plan", period: "2027", variants: list },
  } as never);

  const member = crew.named[0]!;
  const p = phone.page;
  await signInAs(p, hub.url, keys, member);
  await go(p, `/motions/${motion}`);
  const table = p.getByTestId("plan-variants");
  await table
    .getByRole("heading", { name: "The variants side by side" })
    .waitFor();

  // On a phone (375 px wide): a card per variant, stacked, and nothing scrolls sideways —
  // neither the page nor a card nor a figure in it.
  const cards = table.getByTestId("plan-variant-card");
  await cards.first().waitFor();
  expect(await cards.getByRole("heading").allTextContents()).toEqual(LABELS);
  const figureIn = (i: number, name: RegExp) =>
    cards
      .nth(i)
      .getByTestId("plan-variant-figure")
      .filter({ has: p.locator("dt", { hasText: name }) })
      .locator("dd")
      .textContent();
  // The basic bread on average: 8, 10 and 10 of 10.
  expect(
    await Promise.all([0, 1, 2].map((i) => figureIn(i, /^basic, on average/))),
  ).toEqual(["80%", "100%", "100%"]);
  expect(
    await Promise.all([0, 1, 2].map((i) => figureIn(i, /^Hours of baker/))),
  ).toEqual(["16 of 16 hours", "20 of 20 hours", "30 of 30 hours"]);
  const BOXES =
    "main, .card, .plan-variant-cards, .plan-variant-cards > li, .plan-variant-cards dl > div, .table-wrap";
  const fits = async (what: string) => {
    const s = await sideways(p, BOXES);
    expect(s.page[0], `${what}: page ${s.page}`).toBeLessThanOrEqual(s.page[1]);
    expect(s.boxes, what).toEqual([]);
  };
  await fits("phone, English");
  expect(await p.locator("table.plan-variants").isVisible()).toBe(false);
  expect(await p.locator(".badge").first().textContent()).toBe("plan");
  // The period the variants plan for.
  expect(await p.getByTestId("plan-motion-period").textContent()).toBe(
    "For the period 2027",
  );
  expect(await axeViolations(p), "axe: plan motion").toEqual([]);
  await table.scrollIntoViewIfNeeded();
  await p.screenshot({
    path: screenshotPath("plan-variants-phone-en.png"),
    fullPage: true,
  });

  // In Urdu on the phone: right to left, the cards' words in Urdu, still nothing sideways.
  await p.locator(".lang-switch select").selectOption("ur");
  await table
    .getByRole("heading", { name: "صورتیں ساتھ ساتھ", exact: true })
    .waitFor();
  expect(
    await p.evaluate<string[]>(
      "[document.documentElement.lang, document.documentElement.dir]",
    ),
  ).toEqual(["ur", "rtl"]);
  expect(await cards.getByRole("heading").allTextContents()).toEqual(LABELS);
  await cards
    .first()
    .getByTestId("plan-variant-figure")
    .first()
    .locator("dt", { hasText: "اوسطاً" })
    .waitFor();
  await p.evaluate("document.fonts.ready.then(() => true)");
  await fits("phone, Urdu");
  expect(await axeViolations(p), "axe: plan motion, Urdu").toEqual([]);
  await p.screenshot({
    path: screenshotPath("plan-variants-phone-ur.png"),
    fullPage: true,
  });
  await p.locator(".lang-switch select").selectOption("en");
  await table
    .getByRole("heading", { name: "The variants side by side" })
    .waitFor();

  // On a wide screen: one table, a column per variant, a row per figure.
  await p.setViewportSize({ width: 1024, height: 800 });
  expect(await table.getByTestId("plan-variant").allTextContents()).toEqual(
    LABELS,
  );
  const basic = table.getByRole("row", { name: /^basic, on average/ });
  expect(await basic.getByRole("cell").allTextContents()).toEqual([
    "80%",
    "100%",
    "100%",
  ]);
  const hours = table.getByRole("row", { name: /^Hours of baker/ });
  expect(await hours.getByRole("cell").allTextContents()).toEqual([
    "16 of 16 hours",
    "20 of 20 hours",
    "30 of 30 hours",
  ]);
  expect(await cards.first().isVisible()).toBe(false);
  await fits("wide, English");
  expect(await axeViolations(p), "axe: plan motion, wide").toEqual([]);
  await table.scrollIntoViewIfNeeded();
  await p.screenshot({ path: screenshotPath("plan-variants-en.png") });
  await p.setViewportSize({ width: 375, height: 812 });

  // Ranked by tapping: 20 hours, then 30, then 16.
  const unranked = p.locator(".unranked");
  for (const label of [LABELS[1]!, LABELS[2]!, LABELS[0]!])
    await unranked.getByRole("button", { name: label }).click();
  await expect
    .poll(() => p.locator("ol.ranked > li .label").allTextContents())
    .toEqual([LABELS[1], LABELS[2], LABELS[0]]);
  await p.getByRole("button", { name: "Cast the ballot" }).click();
  await p.getByText("Your ballot is counted in.").waitFor();

  const others = [crew.chair, ...crew.others.filter((o) => o !== member)];
  await apiVoteAll(hub.url, others, crew.id, motion, {
    ranking: [[1], [0], [2]],
  });
  await apiClose(hub.url, crew.chair, motion);

  await go(p, `/motions/${motion}`);
  await p.getByTestId("plan-adopted").filter({ hasText: "20 hours" }).waitFor();
  await p.getByTestId("plan-adopted").getByRole("link").click();

  // The plan page: the plan in force as charts.
  const inForce = p.getByTestId("plan-in-force");
  await inForce
    .getByTestId("plan-adopted-label")
    .getByText("20 hours")
    .waitFor();
  expect(await inForce.getByTestId("plan-in-force-period").textContent()).toBe(
    "For the period 2027",
  );
  const regions = inForce.getByTestId("plan-region");
  expect(await regions.allTextContents()).toEqual([
    "basic in Zhanaozen100%",
    "standard in Aktau0%",
  ]);
  await inForce
    .getByTestId("plan-process-use")
    .getByText("10 of 20 runs (50%)")
    .waitFor();
  await inForce
    .getByTestId("plan-labour-use")
    .getByText("20 of 20 hours")
    .waitFor();
  expect(
    await inForce.getByTestId("plan-bottleneck").allTextContents(),
  ).toContain("hours of baker — needs held back: 1");
  // One more hour is half a bread: 10 points of the 5 standard bread.
  await inForce
    .getByTestId("plan-price")
    .getByText("one more hour of baker: standard +10 points")
    .waitFor();
  expect(await axeViolations(p), "axe: plan in force").toEqual([]);
  await inForce.scrollIntoViewIfNeeded();
  await p.screenshot({
    path: screenshotPath("plan-in-force-en.png"),
    fullPage: true,
  });

  // The hub's figures are the ones drawn.
  const view = await apiGet<{
    inForce: { label: string; figures: { regions: { share: number }[] } };
  }>(hub.url, `/api/bodies/${crew.id}/plan`, member);
  expect(view.inForce.label).toBe("20 hours");
  expect(view.inForce.figures.regions.map((r) => r.share)).toEqual([
    expect.closeTo(1, 5),
    expect.closeTo(0, 5),
  ]);

  // In Russian and Kazakh: every word from the catalogue (no key shows), accessible.
  for (const [lang, heading] of [
    ["ru", "Действующий план"],
    ["kk", "Қолданыстағы жоспар"],
  ] as const) {
    await p.locator(".lang-switch select").selectOption(lang);
    await p.getByRole("heading", { name: heading, exact: true }).waitFor();
    expect(await inForce.textContent()).not.toMatch(
      /\b(plan|terms|vote|motion|common)\.[a-zA-Z]/,
    );
    expect(await axeViolations(p), `axe: plan in force, ${lang}`).toEqual([]);
  }
  await inForce.getByTestId("plan-region").first().getByText("100%").waitFor();

  // In Urdu: right to left, the bars' words in Urdu.
  await p.locator(".lang-switch select").selectOption("ur");
  await p.getByRole("heading", { name: "نافذ منصوبہ", exact: true }).waitFor();
  expect(
    await p.evaluate<string[]>(
      "[document.documentElement.lang, document.documentElement.dir]",
    ),
  ).toEqual(["ur", "rtl"]);
  await inForce
    .getByTestId("plan-process-use")
    .getByText(/20 میں سے 10 دور/)
    .waitFor();
  expect(await axeViolations(p), "axe: plan in force, Urdu").toEqual([]);
  await p.screenshot({
    path: screenshotPath("plan-in-force-ur.png"),
    fullPage: true,
  });
}, 300_000);
