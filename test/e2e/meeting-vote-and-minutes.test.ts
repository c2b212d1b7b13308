/**
 * A vote in a meeting, the speaker's countdown and the minutes, on phones 360 px wide and a
 * projector. The chair sets the speaking time from their phone and gives the floor: the phones
 * and the projector count the speaker's time down each second. On the current item the chair
 * puts it to the vote in this meeting: the vote shows how many present at its opening may vote
 * (a hand count of those checked in), two present members vote on their phones and the count
 * matches the hand count; a member checked in after the opening reads in words that the vote is
 * not theirs, and the hub refuses their ballot. The minutes link opens the minutes as an HTML
 * page naming the meeting and those present; the meeting adopts them by a vote, and the page
 * says the adopted minutes match. Then the meeting elects A its chair by instant runoff, opened
 * from the chair's phone among the core's one-seat methods; A and B rank on their phones, and
 * the rounds match a hand count (plurality would have elected B). A is named on the phones
 * and the projector, A's phone shows the chair's tools and the body's chair's no longer does,
 * and the election, a vote in the meeting, changes the minutes, so the page says the adopted
 * ones no longer match. Screenshots: the phone and the projector with the vote.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { electionMethodsFor } from "../../src/core/index.js";
import { openDevices, type TestDevices } from "./support/browser.js";
import { bodyChairedBy, type DemoBody } from "./support/demo-body.js";
import {
  apiAct,
  apiClose,
  apiGet,
  apiPost,
  apiSign,
  apiVoteAll,
} from "./support/hub-api.js";
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
  body = await bodyChairedBy(hub, "Drilling crew, Zhanaozen");
  devices = await openDevices();
}, 180_000);

afterAll(async () => {
  await devices?.close();
  await hub?.stop();
});

interface MeetingJson {
  present: { id: string; name: string }[];
  motions: string[];
  speakers: {
    item: string;
    speaking: { floorAt?: number } | null;
    speakingUntil: number | null;
  }[];
  speakingSeconds: number | null;
  minutesAdopted: { motion: string; hash: string } | null;
}

/** A phone 360 px wide, signed in as a person. */
async function phoneOf(person: DemoPerson): Promise<Page> {
  const page = await devices.open({ width: 360, height: 780 });
  await signInAs(page, hub.url, keys, person);
  return page;
}

const meetingOf = (id: string) =>
  apiGet<MeetingJson>(hub.url, `/api/meetings/${id}`, body.chair);

it("counts a speaker's time down, takes a vote among those present at its opening, opens and adopts the minutes, and follows the chair the meeting elects", async () => {
  const view = await apiGet<{
    memberList: { id: string }[];
    rules: { quorumPercent: number };
  }>(hub.url, `/api/bodies/${body.id}`, body.chair);
  const voters = view.memberList.length;
  const required = Math.max(
    1,
    Math.ceil((voters * view.rules.quorumPercent) / 100),
  );
  // Those present at the opening: the chair and enough members for a quorum, at least nine
  // (the chair's election below counts nine ballots); one more named member comes late.
  const [a, b, late] = body.named;
  expect(a && b && late).toBeTruthy();
  // Named members first: the third candidate for the meeting's chair is found by name.
  const extra = [
    ...body.named,
    ...body.others.filter((p) => !body.named.includes(p)),
  ].filter((p) => p !== a && p !== b && p !== late);
  const present = [body.chair, a!, b!, ...extra].slice(
    0,
    Math.max(9, required),
  );
  expect(present.length).toBeGreaterThanOrEqual(required);
  expect(body.named).toContain(present[3]);

  // The meeting, its first item open, those present checked in by the chair.
  const meeting = await apiAct(
    hub.url,
    body.chair,
    body.id,
    "meeting.convened",
    {
      title: { en: "Overtime assembly" },
      when: "Monday after the day shift",
      place: "the canteen",
    },
  );
  const item = await apiAct(
    hub.url,
    body.chair,
    body.id,
    "meeting.item-proposed",
    { meeting, kind: "point", title: { en: "Overtime on Sundays" } },
  );
  await apiAct(hub.url, body.chair, body.id, "meeting.item-opened", {
    meeting,
    item,
  });
  for (const p of present)
    await apiAct(hub.url, body.chair, body.id, "meeting.checked-in", {
      meeting,
      member: p.publicKey,
    });

  // The chair sets the speaking time on the phone; it is said in words on the page.
  const chair = await phoneOf(body.chair);
  await go(chair, `/meetings/${meeting}`);
  await chair.getByTestId("meeting-page").waitFor();
  await chair
    .getByText("Chaired by the body's chairs", { exact: false })
    .waitFor();
  const timeForm = chair.getByTestId("speaking-time");
  await timeForm.getByText("No speaking time is set.").waitFor();
  await timeForm
    .getByLabel("Each speaker's time, in seconds (10 to 3600)")
    .fill("90");
  await timeForm.getByRole("button", { name: "Set the speaking time" }).click();
  await timeForm.getByText("Each speaker may speak for 90 seconds.").waitFor();
  expect((await meetingOf(meeting)).speakingSeconds).toBe(90);

  // A asks to speak; the chair gives the floor on the phone.
  await apiAct(hub.url, a!, body.id, "meeting.speaker-requested", {
    meeting,
    item,
    side: "pro",
  });
  await chair
    .getByRole("button", { name: `Give the floor to ${a!.name}` })
    .click();
  const pa = await phoneOf(a!);
  await go(pa, `/meetings/${meeting}`);
  const projector = await devices.open({ width: 1280, height: 800 });
  await signInAs(projector, hub.url, keys, body.chair);
  await go(projector, `/meetings/${meeting}/projector`);
  await projector.getByTestId("projector").waitFor();

  // The hub's countdown ends 90 s after the floor was given, by the floor-given's time.
  const floor = (await meetingOf(meeting)).speakers.find(
    (s) => s.item === item,
  )!;
  expect(floor.speaking?.floorAt).toBeGreaterThan(0);
  expect(floor.speakingUntil).toBe(floor.speaking!.floorAt! + 90_000);
  // Each screen shows the time left, and it ticks: the figure changes on its own.
  for (const page of [chair, pa, projector]) {
    const clock = page.getByTestId("speaking-clock");
    await clock.waitFor();
    const text = (await clock.textContent())!;
    expect(text).toMatch(/^(Time left: \d:\d\d|Time is up\.)$/);
    const left = Number(await clock.getAttribute("data-left"));
    expect(left).toBeLessThanOrEqual(90);
    if (left > 0)
      await expect
        .poll(async () => Number(await clock.getAttribute("data-left")), {
          timeout: 30_000,
        })
        .toBeLessThan(left);
  }
  expect(
    await projector
      .getByTestId("speaking-clock")
      .evaluate((e) => e.classList.contains("large")),
  ).toBe(true);

  // The chair puts the item to the vote in this meeting.
  await chair
    .getByRole("button", { name: "Put to the vote in this meeting" })
    .click();
  const vote = chair.getByTestId("meeting-vote");
  await vote.waitFor();
  const motion = (await vote.getAttribute("data-motion"))!;
  expect(motion).toMatch(/^[0-9a-f]{64}$/);
  expect((await meetingOf(meeting)).motions).toEqual([motion]);
  // Hand count: those checked in before the opening, each once.
  const atOpening = (await meetingOf(meeting)).present.map((p) => p.id);
  expect(new Set(atOpening)).toEqual(new Set(present.map((p) => p.publicKey)));
  const mayVote = `${present.length} present at its opening may vote`;
  for (const page of [chair, projector])
    await expect
      .poll(
        () => page.getByTestId("meeting-vote-electorate").first().textContent(),
        { timeout: 30_000 },
      )
      .toBe(mayVote);
  await projector
    .getByTestId("meeting-vote")
    .getByText("Overtime on Sundays")
    .waitFor();
  expect(
    await vote
      .getByRole("link", { name: "The motion and its vote" })
      .getAttribute("href"),
  ).toBe(`/motions/${motion}`);

  // The late member checks in after the opening.
  await apiAct(hub.url, body.chair, body.id, "meeting.checked-in", {
    meeting,
    member: late!.publicKey,
  });

  // A votes yes and B no on their phones, from the motion page the meeting links to.
  const pb = await phoneOf(b!);
  for (const [page, choice] of [
    [pa, "Yes"],
    [pb, "No"],
  ] as const) {
    await go(page, `/motions/${motion}`);
    await page
      .getByTestId("meeting-electorate")
      .getByText(
        `A vote in a meeting: only the ${present.length} members present when it opened may vote.`,
      )
      .waitFor();
    await page.getByRole("button", { name: choice, exact: true }).click();
  }
  // The chair votes yes through the hub: a hand count of yes 2, no 1, abstain 0.
  await apiVoteAll(hub.url, [body.chair], body.id, motion, { vote: "yes" });
  await go(chair, `/meetings/${meeting}`);
  for (const page of [chair, projector]) {
    await expect
      .poll(
        () => page.getByTestId("meeting-vote-count").first().textContent(),
        { timeout: 30_000 },
      )
      .toBe("Yes 2 · No 1 · Abstain 0");
  }
  await chair.screenshot({
    path: screenshotPath("meeting-vote-en.png"),
    fullPage: true,
  });
  await projector.screenshot({
    path: screenshotPath("meeting-vote-projector.png"),
  });

  // The late member reads in words that this vote is not theirs; no ballot is offered, and
  // the hub refuses one signed anyway.
  const pl = await phoneOf(late!);
  await go(pl, `/motions/${motion}`);
  await pl
    .getByTestId("not-on-meeting-roll")
    .getByText(
      "You were not present in the meeting when this vote opened, so you do not vote on it.",
    )
    .waitFor();
  expect(
    await pl.getByRole("button", { name: "Yes", exact: true }).count(),
  ).toBe(0);
  const refused = await apiPost(
    hub.url,
    await apiSign(hub.url, late!, body.id, "ballot.cast", {
      motion,
      choice: { vote: "yes" },
    }),
  );
  expect(refused.invalid?.code).toBe("NOT_PRESENT_AT_OPENING");

  // The chair closes it: the hub's count is the hand count.
  await apiClose(hub.url, body.chair, motion);
  const closed = await apiGet<{
    status: string;
    countSheet: { eligible: number; counted: { choice: { vote: string } }[] };
  }>(hub.url, `/api/motions/${motion}`, body.chair);
  expect(closed.status).toBe("decided");
  expect(closed.countSheet.eligible).toBe(present.length);
  const votes = closed.countSheet.counted.map((c) => c.choice.vote).sort();
  expect(votes).toEqual(["no", "yes", "yes"]);

  // The minutes: the link opens them as a page naming the meeting and those present.
  const minutes = chair.getByTestId("minutes");
  await minutes.getByText("The minutes are not adopted yet.").waitFor();
  const [page] = await Promise.all([
    chair.context().waitForEvent("page"),
    minutes.getByRole("link", { name: "Read the minutes" }).click(),
  ]);
  await page.locator("h1").getByText("Overtime assembly").waitFor();
  const html = (await page.locator("body").textContent())!;
  for (const p of [...present, late!]) expect(html).toContain(p.name);
  expect(html).toContain("Overtime on Sundays");
  await page.close();

  // The meeting adopts them by a vote naming their hash: the page says they match.
  const { hash } = await apiGet<{ hash: string }>(
    hub.url,
    `/api/meetings/${meeting}/minutes`,
    body.chair,
  );
  expect(await minutes.getByTestId("minutes-hash").textContent()).toBe(
    hash.slice(0, 16),
  );
  await minutes
    .getByRole("button", { name: "Adopt the minutes by a vote" })
    .click();
  await expect
    .poll(async () => (await meetingOf(meeting)).motions.length, {
      timeout: 30_000,
    })
    .toBe(2);
  const adoption = (await meetingOf(meeting)).motions[1]!;
  await apiVoteAll(hub.url, present, body.id, adoption, { vote: "yes" });
  await apiClose(hub.url, body.chair, adoption);
  expect((await meetingOf(meeting)).minutesAdopted).toMatchObject({
    motion: adoption,
    hash,
  });
  await expect
    .poll(
      () => minutes.getByTestId("minutes-adopted").getAttribute("data-state"),
      { timeout: 30_000 },
    )
    .toBe("matches");
  await minutes.getByText("The meeting adopted these minutes.").waitFor();

  // The meeting elects its own chair, opened from the body's chair's phone by instant runoff
  // among A, B and C. Nine ballots, counted by hand: first preferences A 3, B 4, C 2; C is
  // out and both C ballots go on to A: A 5, B 4 — A is elected (plurality would elect B).
  const c = present[3]!;
  const card = chair.getByTestId("chair-election");
  await card.getByRole("button", { name: "Choose candidates" }).click();
  for (const p of [a!, b!, c])
    await card.getByLabel(p.name, { exact: true }).check();
  const method = card.getByLabel("Counting method");
  // The core's methods for one seat, plurality first as before; STV is for more seats.
  expect(await method.inputValue()).toBe("plurality");
  const offered = await method
    .locator("option")
    // The value the select takes (the attribute is left out where it equals the option's text).
    .evaluateAll((os) =>
      os.map((o) => (o as unknown as { value: string }).value),
    );
  expect(offered).toEqual([...electionMethodsFor(1)]);
  expect(offered).toEqual(expect.arrayContaining(["irv", "schulze"]));
  expect(offered).not.toContain("scottish-stv");
  await method.selectOption("irv");
  await card.getByRole("button", { name: "Open the election" }).click();
  await card
    .getByTestId("chair-election-method")
    .getByText("Counted by: instant runoff (ranked).")
    .waitFor();
  await card.getByRole("button", { name: "Open the election" }).click();
  await card
    .getByText(
      "The election of the meeting's chair is open: those present now may vote.",
    )
    .waitFor();
  await expect
    .poll(async () => (await meetingOf(meeting)).motions.length, {
      timeout: 30_000,
    })
    .toBe(3);
  const election = (await meetingOf(meeting)).motions[2]!;
  const opened = await apiGet<{
    method: string;
    seats: number;
    options: { member?: string }[];
  }>(hub.url, `/api/motions/${election}`, body.chair);
  expect(opened).toMatchObject({ method: "irv", seats: 1 });
  const option = (p: DemoPerson) =>
    opened.options.findIndex((o) => o.member === p.publicKey);
  expect(new Set([a!, b!, c].map(option))).toEqual(new Set([0, 1, 2]));
  const rank = (...ps: DemoPerson[]) => ({
    ranking: ps.map((p) => [option(p)]),
  });

  // A and B rank on their phones with the ranking editor; seven more vote through the hub.
  for (const [page, order] of [
    [pa, [a!, c, b!]],
    [pb, [b!, c, a!]],
  ] as const) {
    await go(page, `/motions/${election}`);
    const unranked = page.locator(".unranked");
    for (const p of order)
      await unranked.getByRole("button", { name: p.name }).click();
    await expect
      .poll(() => page.locator("ol.ranked .label").allTextContents())
      .toEqual(order.map((p) => p.name));
    await page.getByRole("button", { name: "Cast the ballot" }).click();
    await page.getByText("Your ballot is counted in.").waitFor();
  }
  const [e1, e2, e3, e4, e5] = present.slice(4, 9);
  await apiVoteAll(
    hub.url,
    [body.chair, e1!, e2!],
    body.id,
    election,
    rank(b!, c, a!),
  );
  await apiVoteAll(hub.url, [e3!, e4!], body.id, election, rank(a!, c, b!));
  await apiVoteAll(hub.url, [c, e5!], body.id, election, rank(c, a!, b!));
  await apiClose(hub.url, body.chair, election);
  const decided = await apiGet<{
    outcome: string;
    result: {
      election: {
        elected: number[];
        valid: number;
        rounds: { tallies: number[]; excluded: number[] }[];
      };
    };
  }>(hub.url, `/api/motions/${election}`, body.chair);
  expect(decided.outcome).toBe("elected");
  const count = decided.result.election;
  expect(count.valid).toBe(9);
  const byName = (tallies: number[]) =>
    Object.fromEntries(
      [a!, b!, c].map((p, i) => [["A", "B", "C"][i], tallies[option(p)]]),
    );
  expect(byName(count.rounds[0]!.tallies)).toEqual({ A: 3, B: 4, C: 2 });
  expect(count.rounds.flatMap((r) => r.excluded)).toContain(option(c));
  expect(byName(count.rounds.at(-1)!.tallies)).toEqual({ A: 5, B: 4, C: 0 });
  expect(count.elected).toEqual([option(a!)]);
  const chaired = `Chaired by: ${a!.name}`;
  await go(pa, `/meetings/${meeting}`);
  for (const page of [chair, pa, projector])
    await expect
      .poll(() => page.getByTestId("meeting-chairs").textContent(), {
        timeout: 30_000,
      })
      .toBe(chaired);
  // The chair's tools follow the meeting's chair: A has them, the body's chair no longer.
  await pa.getByTestId("chairing").waitFor();
  await expect
    .poll(() => chair.getByTestId("chairing").count(), { timeout: 30_000 })
    .toBe(0);
  // The election is in the minutes now: the adopted ones no longer match, and the page says so.
  await expect
    .poll(
      () => minutes.getByTestId("minutes-adopted").getAttribute("data-state"),
      { timeout: 30_000 },
    )
    .toBe("changed");
  const after = await apiGet<{ hash: string; adopted: { matches: boolean } }>(
    hub.url,
    `/api/meetings/${meeting}/minutes`,
    body.chair,
  );
  expect(after.hash).not.toBe(hash);
  expect(after.adopted.matches).toBe(false);
}, 600_000);
