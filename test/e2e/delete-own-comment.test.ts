/**
 * A member posts a comment on a motion, changes it (the earlier text stays visible as its
 * history), then thinks better of it (it names someone) and deletes it from the motion page: a
 * confirm step says what deletion does and does not do; after it, no version's text is on the
 * page or in the hub's copy of the event. Another member's comment offers neither button.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { openBrowser, type TestBrowser } from "./support/browser.js";
import { bodyChairedBy, type DemoBody } from "./support/demo-body.js";
import { apiAct, apiGet } from "./support/hub-api.js";
import { startDemoHub, type TestHub } from "./support/hub-process.js";
import { go } from "./support/navigate.js";
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

type Comments = {
  comments: { id: string; text: string; earlier: { text: string }[] }[];
};

it("a member deletes their own comment after a confirm; the text is gone everywhere", async () => {
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
    "Night buses for the second shift",
    "The council asks the depot for a night bus after the second shift.",
  );
  // Someone else's comment, posted through the API.
  const other = body.named[0]!;
  await apiAct(hub.url, other, body.id, "comment.posted", {
    motion,
    text: "Good idea.",
    lang: "en",
  });
  const secret = "Tell Arman at gate 3, he drives the 23:40.";
  await go(p, `/motions/${motion}`);
  await p.getByLabel("Your comment").fill(secret);
  await p.getByRole("button", { name: "Post", exact: true }).click();
  const mine = p.locator("[data-testid=comment]", { hasText: secret });
  await mine.waitFor({ timeout: 30_000 });
  // Only one's own comment can be deleted.
  const theirs = p.locator("[data-testid=comment]", { hasText: "Good idea." });
  await theirs.waitFor();
  expect(await theirs.getByRole("button").count()).toBe(0);
  const before = await apiGet<Comments>(
    hub.url,
    `/api/motions/${motion}`,
    body.chair,
  );
  const id = before.comments.find((c) => c.text === secret)!.id;

  // First a change: the new text shows, the earlier one behind "edited".
  const changed = "Ask at gate 3 for the night driver.";
  await mine.getByRole("button", { name: "Change my comment" }).click();
  const form = mine.getByTestId("comment-edit");
  await form.locator("textarea").fill(changed);
  await form.getByRole("button", { name: "Save the new text" }).click();
  const edited = p.locator("[data-testid=comment]", { hasText: changed });
  await edited.waitFor({ timeout: 30_000 });
  await edited.getByTestId("comment-history").locator("summary").click();
  expect(await edited.getByTestId("comment-history").textContent()).toContain(
    secret,
  );

  await edited.getByRole("button", { name: "Delete my comment" }).click();
  const confirm = p.getByTestId("confirm-step");
  await confirm.waitFor();
  expect(await confirm.textContent()).toContain("already read it");
  await confirm.getByRole("button", { name: "Delete" }).click();
  await expect
    .poll(
      async () =>
        (
          await apiGet<Comments>(hub.url, `/api/motions/${motion}`, body.chair)
        ).comments.map((c) => c.text),
      { timeout: 30_000 },
    )
    .toEqual(["Good idea."]);
  await p.locator("[data-testid=comment]", { hasText: changed }).waitFor({
    state: "detached",
    timeout: 30_000,
  });
  // The hub's copy of the event has lost its payload; the event itself stays in the log.
  const wire = await apiGet<{ id: string; payload: unknown }>(
    hub.url,
    `/api/events/${id}`,
    body.chair,
  );
  expect(wire.id).toBe(id);
  expect(JSON.stringify(wire)).not.toContain("gate 3");
}, 240_000);
