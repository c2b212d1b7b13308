/**
 * An assembly elects its delegate to the town council by a ranked ballot (tapped and dragged
 * into order in the browser), sees the count sheet, and its attester carries the election up
 * from the body page: the council seats the delegate. Then the assembly recalls the delegate
 * from the delegate's page, the attester carries the recall up, and the seat is vacant.
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

it("elects a delegate by ranked ballot, then recalls them", async () => {
  const p = b.page;
  const [a, c, d] = body.named as [
    typeof body.chair,
    typeof body.chair,
    typeof body.chair,
  ];
  await signInAs(
    p,
    hub.url,
    mkdtempSync(join(tmpdir(), "kenges-keys-")),
    body.chair,
  );
  await go(p, `/bodies/${body.id}`);
  await p.getByRole("button", { name: "Put a motion" }).click();
  await p.getByLabel("Kind of motion").selectOption("election");
  await p
    .getByLabel("Title (English)")
    .fill("Our delegate to the town council");
  await p
    .getByLabel("Text (English)")
    .fill("Ranked: the first choice that can win takes the seat.");
  await p.getByLabel("Counting method").selectOption("irv");
  for (const who of [a, c, d])
    await p
      .locator("fieldset.candidates label", { hasText: who.name })
      .first()
      .locator("input")
      .check();
  await p.getByRole("button", { name: "Put the motion" }).click();
  await p.getByTestId("motion-status").getByText("open").waitFor();
  const election = idInPath(p);

  // Rank by tapping: d, then a, then c; then drag c above a.
  const unranked = p.locator(".unranked");
  await unranked.getByRole("button", { name: d.name }).click();
  await unranked.getByRole("button", { name: a.name }).click();
  await unranked.getByRole("button", { name: c.name }).click();
  const ranked = p.locator("ol.ranked > li");
  await expect
    .poll(() => ranked.locator(".label").allTextContents())
    .toEqual([d.name, a.name, c.name]);
  const handle = ranked.nth(2).locator(".handle");
  const target = await ranked.nth(1).boundingBox();
  const box = await handle.boundingBox();
  await p.mouse.move(box!.x + box!.width / 2, box!.y + box!.height / 2);
  await p.mouse.down();
  await p.mouse.move(box!.x + box!.width / 2, target!.y + target!.height / 2, {
    steps: 8,
  });
  await p.mouse.up();
  await expect
    .poll(() => ranked.locator(".label").allTextContents())
    .toEqual([d.name, c.name, a.name]);
  // And with the keyboard-reachable arrows: move c back down.
  await ranked.nth(1).getByRole("button", { name: "Move down" }).click();
  await expect
    .poll(() => ranked.locator(".label").allTextContents())
    .toEqual([d.name, a.name, c.name]);
  await p.getByRole("button", { name: "Cast the ballot" }).click();
  await p.getByText("Your ballot is counted in.").waitFor();

  const optionIndex = (who: typeof a) => [a, c, d].indexOf(who);
  await apiVoteAll(hub.url, body.others.slice(0, 6), body.id, election, {
    ranking: [[optionIndex(a)], [optionIndex(d)]],
  });
  await apiVoteAll(hub.url, body.others.slice(6, 10), body.id, election, {
    ranking: [[optionIndex(c)], [optionIndex(a)]],
  });
  await p.getByRole("button", { name: "Close the vote and count" }).click();
  await p.getByRole("button", { name: "Close the vote", exact: true }).click();
  const result = p.getByTestId("result");
  await result.getByText("elected").first().waitFor();
  await result.locator("strong", { hasText: a.name }).waitFor();
  await result.getByRole("table").waitFor();

  await p
    .getByTestId("counted-here")
    .and(p.locator('[data-agrees="yes"]'))
    .waitFor({ timeout: 60_000 });

  // Elected here, not yet seated there: the chair, an attester, carries it up.
  await go(p, `/bodies/${body.id}`);
  const seat = p.locator(".seat").first();
  await seat.getByTestId("elected").getByText(a.name).waitFor();
  await seat.getByTestId("not-carried").waitFor();
  await attest(p);
  await seat
    .getByTestId("seated")
    .getByText(a.name)
    .waitFor({ timeout: 60_000 });

  // The delegate's page on that council: sitting for the assembly; recall them.
  await seat.getByTestId("seated").getByRole("link", { name: a.name }).click();
  await p.getByTestId("seat-current").first().waitFor();
  await p.getByRole("button", { name: "Recall this delegate" }).click();
  await p.getByRole("button", { name: "Put the recall to a vote" }).click();
  await p.getByTestId("motion-status").getByText("open").waitFor();
  const recall = idInPath(p);
  await p.getByRole("button", { name: "Yes", exact: true }).click();
  await p.getByText("Your ballot is counted in.").waitFor();
  await apiVoteAll(hub.url, body.others.slice(1, 10), body.id, recall, {
    vote: "yes",
  });
  await p.getByRole("button", { name: "Close the vote and count" }).click();
  await p.getByRole("button", { name: "Close the vote", exact: true }).click();
  await p.getByTestId("result").getByText("adopted", { exact: true }).waitFor();

  // The recall takes effect on the council when the attester carries it up.
  await go(p, `/bodies/${body.id}`);
  await seat.getByTestId("elected").getByText("The seat is vacant.").waitFor();
  await attest(p);
  await seat
    .getByTestId("seated")
    .getByText("The seat is vacant.")
    .waitFor({ timeout: 60_000 });
  await go(p, `/delegates/${a.publicKey}`);
  await p.getByTestId("term-ended").getByText("recalled").first().waitFor();
}, 300_000);

/** Signs, from the body page, what the body's log implies and the council lacks. */
async function attest(p: TestBrowser["page"]): Promise<void> {
  const panel = p.getByTestId("attest").and(p.locator('[data-checked="here"]'));
  await panel.getByTestId("attest-pending").waitFor({ timeout: 60_000 });
  await panel.getByRole("button", { name: "Attest" }).click();
  await panel
    .getByText("Signed. The council takes it once enough attesters have.")
    .waitFor();
}
