/**
 * "Waiting for you" on a phone: a member of a drilling crew opens the app, sees the vote their
 * chair just opened waiting for them (the count on the app's badge), votes, and the item is
 * gone; asked to be told, the open app raises a notification through its service worker when
 * the chair opens another vote, and marks the crew as changed until the member opens it; with
 * the hub stopped, the list the phone works out from its own copy (the same function the hub
 * serves) is the list the hub showed.
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

/** The last count the page put on the app's icon (0: cleared). */
function lastBadge(p: Page): Promise<number | null> {
  return p.evaluate("window.__badges.at(-1) ?? null") as Promise<number | null>;
}

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

it("shows a vote waiting, drops it once cast, tells of the next, and shows the same list from the phone's copy with the hub stopped", async () => {
  const p = b.page;
  const member = body.named[0]!;
  const motion = await apiAct(hub.url, body.chair, body.id, "motion.opened", {
    kind: "resolution",
    title: { en: "Hot meals on the night shift" },
    text: { en: "The canteen serves hot meals all night." },
  });
  // What the page asks of the app icon's badge and of the service worker's notifications,
  // recorded on the way to Chromium's own. (Chromium shows the notification, but on a busy
  // machine its headless notification list sometimes drops one a moment after showing it:
  // the record of what the app had shown is what the test can rely on.)
  await b.context.addInitScript(`(() => {
    const n = navigator;
    const set = n.setAppBadge.bind(n);
    const clear = n.clearAppBadge.bind(n);
    window.__badges = [];
    n.setAppBadge = (c) => { window.__badges.push(c); return set(c); };
    n.clearAppBadge = () => { window.__badges.push(0); return clear(); };
    const reg = ServiceWorkerRegistration.prototype;
    const show = reg.showNotification;
    window.__shown = [];
    reg.showNotification = function (title, options) {
      return show.call(this, title, options).then(() => {
        window.__shown.push({ title, tag: options.tag, body: options.body });
      });
    };
  })()`);
  await b.context.grantPermissions(["notifications"], { origin: hub.url });
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
  await expect.poll(() => lastBadge(p)).toBe(before.length);

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
  const left = await shownKeys(p, "hub");
  expect(left).toEqual(before.filter((k) => k !== `motion ${motion}`));
  await expect.poll(() => lastBadge(p)).toBe(left.length);
  if (left.length === 0) await p.getByTestId("waiting-empty").waitFor();

  // Asked to be told, the open app raises a notification (through its service worker) when the
  // live feed brings a new vote; the crew is marked as changed until the member opens it.
  await p
    .getByRole("button", {
      name: "Tell me on this phone when something new waits",
    })
    .click();
  await p.getByText("While Kenges is open, this phone tells you").waitFor();
  const second = await apiAct(hub.url, body.chair, body.id, "motion.opened", {
    kind: "resolution",
    title: { en: "Boots that fit" },
    text: { en: "Every crew member gets boots in their size." },
  });
  await p
    .locator(`[data-testid="waiting-item"][data-key="motion ${second}"]`)
    .waitFor({ timeout: 30_000 });
  await expect
    .poll(
      () =>
        p.evaluate(
          (tag) =>
            (
              globalThis as unknown as { __shown: { tag: string }[] }
            ).__shown.filter((s) => s.tag === tag),
          `motion ${second}`,
        ),
      { timeout: 30_000 },
    )
    .toEqual([
      {
        title: "Something new waits for you",
        tag: `motion ${second}`,
        body: "Vote: Boots that fit",
      },
    ]);
  const crew = p.locator("li", {
    has: p.locator(`a[href="/bodies/${body.id}"]`),
  });
  await crew.getByTestId("unread").waitFor({ timeout: 30_000 });
  await go(p, `/bodies/${body.id}`);
  await p
    .locator("li", { has: p.locator(`a[href="/motions/${second}"]`) })
    .getByTestId("unread")
    .waitFor();
  await go(p, "/");
  await p.getByTestId("waiting").waitFor();
  await crew.getByTestId("unread").waitFor({ state: "detached" });
  // What the member looked at is sealed in the key's database, never in plain storage.
  const plain = await p.evaluate(
    "JSON.stringify(Object.entries(localStorage))",
  );
  for (const id of [body.id, motion, second]) expect(plain).not.toContain(id);
  const after = await shownKeys(p, "hub");
  expect(after).toEqual([`motion ${second}`, ...left]);

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
