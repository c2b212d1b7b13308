/**
 * A meeting convened by its members, on phones 360 px wide against a real hub. The drilling
 * crew's voters lower the share that may demand a meeting to 10 % by a rules motion, so that
 * ceil(voters × 10 / 100) of them convene one. A member demands a meeting with a time and a
 * place from the body's meetings card; others join from their phones ("Join this demand
 * (k / N)"), and after each signature every phone shows the hand count of distinct signers.
 * One short of the count there is no meeting anywhere. A joiner's second phone, which missed
 * the news (its live feed silent, as on a flaky Wi-Fi), offers the button again: the hub
 * refuses, and the phone says so in words naming the demand by its title, no code or id. The
 * card's words are the catalogue's in all four languages, Urdu right to left with "k / N" still
 * reading left to right, and axe-core finds nothing on the page in any of them. The last
 * signature convenes the meeting: it appears among the body's meetings on every phone, under
 * the demand's id, and opens its page. Lowered to 1 %, one signature is enough: a demand
 * convenes its meeting at once, and the phone says so.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import i18next from "i18next";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { type Language, loadUiCatalog } from "../../src/i18n/index.js";
import { problemWordsFor } from "../../web/src/i18n/problem-words.js";
import { axeViolations } from "./support/axe.js";
import { openDevices, type TestDevices } from "./support/browser.js";
import { bodyChairedBy, type DemoBody } from "./support/demo-body.js";
import { apiAct, apiClose, apiGet, apiVoteAll } from "./support/hub-api.js";
import {
  type DemoPerson,
  startDemoHub,
  type TestHub,
} from "./support/hub-process.js";
import { go } from "./support/navigate.js";
import { signInAs } from "./support/people.js";
import { screenshotPath } from "./support/screenshots.js";

let hub: TestHub;
let devices: TestDevices;
let body: DemoBody;
const keys = mkdtempSync(join(tmpdir(), "kenges-keys-"));

beforeAll(async () => {
  hub = await startDemoHub();
  body = await bodyChairedBy(hub, "Drilling crew, Kulsary");
  devices = await openDevices();
}, 180_000);

afterAll(async () => {
  await devices?.close();
  await hub?.stop();
});

interface MeetingListJson {
  meetings: { id: string; status: string; when: string; place: string }[];
  demands: { id: string; joined: number; needed: number; percent: number }[];
  demandRule: { percent: number; needed: number };
}

const PERCENT = 10;
const TITLE = "Night shift pay";
const WHEN = "Thursday after the night shift";
const WHERE = "the canteen behind rig 12";

/** A catalogue key's words with its `{{placeholders}}` filled. */
type Words = (key: string, values?: Record<string, unknown>) => string;

/** A language's words from its catalogue, through i18next as the app reads them. */
async function wordsOf(lang: Language): Promise<Words> {
  const t = i18next.createInstance();
  const catalog = await loadUiCatalog(lang);
  await t.init({
    lng: lang,
    fallbackLng: false,
    resources: {
      [lang]: { translation: { ...catalog.ui, errors: catalog.errors } },
    },
    interpolation: { escapeValue: false },
  });
  return t.t.bind(t) as Words;
}

/** A phone 360 px wide, signed in as a person, on the body's page. */
async function phoneOf(person: DemoPerson): Promise<Page> {
  const page = await devices.open({ width: 360, height: 780 });
  await signInAs(page, hub.url, keys, person);
  await go(page, `/bodies/${body.id}`);
  await page.getByTestId("meetings").waitFor();
  return page;
}

const meetingsOf = () =>
  apiGet<MeetingListJson>(
    hub.url,
    `/api/bodies/${body.id}/meetings`,
    body.chair,
  );

let en: Words;

it("convenes a demanded meeting when ceil(voters × share) distinct voters have joined from their phones, not one before, and refuses a second join in words", async () => {
  en = await wordsOf("en");
  // The body's voters, counted by hand from its member list.
  const view = await apiGet<{
    memberList: { id: string }[];
    rules: Record<string, unknown>;
  }>(hub.url, `/api/bodies/${body.id}`, body.chair);
  const voters = view.memberList.length;
  expect(voters).toBe(body.others.length + 1);
  const needed = Math.ceil((voters * PERCENT) / 100);
  // Enough to see the count rise and stop one short, few enough for phones in one Chromium.
  expect(needed).toBeGreaterThanOrEqual(3);
  expect(needed).toBeLessThanOrEqual(5);

  // The voters set the share by a rules motion (a majority of them vote yes).
  const setShare = async (percent: number, words: string) => {
    const rules = await apiAct(hub.url, body.chair, body.id, "motion.opened", {
      kind: "rules",
      title: { en: "Meetings on demand" },
      text: { en: words },
      subject: {
        kind: "rules",
        rules: { ...view.rules, meetingDemandPercent: percent },
      } as never,
    });
    const yes = [body.chair, ...body.others].slice(
      0,
      Math.floor(voters / 2) + 1,
    );
    await apiVoteAll(hub.url, yes, body.id, rules, { vote: "yes" });
    await apiClose(hub.url, body.chair, rules);
  };
  await setShare(PERCENT, "A tenth of us may call a meeting.");
  const before = await meetingsOf();
  expect(before.demandRule).toEqual({ percent: PERCENT, needed });
  expect(before.demands).toEqual([]);
  const meetingsBefore = before.meetings.map((m) => m.id);

  // The demander and the joiners: distinct named members, one phone each.
  const [demander, ...joiners] = body.named.slice(0, needed);
  expect(joiners.length).toBe(needed - 1);
  const phones = new Map<DemoPerson, Page>();
  for (const p of [demander!, ...joiners]) phones.set(p, await phoneOf(p));
  const signed = new Set<string>();

  /** Every phone shows the hand count: the line's counter, and the button for those yet to sign. */
  const countOnEveryPhone = async () => {
    const k = signed.size;
    const line = en("meeting.demand.count", { joined: k, needed });
    for (const [person, page] of phones) {
      const demand = page.getByTestId("demand-line");
      await expect
        .poll(() => demand.getByTestId("demand-count").textContent(), {
          timeout: 30_000,
        })
        .toBe(line);
      if (signed.has(person.publicKey))
        await demand.getByText(en("meeting.demand.youSigned")).waitFor();
      else
        await demand
          .getByRole("button", {
            name: `${en("meeting.demand.join")} (${k} / ${needed})`,
          })
          .waitFor();
    }
    const listed = await meetingsOf();
    expect(listed.demands.map((d) => d.joined)).toEqual([k]);
  };

  // The demander opens the form: the rule in words, with the count by hand.
  const pd = phones.get(demander!)!;
  const card = pd.getByTestId("meetings");
  await card.getByRole("button", { name: en("meeting.demand.open") }).click();
  const form = card.getByTestId("demand-form");
  await form
    .getByText(en("meeting.demand.rule", { needed, percent: PERCENT }))
    .waitFor();
  await form.getByLabel(en("meeting.titleLabel"), { exact: true }).fill(TITLE);
  await form.getByLabel(en("meeting.whenLabel"), { exact: true }).fill(WHEN);
  await form.getByLabel(en("meeting.placeLabel"), { exact: true }).fill(WHERE);
  expect(await axeViolations(pd), "axe: the demand form").toEqual([]);
  await form.getByRole("button", { name: en("meeting.demand.submit") }).click();
  await form.getByText(en("meeting.demand.made")).waitFor();
  // The form is emptied, so a second tap makes no second demand.
  expect(
    await form
      .getByLabel(en("meeting.titleLabel"), { exact: true })
      .inputValue(),
  ).toBe("");
  signed.add(demander!.publicKey);
  const [made] = (await meetingsOf()).demands;
  expect(made).toMatchObject({ joined: 1, needed, percent: PERCENT });
  const demand = made!.id;
  await countOnEveryPhone();
  await pd.getByTestId("meetings").screenshot({
    path: screenshotPath("meeting-demand-en.png"),
  });

  // The first joiner's second phone loads the card now and then hears nothing more.
  const first = joiners[0]!;
  const stale = await devices.open({ width: 360, height: 780 });
  await stale.routeWebSocket(/\/api\/live/, () => {
    // Accepted and never answered: the phone thinks its feed is up and hears no news.
  });
  await signInAs(stale, hub.url, keys, first);
  await go(stale, `/bodies/${body.id}`);
  const staleButton = stale.getByTestId("demand-line").getByRole("button", {
    name: `${en("meeting.demand.join")} (1 / ${needed})`,
  });
  await staleButton.waitFor();

  // All joiners but the last join from their phones; the count follows each signature.
  for (const j of joiners.slice(0, -1)) {
    const page = phones.get(j)!;
    await page
      .getByTestId("demand-line")
      .getByRole("button", {
        name: new RegExp(`^${en("meeting.demand.join")}`),
      })
      .click();
    await page.getByText(en("meeting.demand.joinedDone")).waitFor();
    signed.add(j.publicKey);
    await countOnEveryPhone();
  }

  // One short: no meeting is convened, on the hub or any phone.
  expect(signed.size).toBe(needed - 1);
  const short = await meetingsOf();
  expect(short.meetings.map((m) => m.id)).toEqual(meetingsBefore);
  expect(short.demands).toEqual([
    expect.objectContaining({ id: demand, joined: needed - 1, needed }),
  ]);
  for (const page of phones.values())
    expect(
      await page
        .getByTestId("meetings")
        .getByTestId("meeting-line")
        .filter({ hasText: TITLE })
        .count(),
    ).toBe(0);

  // The stale phone offers the button again; the hub refuses the second signature, and the
  // phone says so in words naming the demand by its title.
  await staleButton.click();
  const refusal = stale.getByTestId("demand-line").getByRole("alert");
  await refusal.waitFor();
  const words = (await refusal.textContent())!;
  expect(words).toBe(
    problemWordsFor(en, "MEETING_DEMAND_ALREADY_JOINED", {
      demand: TITLE,
      signers: needed - 1,
      needed,
    }),
  );
  expect(words).not.toMatch(/[0-9a-f]{16}|[A-Z]+_[A-Z_]+/);
  // It reads again and shows the signature it has.
  await stale
    .getByTestId("demand-line")
    .getByText(en("meeting.demand.youSigned"))
    .waitFor();
  expect((await meetingsOf()).demands[0]!.joined).toBe(needed - 1);
  await stale.getByTestId("meetings").screenshot({
    path: screenshotPath("meeting-demand-refused-en.png"),
  });
  await stale.context().close();

  // The card's words in every language, on the last joiner's phone (not signed yet).
  const last = joiners.at(-1)!;
  const pl = phones.get(last)!;
  for (const lang of ["ur", "kk", "ru", "en"] as const) {
    const t = await wordsOf(lang);
    await pl.locator(".lang-switch select").selectOption(lang);
    await expect
      .poll(() => pl.evaluate<string>("document.documentElement.lang"))
      .toBe(lang);
    expect(await pl.evaluate<string>("document.documentElement.dir")).toBe(
      lang === "ur" ? "rtl" : "ltr",
    );
    // Real translations: the words differ from English in the other three.
    if (lang !== "en")
      for (const key of ["join", "count", "pendingTitle", "open", "pending"])
        expect(t(`meeting.demand.${key}`), `${lang} ${key}`).not.toBe(
          en(`meeting.demand.${key}`),
        );
    const box = pl.getByTestId("meeting-demands");
    await box
      .getByRole("heading", { name: t("meeting.demand.pendingTitle") })
      .waitFor();
    const line = box.getByTestId("demand-line");
    await expect
      .poll(() => line.getByTestId("demand-count").textContent())
      .toBe(t("meeting.demand.count", { joined: needed - 1, needed }));
    await line
      .getByText(t("meeting.demand.pending"), { exact: true })
      .waitFor();
    const join = line.getByRole("button", {
      name: `${t("meeting.demand.join")} (${needed - 1} / ${needed})`,
    });
    await join.waitFor();
    // "k / N" reads left to right on the screen in every language, Urdu's too (as a fraction
    // is written): the count joined stands left of the count needed.
    const [joinedAt, neededAt] = await join
      .locator("bdi:not([dir])")
      .evaluateAll((els) => els.map((e) => e.getBoundingClientRect().left));
    expect(joinedAt!, lang).toBeLessThan(neededAt!);
    await box.getByRole("button", { name: t("meeting.demand.open") }).waitFor();
    await pl
      .getByTestId("meetings")
      .getByRole("heading", { name: t("meeting.meetings"), exact: true })
      .waitFor();
    // The page with the card passes axe-core's audit in every language.
    expect(await axeViolations(pl), `axe ${lang}`).toEqual([]);
    if (lang === "ur")
      await pl.getByTestId("meetings").screenshot({
        path: screenshotPath("meeting-demand-ur.png"),
      });
  }

  // The last signature convenes the meeting, under the demand's id, with its time and place.
  await pl
    .getByTestId("demand-line")
    .getByRole("button", { name: new RegExp(`^${en("meeting.demand.join")}`) })
    .click();
  signed.add(last.publicKey);
  expect(signed.size).toBe(needed);
  await expect
    .poll(async () => (await meetingsOf()).meetings.map((m) => m.id), {
      timeout: 30_000,
    })
    .toEqual([demand, ...meetingsBefore]);
  const convened = await meetingsOf();
  expect(convened.meetings[0]).toMatchObject({
    id: demand,
    status: "open",
    when: WHEN,
    place: WHERE,
  });
  expect(convened.demands).toEqual([]);

  // Every phone shows it among the body's meetings, and the demand no more.
  for (const page of phones.values()) {
    const line = page
      .getByTestId("meetings")
      .getByTestId("meeting-line")
      .filter({ hasText: TITLE });
    await line.waitFor();
    await line.getByText(WHEN).waitFor();
    await line.getByText(WHERE, { exact: false }).waitFor();
    await expect
      .poll(() => page.getByTestId("demand-line").count(), { timeout: 30_000 })
      .toBe(0);
  }

  // It opens its page.
  await pd.getByTestId("meetings").getByRole("link", { name: TITLE }).click();
  await pd.getByTestId("meeting-page").waitFor();
  await pd.locator("h1").getByText(TITLE).waitFor();
  expect(new URL(pd.url()).pathname).toBe(`/meetings/${demand}`);

  // A share so small that one signature is enough: ceil(voters × 1 / 100) = 1. The demand
  // itself convenes the meeting, and the phone says so rather than "others can join".
  await setShare(1, "Any one of us may call a meeting.");
  expect(Math.ceil((voters * 1) / 100)).toBe(1);
  expect((await meetingsOf()).demandRule).toEqual({ percent: 1, needed: 1 });
  await go(pd, `/bodies/${body.id}`);
  const again = pd.getByTestId("meetings");
  await again.getByRole("button", { name: en("meeting.demand.open") }).click();
  const alone = again.getByTestId("demand-form");
  await alone
    .getByText(en("meeting.demand.rule", { needed: 1, percent: 1 }))
    .waitFor();
  await alone
    .getByLabel(en("meeting.titleLabel"), { exact: true })
    .fill("Broken lockers");
  await alone
    .getByRole("button", { name: en("meeting.demand.submit") })
    .click();
  await alone.getByText(en("meeting.demand.madeConvened")).waitFor();
  await again
    .getByTestId("meeting-line")
    .filter({ hasText: "Broken lockers" })
    .waitFor();
  const after = await meetingsOf();
  expect(after.demands).toEqual([]);
  expect(after.meetings.map((m) => m.id)).toHaveLength(
    meetingsBefore.length + 2,
  );
}, 600_000);
