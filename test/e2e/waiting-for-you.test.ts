/**
 * "Waiting for you" on a phone: a member of a drilling crew opens the app, sees the vote their
 * chair just opened waiting for them, votes, and the item is gone; with the hub stopped, the
 * list the phone works out from its own copy (the same function the hub serves) is the list
 * the hub showed.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { openBrowser, type TestBrowser } from "./support/browser.js";
import { bodyChairedBy, type DemoBody } from "./support/demo-body.js";
import { apiAct, apiGet } from "./support/hub-api.js";
import { startDemoHub, type TestHub } from "./support/hub-process.js";
import { go } from "./support/navigate.js";
import { signInAs } from "./support/people.js";

let hub: TestHub;
let b: TestBrowser;
let body: DemoBody;

beforeAll(async () => {
  hub = await startDemoHub();
  body = await bodyChairedBy(hub, "Drilling crew, Zhanaozen");
  b = await openBrowser({ width: 360, height: 780 });
}, 180_000);

afterAll(async () => {
  await b?.close();
  await hub?.stop();
});

/** The keys of the items shown, once the list is there and comes from `source`. */
async function shownKeys(p: Page, source: "hub" | "copy"): Promise<string[]> {
  const section = p
    .getByTestId("waiting")
    .and(p.locator(`[data-source="${source}"][aria-busy="false"]`));
  await section.waitFor({ timeout: 60_000 });
  return section
    .getByTestId("waiting-item")
    .evaluateAll((items) => items.map((i) => i.getAttribute("data-key") ?? ""));
}

it("shows a vote waiting, drops it once cast, and shows the same list from the phone's copy with the hub stopped", async () => {
  const p = b.page;
  const member = body.named[0]!;
  const motion = await apiAct(hub.url, body.chair, body.id, "motion.opened", {
    kind: "resolution",
    title: { en: "Hot meals on the night shift" },
    text: { en: "The canteen serves hot meals all night." },
  });
  await signInAs(
    p,
    hub.url,
    mkdtempSync(join(tmpdir(), "kenges-keys-")),
    member,
  );
  await go(p, "/");

  // Online: the hub's list, with the new vote among the votes, newest first.
  const before = await shownKeys(p, "hub");
  expect(before).toContain(`motion ${motion}`);
  const served = await apiGet<{ items: { kind: string }[] }>(
    hub.url,
    "/api/me/waiting",
    member,
  );
  expect(before.length).toBeLessThanOrEqual(served.items.length);
  expect(before.filter((k) => k.startsWith("motion "))[0]).toBe(
    `motion ${motion}`,
  );
  await expect
    .poll(() => p.getByTestId("waiting-count").textContent())
    .toBe(String(before.length));

  // Voting from the item's link takes it off the list.
  await p
    .getByTestId("waiting-item")
    .and(p.locator(`[data-key="motion ${motion}"]`))
    .getByRole("link")
    .click();
  await p.getByRole("button", { name: "Yes", exact: true }).click();
  await p.getByText("Your ballot is counted in.").waitFor();
  await go(p, "/");
  await p
    .locator(`[data-testid="waiting-item"][data-key="motion ${motion}"]`)
    .waitFor({ state: "detached" });
  const after = await shownKeys(p, "hub");
  expect(after).toEqual(before.filter((k) => k !== `motion ${motion}`));

  // The phone's copy is level with the hub (every scope's hash matches) before the hub stops.
  await go(p, "/audit");
  await p
    .getByTestId("scopes-here")
    .and(p.locator('[data-synced="yes"]'))
    .waitFor({ timeout: 60_000 });
  await expect
    .poll(
      () =>
        p
          .getByTestId("scope-row")
          .evaluateAll((rows) =>
            rows.every((r) => r.getAttribute("data-match") === "true"),
          ),
      { timeout: 60_000 },
    )
    .toBe(true);

  // The hub stops: the same list, worked out on the phone.
  await hub.stop();
  await go(p, "/");
  expect(await shownKeys(p, "copy")).toEqual(after);
  await p.getByTestId("waiting-offline").waitFor();
}, 180_000);
