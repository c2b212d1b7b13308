/**
 * A meeting end to end on a hall's LAN hub (`kenges serve --host 0.0.0.0 --tls`), reached at
 * this machine's LAN address with the hub's own certificate trusted by its key: three phones
 * 360 px wide and a projector in Chromium, each page a secure context. The chair convenes from
 * the body's page and puts three items on the agenda; two members check in by following the
 * projector's QR (its modules are checked to encode exactly the link followed); a member
 * proposes a new order of the agenda and the meeting adopts it by a vote of those present; the
 * meeting elects that member its chair among those present, who then chairs from the phone.
 * On the item under discussion a point of order goes ahead of a speaker for, and a speaker
 * against follows; the chair puts the item to the vote in the meeting, a member amends the
 * motion (voted in the meeting too), and both are decided by those present — hand counts on
 * the phones and the projector. The minutes list the vote under its item. People leave until
 * the quorum is lost (the words on the phones and the projector against a hand count), come
 * back, and the meeting adopts its minutes by a vote. Screenshots: the phone's page with the
 * order being proposed, with the chair's election being opened, and in Urdu; the projector
 * with the motion's live count.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { encode } from "uqr";
import { afterAll, beforeAll, expect, it } from "vitest";
import { openDevices, type TestDevices } from "./support/browser.js";
import { bodyChairedBy, type DemoBody } from "./support/demo-body.js";
import { apiAct, apiClose, apiGet, apiVoteAll } from "./support/hub-api.js";
import {
  type DemoPerson,
  type LanHub,
  lanAddress,
  startLanHub,
} from "./support/hub-process.js";
import {
  attendanceWords,
  showsAttendance,
} from "./support/meeting-attendance.js";
import { go, idInPath } from "./support/navigate.js";
import { signInAs } from "./support/people.js";
import { screenshotPath } from "./support/screenshots.js";

const lan = lanAddress();
let hub: LanHub;
let devices: TestDevices;
let body: DemoBody;
const keys = mkdtempSync(join(tmpdir(), "kenges-keys-"));

beforeAll(async () => {
  if (lan === undefined) return;
  hub = await startLanHub(lan);
  body = await bodyChairedBy(hub, "Drilling crew, Zhanaozen");
  devices = await openDevices({
    args: [`--ignore-certificate-errors-spki-list=${hub.spkiPin}`],
  });
}, 180_000);

afterAll(async () => {
  await devices?.close();
  await hub?.stop();
});

interface MeetingJson {
  present: { id: string }[];
  motions: string[];
  current: string | null;
  agenda: { id: string; title: Record<string, string> }[];
  chairs: { id: string }[] | null;
}

interface MotionJson {
  status: string;
  outcome: string | null;
  options: { label: string; member: string | null }[];
  amendments: { id: string }[];
  text: Record<string, string>;
  countSheet: { eligible: number; counted: { choice: { vote: string } }[] };
}

/** A phone 360 px wide, signed in as a person, on the hub's LAN address. */
async function phoneOf(person: DemoPerson): Promise<Page> {
  const page = await devices.open({ width: 360, height: 780 });
  await signInAs(page, hub.url, keys, person);
  return page;
}

const meetingOf = (id: string) =>
  apiGet<MeetingJson>(hub.url, `/api/meetings/${id}`, body.chair);
const motionOf = (id: string) =>
  apiGet<MotionJson>(hub.url, `/api/motions/${id}`, body.chair);

/** The dark modules of a QR drawn as the app draws it: `M{x} {y}h1v1h-1z` per module. */
function modulesOfPath(d: string): string[] {
  return [...d.matchAll(/M(\d+) (\d+)h1v1h-1z/g)]
    .map((m) => `${m[1]},${m[2]}`)
    .sort();
}

/** The dark modules of `text` as a QR (uqr, ECC level M, border 2: what a scanner would read). */
function modulesOf(text: string): string[] {
  const out: string[] = [];
  encode(text, { ecc: "M", border: 2 }).data.forEach((row, y) => {
    row.forEach((dark, x) => {
      if (dark) out.push(`${x},${y}`);
    });
  });
  return out.sort();
}

/**
 * What the projector's QR encodes, as a phone's camera would follow it: the link made of the
 * code shown under it and the projector's own origin (the LAN address), checked module by
 * module against the image on the wall, read in one go so the code cannot change in between.
 */
async function doorLink(projector: Page, meeting: string): Promise<URL> {
  const shown = (await projector.getByTestId("door").evaluate((door) => ({
    code: door.querySelector('[data-testid="door-code"]')?.textContent ?? "",
    d: door.querySelector("svg path")?.getAttribute("d") ?? "",
    origin: (globalThis as unknown as { location: { origin: string } }).location
      .origin,
  }))) as { code: string; d: string; origin: string };
  expect(shown.code).toMatch(/^[0-9a-f]{10}$/);
  expect(shown.origin).toBe(hub.url);
  const link = new URL(`/meetings/${meeting}?code=${shown.code}`, shown.origin);
  expect(modulesOfPath(shown.d)).toEqual(modulesOf(link.toString()));
  // Any other code draws another image: the QR is this link's and no other.
  expect(modulesOfPath(shown.d)).not.toEqual(
    modulesOf(link.toString().replace(shown.code, "0000000000")),
  );
  return link;
}

/** Checks a member in by following the projector's QR and pressing "I am here". */
async function checkInByQr(phone: Page, projector: Page, meeting: string) {
  const link = await doorLink(projector, meeting);
  expect(new URL(phone.url()).origin).toBe(link.origin);
  await go(phone, `${link.pathname}${link.search}`);
  const form = phone.getByTestId("check-in-form");
  // On a page already open, the scanned code arrives on the next render: wait for it.
  await expect
    .poll(() => form.getByLabel("The code on the projector").inputValue(), {
      timeout: 20_000,
    })
    .toBe(link.searchParams.get("code"));
  await form.getByRole("button", { name: "I am here" }).click();
  await phone.getByTestId("you-are-present").waitFor();
}

const agendaTitles = (page: Page) =>
  page
    .getByTestId("agenda")
    .locator(".agenda-title")
    .evaluateAll((xs) => xs.map((x) => x.textContent));

const queueOf = (page: Page) =>
  page
    .getByTestId("speaker-queue")
    .locator("li")
    .evaluateAll((xs) => xs.map((x) => x.textContent));

/** Casts a yes/no ballot on the motion's page, as a member present does on their phone. */
async function voteOnPhone(
  phone: Page,
  motion: string,
  choice: "Yes" | "No",
  present: number,
) {
  await go(phone, `/motions/${motion}`);
  await phone
    .getByTestId("meeting-electorate")
    .getByText(
      `A vote in a meeting: only the ${present} members present when it opened may vote.`,
    )
    .waitFor();
  await phone.getByRole("button", { name: choice, exact: true }).click();
  // The hub has the ballot only once the phone says so: a close before that leaves it out.
  await phone.getByText("Your ballot is counted in.").waitFor();
}

/** The ballots the hub counted on a closed motion, sorted (a hand count to compare with). */
async function countedVotes(motion: string): Promise<string[]> {
  const m = await motionOf(motion);
  expect(m.status).toBe("decided");
  return m.countSheet.counted.map((c) => c.choice.vote).sort();
}

it.skipIf(lan === undefined)(
  "holds a meeting on a --tls LAN hub: QR check-in, agenda and chair by vote, speakers, an amendment and a vote of those present, quorum lost and regained, minutes adopted",
  async () => {
    const url = new URL(hub.url);
    expect([url.protocol, url.hostname]).toEqual(["https:", lan]);
    const view = await apiGet<{
      memberList: { id: string }[];
      rules: { quorumPercent: number };
    }>(hub.url, `/api/bodies/${body.id}`, body.chair);
    const voters = view.memberList.length;
    const percent = view.rules.quorumPercent;
    const required = Math.max(1, Math.ceil((voters * percent) / 100));
    const [memberA, memberB] = body.named;
    expect(memberA && memberB).toBeTruthy();
    const a = memberA!;
    const b = memberB!;
    // Those present: the chair, A and B on phones, and as many more as a quorum needs, whom
    // the chair checks in at the door.
    const extra = body.others
      .filter((p) => p !== a && p !== b)
      .slice(0, Math.max(0, required - 3));
    const present = [body.chair, a, b, ...extra];
    expect(present.length).toBeGreaterThanOrEqual(required);

    // Convene: the chair, on the phone, from the body's page.
    const chair = await phoneOf(body.chair);
    expect(await chair.evaluate("window.isSecureContext")).toBe(true);
    await go(chair, `/bodies/${body.id}`);
    await chair
      .getByTestId("meetings")
      .getByRole("button", { name: "Convene a meeting" })
      .click();
    const form = chair.getByTestId("convene-form");
    await form.getByLabel("Title").fill("Crew assembly in the hall");
    await form.getByLabel(/^When/).fill("Thursday after the day shift");
    await form.getByRole("button", { name: "Convene a meeting" }).click();
    await chair
      .getByRole("heading", { level: 1, name: "Crew assembly in the hall" })
      .waitFor();
    const meeting = idInPath(chair);
    const propose = chair.getByTestId("propose-item");
    for (const title of ["Night-shift pay", "The canteen", "Safety boots"]) {
      await propose.getByLabel("A new agenda item").fill(title);
      await propose.getByRole("button", { name: "Propose the item" }).click();
      await chair.getByTestId("agenda").getByText(title).waitFor();
    }
    expect(await agendaTitles(chair)).toEqual([
      "Night-shift pay",
      "The canteen",
      "Safety boots",
    ]);

    // The projector, on the chair's laptop at the LAN address: the door's QR.
    const projector = await devices.open({ width: 1280, height: 800 });
    await signInAs(projector, hub.url, keys, body.chair);
    await go(projector, `/meetings/${meeting}/projector`);
    await projector.getByTestId("door-code").waitFor();
    expect(await projector.getByTestId("door-local-only").count()).toBe(0);

    // Check in: the chair checks themselves and the extras in at the door; A and B follow
    // the QR on their phones.
    const chairing = chair.getByTestId("chairing");
    await chairing
      .getByLabel("Check a member in")
      .selectOption(body.chair.publicKey);
    await chairing
      .getByRole("button", { name: "Check in", exact: true })
      .click();
    await chair.getByTestId("you-are-present").waitFor();
    for (const p of extra)
      await apiAct(hub.url, body.chair, body.id, "meeting.checked-in", {
        meeting,
        member: p.publicKey,
      });
    const pa = await phoneOf(a);
    const pb = await phoneOf(b);
    for (const phone of [pa, pb]) {
      expect(await phone.evaluate("window.isSecureContext")).toBe(true);
      await checkInByQr(phone, projector, meeting);
    }
    // Hand count: each of them once.
    expect(
      new Set((await meetingOf(meeting)).present.map((p) => p.id)),
    ).toEqual(new Set(present.map((p) => p.publicKey)));
    const all = attendanceWords(present.length, voters, percent);
    for (const page of [chair, pa, pb, projector])
      await showsAttendance(page, all);

    // Reorder the agenda by a vote: A proposes "Safety boots" first, after a confirm step.
    const byVote = pa.getByTestId("agenda-by-vote");
    await byVote
      .getByRole("button", { name: "Propose a new order by vote" })
      .click();
    const draft = byVote.getByTestId("agenda-draft");
    await byVote
      .getByText("This is the order the agenda has now: move an item first.")
      .waitFor();
    for (let i = 0; i < 2; i++)
      await draft
        .getByRole("button", { name: "Move “Safety boots” up" })
        .click();
    expect(
      await draft
        .locator(".agenda-title")
        .evaluateAll((xs) => xs.map((x) => x.textContent)),
    ).toEqual(["Safety boots", "Night-shift pay", "The canteen"]);
    await byVote
      .getByRole("button", { name: "Put this order to the vote" })
      .click();
    const orderStep = byVote.getByTestId("confirm-step");
    await orderStep.getByText(/Those present now vote on this order/).waitFor();
    await pa.screenshot({
      path: screenshotPath("meeting-lan-order-by-vote.png"),
      fullPage: true,
    });
    await orderStep
      .getByRole("button", { name: "Open the vote on the order" })
      .click();
    await pa
      .getByText(
        "The vote on the agenda's order is open: those present now may vote.",
      )
      .waitFor();
    await expect
      .poll(async () => (await meetingOf(meeting)).motions.length, {
        timeout: 30_000,
      })
      .toBe(1);
    const order = (await meetingOf(meeting)).motions[0]!;
    // Those present vote: A and B on their phones (yes, no), the others through the hub (yes).
    await voteOnPhone(pa, order, "Yes", present.length);
    await voteOnPhone(pb, order, "No", present.length);
    await apiVoteAll(hub.url, [body.chair, ...extra], body.id, order, {
      vote: "yes",
    });
    await apiClose(hub.url, body.chair, order);
    expect(await countedVotes(order)).toEqual(
      ["no", ...Array(present.length - 1).fill("yes")].sort(),
    );
    expect((await motionOf(order)).outcome).toBe("adopted");
    const reordered = ["Safety boots", "Night-shift pay", "The canteen"];
    await go(pa, `/meetings/${meeting}`);
    await go(pb, `/meetings/${meeting}`);
    for (const page of [chair, pa, pb, projector])
      await expect
        .poll(() => agendaTitles(page), { timeout: 30_000 })
        .toEqual(reordered);

    // The meeting elects its chair among those present: the chair opens it on the phone.
    const election = chair.getByTestId("chair-election");
    await election.getByRole("button", { name: "Choose candidates" }).click();
    for (const p of [a, b])
      await election.getByLabel(p.name, { exact: true }).check();
    await election.getByRole("button", { name: "Open the election" }).click();
    const electStep = election.getByTestId("confirm-step");
    await electStep.getByText(/Those present now elect one of/).waitFor();
    expect(
      await electStep
        .locator("li")
        .evaluateAll((xs) => xs.map((x) => x.textContent)),
    ).toEqual(
      (await meetingOf(meeting)).present
        .map((p) => present.find((x) => x.publicKey === p.id)!)
        .filter((p) => p === a || p === b)
        .map((p) => p.name),
    );
    await chair.screenshot({
      path: screenshotPath("meeting-lan-elect-chair.png"),
      fullPage: true,
    });
    await electStep.getByRole("button", { name: "Open the election" }).click();
    await chair
      .getByText(
        "The election of the meeting's chair is open: those present now may vote.",
      )
      .waitFor();
    await expect
      .poll(async () => (await meetingOf(meeting)).motions.length, {
        timeout: 30_000,
      })
      .toBe(2);
    const chairVote = (await meetingOf(meeting)).motions[1]!;
    const options = (await motionOf(chairVote)).options;
    expect(new Set(options.map((o) => o.member))).toEqual(
      new Set([a.publicKey, b.publicKey]),
    );
    const pickA = options.findIndex((o) => o.member === a.publicKey);
    await apiVoteAll(hub.url, present, body.id, chairVote, { pick: pickA });
    await apiClose(hub.url, body.chair, chairVote);
    for (const page of [chair, pa, pb, projector])
      await expect
        .poll(() => page.getByTestId("meeting-chairs").textContent(), {
          timeout: 30_000,
        })
        .toBe(`Chaired by: ${a.name}`);
    await pa
      .getByTestId("chair-election")
      .getByText(/^The meeting has elected its chair\./)
      .waitFor();
    // The new buttons in Urdu, right to left, on A's phone.
    const language = pa.locator(".lang-switch select");
    await language.selectOption("ur");
    await pa.locator('html[dir="rtl"][lang="ur"]').waitFor();
    await pa
      .getByTestId("agenda-by-vote")
      .getByRole("button", { name: "ووٹ کے ذریعے نئی ترتیب تجویز کریں" })
      .waitFor();
    await pa
      .getByTestId("chair-election")
      .getByRole("heading", { name: "اجلاس کا صدر منتخب کریں" })
      .waitFor();
    await pa.screenshot({
      path: screenshotPath("meeting-lan-ur.png"),
      fullPage: true,
    });
    await language.selectOption("en");
    await pa.locator('html[dir="ltr"][lang="en"]').waitFor();
    // A chairs from the phone now; the body's chair no longer has the tools here.
    await pa.getByTestId("chairing").waitFor();
    await expect
      .poll(() => chair.getByTestId("chairing").count(), { timeout: 30_000 })
      .toBe(0);

    // A opens the first item. B asks to speak for; the chair raises a point of order, which
    // goes ahead; A gives the floor to it, then the chair asks to speak against.
    const boots = pa.getByTestId("agenda").locator("li", {
      hasText: "Safety boots",
    });
    await boots.getByRole("button", { name: "Open this item" }).click();
    await boots.getByText("Under discussion").waitFor();
    await pb.getByRole("button", { name: "Speak for" }).click();
    await pb.getByText("You are waiting to speak.").waitFor();
    await chair.getByRole("button", { name: "Point of order" }).click();
    await chair.getByText("You are waiting to speak.").waitFor();
    for (const page of [pa, pb, chair, projector])
      await expect
        .poll(() => queueOf(page), { timeout: 30_000 })
        .toEqual([`${body.chair.name} point of order`, `${b.name} for`]);
    await pa
      .getByRole("button", { name: `Give the floor to ${body.chair.name}` })
      .click();
    for (const page of [pa, pb, projector])
      await expect
        .poll(() => page.getByTestId("speaking-now").textContent(), {
          timeout: 30_000,
        })
        .toBe(`Speaking now: ${body.chair.name} point of order`);
    await chair.getByRole("button", { name: "Speak against" }).click();
    for (const page of [pa, projector])
      await expect
        .poll(() => queueOf(page), { timeout: 30_000 })
        .toEqual([`${b.name} for`, `${body.chair.name} against`]);
    await pa
      .getByRole("button", { name: `Give the floor to ${b.name}` })
      .click();
    await expect
      .poll(() => projector.getByTestId("speaking-now").textContent(), {
        timeout: 30_000,
      })
      .toBe(`Speaking now: ${b.name} for`);
    await pa
      .getByRole("button", { name: `Give the floor to ${body.chair.name}` })
      .click();
    await expect
      .poll(() => projector.getByTestId("speaking-now").textContent(), {
        timeout: 30_000,
      })
      .toBe(`Speaking now: ${body.chair.name} against`);

    // A puts the item to the vote in the meeting; B amends the motion on its page.
    await pa
      .getByTestId("meeting-votes")
      .getByRole("button", { name: "Put to the vote in this meeting" })
      .click();
    await expect
      .poll(async () => (await meetingOf(meeting)).motions.length, {
        timeout: 30_000,
      })
      .toBe(3);
    const motion = (await meetingOf(meeting)).motions[2]!;
    await go(pb, `/motions/${motion}`);
    await pb.getByRole("button", { name: "Propose an amendment" }).click();
    await pb
      .getByTestId("amend-in-meeting")
      .getByText(/your amendment is too, by those present when it opens/)
      .waitFor();
    await pb.getByLabel("Title (English)").fill("Boots for every shift");
    await pb
      .getByLabel("Text (English)")
      .fill("Safety boots for every shift, replaced each year.");
    await pb.getByRole("button", { name: "Propose it" }).click();
    await pb.getByText("Your amendment is open.").waitFor();
    await expect
      .poll(async () => (await meetingOf(meeting)).motions.length, {
        timeout: 30_000,
      })
      .toBe(4);
    const amendment = (await meetingOf(meeting)).motions[3]!;
    expect((await motionOf(motion)).amendments.map((x) => x.id)).toEqual([
      amendment,
    ]);

    // Those present decide the amendment (A and B on the phones): the projector shows the
    // latest vote of the meeting, the amendment, counted live.
    await voteOnPhone(pa, amendment, "Yes", present.length);
    await voteOnPhone(pb, amendment, "Yes", present.length);
    await apiVoteAll(hub.url, [body.chair, ...extra], body.id, amendment, {
      vote: "yes",
    });
    const allYes = `Yes ${present.length} · No 0 · Abstain 0`;
    await expect
      .poll(
        () =>
          projector
            .locator(`[data-testid="meeting-vote"][data-motion="${amendment}"]`)
            .getByTestId("meeting-vote-count")
            .textContent(),
        { timeout: 30_000 },
      )
      .toBe(allYes);
    await apiClose(hub.url, a, amendment);
    // Hand count: everyone present, yes; adopted, its text replaces the motion's.
    expect(await countedVotes(amendment)).toEqual(
      Array(present.length).fill("yes"),
    );
    expect((await motionOf(amendment)).outcome).toBe("adopted");
    expect((await motionOf(motion)).text.en).toBe(
      "Safety boots for every shift, replaced each year.",
    );
    await voteOnPhone(pa, motion, "Yes", present.length);
    await voteOnPhone(pb, motion, "Yes", present.length);
    await apiVoteAll(hub.url, [body.chair, ...extra], body.id, motion, {
      vote: "yes",
    });
    await go(pa, `/meetings/${meeting}`);
    await go(pb, `/meetings/${meeting}`);
    // The amendment decided, the projector shows the motion, still open, counted live.
    for (const page of [pa, pb, projector])
      await expect
        .poll(
          () =>
            page
              .locator(`[data-testid="meeting-vote"][data-motion="${motion}"]`)
              .getByTestId("meeting-vote-count")
              .textContent(),
          { timeout: 30_000 },
        )
        .toBe(allYes);
    await projector.screenshot({
      path: screenshotPath("meeting-lan-projector.png"),
    });
    await apiClose(hub.url, a, motion);
    expect(await countedVotes(motion)).toEqual(
      Array(present.length).fill("yes"),
    );

    // The minutes list the vote (with its amendment) under the item it decided.
    const minutes = await apiGet<{
      items: {
        title: Record<string, string>;
        votes?: { id: string; amendments: { id: string }[] }[];
      }[];
    }>(hub.url, `/api/meetings/${meeting}/minutes`, body.chair);
    expect(minutes.items.map((i) => i.title.en)).toEqual(reordered);
    expect(minutes.items[0]!.votes).toEqual([
      expect.objectContaining({
        id: motion,
        amendments: [expect.objectContaining({ id: amendment })],
      }),
    ]);
    expect(minutes.items.slice(1).every((i) => i.votes === undefined)).toBe(
      true,
    );

    // People leave: B on the phone, then A checks out the body's chair and others (not
    // themselves) until the meeting is short of its quorum — said on the phones and the
    // projector, by hand count.
    await pb.getByRole("button", { name: "I am leaving" }).click();
    await pb.getByTestId("check-in-form").waitFor();
    let here = present.length - 1;
    await showsAttendance(pa, attendanceWords(here, voters, percent));
    await pa.getByTestId("attendance").locator("summary").click();
    // The body's chair goes too, and then others while a quorum is still there.
    for (const [i, p] of [body.chair, ...extra].entries()) {
      if (i > 0 && here < required) break;
      await pa
        .getByTestId("present-list")
        .getByRole("button", { name: `Check ${p.name} out` })
        .click();
      here--;
      await showsAttendance(pa, attendanceWords(here, voters, percent));
    }
    expect(here).toBeLessThan(required);
    expect((await meetingOf(meeting)).present).toHaveLength(here);
    const short = attendanceWords(here, voters, percent);
    expect(short.quorum.startsWith("No quorum yet.")).toBe(true);
    for (const page of [chair, pa, pb, projector])
      await showsAttendance(page, short);
    await pa
      .getByTestId("meeting-votes")
      .getByText("A vote in the meeting needs a quorum of those present.")
      .waitFor();

    // They come back: A, chairing, checks everyone in at the door again.
    const still = (await meetingOf(meeting)).present.map((p) => p.id);
    for (const p of present.filter((x) => !still.includes(x.publicKey))) {
      await pa
        .getByTestId("chairing")
        .getByLabel("Check a member in")
        .selectOption(p.publicKey);
      await pa
        .getByTestId("chairing")
        .getByRole("button", { name: "Check in", exact: true })
        .click();
      await pa
        .getByTestId("present-list")
        .getByText(p.name, { exact: true })
        .waitFor({ state: "attached" });
    }
    for (const page of [chair, pa, pb, projector])
      await showsAttendance(page, all);

    // The minutes adopted by a vote of those present: the phones say they match.
    const { hash } = await apiGet<{ hash: string }>(
      hub.url,
      `/api/meetings/${meeting}/minutes`,
      body.chair,
    );
    const minutesCard = pa.getByTestId("minutes");
    await minutesCard.getByText("The minutes are not adopted yet.").waitFor();
    await minutesCard
      .getByRole("button", { name: "Adopt the minutes by a vote" })
      .click();
    await expect
      .poll(async () => (await meetingOf(meeting)).motions.length, {
        timeout: 30_000,
      })
      .toBe(5);
    const adoption = (await meetingOf(meeting)).motions[4]!;
    await voteOnPhone(pb, adoption, "Yes", present.length);
    await apiVoteAll(
      hub.url,
      present.filter((p) => p !== b),
      body.id,
      adoption,
      { vote: "yes" },
    );
    await apiClose(hub.url, a, adoption);
    expect(await countedVotes(adoption)).toEqual(
      Array(present.length).fill("yes"),
    );
    await go(pb, `/meetings/${meeting}`);
    for (const page of [pa, pb, chair]) {
      await expect
        .poll(
          () =>
            page
              .getByTestId("minutes")
              .getByTestId("minutes-adopted")
              .getAttribute("data-state"),
          { timeout: 30_000 },
        )
        .toBe("matches");
      await page
        .getByTestId("minutes")
        .getByText("The meeting adopted these minutes.")
        .waitFor();
    }
    const adopted = await apiGet<{
      hash: string;
      adopted: { motion: string; matches: boolean };
    }>(hub.url, `/api/meetings/${meeting}/minutes`, body.chair);
    expect(adopted.hash).toBe(hash);
    expect(adopted.adopted).toMatchObject({ motion: adoption, matches: true });
  },
  900_000,
);
