/**
 * The key, unlocked once per visit, on a phone-sized Chromium against the demo hub: the member
 * unlocks once; a reload and a deep link opened in a new tab find the key unlocked (the key
 * holder, a shared worker, keeps it in memory); "Lock" in one tab locks every tab; a reload of
 * a private body's page then asks for the passphrase right there and shows that page once
 * unlocked; and after the idle time without use (set short here) the key locks itself and a
 * reload asks again. Nothing of the key is on the disk meanwhile (seized-phone.test.ts checks
 * the rest of the disk): the only kept record of it is the passphrase-sealed one.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import {
  openBrowser,
  serviceWorkerInControl,
  type TestBrowser,
} from "./support/browser.js";
import { bodyChairedBy, type DemoBody } from "./support/demo-body.js";
import { startDemoHub, type TestHub } from "./support/hub-process.js";
import { PASSPHRASE, signInAs } from "./support/people.js";

let hub: TestHub;
let b: TestBrowser;
let body: DemoBody;

beforeAll(async () => {
  hub = await startDemoHub();
  body = await bodyChairedBy(hub, "Bus depot, Zhanaozen");
  b = await openBrowser({ width: 360, height: 780 });
}, 180_000);

afterAll(async () => {
  await b?.close();
  await hub?.stop();
});

/** The header says the key is unlocked, as the chair. */
async function unlockedAs(p: Page, name: string): Promise<void> {
  await p.locator(".who", { hasText: name }).waitFor();
}

/** The page shows the body (read as a member: it is no outsider's to read). */
async function showsBody(p: Page): Promise<void> {
  await p.getByRole("heading", { name: body.name }).first().waitFor();
  expect(await p.getByTestId("not-found").count()).toBe(0);
}

/** Every string in local and session storage (the only places a key could be kept in the clear). */
function keptStrings(p: Page): Promise<string> {
  return p.evaluate(`(() => {
    const out = [];
    for (const s of [localStorage, sessionStorage])
      for (let i = 0; i < s.length; i++) out.push(s.key(i), s.getItem(s.key(i)));
    return out.join("\\n");
  })()`) as Promise<string>;
}

it("unlocks once per visit: a reload and a deep link in a new tab stay unlocked; lock and idle ask again, returning to the page wanted", async () => {
  const p = b.page;
  const chair = body.chair;
  await signInAs(
    p,
    hub.url,
    mkdtempSync(join(tmpdir(), "kenges-keys-")),
    chair,
  );
  await p.getByTestId("visit-note").getByText("15 minutes").waitFor();

  // A reload: still unlocked, no passphrase asked, the private body readable — read with the
  // session the holder kept beside the key, without signing in again.
  const deep = `${hub.url}/bodies/${body.id}`;
  await p.goto(deep);
  await unlockedAs(p, chair.name);
  await showsBody(p);
  // From here (the import's own sign-in is over), every request to sign in is counted.
  const signIns: string[] = [];
  p.on("request", (r) => {
    if (new URL(r.url()).pathname.startsWith("/api/auth/"))
      signIns.push(r.url());
  });
  await p.reload();
  await unlockedAs(p, chair.name);
  await showsBody(p);
  expect(await p.getByTestId("unlock-form").count()).toBe(0);
  expect(signIns).toEqual([]);

  // The hub restarts and forgets every session: the kept one is refused at the first read,
  // and the page signs in again by itself and shows the body.
  await hub.restart();
  await p.reload();
  await unlockedAs(p, chair.name);
  await showsBody(p);
  await expect
    .poll(() => signIns.filter((u) => u.includes("/api/auth/session")).length)
    .toBe(1);
  signIns.length = 0;
  await p.reload();
  await unlockedAs(p, chair.name);
  await showsBody(p);
  expect(signIns).toEqual([]);

  // A deep link opened in a new tab: unlocked there too.
  const council = body.councils[0]!;
  const second = await b.context.newPage();
  await second.goto(`${hub.url}/bodies/${council}`);
  await unlockedAs(second, chair.name);
  await second.locator("main h1").first().waitFor();
  expect(await second.getByTestId("not-found").count()).toBe(0);
  expect(await second.getByTestId("unlock-form").count()).toBe(0);

  // The key is in no storage in the clear: the secret key is not there in hex or base64url.
  const secretHex = chair.secretKey;
  const secretB64 = Buffer.from(secretHex, "hex").toString("base64url");
  const kept = await keptStrings(p);
  expect(kept.includes(secretHex)).toBe(false);
  expect(kept.includes(secretB64)).toBe(false);

  // "Lock" in the new tab locks the first one too.
  await second
    .getByRole("button", { name: "Lock the key now, in every tab" })
    .click();
  await second.locator(".who", { hasText: "Key locked" }).waitFor();
  await p.locator(".who", { hasText: "Key locked" }).waitFor();
  await second.close();

  // A reload of the deep link now asks for the passphrase on that page, and shows it once
  // unlocked — no detour through the key's page.
  await p.reload();
  const form = p.getByTestId("unlock-form");
  await form.waitFor();
  expect(await p.getByRole("heading", { name: body.name }).count()).toBe(0);
  await form.locator('input[type="password"]').fill(PASSPHRASE);
  await form.getByRole("button", { name: "Unlock", exact: true }).click();
  await unlockedAs(p, chair.name);
  await showsBody(p);
  expect(new URL(p.url()).pathname).toBe(`/bodies/${body.id}`);

  // The way through the key's page (the header's "Key locked") returns to the deep link too.
  await p
    .getByRole("button", { name: "Lock the key now, in every tab" })
    .click();
  await p.locator(".who", { hasText: "Key locked" }).click();
  await p.getByRole("heading", { name: "Your key", exact: true }).waitFor();
  expect(new URL(p.url()).searchParams.get("next")).toBe(`/bodies/${body.id}`);
  await p.locator('input[type="password"]').first().fill(PASSPHRASE);
  await p.getByRole("button", { name: "Unlock", exact: true }).click();
  await unlockedAs(p, chair.name);
  await showsBody(p);
  expect(new URL(p.url()).pathname).toBe(`/bodies/${body.id}`);

  // A shorter idle time (a setting can only shorten the 15 minutes): unlock under it, leave
  // the phone alone, and the key locks itself; a reload asks again.
  await p.evaluate(`localStorage.setItem("kenges.lock-after-seconds", "8")`);
  await p
    .getByRole("button", { name: "Lock the key now, in every tab" })
    .click();
  await p.reload();
  await p
    .getByTestId("unlock-form")
    .locator('input[type="password"]')
    .fill(PASSPHRASE);
  await p.getByRole("button", { name: "Unlock", exact: true }).click();
  await unlockedAs(p, chair.name);
  const unlockedAt = Date.now();
  // Still unlocked across a reload within the idle time.
  await p.reload();
  await unlockedAs(p, chair.name);
  await p
    .locator(".who", { hasText: "Key locked" })
    .waitFor({ timeout: 30_000 });
  expect(Date.now() - unlockedAt).toBeGreaterThanOrEqual(8_000);
  await p.reload();
  await p.getByTestId("unlock-form").waitFor();
  expect(await p.locator(".who", { hasText: chair.name }).count()).toBe(0);
}, 300_000);

it("holds the key in the service worker where the browser has no shared worker (Chrome on Android before 148), and says when there is no holder", async () => {
  const phone = await openBrowser({ width: 360, height: 780 });
  try {
    const p = phone.page;
    // As on a browser without shared workers.
    await phone.context.addInitScript("delete globalThis.SharedWorker");
    const chair = body.chair;
    await signInAs(
      p,
      hub.url,
      mkdtempSync(join(tmpdir(), "kenges-keys-")),
      chair,
    );
    // The first load had no service worker in control yet: no holder, and the page says so.
    await p
      .getByTestId("visit-note")
      .getByText("each reload asks for your passphrase again")
      .waitFor();
    await serviceWorkerInControl(p);
    await p.reload();
    await p.getByTestId("unlock-form").waitFor();
    await p.locator('input[type="password"]').first().fill(PASSPHRASE);
    await p.getByRole("button", { name: "Unlock", exact: true }).click();
    await unlockedAs(p, chair.name);
    await p.getByTestId("visit-note").getByText("15 minutes").waitFor();
    // Now the service worker holds it: a reload and a deep link stay unlocked.
    await p.goto(`${hub.url}/bodies/${body.id}`);
    await unlockedAs(p, chair.name);
    await showsBody(p);
    await p.reload();
    await unlockedAs(p, chair.name);
    await showsBody(p);
    // Lock: a reload asks again.
    await p
      .getByRole("button", { name: "Lock the key now, in every tab" })
      .click();
    await p.locator(".who", { hasText: "Key locked" }).waitFor();
    await p.reload();
    await p.getByTestId("unlock-form").waitFor();
    expect(await p.locator(".who", { hasText: chair.name }).count()).toBe(0);
  } finally {
    await phone.close();
  }
}, 300_000);
