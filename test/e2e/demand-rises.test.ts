/**
 * An assembly adopts a demand and its attester carries it up to the town council (a claim
 * signed in the council's scope, made on the phone from the assembly's own close); the town
 * council's attester, in another browser, carries it on to the regional council, whose board
 * shows it with the bodies behind it two levels down, counted once each.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { openBrowser, type TestBrowser } from "./support/browser.js";
import { bodyChairedBy, type DemoBody } from "./support/demo-body.js";
import { apiVoteAll } from "./support/hub-api.js";
import { startDemoHub, type TestHub } from "./support/hub-process.js";
import { go, idInPath } from "./support/navigate.js";
import { signInAs } from "./support/people.js";

let hub: TestHub;
let assemblyBrowser: TestBrowser;
let councilBrowser: TestBrowser;
let body: DemoBody;
let town: DemoBody;
const keys = mkdtempSync(join(tmpdir(), "kenges-keys-"));

beforeAll(async () => {
  hub = await startDemoHub();
  body = await bodyChairedBy(hub, "Drilling crew, Zhanaozen");
  town = await bodyChairedBy(hub, "Zhanaozen Municipal Council");
  [assemblyBrowser, councilBrowser] = await Promise.all([
    openBrowser(),
    openBrowser(),
  ]);
}, 180_000);

afterAll(async () => {
  await Promise.all([assemblyBrowser?.close(), councilBrowser?.close()]);
  await hub?.stop();
});

it("forwards an adopted demand and sees it endorsed two levels up", async () => {
  const p = assemblyBrowser.page;
  await signInAs(p, hub.url, keys, body.chair);
  await go(p, `/bodies/${body.id}`);
  await p.getByRole("button", { name: "Put a motion" }).click();
  await p.getByLabel("Kind of motion").selectOption("demand");
  await p
    .getByLabel("Title (English)")
    .fill("Safety inspectors elected by the crews");
  await p
    .getByLabel("Text (English)")
    .fill(
      "Every rig's safety inspector is elected and recallable by its crew.",
    );
  await p.getByRole("button", { name: "Put the motion" }).click();
  await p.getByTestId("motion-status").getByText("open").waitFor();
  const demand = idInPath(p);
  await p.getByRole("button", { name: "Yes", exact: true }).click();
  await p.getByText("Your ballot is counted in.").waitFor();
  await apiVoteAll(hub.url, body.others.slice(0, 10), body.id, demand, {
    vote: "yes",
  });
  await p.getByRole("button", { name: "Close the vote and count" }).click();
  await p.getByRole("button", { name: "Close the vote", exact: true }).click();
  await p.getByTestId("result").getByText("adopted", { exact: true }).waitFor();
  const carried = p.getByTestId("carried");
  await carried.getByRole("button", { name: "Forward", exact: true }).click();
  await carried.getByText("Forwarded.").first().waitFor();

  // The town council's attester carries it up to the region.
  const q = councilBrowser.page;
  await signInAs(q, hub.url, keys, town.chair);
  await go(q, `/demands?council=${town.id}`);
  const card = q
    .getByTestId("demand")
    .filter({ hasText: "Safety inspectors elected by the crews" });
  await card.waitFor();
  await card
    .getByRole("button", { name: "Forward", exact: true })
    .first()
    .click();
  await card.getByText("Forwarded.").first().waitFor();

  // Two levels up: the regional council's board shows the assembly and the town council.
  await go(q, "/demands");
  const up = q
    .getByTestId("demand")
    .filter({ hasText: "Safety inspectors elected by the crews" })
    .filter({
      has: q.locator(".meta a", { hasText: "Mangystau Regional Council" }),
    });
  await up.waitFor();
  await expect
    .poll(async () => (await up.locator("tbody th").allTextContents()).sort())
    .toEqual(["assemblies", "municipal councils"]);
  await up.getByText("How it rose").click();
  await up
    .getByTestId("demand-forwards")
    .getByText("Zhanaozen Municipal Council")
    .waitFor();
}, 240_000);
