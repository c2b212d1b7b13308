/**
 * Through a shutdown in a browser: a member visits the hub once — their phone keeps a copy of
 * exactly the scopes their key may read, each folding to the hub's scope hash — the link
 * goes, the app still loads (service worker) and shows the motion from the copy sealed in the
 * browser; the member unlocks the key and votes offline — the ballot is signed on the phone,
 * in the motion's body, and waits in the outbox — and when the link returns it reaches the
 * hub and counts.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import {
  openBrowser,
  serviceWorkerInControl,
  type TestBrowser,
} from "./support/browser.js";
import { bodyChairedBy, type DemoBody } from "./support/demo-body.js";
import { apiGet } from "./support/hub-api.js";
import { startDemoHub, type TestHub } from "./support/hub-process.js";
import { go, idInPath } from "./support/navigate.js";
import { PASSPHRASE, signInAs } from "./support/people.js";
import { screenshotPath } from "./support/screenshots.js";

let hub: TestHub;
let b: TestBrowser;
let body: DemoBody;

beforeAll(async () => {
  hub = await startDemoHub();
  body = await bodyChairedBy(hub, "Drilling crew, Zhanaozen");
  b = await openBrowser();
}, 180_000);

afterAll(async () => {
  await b?.close();
  await hub?.stop();
});

/** How many events the identity page says this browser keeps, once it was brought up to date. */
async function keptEvents(p: TestBrowser["page"]): Promise<number> {
  await go(p, "/identity");
  const kept = p.getByTestId("kept-here");
  await kept.getByText("Last brought up to date").waitFor({ timeout: 60_000 });
  const m = /: ([\d,]+) events/.exec((await kept.textContent()) ?? "");
  return Number((m?.[1] ?? "0").replace(/,/g, ""));
}

/** The chair's ballot on a motion, as the hub has it (read with the chair's key). */
async function ballotAtHub(motion: string): Promise<unknown> {
  const m = await apiGet<{ viewer: { myBallot: unknown } }>(
    hub.url,
    `/api/motions/${motion}`,
    body.chair,
  );
  return m.viewer.myBallot;
}

it("loads offline once visited, votes offline, and the ballot reaches the hub when the link returns", async () => {
  const p = b.page;
  await signInAs(
    p,
    hub.url,
    mkdtempSync(join(tmpdir(), "kenges-keys-")),
    body.chair,
  );
  // Unlocked, the browser keeps its own verified copy of what this member may read: exactly
  // the scopes the hub serves their key (their assembly, the councils above, the federation
  // scope), each folding to the hub's scope hash.
  expect(await keptEvents(p)).toBeGreaterThan(100);
  const readable = (
    await apiGet<{ scopes: { scope: string }[] }>(
      hub.url,
      "/api/state",
      body.chair,
    )
  ).scopes
    .map((s) => s.scope)
    .sort();
  expect(readable).toContain(body.id);
  await go(p, "/audit");
  const compared = p
    .getByTestId("scopes-here")
    .and(p.locator('[data-synced="yes"]'));
  await compared.waitFor({ timeout: 60_000 });
  expect(
    ((await compared.getAttribute("data-here")) ?? "").split(" ").sort(),
  ).toEqual(readable);
  await expect
    .poll(() =>
      p
        .getByTestId("scope-row")
        .evaluateAll((rows) => rows.map((r) => r.getAttribute("data-match"))),
    )
    .toEqual(readable.map(() => "true"));
  await go(p, `/bodies/${body.id}`);
  await p.getByRole("button", { name: "Put a motion" }).click();
  await p.getByLabel("Kind of motion").selectOption("resolution");
  await p.getByLabel("Title (English)").fill("Generators for the night shift");
  await p
    .getByLabel("Text (English)")
    .fill("Every rig keeps a generator for the night shift.");
  await p.getByRole("button", { name: "Put the motion" }).click();
  await p.getByTestId("motion-status").getByText("open").waitFor();
  const motion = idInPath(p);
  // The visit installed the service worker, which now controls the page.
  await serviceWorkerInControl(p);
  const before = await keptEvents(p);
  await go(p, `/motions/${motion}`);

  // The link goes. A fresh load of the page still works, from what this browser kept.
  await b.context.setOffline(true);
  await p.reload();
  await p.getByTestId("offline-note").waitFor();
  // Still unlocked across the reload (the key holder keeps it for the visit): lock it, and
  // unlock it again with no hub, from what this phone keeps.
  await p.locator(".who", { hasText: body.chair.name }).waitFor();
  await go(p, "/identity");
  await p.getByRole("button", { name: "Lock the key", exact: true }).click();
  await p.locator(".who", { hasText: "Key locked" }).waitFor();
  await p.locator('input[type="password"]').first().fill(PASSPHRASE);
  await p.getByRole("button", { name: "Unlock", exact: true }).click();
  await p.locator(".who", { hasText: body.chair.name }).waitFor();
  await go(p, `/motions/${motion}`);
  await p.getByText("Generators for the night shift").first().waitFor();

  // Voting offline: signed here, waiting in the outbox, not at the hub.
  await p.getByRole("button", { name: "Yes", exact: true }).click();
  await p.getByTestId("ballot-waiting").waitFor();
  await p
    .getByTestId("outbox-waiting")
    .getByText("Waiting to send: 1")
    .waitFor();
  expect(await ballotAtHub(motion)).toBeNull();
  await p.screenshot({
    path: screenshotPath("offline-vote-en.png"),
  });
  // Every language works offline too (the service worker keeps their catalogues): Urdu, right to left.
  const language = p.locator(".lang-switch select");
  await language.selectOption("ur");
  await p.locator('html[dir="rtl"][lang="ur"]').waitFor();
  await p.getByTestId("ballot-waiting").waitFor();
  await p.screenshot({
    path: screenshotPath("offline-vote-ur.png"),
  });
  await language.selectOption("en");
  await p.locator('html[dir="ltr"][lang="en"]').waitFor();

  // The link returns: the outbox is sent on its own, and the hub counts the ballot.
  await b.context.setOffline(false);
  await p.getByTestId("outbox-waiting").waitFor({ state: "detached" });
  await expect
    .poll(() => ballotAtHub(motion), { timeout: 30_000 })
    .toEqual({ vote: "yes" });
  await p
    .getByTestId("live-count")
    .getByText("1", { exact: true })
    .first()
    .waitFor({ timeout: 30_000 });
  // The replica synced after the send: it holds the ballot too.
  await expect
    .poll(() => keptEvents(p), { timeout: 60_000 })
    .toBeGreaterThan(before);
}, 240_000);
