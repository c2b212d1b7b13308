/**
 * A body answers the general strike call in one browser; the national council's dashboard,
 * open in another browser, changes without a reload.
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
const keys = mkdtempSync(join(tmpdir(), "kenges-keys-"));

beforeAll(async () => {
  hub = await startDemoHub();
  body = await bodyChairedBy(hub, "Drilling crew, Zhanaozen");
  national = await bodyChairedBy(hub, "National Council of Action");
  [answering, watching] = await Promise.all([openBrowser(), openBrowser()]);
}, 180_000);

afterAll(async () => {
  await Promise.all([answering?.close(), watching?.close()]);
  await hub?.stop();
});

it("shows an answer on the dashboard of a second browser as it comes in", async () => {
  const w = watching.page;
  await signInAs(w, hub.url, keys, national.chair);
  await go(w, "/calls");
  await w.getByRole("link", { name: "General strike from Thursday" }).click();
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

  // No reload on the watching side: the live feed brings the change.
  await expect
    .poll(async () => Number((await ended.textContent())?.replace(/\D/g, "")), {
      timeout: 30_000,
    })
    .toBeGreaterThan(before);
  await w
    .getByRole("link", { name: "Drilling crew, Zhanaozen" })
    .first()
    .waitFor();
}, 240_000);
