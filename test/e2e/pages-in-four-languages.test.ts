/**
 * The main pages in English, Urdu, Kazakh and Russian: every one renders with no catalogue key
 * showing through and with no accessibility violation axe finds (WCAG 2.x A and AA) — checked on the phone's own copy where the page checks the hub (the body's
 * audit, the count of a decided election) — and a workplace's plan page showing its progress
 * against the plan in force (the demo's refinery a third under plan), Urdu right to left.
 * `npm run screenshots` refreshes the ones in
 * docs/screenshots/; otherwise they go to a temporary directory.
 */
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { EVENT_TYPES } from "../../src/core/index.js";
import { axeViolations } from "./support/axe.js";
import { openBrowser, type TestBrowser } from "./support/browser.js";
import { bodyChairedBy, type DemoBody } from "./support/demo-body.js";
import { apiAct, apiGet } from "./support/hub-api.js";
import { ROOT, startDemoHub, type TestHub } from "./support/hub-process.js";
import { go } from "./support/navigate.js";
import { signInAs } from "./support/people.js";
import { screenshotPath } from "./support/screenshots.js";

let hub: TestHub;
let b: TestBrowser;
let body: DemoBody;
const KEY_LEAK =
  /\b(common|nav|home|identity|join|federation|body|rules|motion|vote|delegate|demands|calls|call|audit|terms|countSheet|council|attest|claim|offline|waiting|search|meeting|plan)\.[a-zA-Z][\w.-]*/;

beforeAll(async () => {
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
  const view = await apiGet<{
    motions: { id: string; kind: string; method: string; status: string }[];
    delegations: { council: string; seated: { id: string }[] }[];
  }>(hub.url, `/api/bodies/${body.id}`, body.chair);
  const elections = view.motions.filter(
    (m) => m.kind === "election" && m.status === "decided",
  );
  const election =
    elections.find((m) => m.method !== "plurality") ?? elections[0]!;
  const demand =
    view.motions.find((m) => m.kind === "demand" && m.status === "open") ??
    view.motions.find((m) => m.kind === "demand")!;
  const calls = await apiGet<{ calls: { id: string }[] }>(
    hub.url,
    "/api/calls",
    body.chair,
  );
  const seat = view.delegations[0]!;
  const delegate = seat.seated[0]?.id ?? body.chair.publicKey;
  await signInAs(
    p,
    hub.url,
    mkdtempSync(join(tmpdir(), "kenges-keys-")),
    body.chair,
  );
  // A meeting of the crew, for its page and the projector (the demo holds none).
  const meeting = await apiAct(
    hub.url,
    body.chair,
    body.id,
    "meeting.convened",
    {
      title: { en: "Crew meeting", ru: "Собрание бригады" },
      when: "after the shift",
      place: "",
    },
  );
  await apiAct(hub.url, body.chair, body.id, "meeting.item-proposed", {
    meeting,
    kind: "point",
    title: { en: "Night-shift canteen" },
  });
  /** Each page, and what shows it is ready (the phone's own checks where it makes them). */
  const pages: [string, string, string | null][] = [
    ["home", "/", null],
    ["federation", "/federation", null],
    [
      "body",
      `/bodies/${body.id}`,
      '[data-testid="attestation-audit"][data-checked="here"]',
    ],
    ["council", `/bodies/${seat.council}`, '[data-testid="council-children"]'],
    ["motion", `/motions/${demand.id}`, null],
    [
      "election",
      `/motions/${election.id}`,
      '[data-testid="counted-here"][data-agrees="yes"]',
    ],
    [
      "delegate",
      `/delegates/${delegate}?council=${seat.council}`,
      '[data-testid="delegate-council"]',
    ],
    ["demands", "/demands", null],
    ["call", `/calls/${calls.calls[0]!.id}`, '[data-testid="call-totals"]'],
    [
      "audit",
      `/bodies/${body.id}/audit`,
      '[data-testid="scope-hash-here"][data-match="true"]',
    ],
    // The crew's plan as its chair sees it: the forms to declare a need and a process.
    ["plan", `/bodies/${body.id}/plan`, '[data-testid="declare-process"]'],
    ["scopes", "/audit", '[data-testid="scopes-here"][data-synced="yes"]'],
    ["identity", "/identity", '[data-testid="kept-scopes"]'],
    ["search", "/search?q=drilling", '[data-testid="search-hit"]'],
    ["crew-meeting", `/meetings/${meeting}`, '[data-testid="meeting-page"]'],
    [
      "projector",
      `/meetings/${meeting}/projector`,
      '[data-testid="projector"]',
    ],
  ];
  for (const lang of ["en", "ur", "kk", "ru"]) {
    await p.locator(".lang-switch select").selectOption(lang);
    await expect
      .poll(() => p.evaluate<string>("document.documentElement.lang"))
      .toBe(lang);
    for (const [name, path, ready] of pages) {
      await go(p, path);
      await p.locator("main h1").first().waitFor();
      if (ready) await p.locator(ready).first().waitFor({ timeout: 60_000 });
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
      expect(await axeViolations(p), `axe: ${name} ${lang}`).toEqual([]);
      await p.screenshot({
        path: screenshotPath(`${name}-${lang}.png`),
        fullPage: name === "election",
      });
    }
  }
}, 600_000);

/** The app's words for `key` (dotted) in `lang`, from its catalogue. */
function uiWord(lang: string, key: string): string {
  const catalog = JSON.parse(
    readFileSync(
      join(ROOT, "src", "i18n", "catalog", "ui", `${lang}.json`),
      "utf8",
    ),
  );
  return key.split(".").reduce((o, k) => o[k], catalog) as string;
}

it("renders a workplace's plan with its progress against the plan in every language", async () => {
  // Half-way through the demo's period the refinery made 66 % of what was due: "Under plan".
  const refinery = await bodyChairedBy(hub, "Refinery, Zhanaozen");
  const plan = await apiGet<{
    periods: {
      period: string;
      monitor: {
        processes: { name: string; exception: string | null }[];
      } | null;
    }[];
  }>(hub.url, `/api/bodies/${refinery.id}/plan`, refinery.chair);
  const round = plan.periods.find((x) => x.monitor !== null)!;
  expect(round.monitor!.processes).toContainEqual(
    expect.objectContaining({ name: "Refinery", exception: "under" }),
  );
  const phone = await openBrowser();
  try {
    const p = phone.page;
    await signInAs(
      p,
      hub.url,
      mkdtempSync(join(tmpdir(), "kenges-keys-")),
      refinery.chair,
    );
    for (const [lang, dir] of [
      ["en", "ltr"],
      ["ur", "rtl"],
      ["kk", "ltr"],
      ["ru", "ltr"],
    ] as const) {
      await p.locator(".lang-switch select").selectOption(lang);
      await expect
        .poll(() => p.evaluate<string>("document.documentElement.lang"))
        .toBe(lang);
      await go(p, `/bodies/${refinery.id}/plan`);
      await p.getByTestId("plan-period").fill(round.period);
      const row = p.locator(
        '[data-testid="plan-progress-row"][data-process="Refinery"]',
      );
      // The exception in the language's words, and the threshold's control beside it.
      await row.getByText(uiWord(lang, "plan.exception.under")).waitFor();
      await p
        .getByTestId("plan-progress")
        .getByLabel(uiWord(lang, "plan.threshold"))
        .waitFor();
      expect(
        await p.evaluate<string[]>(
          "[document.documentElement.lang, document.documentElement.dir]",
        ),
      ).toEqual([lang, dir]);
      await p.evaluate("document.fonts.ready.then(() => true)");
      expect(
        (await p.locator("body").textContent()) ?? "",
        `plan progress ${lang}`,
      ).not.toMatch(KEY_LEAK);
      expect(await axeViolations(p), `axe: plan progress ${lang}`).toEqual([]);
      await p.getByTestId("plan-progress").screenshot({
        path: screenshotPath(`plan-progress-page-${lang}.png`),
      });
    }
  } finally {
    await phone.close();
  }
}, 300_000);
