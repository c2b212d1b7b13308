/**
 * An assembly elects its delegate to the town council by a ranked ballot (tapped and dragged
 * into order in the browser), sees the count sheet, then recalls the delegate from the
 * delegate's page: the seat is vacant.
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
  const [a, c, d] = body.others as [
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
  await apiVoteAll(hub.url, body.others.slice(0, 6), election, {
    ranking: [[optionIndex(a)], [optionIndex(d)]],
  });
  await apiVoteAll(hub.url, body.others.slice(6, 10), election, {
    ranking: [[optionIndex(c)], [optionIndex(a)]],
  });
  await p.getByRole("button", { name: "Close the vote and count" }).click();
  const result = p.getByTestId("result");
  await result.getByText("elected").first().waitFor();
  await result.locator("strong", { hasText: a.name }).waitFor();
  await result.getByRole("table").waitFor();

  // The delegate's page: sitting for the assembly; recall them.
  await go(p, `/bodies/${body.id}`);
  await p.locator(".seat").getByRole("link", { name: a.name }).click();
  await p.getByTestId("seat-current").first().waitFor();
  await p.getByRole("button", { name: "Recall this delegate" }).click();
  await p.getByTestId("motion-status").getByText("open").waitFor();
  const recall = idInPath(p);
  await p.getByRole("button", { name: "Yes", exact: true }).click();
  await p.getByText("Your ballot is counted in.").waitFor();
  await apiVoteAll(hub.url, body.others.slice(1, 10), recall, { vote: "yes" });
  await p.getByRole("button", { name: "Close the vote and count" }).click();
  await p.getByTestId("result").getByText("adopted").waitFor();

  await go(p, `/bodies/${body.id}`);
  await p.locator(".seat").getByText("The seat is vacant.").waitFor();
  await go(p, `/delegates/${a.publicKey}`);
  await p.getByText("recalled").first().waitFor();
}, 240_000);
