/**
 * A timed motion on a phone. The chair puts a resolution with a closing time from the body
 * page. A member sees it waiting with its closing time, votes before the deadline and watches
 * the countdown; after the deadline two others say it has passed, and the member's word — the
 * third, after a confirm step that says the vote closes now and what the ballots give —
 * closes it, with no chair. Nothing closed the motion when the time came: the words did. The
 * page after the deadline reads right to left in Urdu. A second vote with the same closing
 * time the member misses: once the chair closes it, it leaves "waiting for you" and its page
 * says it closed without the member's ballot.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { openBrowser, type TestBrowser } from "./support/browser.js";
import { bodyChairedBy, type DemoBody } from "./support/demo-body.js";
import { apiAct, apiClose, apiGet } from "./support/hub-api.js";
import { startDemoHub, type TestHub } from "./support/hub-process.js";
import { go, idInPath } from "./support/navigate.js";
import { signInAs } from "./support/people.js";

let hub: TestHub;
let b: TestBrowser | null = null;
let body: DemoBody;

beforeAll(async () => {
  hub = await startDemoHub();
  body = await bodyChairedBy(hub, "Drilling crew, Zhanaozen");
}, 180_000);

afterAll(async () => {
  await b?.close();
  await hub?.stop();
});

/** A datetime-local value (this machine's time zone, as the browser's) for `ms`. */
function localInput(ms: number): string {
  const d = new Date(ms);
  const two = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())}T${two(d.getHours())}:${two(d.getMinutes())}`;
}

interface Shown {
  status: string;
  closesAt: number | null;
  closedByDeadline: boolean;
  deadline: { attesters: { id: string }[]; needed: number } | null;
}

it("a chair opens a timed motion; a member votes before the deadline, and after it the members' words close it", async () => {
  // The form takes minutes: the first whole minute at least 50 s away.
  const closesAt = Math.ceil((Date.now() + 50_000) / 60_000) * 60_000;
  b = await openBrowser({ width: 360, height: 780 });
  let p = b.page;
  await signInAs(
    p,
    hub.url,
    mkdtempSync(join(tmpdir(), "kenges-keys-")),
    body.chair,
  );
  await go(p, `/bodies/${body.id}`);
  await p.getByRole("button", { name: "Put a motion" }).click();
  await p.getByLabel("Kind of motion").selectOption("resolution");
  await p.getByLabel("Title (English)").fill("Heated rest cabins");
  await p
    .getByLabel("Text (English)")
    .fill("Every rig gets a heated cabin for breaks.");
  await p.getByLabel("Closing time (optional)").fill(localInput(closesAt));
  await p.getByRole("button", { name: "Put the motion" }).click();
  await p.getByTestId("motion-status").getByText("open").waitFor();
  const motion = idInPath(p);
  await p.getByTestId("deadline-countdown").waitFor();
  await b.close();
  b = null;

  const opened = await apiGet<Shown>(
    hub.url,
    `/api/motions/${motion}`,
    body.chair,
  );
  expect(opened.closesAt).toBe(closesAt);
  // The crew's voters: k is 3.
  expect(opened.deadline?.needed).toBe(3);
  // The vote the member will miss, with the same closing time.
  const missed = await apiAct(hub.url, body.chair, body.id, "motion.opened", {
    kind: "resolution",
    title: { en: "A second water tanker" },
    text: { en: "The crew asks for a second water tanker on the rigs." },
    closesAt,
  });

  const [member, second, third] = body.named as [
    (typeof body.named)[number],
    (typeof body.named)[number],
    (typeof body.named)[number],
  ];
  b = await openBrowser({ width: 360, height: 780 });
  p = b.page;
  await signInAs(
    p,
    hub.url,
    mkdtempSync(join(tmpdir(), "kenges-keys-")),
    member,
  );
  await go(p, "/");
  const item = p.locator(
    `[data-testid="waiting-item"][data-key="motion ${motion}"]`,
  );
  await item.waitFor({ timeout: 60_000 });
  await p
    .locator(`[data-testid="waiting-item"][data-key="motion ${missed}"]`)
    .waitFor();
  expect(await item.getByTestId("waiting-closes").textContent()).toMatch(
    /^Closes: /,
  );

  // Before the deadline: a countdown, a vote, and no way for members to close it yet.
  await item.getByRole("link").click();
  const countdown = p.getByTestId("deadline-countdown");
  await countdown.waitFor();
  expect(await countdown.textContent()).toMatch(/^Time left: \d+:\d\d:\d\d$/);
  expect(Date.now()).toBeLessThan(closesAt);
  await p.getByRole("button", { name: "Yes", exact: true }).click();
  await p.getByText("Your ballot is counted in.").waitFor();
  expect(await p.getByTestId("say-deadline-passed").count()).toBe(0);
  await apiAct(hub.url, second, body.id, "ballot.cast", {
    motion,
    choice: { vote: "no" },
  });

  // After it: nothing closed by itself; the page says so and offers the members' way.
  await p
    .getByTestId("deadline-passed")
    .waitFor({ timeout: closesAt - Date.now() + 30_000 });
  const still = await apiGet<Shown>(hub.url, `/api/motions/${motion}`, member);
  expect(still.status).toBe("open");
  for (const who of [second, third])
    await apiAct(hub.url, who, body.id, "motion.deadline-passed", { motion });
  await expect
    .poll(() => p.getByTestId("deadline-said").getAttribute("data-said"), {
      timeout: 30_000,
    })
    .toBe("2");

  // The same in Urdu, right to left, in words.
  const language = p.locator(".lang-switch select");
  await language.selectOption("ur");
  await p.locator('html[dir="rtl"][lang="ur"]').waitFor();
  expect(await p.getByTestId("deadline-passed").textContent()).toMatch(
    /^بند ہونے کا وقت گزر گیا ہے۔ صدر ابھی ووٹنگ بند کر سکتا ہے/,
  );
  await p.getByRole("button", { name: "وقت گزر گیا — بند کریں" }).waitFor();
  await language.selectOption("en");
  await p.locator('html[dir="ltr"][lang="en"]').waitFor();

  await p.getByTestId("say-deadline-passed").click();
  const step = p.getByTestId("confirm-step");
  await step
    .getByRole("heading", { name: "Say the closing time has passed?" })
    .waitFor();
  await step
    .getByText("Yours completes the 3 needed: the vote closes now")
    .waitFor();
  // What the ballots cast so far give, counted by the hub before anything is signed.
  const consequence = step
    .getByTestId("close-consequence")
    .and(p.locator(':not([data-outcome="loading"])'));
  await consequence.waitFor();
  const forecast = await consequence.getAttribute("data-outcome");
  await step.getByRole("button", { name: "Say it has passed" }).click();
  await p.getByTestId("motion-status").getByText("decided").waitFor();
  await p.getByTestId("closed-by-deadline").waitFor();

  const closed = await apiGet<Shown & { outcome: string }>(
    hub.url,
    `/api/motions/${motion}`,
    member,
  );
  expect(closed).toMatchObject({
    status: "decided",
    outcome: forecast,
    closedByDeadline: true,
  });
  expect(closed.deadline?.attesters).toHaveLength(3);

  // The one missed: the chair closes it after its time. It no longer waits for the member,
  // and its page says the vote closed without their ballot (the one voted says nothing so).
  expect(await p.getByTestId("missed-vote").count()).toBe(0);
  await apiAct(hub.url, second, body.id, "ballot.cast", {
    motion: missed,
    choice: { vote: "yes" },
  });
  await apiClose(hub.url, body.chair, missed);
  await go(p, "/");
  await p
    .getByTestId("waiting-item")
    .first()
    .or(p.getByTestId("waiting-empty"))
    .waitFor({ timeout: 30_000 });
  await expect
    .poll(
      () =>
        p
          .locator(`[data-testid="waiting-item"][data-key="motion ${missed}"]`)
          .count(),
      { timeout: 30_000 },
    )
    .toBe(0);
  await go(p, `/motions/${missed}`);
  await p.getByTestId("motion-status").getByText("decided").waitFor();
  expect(await p.getByTestId("missed-vote").textContent()).toBe(
    "This vote closed without your ballot: you could vote on it and did not.",
  );
  const seen = await apiGet<{ viewer: { missed: boolean } }>(
    hub.url,
    `/api/motions/${missed}`,
    second,
  );
  expect(seen.viewer.missed).toBe(false);
}, 300_000);
