/**
 * The app loads with no network on a phone that reached the hub over `--tls` on a LAN address
 * (not localhost, where browsers make an exception): the phone trusts the hub's own
 * certificate — here by its key, as a phone that checked the fingerprint of the invite link
 * would — so the page is a secure context, the service worker installs, and after the link
 * goes a fresh load still shows the app.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import {
  openBrowser,
  serviceWorkerInControl,
  type TestBrowser,
} from "./support/browser.js";
import {
  lanAddress,
  spkiPinOf,
  startDemoHub,
  type TestHub,
} from "./support/hub-process.js";

/** An address of this machine other than loopback: what a phone on the LAN would dial. */
const lan = lanAddress();

let hub: TestHub;
let b: TestBrowser;

beforeAll(async () => {
  if (lan === undefined) return;
  hub = await startDemoHub(["--tls", "--host", lan]);
  const pem = readFileSync(join(hub.dataDir, "hub-tls-cert.pem"), "utf8");
  b = await openBrowser({
    args: [`--ignore-certificate-errors-spki-list=${spkiPinOf(pem)}`],
  });
}, 180_000);

afterAll(async () => {
  await b?.close();
  await hub?.stop();
});

it.skipIf(lan === undefined)(
  "over --tls on a LAN address the page is a secure context and loads offline once visited",
  async () => {
    const p = b.page;
    const url = new URL(hub.url);
    expect([url.protocol, url.hostname]).toEqual(["https:", lan]);
    await p.goto(`${hub.url}/`);
    await p.locator("nav").first().waitFor();
    expect(await p.evaluate("window.isSecureContext")).toBe(true);
    await serviceWorkerInControl(p);

    await b.context.setOffline(true);
    // Without the hub the browser would show its own error page; the kept app loads instead.
    await p.goto(`${hub.url}/bodies`);
    await p.locator("nav").first().waitFor();
    await p.getByTestId("offline-note").waitFor();
    await b.context.setOffline(false);
  },
  180_000,
);
