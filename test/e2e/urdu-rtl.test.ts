/** Urdu pages run right to left in Noto Nastaliq Urdu, and the language chosen in the URL is remembered. */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { openBrowser, type TestBrowser } from "./support/browser.js";
import { bodyChairedBy } from "./support/demo-body.js";
import { startDemoHub, type TestHub } from "./support/hub-process.js";
import { signInAs } from "./support/people.js";

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
async function renderedFonts(
  selector: string,
  on: TestBrowser = b,
): Promise<string[]> {
  const cdp = await on.context.newCDPSession(on.page);
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

it("draws Latin names inside an Urdu page in the app's sans face, not a serif", async () => {
  // The demo gives its bodies Urdu names; its people's names are in Latin letters — the
  // signed-in member's own, in the header, on an Urdu page.
  const body = await bodyChairedBy(hub, "Bus depot, Zhanaozen");
  const fresh = await openBrowser({ width: 360, height: 780 });
  try {
    const p = fresh.page;
    await signInAs(
      p,
      hub.url,
      mkdtempSync(join(tmpdir(), "kenges-keys-")),
      body.chair,
    );
    await p.goto(`${hub.url}/bodies/${body.id}?lang=ur`);
    await p.locator("main h1").first().waitFor();
    await expect
      .poll(() =>
        p.evaluate<boolean>(`(() => {
          const w = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
          for (let n = w.nextNode(); n !== null; n = w.nextNode())
            if (n.textContent.trim() === ${JSON.stringify(body.chair.name)}) {
              n.parentElement.setAttribute("data-latin-probe", "");
              return true;
            }
          return false;
        })()`),
      )
      .toBe(true);
    expect(await p.evaluate<string>("document.documentElement.dir")).toBe(
      "rtl",
    );
    const fonts = await renderedFonts("[data-latin-probe]", fresh);
    expect(fonts.length).toBeGreaterThan(0);
    expect(fonts.some((f) => /sans/i.test(f))).toBe(true);
    expect(fonts.filter((f) => /serif/i.test(f) && !/sans/i.test(f))).toEqual(
      [],
    );
  } finally {
    await fresh.close();
  }
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
