/**
 * A chair closes a vote that has not reached quorum: before anything is signed, the page shows
 * the turnout against the quorum and what the close will mean — the motion fails and cannot be
 * reopened. The chair cancels (nothing is signed: the motion stays open, the chair's key signed
 * nothing new), then closes for real; the motion is decided with no quorum. The same step in
 * Urdu reads right to left.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { openBrowser, type TestBrowser } from "./support/browser.js";
import { bodyChairedBy, type DemoBody } from "./support/demo-body.js";
import { apiGet, apiVoteAll } from "./support/hub-api.js";
import { startDemoHub, type TestHub } from "./support/hub-process.js";
import { signInAs } from "./support/people.js";
import { putResolution } from "./support/put-motion.js";

let hub: TestHub;
let b: TestBrowser;
let body: DemoBody;

beforeAll(async () => {
  hub = await startDemoHub();
  body = await bodyChairedBy(hub, "Drilling crew, Zhanaozen");
  b = await openBrowser();
}, 180_000);

afterAll(async () => {
  await b?.close();
  await hub?.stop();
});

/** The highest counter the chair's key has signed, as the hub knows it. */
async function chairKseq(): Promise<number> {
  const h = await apiGet<{ kseq: number | null }>(
    hub.url,
    `/api/heads?scope=${body.id}`,
    body.chair,
  );
  return h.kseq ?? 0;
}

it("shows turnout against quorum and the consequence before a close below quorum, and cancel signs nothing", async () => {
  const p = b.page;
  await signInAs(
    p,
    hub.url,
    mkdtempSync(join(tmpdir(), "kenges-keys-")),
    body.chair,
  );
  const motion = await putResolution(
    p,
    body.id,
    "A rest room at the depot",
    "The depot gets a room where the crews can rest between shifts.",
  );
  const rules = await apiGet<{ rules: { quorumPercent: number } }>(
    hub.url,
    `/api/bodies/${body.id}`,
    body.chair,
  );
  const eligible = body.others.length + 1;
  const required = Math.ceil((eligible * rules.rules.quorumPercent) / 100);
  expect(required).toBeGreaterThan(2);
  await apiVoteAll(hub.url, body.others.slice(0, 2), body.id, motion, {
    vote: "yes",
  });
  await p
    .getByTestId("live-count")
    .getByText("2", { exact: true })
    .first()
    .waitFor({ timeout: 30_000 });
  const signedBefore = await chairKseq();

  await p.getByRole("button", { name: "Close the vote and count" }).click();
  const step = p.getByTestId("confirm-step");
  await step.getByRole("heading", { name: "Close the vote now?" }).waitFor();
  await expect
    .poll(() => step.getByTestId("close-turnout").textContent())
    .toBe(
      `Voted so far: 2 of ${eligible}. Quorum: ${required} (${rules.rules.quorumPercent}%).`,
    );
  const consequence = step
    .getByTestId("close-consequence")
    .and(p.locator('[data-outcome="no-quorum"]'));
  await consequence.waitFor();
  expect(await consequence.textContent()).toBe(
    "No quorum: the motion fails and cannot be reopened.",
  );

  // The same step in Urdu, right to left, in words.
  const language = p.locator(".lang-switch select");
  await language.selectOption("ur");
  await p.locator('html[dir="rtl"][lang="ur"]').waitFor();
  expect(await consequence.textContent()).toBe(
    "کورم پورا نہیں: تحریک ناکام ہو جائے گی اور دوبارہ نہیں کھل سکتی۔",
  );
  await language.selectOption("en");
  await p.locator('html[dir="ltr"][lang="en"]').waitFor();

  // Cancel: nothing is signed, the motion stays open.
  await step.getByRole("button", { name: "Cancel" }).click();
  await step.waitFor({ state: "detached" });
  await p.getByRole("button", { name: "Close the vote and count" }).waitFor();
  expect(await chairKseq()).toBe(signedBefore);
  const open = await apiGet<{ status: string }>(
    hub.url,
    `/api/motions/${motion}`,
    body.chair,
  );
  expect(open.status).toBe("open");

  // Confirmed: the close is signed and states no quorum.
  await p.getByRole("button", { name: "Close the vote and count" }).click();
  await p
    .getByTestId("close-consequence")
    .and(p.locator('[data-outcome="no-quorum"]'))
    .waitFor();
  await p.getByRole("button", { name: "Close the vote", exact: true }).click();
  await p.getByTestId("motion-status").getByText("decided").waitFor();
  const closed = await apiGet<{ status: string; outcome: string }>(
    hub.url,
    `/api/motions/${motion}`,
    body.chair,
  );
  expect(closed).toMatchObject({ status: "decided", outcome: "no-quorum" });
  expect(await chairKseq()).toBeGreaterThan(signedBefore);
}, 240_000);
