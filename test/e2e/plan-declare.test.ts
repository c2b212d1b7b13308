/**
 * A workplace's chair declares, from the phone, on the body's plan page: in Russian, a need of
 * "12,5" (a decimal comma) and a process whose input per run is "0,75" — each signed in the
 * browser and in force on the page at once, the hub holding canonical "12.5" and "0.75". A
 * quantity that is no number is refused in Russian words before anything is signed. The page
 * reads right to left in Urdu. The chair of another workplace, who may not read the crew's
 * scope, is told the plan is not found — or not theirs — and never sees what was declared.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { openBrowser, type TestBrowser } from "./support/browser.js";
import { bodyChairedBy, type DemoBody } from "./support/demo-body.js";
import { apiGet } from "./support/hub-api.js";
import { startDemoHub, type TestHub } from "./support/hub-process.js";
import { go } from "./support/navigate.js";
import { signInAs } from "./support/people.js";
import { screenshotPath } from "./support/screenshots.js";

let hub: TestHub;
let chairPhone: TestBrowser;
let otherPhone: TestBrowser;
let crew: DemoBody;
let drilling: DemoBody;
const keys = mkdtempSync(join(tmpdir(), "kenges-keys-"));

interface Plan {
  periods: {
    period: string;
    needs: { product: string; quantity: string; region: string }[];
    processes: {
      name: string;
      inputs: { product: string; quantity: string }[];
      labour: { skill: string; hours: string }[];
      capacity: string;
    }[];
  }[];
}

beforeAll(async () => {
  hub = await startDemoHub();
  crew = await bodyChairedBy(hub, "Oil field crew No. 4, Zhanaozen");
  drilling = await bodyChairedBy(hub, "Drilling crew, Zhanaozen");
  [chairPhone, otherPhone] = await Promise.all([openBrowser(), openBrowser()]);
}, 180_000);

afterAll(async () => {
  await Promise.all([chairPhone?.close(), otherPhone?.close()]);
  await hub?.stop();
});

it("a workplace chair declares a need and a process from the phone; another workplace does not see them", async () => {
  const p = chairPhone.page;
  await signInAs(p, hub.url, keys, crew.chair);
  await go(p, `/bodies/${crew.id}`);
  await p.getByTestId("plan-link").click();
  await p.getByRole("heading", { name: "Plan", exact: true }).waitFor();
  await p.locator(".lang-switch select").selectOption("ru");
  await p.getByRole("heading", { name: "План", exact: true }).waitFor();
  const period = await p.getByTestId("plan-period").inputValue();

  // A need: a quantity that is no number is said in Russian, nothing signed.
  const need = p.getByTestId("declare-need");
  await need.getByTestId("need-product").fill("хлеб");
  await need.getByTestId("need-region").fill("Жанаозен");
  await need.getByTestId("need-quantity").fill("12,5,5");
  await need.getByRole("button", { name: "Подписать и заявить" }).click();
  await need
    .getByRole("alert")
    .getByText("«Количество»: введите неотрицательное число, например 12,5.")
    .waitFor();
  await need.getByTestId("need-quantity").fill("12,5");
  await need.getByRole("button", { name: "Подписать и заявить" }).click();
  await need.getByText("Заявлено. Действует на этот период.").waitFor();
  await p
    .getByTestId("plan-need")
    .filter({ hasText: "хлеб" })
    .filter({ hasText: "12,5" })
    .waitFor();

  // A process: one output, an input, hours of work, a capacity.
  const process = p.getByTestId("declare-process");
  await process.getByTestId("process-name").fill("Ремонт насосов");
  await process.getByTestId("process-region").fill("Жанаозен");
  await process.getByTestId("process-output-name").fill("насос");
  await process.getByTestId("process-output-quantity").fill("1");
  for (const rows of ["process-input", "process-labour"])
    await process.getByTestId(rows).getByRole("button").click();
  await process.getByTestId("process-input-name").fill("сталь");
  await process.getByTestId("process-input-quantity").fill("0,75");
  await process.getByTestId("process-labour-name").fill("слесарь");
  await process.getByTestId("process-labour-quantity").fill("6,5");
  await process.getByTestId("process-capacity").fill("120");
  await process.getByRole("button", { name: "Подписать и заявить" }).click();
  await process.getByText("Заявлено. Действует на этот период.").waitFor();
  const shown = p
    .getByTestId("plan-process")
    .filter({ hasText: "Ремонт насосов" });
  await shown.waitFor();
  expect(await shown.textContent()).toContain("0,75");
  await p
    .getByTestId("plan-totals")
    .filter({ hasText: "780" }) // 120 runs × 6,5 hours
    .waitFor();
  await p.getByTestId("plan-needs").scrollIntoViewIfNeeded();
  await p.screenshot({ path: screenshotPath("plan-ru.png") });

  // The hub holds canonical fixed-point text, in the crew's own scope.
  const plan = await apiGet<Plan>(
    hub.url,
    `/api/bodies/${crew.id}/plan`,
    crew.chair,
  );
  const round = plan.periods.find((x) => x.period === period)!;
  expect(round.needs).toContainEqual(
    expect.objectContaining({ product: "хлеб", quantity: "12.5" }),
  );
  expect(round.processes).toContainEqual(
    expect.objectContaining({
      name: "Ремонт насосов",
      inputs: [{ product: "сталь", quantity: "0.75" }],
      labour: [{ skill: "слесарь", hours: "6.5" }],
      capacity: "120",
    }),
  );

  // In Urdu the page runs right to left, the quantities kept left to right.
  await p.locator(".lang-switch select").selectOption("ur");
  await p.getByRole("heading", { name: "منصوبہ", exact: true }).waitFor();
  expect(
    await p.evaluate<string[]>(
      "[document.documentElement.lang, document.documentElement.dir]",
    ),
  ).toEqual(["ur", "rtl"]);
  await p.getByTestId("plan-need").filter({ hasText: "12.5" }).waitFor();
  await p.screenshot({ path: screenshotPath("plan-ur.png") });
  await p.getByTestId("declare-process").scrollIntoViewIfNeeded();
  await p.screenshot({ path: screenshotPath("plan-ur-process.png") });

  // The chair of another workplace may not read the crew's scope.
  const o = otherPhone.page;
  expect(crew.others).not.toContain(drilling.chair);
  expect(crew.chair).not.toBe(drilling.chair);
  await signInAs(o, hub.url, keys, drilling.chair);
  await go(o, `/bodies/${crew.id}/plan`);
  await o.getByText("Not found — or not yours to read.").first().waitFor();
  const text = (await o.locator("body").textContent()) ?? "";
  expect(text).not.toContain("хлеб");
  expect(text).not.toContain("Ремонт насосов");
  await expect(
    apiGet(hub.url, `/api/bodies/${crew.id}/plan`, drilling.chair),
  ).rejects.toThrow(/^404 .*BODY_NOT_FOUND/);
}, 240_000);
