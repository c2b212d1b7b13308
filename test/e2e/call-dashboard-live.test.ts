/**
 * A body answers the general strike call in one browser, and its attester carries the answer
 * up from the body page; the town council's dashboard — open in another browser, as a
 * coordinator sees it, counting each body's members once — changes without a reload.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { openBrowser, type TestBrowser } from "./support/browser.js";
import { bodyChairedBy, type DemoBody } from "./support/demo-body.js";
import { startDemoHub, type TestHub } from "./support/hub-process.js";
import { go } from "./support/navigate.js";
import { signInAs } from "./support/people.js";

let hub: TestHub;
let answering: TestBrowser;
let watching: TestBrowser;
let body: DemoBody;
let national: DemoBody;
let town: DemoBody;
const keys = mkdtempSync(join(tmpdir(), "kenges-keys-"));

beforeAll(async () => {
  hub = await startDemoHub();
  body = await bodyChairedBy(hub, "Drilling crew, Zhanaozen");
  national = await bodyChairedBy(hub, "National Council of Action");
  town = await bodyChairedBy(hub, "Zhanaozen Municipal Council");
  [answering, watching] = await Promise.all([openBrowser(), openBrowser()]);
}, 180_000);

afterAll(async () => {
  await Promise.all([answering?.close(), watching?.close()]);
  await hub?.stop();
});

it("shows an answer on the dashboard of a second browser as it comes in", async () => {
  const w = watching.page;
  await signInAs(w, hub.url, keys, national.chair);
  // A coordinator reads every council, never an assembly.
  expect(national.chair.roles).toContain("coordinator");
  await go(w, "/federation");
  await w.getByRole("link", { name: /Aktau Municipal Council/ }).waitFor();
  expect(
    await w.getByRole("heading", { name: /Assemblies and committees/ }).count(),
  ).toBe(0);
  await go(w, "/calls");
  await w.getByRole("link", { name: "General strike from Thursday" }).click();
  await w.getByLabel("As seen from").selectOption(town.id);
  await w
    .locator(`[data-testid="looking"][data-council="${town.id}"]`)
    .waitFor();
  const ended = w
    .getByTestId("call-totals")
    .locator('[data-answer="ended"] .stat-value');
  await ended.waitFor();
  const before = Number((await ended.textContent())?.replace(/\D/g, ""));

  const a = answering.page;
  await signInAs(a, hub.url, keys, body.chair);
  await go(a, `/bodies/${body.id}`);
  const form = a.locator(".answer-form").first();
  await form.getByLabel("Answer").selectOption("ended");
  await form.getByLabel("How many take part").fill("41");
  await form.getByLabel("Note").fill("Back at work, strike won.");
  await form.getByRole("button", { name: "Send the answer" }).click();
  await a.getByText("Your body's answer is in.").waitFor();
  // The council learns it when the body's attester signs the roll-up of its answers.
  const attest = a
    .getByTestId("attest")
    .and(a.locator('[data-checked="here"]'));
  await attest
    .locator('[data-kind="answers"]')
    .first()
    .waitFor({ timeout: 60_000 });
  await attest.getByRole("button", { name: "Attest" }).click();
  await attest
    .getByText("Signed. The council takes it once enough attesters have.")
    .waitFor();

  // No reload on the watching side: the live feed brings the change — the body's members,
  // counted once (it answered before, so they move from another answer to "ended").
  const members = body.others.length + 1;
  await expect
    .poll(async () => Number((await ended.textContent())?.replace(/\D/g, "")), {
      timeout: 30_000,
    })
    .toBe(before + members);
  // The page says how people are counted, and no headcount is above the members.
  await w
    .getByTestId("counting-rule")
    .getByText(/member of two assemblies counts in each of them/)
    .waitFor();
  await w.getByRole("button", { name: "Headcount" }).click();
  await expect
    .poll(async () => Number((await ended.textContent())?.replace(/\D/g, "")))
    .toBeLessThanOrEqual(before + members);
  await w
    .getByTestId("call-children")
    .getByText("Drilling crew, Zhanaozen")
    .waitFor();
}, 240_000);
