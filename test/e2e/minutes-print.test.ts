/**
 * The minutes printed, or saved as a PDF, in Chromium. A meeting with eight items, each with
 * speakers pro and contra and a vote in the meeting, gives minutes longer than a page. Their
 * HTML page, in English and in Urdu, is printed to PDF by Chromium: a PDF of A4 pages, at least
 * one; under print media the page's own rules hold (A4, no page forced, a motion and its count
 * kept on one page, Urdu right to left in Nastaliq) and no line runs past the page's width.
 * Screenshots of the print-emulated pages go to a temporary directory, to be looked at. On the
 * phone, "Print or save as PDF" opens the minutes in a new tab, styled, and asks it to print.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { openDevices, type TestDevices } from "./support/browser.js";
import { bodyChairedBy, type DemoBody } from "./support/demo-body.js";
import {
  apiAct,
  apiClose,
  apiGet,
  apiGetText,
  apiVoteAll,
} from "./support/hub-api.js";
import { startDemoHub, type TestHub } from "./support/hub-process.js";
import { go } from "./support/navigate.js";
import { signInAs } from "./support/people.js";
import { screenshotPath } from "./support/screenshots.js";

let hub: TestHub;
let devices: TestDevices;
let body: DemoBody;
let meeting: string;
const keys = mkdtempSync(join(tmpdir(), "kenges-keys-"));
const ITEMS = 8;

beforeAll(async () => {
  hub = await startDemoHub();
  body = await bodyChairedBy(hub, "Drilling crew, Zhanaozen");
  devices = await openDevices();
  const view = await apiGet<{
    memberList: { id: string }[];
    rules: { quorumPercent: number };
  }>(hub.url, `/api/bodies/${body.id}`, body.chair);
  const required = Math.ceil(
    (view.memberList.length * view.rules.quorumPercent) / 100,
  );
  const present = [body.chair, ...body.others].slice(0, Math.max(3, required));
  meeting = await apiAct(hub.url, body.chair, body.id, "meeting.convened", {
    title: { en: "Overtime assembly", ur: "اوور ٹائم پر اجلاس" },
    when: "Monday after the day shift",
    place: "the canteen",
  });
  for (const p of present)
    await apiAct(hub.url, body.chair, body.id, "meeting.checked-in", {
      meeting,
      member: p.publicKey,
    });
  for (let n = 1; n <= ITEMS; n++) {
    const item = await apiAct(
      hub.url,
      body.chair,
      body.id,
      "meeting.item-proposed",
      {
        meeting,
        kind: "point",
        title: {
          en: `Point ${n}: overtime on Sundays and the bus home after the late shift`,
          ur: `نکتہ ${n}: اتوار کو اوور ٹائم اور رات کی شفٹ کے بعد گھر کی بس`,
        },
      },
    );
    await apiAct(hub.url, body.chair, body.id, "meeting.item-opened", {
      meeting,
      item,
    });
    for (const [p, side] of [
      [present[1]!, "pro"],
      [present[2]!, "contra"],
    ] as const)
      await apiAct(hub.url, p, body.id, "meeting.speaker-requested", {
        meeting,
        item,
        side,
      });
    const motion = await apiAct(hub.url, body.chair, body.id, "motion.opened", {
      kind: "resolution",
      title: {
        en: `The assembly agrees to point ${n}`,
        ur: `اسمبلی نکتہ ${n} سے متفق ہے`,
      },
      text: { en: "As discussed.", ur: "جیسا کہ بات ہوئی۔" },
      meeting,
      item,
    });
    await apiVoteAll(hub.url, present.slice(0, -1), body.id, motion, {
      vote: "yes",
    });
    await apiVoteAll(hub.url, present.slice(-1), body.id, motion, {
      vote: "no",
    });
    await apiClose(hub.url, body.chair, motion);
  }
}, 600_000);

afterAll(async () => {
  await devices?.close();
  await hub?.stop();
});

/** Elements whose content runs past their own box or the page's width (clipped or cut). */
const overflowing = (page: Page) =>
  page.evaluate<string[]>(`(() => {
    const width = document.documentElement.clientWidth;
    const out = [];
    for (const el of document.body.querySelectorAll("*")) {
      const r = el.getBoundingClientRect();
      if (el.scrollWidth > el.clientWidth + 1 && getComputedStyle(el).display !== "inline")
        out.push(el.tagName + " wider than its box: " + el.textContent.slice(0, 60));
      if (r.left < -1 || r.right > width + 1)
        out.push(el.tagName + " off the page: " + el.textContent.slice(0, 60));
    }
    return out;
  })()`);

const style = (page: Page, selector: string, property: string) =>
  page.evaluate<string>(
    `getComputedStyle(document.querySelector(${JSON.stringify(selector)})).getPropertyValue(${JSON.stringify(property)})`,
  );

it.each(["en", "ur"] as const)(
  "prints the minutes in %s to a PDF of A4 pages, laid out for print",
  async (lang) => {
    const html = await apiGetText(
      hub.url,
      `/api/meetings/${meeting}/minutes.html?lang=${lang}`,
      body.chair,
    );
    expect(html).toContain(`<html lang="${lang}"`);
    // A4 (210 mm) less the page's side margins (2 × 16 mm), at 96 px to the inch: the width
    // the printed text gets.
    const printable = Math.floor(((210 - 32) / 25.4) * 96);
    const page = await devices.open({ width: printable, height: 1123 });
    await page.setContent(html);
    await page.emulateMedia({ media: "print" });
    expect(await page.evaluate<string>("document.dir")).toBe(
      lang === "ur" ? "rtl" : "ltr",
    );
    expect(await style(page, "body", "direction")).toBe(
      lang === "ur" ? "rtl" : "ltr",
    );
    if (lang === "ur") {
      expect(await style(page, "body", "font-family")).toMatch(
        /^"?Noto Nastaliq Urdu"?,/,
      );
      // The font is on this machine, as on the laptops the guide names.
      expect(
        await page.evaluate<boolean>(
          `document.fonts.check('16px "Noto Nastaliq Urdu"', "اجلاس")`,
        ),
      ).toBe(true);
    }
    // Under print: no width cap, a motion and its count never split, headings kept with what follows.
    expect(await style(page, "body", "max-width")).toBe("none");
    expect(await style(page, ".motion", "break-inside")).toBe("avoid");
    expect(await style(page, "h2", "break-after")).toBe("avoid");
    expect(await style(page, "section", "break-before")).toBe("auto");
    expect(await page.locator(".motion").count()).toBe(ITEMS * 2);
    expect(await overflowing(page)).toEqual([]);
    expect(
      await page.evaluate<number>("document.documentElement.scrollWidth"),
    ).toBeLessThanOrEqual(printable);
    if (lang === "ur")
      expect(await page.locator("body").textContent()).toContain("، ");
    // For the eye: the page with the side margins print gives it (emulation leaves them out,
    // and Nastaliq's strokes reach past the text's box into the margin).
    await page.setViewportSize({ width: 794, height: 1123 });
    await page.addStyleTag({ content: "body { padding-inline: 16mm; }" });
    await page.screenshot({
      path: screenshotPath(`minutes-print-${lang}.png`),
      fullPage: true,
    });
    await page.addStyleTag({ content: "body { padding-inline: 0; }" });
    await page.setViewportSize({ width: printable, height: 1123 });

    const pdf = await page.pdf({ preferCSSPageSize: true });
    const dir = mkdtempSync(join(tmpdir(), "kenges-minutes-pdf-"));
    writeFileSync(join(dir, `minutes-${lang}.pdf`), pdf);
    expect(pdf.subarray(0, 5).toString("latin1")).toBe("%PDF-");
    expect(pdf.subarray(-1024).toString("latin1")).toContain("%%EOF");
    const text = pdf.toString("latin1");
    const pages = text.match(/\/Type\s*\/Page(?![s\w])/g) ?? [];
    expect(pages.length).toBeGreaterThanOrEqual(1);
    // Eight items with two votes' counts each run past one A4 page.
    expect(pages.length).toBeGreaterThanOrEqual(2);
    // A4 is 595.3 × 841.9 points.
    const boxes = [
      ...text.matchAll(/\/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]/g),
    ];
    expect(boxes.length).toBe(pages.length);
    for (const [, w, h] of boxes) {
      expect(Math.abs(Number(w) - 595.3)).toBeLessThan(2);
      expect(Math.abs(Number(h) - 841.9)).toBeLessThan(2);
    }
    await page.context().close();
  },
  120_000,
);

it("prints the minutes from the phone's meeting page, styled, in a new tab", async () => {
  const phone = await devices.open({ width: 360, height: 780 });
  // Headless Chromium shows no print dialog: the tab's print() is counted instead.
  await phone
    .context()
    .addInitScript(
      "window.__printed = 0; window.print = () => { window.__printed += 1; };",
    );
  await signInAs(phone, hub.url, keys, body.chair);
  await go(phone, `/meetings/${meeting}`);
  const minutes = phone.getByTestId("minutes");
  await minutes
    .getByText(
      "Opens the minutes and the print dialog: choose a printer, or “Save as PDF” to keep them as a file (A4).",
    )
    .waitFor();
  const [tab] = await Promise.all([
    phone.context().waitForEvent("page"),
    minutes.getByRole("button", { name: "Print or save as PDF" }).click(),
  ]);
  await tab.locator("h1").getByText("Overtime assembly").waitFor();
  await expect
    .poll(() => tab.evaluate<number>("window.__printed"), { timeout: 30_000 })
    .toBe(1);
  // The page's stylesheet applies in the tab the app opened (48rem wide on a screen).
  expect(await style(tab, "body", "max-width")).toBe("768px");
  await tab.emulateMedia({ media: "print" });
  expect(await style(tab, ".motion", "break-inside")).toBe("avoid");
  await tab.close();
  await phone.context().close();
}, 180_000);
