/**
 * A meeting in the hall, on phones 360 px wide and a projector. The chair convenes a meeting
 * from the body's page (the hub keeps a door key for it, so members check in by the code); the
 * meeting of the evening is convened on the hub's laptop (`kenges meeting convene`, which keeps
 * its door key there). On their phone the chair puts items on the agenda, places a member's proposal and
 * moves it up, opens the first item, checks themselves and one member in; another member checks
 * in with the code the projector shows (the QR changes with it). One member asks to speak for,
 * another raises a point of order, which goes ahead of them; the chair gives the floor to the
 * head of the queue and opens the next item. Attendance and quorum match a hand count on the
 * phones and on the projector, also after a member leaves; closing asks first and says what it
 * means. Screenshots: the meeting page in English and Urdu, and the projector.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { openDevices, type TestDevices } from "./support/browser.js";
import { bodyChairedBy, type DemoBody } from "./support/demo-body.js";
import { apiAct, apiGet, apiVoteAll } from "./support/hub-api.js";
import {
  type DemoPerson,
  kengesAsync,
  startDemoHub,
  type TestHub,
} from "./support/hub-process.js";
import {
  attendanceWords,
  showsAttendance,
} from "./support/meeting-attendance.js";
import { go, idInPath } from "./support/navigate.js";
import { signInAs } from "./support/people.js";
import { screenshotPath } from "./support/screenshots.js";

let hub: TestHub;
let devices: TestDevices;
let body: DemoBody;
const keys = mkdtempSync(join(tmpdir(), "kenges-keys-"));

beforeAll(async () => {
  hub = await startDemoHub();
  body = await bodyChairedBy(hub, "Drilling crew, Zhanaozen");
  devices = await openDevices();
}, 180_000);

afterAll(async () => {
  await devices?.close();
  await hub?.stop();
});

interface MeetingJson {
  present: { id: string }[];
  current: string | null;
  agenda: { id: string; title: Record<string, string> }[];
  quorum: { present: number; voters: number; required: number; met: boolean };
}

/** A phone 360 px wide, signed in as a person. */
async function phoneOf(person: DemoPerson): Promise<Page> {
  const page = await devices.open({ width: 360, height: 780 });
  await signInAs(page, hub.url, keys, person);
  return page;
}

/** The fonts Chromium actually used to draw a node's text (DevTools protocol). */
async function renderedFonts(page: Page, selector: string): Promise<string[]> {
  const cdp = await page.context().newCDPSession(page);
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

it("runs a meeting on phones and a projector: agenda, check-in by the door's code, speakers, quorum by hand count", async () => {
  const [memberA, memberB] = body.named;
  expect(memberA && memberB).toBeTruthy();
  const a = memberA!;
  const bb = memberB!;
  const view = await apiGet<{
    memberList: { id: string }[];
    rules: { quorumPercent: number };
  }>(hub.url, `/api/bodies/${body.id}`, body.chair);
  const voters = view.memberList.length;
  const percent = view.rules.quorumPercent;

  // The chair convenes from the body's page: the meeting opens, and the body lists it.
  const chair = await phoneOf(body.chair);
  await go(chair, `/bodies/${body.id}`);
  const meetings = chair.getByTestId("meetings");
  await meetings.getByRole("button", { name: "Convene a meeting" }).click();
  const form = chair.getByTestId("convene-form");
  await form.getByLabel("Title").fill("Safety walk-through");
  await form.getByLabel(/^When/).fill("Friday morning");
  await form.getByText(/The place may be left vague/).waitFor();
  await form.getByRole("button", { name: "Convene a meeting" }).click();
  await chair.getByTestId("meeting-page").waitFor();
  await chair
    .getByRole("heading", { level: 1, name: "Safety walk-through" })
    .waitFor();
  const walkThrough = idInPath(chair);
  expect(await chair.getByTestId("meeting-status").textContent()).toBe("Open");
  // The hub kept a door key for it: members check in by the projector's code here too.
  await chair.getByLabel("The code on the projector").waitFor();

  // The evening's meeting, convened on the hub's laptop: its door key stays there.
  const convened = await kengesAsync([
    "--data",
    hub.dataDir,
    "--as",
    body.chair.label,
    "meeting",
    "convene",
    body.id,
    "--title",
    "Depot assembly",
    "--when",
    "after the night shift",
    "--place",
    "the yard",
    "--quiet",
  ]);
  expect(convened.code, convened.stderr).toBe(0);
  const meeting = convened.stdout.trim();
  expect(meeting).toMatch(/^[0-9a-f]{64}$/);

  // Both are on the body's page, open ones first, each linking to its page.
  await go(chair, `/bodies/${body.id}`);
  const lines = chair.getByTestId("meetings").getByTestId("meeting-line");
  await expect.poll(() => lines.count(), { timeout: 30_000 }).toBe(2);
  const hrefs = await lines
    .getByRole("link")
    .evaluateAll((as) => as.map((x) => x.getAttribute("href")));
  expect(new Set(hrefs)).toEqual(
    new Set([`/meetings/${meeting}`, `/meetings/${walkThrough}`]),
  );

  // The chair puts two items on the agenda; a member proposes a third, which waits.
  await go(chair, `/meetings/${meeting}`);
  await chair.getByTestId("meeting-page").waitFor();
  const propose = chair.getByTestId("propose-item");
  for (const title of ["Night-shift pay", "The canteen"]) {
    await propose.getByLabel("A new agenda item").fill(title);
    await propose.getByRole("button", { name: "Propose the item" }).click();
    await chair.getByTestId("agenda").getByText(title).waitFor();
  }
  const pa = await phoneOf(a);
  await go(pa, `/meetings/${meeting}`);
  const proposeA = pa.getByTestId("propose-item");
  await proposeA
    .getByLabel("A new agenda item")
    .fill("A van for the night shift");
  await proposeA.getByRole("button", { name: "Propose the item" }).click();
  await pa
    .getByText("The item is proposed; a chair puts it on the agenda.")
    .waitFor();

  // The chair places it (live, without a reload) and moves it up to the top.
  const proposed = chair.getByTestId("proposed-items");
  await proposed.getByText("A van for the night shift").waitFor();
  await proposed.getByRole("button", { name: "Put on the agenda" }).click();
  const agenda = chair.getByTestId("agenda");
  await agenda.getByText("A van for the night shift").waitFor();
  const titles = () =>
    agenda
      .locator(".agenda-title")
      .evaluateAll((xs) => xs.map((x) => x.textContent));
  expect(await titles()).toEqual([
    "Night-shift pay",
    "The canteen",
    "A van for the night shift",
  ]);
  const van = agenda.locator("li", { hasText: "A van for the night shift" });
  await van.getByRole("button", { name: "Move up" }).click();
  await expect
    .poll(titles, { timeout: 30_000 })
    .toEqual(["Night-shift pay", "A van for the night shift", "The canteen"]);
  await van.getByRole("button", { name: "Move up" }).click();
  await expect
    .poll(titles, { timeout: 30_000 })
    .toEqual(["A van for the night shift", "Night-shift pay", "The canteen"]);
  await van.getByRole("button", { name: "Open this item" }).click();
  await van.getByText("Under discussion").waitFor();
  expect(await van.getAttribute("aria-current")).toBe("step");

  // The projector, on the chair's laptop: the door's code as a QR that changes with the code.
  const projector = await devices.open({ width: 1280, height: 800 });
  await signInAs(projector, hub.url, keys, body.chair);
  await go(projector, `/meetings/${meeting}/projector`);
  const code = projector.getByTestId("door-code");
  await code.waitFor();
  // This hub listens on 127.0.0.1 only: the projector says phones cannot follow its QR.
  await projector.getByTestId("door-local-only").waitFor();
  const first = {
    window: await code.getAttribute("data-window"),
    qr: await projector.locator(".projector-door svg path").getAttribute("d"),
  };
  await expect
    .poll(() => code.getAttribute("data-window"), { timeout: 40_000 })
    .not.toBe(first.window);
  expect(
    await projector.locator(".projector-door svg path").getAttribute("d"),
  ).not.toBe(first.qr);
  await projector
    .getByTestId("projector-speakers")
    .getByText("A van for the night shift")
    .waitFor();

  // The chair checks themselves and member B in.
  const chairing = chair.getByTestId("chairing");
  for (const person of [body.chair, bb]) {
    await chairing
      .getByLabel("Check a member in")
      .selectOption(person.publicKey);
    await chairing
      .getByRole("button", { name: "Check in", exact: true })
      .click();
    await chair
      .getByTestId("present-list")
      .getByText(person.name, { exact: true })
      .waitFor({ state: "attached" });
  }

  // Member A checks in with the code on the projector, as scanning the QR opens the page.
  const shown = (await code.textContent())!.trim();
  expect(shown).toMatch(/^[0-9a-f]{10}$/);
  await go(pa, `/meetings/${meeting}?code=${shown}`);
  const checkIn = pa.getByTestId("check-in-form");
  // The page may already be open: the scanned code arrives on the next render, so wait for it.
  await expect
    .poll(() => checkIn.getByLabel("The code on the projector").inputValue(), {
      timeout: 20_000,
    })
    .toBe(shown);
  await checkIn.getByRole("button", { name: "I am here" }).click();
  await pa.getByTestId("you-are-present").waitFor();

  // Hand count: the chair, A and B — three people, each once.
  const three = attendanceWords(3, voters, percent);
  const atHub = await apiGet<MeetingJson>(
    hub.url,
    `/api/meetings/${meeting}`,
    body.chair,
  );
  expect(new Set(atHub.present.map((p) => p.id))).toEqual(
    new Set([body.chair.publicKey, a.publicKey, bb.publicKey]),
  );
  for (const page of [chair, pa, projector]) await showsAttendance(page, three);
  // A vote in the meeting is offered only with a quorum of those present; short of one, the
  // chair reads why instead.
  const votes = chair.getByTestId("meeting-votes");
  if (three.quorum.startsWith("Quorum is met."))
    await votes
      .getByRole("button", { name: "Put to the vote in this meeting" })
      .waitFor();
  else
    await votes
      .getByText("A vote in the meeting needs a quorum of those present.")
      .waitFor();

  // A asks to speak for; B raises a point of order, which goes ahead of A.
  await pa.getByRole("button", { name: "Speak for" }).click();
  await pa.getByText("You are waiting to speak.").waitFor();
  const pb = await phoneOf(bb);
  await go(pb, `/meetings/${meeting}`);
  await pb.getByRole("button", { name: "Point of order" }).click();
  await pb.getByText("You are waiting to speak.").waitFor();
  const queueOf = (page: Page) =>
    page
      .getByTestId("speaker-queue")
      .locator("li")
      .evaluateAll((xs) => xs.map((x) => x.textContent));
  const queue = [`${bb.name} point of order`, `${a.name} for`];
  for (const page of [chair, pa, projector])
    await expect.poll(() => queueOf(page), { timeout: 30_000 }).toEqual(queue);

  await pa.screenshot({
    path: screenshotPath("meeting-en.png"),
    fullPage: true,
  });
  const language = pa.locator(".lang-switch select");
  await language.selectOption("ur");
  await pa.locator('html[dir="rtl"][lang="ur"]').waitFor();
  await pa.getByText("آپ بولنے کے منتظر ہیں۔").waitFor();
  expect(
    await pa.getByTestId("speaker-queue").evaluate(
      (e) =>
        (
          globalThis as unknown as {
            getComputedStyle(x: unknown): { direction: string };
          }
        ).getComputedStyle(e).direction,
    ),
  ).toBe("rtl");
  expect(await renderedFonts(pa, '[data-testid="attendance"] h2')).toContain(
    "Noto Nastaliq Urdu",
  );
  await pa.screenshot({
    path: screenshotPath("meeting-ur.png"),
    fullPage: true,
  });
  await language.selectOption("en");
  await pa.locator('html[dir="ltr"][lang="en"]').waitFor();

  // The chair gives the floor to the head of the queue: the point of order.
  await chair
    .getByRole("button", { name: `Give the floor to ${bb.name}` })
    .click();
  for (const page of [chair, pa, projector])
    await expect
      .poll(() => page.getByTestId("speaking-now").textContent(), {
        timeout: 30_000,
      })
      .toBe(`Speaking now: ${bb.name} point of order`);
  expect(await queueOf(chair)).toEqual([`${a.name} for`]);
  await projector.screenshot({ path: screenshotPath("meeting-projector.png") });
  await chair.screenshot({
    path: screenshotPath("meeting-chair-en.png"),
    fullPage: true,
  });

  // The next item: the floor and the list start afresh there, on every screen.
  await agenda
    .locator("li", { hasText: "Night-shift pay" })
    .getByRole("button", { name: "Open this item" })
    .click();
  for (const page of [chair, pa, projector]) {
    await page
      .getByTestId("agenda")
      .locator('li[aria-current="step"]', { hasText: "Night-shift pay" })
      .waitFor();
    await page.getByText("Nobody is waiting to speak.").waitFor();
  }
  const now = await apiGet<MeetingJson>(
    hub.url,
    `/api/meetings/${meeting}`,
    body.chair,
  );
  expect(now.agenda.find((i) => i.id === now.current)?.title.en).toBe(
    "Night-shift pay",
  );

  // The hall's Wi-Fi drops for A: the meeting reads from this phone's copy, and asking to
  // speak against waits on the phone until the link returns, then reaches the chair.
  await pa.context().setOffline(true);
  await go(pa, "/");
  await go(pa, `/meetings/${meeting}`);
  await pa.getByTestId("offline-note").waitFor();
  await pa
    .getByTestId("agenda")
    .locator('li[aria-current="step"]', { hasText: "Night-shift pay" })
    .waitFor();
  await pa.getByRole("button", { name: "Speak against" }).click();
  await pa
    .getByText(/^Signed on this phone and waiting to send/)
    .first()
    .waitFor();
  const whileOffline = await apiGet<{
    speakers: { item: string; queue: unknown[] }[];
    current: string;
  }>(hub.url, `/api/meetings/${meeting}`, body.chair);
  expect(
    whileOffline.speakers.find((x) => x.item === whileOffline.current)?.queue,
  ).toEqual([]);
  await pa.context().setOffline(false);
  await expect
    .poll(() => queueOf(chair), { timeout: 60_000 })
    .toEqual([`${a.name} against`]);

  // An item that takes up a motion: its page links to the vote, the projector counts it live.
  const motion = await apiAct(hub.url, body.chair, body.id, "motion.opened", {
    kind: "resolution",
    title: { en: "Night-shift pay up by a fifth" },
    text: { en: "From January, night-shift pay rises by a fifth." },
  });
  await propose.getByLabel("A new agenda item").fill("The pay motion");
  await propose.getByLabel("What kind of item").selectOption("motion");
  await propose.getByLabel("The motion it takes up").selectOption(motion);
  await propose.getByRole("button", { name: "Propose the item" }).click();
  const payItem = agenda.locator("li", { hasText: "The pay motion" });
  const toMotion = payItem.getByRole("link", {
    name: "The motion and its vote",
  });
  await toMotion.waitFor();
  expect(await toMotion.getAttribute("href")).toBe(`/motions/${motion}`);
  await payItem.getByRole("button", { name: "Open this item" }).click();
  const count = projector.getByTestId("projector-motion");
  await count.getByText("Night-shift pay up by a fifth").waitFor();
  await apiVoteAll(hub.url, [a, bb], body.id, motion, { vote: "yes" });
  await apiVoteAll(hub.url, [body.chair], body.id, motion, { vote: "no" });
  await expect
    .poll(() => count.locator(".projector-count").textContent(), {
      timeout: 30_000,
    })
    .toBe("Yes 2 · No 1 · Abstain 0");
  // A asks to speak on it, then thinks better of it: the request leaves every list.
  await pa.getByRole("button", { name: "Speak for" }).click();
  await expect
    .poll(() => queueOf(projector), { timeout: 30_000 })
    .toEqual([`${a.name} for`]);
  await pa.getByRole("button", { name: "Withdraw my request" }).click();
  for (const page of [chair, pa, projector])
    await page.getByText("Nobody is waiting to speak.").waitFor();

  // B leaves: two are present now, on the phones and on the projector.
  await pb.getByRole("button", { name: "I am leaving" }).click();
  await pb.getByTestId("check-in-form").waitFor();
  const two = attendanceWords(2, voters, percent);
  for (const page of [chair, pa, projector]) await showsAttendance(page, two);

  // The chair records that A left too: one present, the chair, everywhere.
  await chair.getByTestId("attendance").locator("summary").click();
  await chair
    .getByTestId("present-list")
    .getByRole("button", { name: `Check ${a.name} out` })
    .click();
  await pa.getByTestId("check-in-form").waitFor();
  const one = attendanceWords(1, voters, percent);
  for (const page of [chair, pa, projector]) await showsAttendance(page, one);

  // Closing asks first and says what it means; then the meeting is closed everywhere.
  await chairing.getByRole("button", { name: "Close the meeting" }).click();
  const step = chair.getByTestId("confirm-step");
  await step
    .getByText(/Once closed, nobody can check in, speak or change the agenda/)
    .waitFor();
  await step.getByRole("button", { name: "Close the meeting" }).click();
  await expect
    .poll(() => chair.getByTestId("meeting-status").textContent(), {
      timeout: 30_000,
    })
    .toBe("Closed");
  await expect
    .poll(() => pa.getByTestId("meeting-status").textContent(), {
      timeout: 30_000,
    })
    .toBe("Closed");
  expect(await pa.getByRole("button", { name: "Speak for" }).count()).toBe(0);
}, 600_000);
