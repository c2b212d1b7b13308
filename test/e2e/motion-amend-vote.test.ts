/**
 * A chair opens a motion, amends it, members vote (the chair in the browser, others from their
 * own devices), the amendment is adopted and replaces the text, the motion is closed, and the
 * result shows.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { openBrowser, type TestBrowser } from "./support/browser.js";
import { bodyChairedBy, type DemoBody } from "./support/demo-body.js";
import { apiVoteAll } from "./support/hub-api.js";
import { startDemoHub, type TestHub } from "./support/hub-process.js";
import { go, idInPath } from "./support/navigate.js";
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

it("opens a motion, amends it, votes, closes it and shows the result", async () => {
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
    "Water on every rig at night",
    "The night shift gets drinking water on every rig.",
  );

  // An amendment, voted on and adopted first.
  await p.getByRole("button", { name: "Propose an amendment" }).click();
  await p.getByLabel("Title (English)").fill("Water and tea");
  await p
    .getByLabel("Text (English)")
    .fill("The night shift gets drinking water and hot tea on every rig.");
  await p.getByRole("button", { name: "Propose it" }).click();
  await p.getByRole("link", { name: "Water and tea" }).click();
  const amendment = idInPath(p);
  await p.getByRole("button", { name: "Yes" }).click();
  await p.getByText("Your ballot is counted in.").waitFor();
  await apiVoteAll(hub.url, body.others.slice(0, 12), body.id, amendment, {
    vote: "yes",
  });
  await p
    .getByTestId("live-count")
    .getByText("13", { exact: true })
    .first()
    .waitFor({ timeout: 30_000 });
  await p.getByRole("button", { name: "Close the vote and count" }).click();
  await p.getByRole("button", { name: "Close the vote", exact: true }).click();
  await p.getByTestId("result").getByText("adopted", { exact: true }).waitFor();

  // The motion now carries the amended text; vote and close it.
  await go(p, `/motions/${motion}`);
  await p.getByText("The text was changed by an adopted amendment.").waitFor();
  await p.getByText("hot tea on every rig").waitFor();
  await p.getByRole("button", { name: "No", exact: true }).click();
  await p.getByText("Your ballot is counted in.").waitFor();
  await p.getByRole("button", { name: "Yes", exact: true }).click();
  await apiVoteAll(hub.url, body.others.slice(0, 9), body.id, motion, {
    vote: "yes",
  });
  await apiVoteAll(hub.url, body.others.slice(9, 11), body.id, motion, {
    vote: "no",
  });
  await p
    .getByTestId("live-count")
    .getByText("12", { exact: true })
    .first()
    .waitFor({ timeout: 30_000 });
  await p.getByRole("button", { name: "Close the vote and count" }).click();
  await p.getByRole("button", { name: "Close the vote", exact: true }).click();
  const result = p.getByTestId("result");
  await result.getByText("adopted", { exact: true }).waitFor();
  // The chair's latest ballot (yes) counts, not the earlier no: 10 yes, 2 no.
  await expect
    .poll(async () =>
      (await result.locator("dd").allTextContents()).slice(0, 3),
    )
    .toEqual(["10", "2", "0"]);
  await p.getByTestId("motion-status").getByText("decided").waitFor();
  // The phone counted the close on its own copy (the close stated that count) and agrees.
  await p
    .getByTestId("counted-here")
    .and(p.locator('[data-agrees="yes"]'))
    .waitFor({ timeout: 60_000 });
}, 240_000);
