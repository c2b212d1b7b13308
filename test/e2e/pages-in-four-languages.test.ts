/**
 * The main pages in English, Urdu, Kazakh and Russian: every one renders with no catalogue key
 * showing through. With KENGES_SCREENSHOTS=1 the screenshots go to docs/screenshots/ (that
 * is how the ones in the repository were made); otherwise to a temporary directory.
 */
import { mkdirSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { EVENT_TYPES } from "../../src/core/index.js";
import { openBrowser, type TestBrowser } from "./support/browser.js";
import { bodyChairedBy, type DemoBody } from "./support/demo-body.js";
import { apiLogin, keyOf } from "./support/hub-api.js";
import { ROOT, startDemoHub, type TestHub } from "./support/hub-process.js";
import { go } from "./support/navigate.js";
import { signInAs } from "./support/people.js";

let hub: TestHub;
let b: TestBrowser;
let body: DemoBody;
const out = process.env.KENGES_SCREENSHOTS
  ? join(ROOT, "docs", "screenshots")
  : mkdtempSync(join(tmpdir(), "kenges-shots-"));
const KEY_LEAK =
  /\b(common|nav|home|identity|join|federation|body|rules|motion|vote|delegate|demands|calls|call|audit|terms|countSheet)\.[a-zA-Z][\w.-]*/;

beforeAll(async () => {
  mkdirSync(out, { recursive: true });
  hub = await startDemoHub();
  body = await bodyChairedBy(hub, "Drilling crew, Zhanaozen");
  b = await openBrowser();
}, 180_000);

afterAll(async () => {
  await b?.close();
  await hub?.stop();
});

it("renders the main pages in every language", async () => {
  const p = b.page;
  const token = await apiLogin(hub.url, keyOf(body.chair));
  const view = (await (
    await fetch(`${hub.url}/api/bodies/${body.id}`, {
      headers: { authorization: `Bearer ${token}` },
    })
  ).json()) as {
    motions: { id: string; kind: string; method: string; status: string }[];
  };
  const elections = view.motions.filter(
    (m) => m.kind === "election" && m.status === "decided",
  );
  const election =
    elections.find((m) => m.method !== "plurality") ?? elections[0]!;
  const demand =
    view.motions.find((m) => m.kind === "demand" && m.status === "open") ??
    view.motions.find((m) => m.kind === "demand")!;
  const calls = (await (
    await fetch(`${hub.url}/api/calls`, {
      headers: { authorization: `Bearer ${token}` },
    })
  ).json()) as { calls: { id: string }[] };
  const delegate = (await (
    await fetch(`${hub.url}/api/bodies/${body.id}`, {
      headers: { authorization: `Bearer ${token}` },
    })
  ).json()) as {
    seats: { delegates: { id: string }[] }[];
  };
  await signInAs(
    p,
    hub.url,
    mkdtempSync(join(tmpdir(), "kenges-keys-")),
    body.chair,
  );
  const pages: [string, string][] = [
    ["home", "/"],
    ["federation", "/federation"],
    ["body", `/bodies/${body.id}`],
    ["motion", `/motions/${demand.id}`],
    ["election", `/motions/${election.id}`],
    [
      "delegate",
      `/delegates/${delegate.seats[0]!.delegates[0]?.id ?? body.chair.publicKey}`,
    ],
    ["demands", "/demands"],
    ["call", `/calls/${calls.calls[0]!.id}`],
    ["audit", `/bodies/${body.id}/audit`],
    ["identity", "/identity"],
  ];
  for (const lang of ["en", "ur", "kk", "ru"]) {
    await p.locator(".lang-switch select").selectOption(lang);
    await expect
      .poll(() => p.evaluate<string>("document.documentElement.lang"))
      .toBe(lang);
    for (const [name, path] of pages) {
      await go(p, path);
      await p.locator("main h1").first().waitFor();
      // Not "networkidle": with a key unlocked the app keeps its offline replica in step with
      // the hub in the background, so the network need not fall quiet. The page's own reads
      // end with the loading line gone (below); the fonts decide the screenshot.
      await p.evaluate("document.fonts.ready.then(() => true)");
      await p
        .locator('main [role="status"]')
        .waitFor({ state: "detached" })
        .catch(() => {});
      // Event types (motion.opened…) are data on the audit page, not catalogue keys.
      let text = (await p.locator("body").textContent()) ?? "";
      for (const type of EVENT_TYPES) text = text.replaceAll(type, "");
      expect(text, `${name} ${lang}`).not.toMatch(KEY_LEAK);
      await p.screenshot({
        path: join(out, `${name}-${lang}.png`),
        fullPage: name === "election",
      });
    }
  }
}, 300_000);
