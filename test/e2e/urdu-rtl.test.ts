/** Urdu pages run right to left in Noto Nastaliq Urdu, and the language chosen in the URL is remembered. */
import { afterAll, beforeAll, expect, it } from "vitest";
import { openBrowser, type TestBrowser } from "./support/browser.js";
import { startDemoHub, type TestHub } from "./support/hub-process.js";

let hub: TestHub;
let b: TestBrowser;

beforeAll(async () => {
  hub = await startDemoHub();
  b = await openBrowser();
}, 180_000);

afterAll(async () => {
  await b?.close();
  await hub?.stop();
});

/** The fonts Chromium actually used to draw a node's text (DevTools protocol). */
async function renderedFonts(selector: string): Promise<string[]> {
  const cdp = await b.context.newCDPSession(b.page);
  await cdp.send("DOM.enable");
  await cdp.send("CSS.enable");
  const { root } = await cdp.send("DOM.getDocument");
  const { nodeId } = await cdp.send("DOM.querySelector", {
    nodeId: root.nodeId,
    selector,
  });
  const { fonts } = await cdp.send("CSS.getPlatformFontsForNode", { nodeId });
  await cdp.detach();
  return fonts.map((f) => f.familyName);
}

it("sets the page right to left in Urdu and draws it with the Nastaliq font", async () => {
  const p = b.page;
  await p.goto(`${hub.url}/?lang=ur`);
  await p.locator("h1").waitFor();
  expect(
    await p.evaluate<string[]>(
      "[document.documentElement.lang, document.documentElement.dir]",
    ),
  ).toEqual(["ur", "rtl"]);
  await expect
    .poll(() => p.locator("h1").textContent())
    .toMatch(/[\u0600-\u06ff]/);
  expect(await renderedFonts("h1")).toContain("Noto Nastaliq Urdu");
  expect(await renderedFonts(".main-nav a")).toContain("Noto Nastaliq Urdu");
  // Right to left: the first navigation item sits to the right of the last.
  const links = p.locator(".main-nav a");
  const first = await links.first().boundingBox();
  const last = await links.nth(2).boundingBox();
  expect(first!.x).toBeGreaterThan(last!.x);
  expect(
    await p.locator("h1").evaluate(
      (e) =>
        (
          globalThis as unknown as {
            getComputedStyle(x: unknown): { direction: string };
          }
        ).getComputedStyle(e).direction,
    ),
  ).toBe("rtl");
});

it("remembers the language chosen with ?lang=", async () => {
  const p = b.page;
  await p.goto(`${hub.url}/federation`);
  await p.locator("h1").waitFor();
  expect(await p.evaluate<string>("document.documentElement.lang")).toBe("ur");
  await p.goto(`${hub.url}/federation?lang=kk`);
  await expect.poll(() => p.locator("h1").textContent()).toBe("Федерация");
  await p.goto(`${hub.url}/`);
  await expect
    .poll(() => p.evaluate<string>("document.documentElement.dir"))
    .toBe("ltr");
  expect(await p.evaluate<string>("document.documentElement.lang")).toBe("kk");
});
