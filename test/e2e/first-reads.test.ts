/**
 * A page's first reads leave as the app starts (web/src/api/first-reads.ts), before the page's
 * chunk has run: the page then takes those answers instead of asking again. Each page here is
 * opened in a new tab of the visit (the key holder's session), and the reads the browser has
 * finished by the moment the page first shows its content are counted in the page itself: had a
 * path in first-reads.ts drifted from the one the page asks for, the page would have read it a
 * second time before it could show anything.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { openBrowser, type TestBrowser } from "./support/browser.js";
import { bodyChairedBy, type DemoBody } from "./support/demo-body.js";
import { apiAct } from "./support/hub-api.js";
import { startDemoHub, type TestHub } from "./support/hub-process.js";
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

/**
 * Opens `path` in a new tab and returns the hub reads finished when `content` first matched
 * (paths, without the query), as the page itself saw them.
 */
async function readsWhenShown(
  path: string,
  content: string,
): Promise<string[]> {
  const tab = await b.context.newPage();
  await tab.addInitScript(`(() => {
    window.__readsWhenShown = null;
    new MutationObserver((_, o) => {
      if (window.__readsWhenShown !== null || !document.querySelector(${JSON.stringify(content)})) return;
      window.__readsWhenShown = performance.getEntriesByType("resource")
        .map((e) => new URL(e.name).pathname)
        .filter((p) => p.startsWith("/api/"));
      o.disconnect();
    }).observe(document, { subtree: true, childList: true });
  })()`);
  await tab.goto(`${hub.url}${path}`);
  await tab.locator(content).first().waitFor();
  const reads = (await tab.evaluate("window.__readsWhenShown")) as string[];
  await tab.close();
  return reads;
}

function times(reads: readonly string[], path: string): number {
  return reads.filter((r) => r === path).length;
}

it("reads a page's data once, started as the app starts, on a motion and on a body", async () => {
  const member = body.named[0]!;
  const motion = await apiAct(hub.url, body.chair, body.id, "motion.opened", {
    kind: "resolution",
    title: { en: "Hot meals on the night shift" },
    text: { en: "The canteen serves hot meals all night." },
  });
  await signInAs(
    b.page,
    hub.url,
    mkdtempSync(join(tmpdir(), "kenges-keys-")),
    member,
  );

  const onMotion = await readsWhenShown(
    `/motions/${motion}`,
    ".vote-buttons button.vote-yes:enabled",
  );
  expect(times(onMotion, `/api/motions/${motion}`)).toBe(1);
  // The shell's read of the hub is not needed to show the page: finished or not, once at most.
  expect(times(onMotion, "/api/hub")).toBeLessThanOrEqual(1);

  const onBody = await readsWhenShown(
    `/bodies/${body.id}`,
    "main .page-head h1",
  );
  expect(times(onBody, `/api/bodies/${body.id}`)).toBe(1);
  expect(times(onBody, "/api/hub")).toBeLessThanOrEqual(1);
});
