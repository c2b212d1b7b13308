/**
 * An assembly whose link asks two attesters (its chair and a member) elects its delegate. The
 * council cannot read the assembly: the delegate is seated only when both attesters have
 * signed the election on the council. Each attester, in their own browser, opens the body
 * page, sees the claim their phone computed from the assembly's log — one signature of the
 * two needed after the first — and attests; after the second, the council seats the delegate.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { openBrowser, type TestBrowser } from "./support/browser.js";
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
let first: TestBrowser;
let second: TestBrowser;
let body: DemoBody;
let other: DemoPerson;
const keys = mkdtempSync(join(tmpdir(), "kenges-keys-"));

beforeAll(async () => {
  hub = await startDemoHub();
  body = await bodyChairedBy(hub, "Oil field crew No. 4, Zhanaozen");
  other = hub.people.find(
    (p) => p !== body.chair && p.roles.includes(`attester: ${body.name}`),
  )!;
  [first, second] = await Promise.all([openBrowser(), openBrowser()]);
}, 180_000);

afterAll(async () => {
  await Promise.all([first?.close(), second?.close()]);
  await hub?.stop();
});

/** The attest panel as checked on the phone. */
function panel(p: TestBrowser["page"]) {
  return p.getByTestId("attest").and(p.locator('[data-checked="here"]'));
}

it("seats a delegate once both attesters have attested from the body page", async () => {
  const view = await apiGet<{
    delegations: { council: string; seats: number; threshold: number }[];
  }>(hub.url, `/api/bodies/${body.id}`, body.chair);
  const link = view.delegations[0]!;
  expect(link.threshold).toBe(2);
  // The assembly elects its delegate (members voting from their own devices).
  const [winner, runnerUp] = body.named.filter((p) => p !== other) as [
    DemoPerson,
    DemoPerson,
  ];
  const election = await apiAct(hub.url, body.chair, body.id, "motion.opened", {
    kind: "election",
    title: { en: "Our delegate to the town council" },
    text: { en: "One seat, by plurality." },
    method: "plurality",
    options: [
      { label: winner.name, member: winner.publicKey },
      { label: runnerUp.name, member: runnerUp.publicKey },
    ],
    seats: link.seats,
    subject: { kind: "election", role: "delegate", council: link.council },
  });
  // Half the members vote: past any quorum.
  const voters = body.others.slice(0, Math.ceil(body.others.length / 2));
  await apiVoteAll(hub.url, voters, body.id, election, { pick: 0 });
  await apiClose(hub.url, body.chair, election);

  // The chair attests: one signature of the two the council needs.
  const a = first.page;
  await signInAs(a, hub.url, keys, body.chair);
  await go(a, `/bodies/${body.id}`);
  const seats = panel(a).locator('[data-kind="seats"]');
  await seats.waitFor({ timeout: 60_000 });
  const said = ((await seats.textContent()) ?? "").replace(
    /[\u2068\u2069]/g,
    "",
  );
  expect(said).toContain(`this body elected ${winner.name} to its seats`);
  expect(said).toContain("signed by 0 of the 2 needed");
  await panel(a).getByRole("button", { name: "Attest" }).click();
  await panel(a)
    .getByText("Signed. The council takes it once enough attesters have.")
    .waitFor();
  const delegation = a.locator(`.seat[data-council="${link.council}"]`);
  await delegation.getByTestId("not-carried").waitFor();

  // The second attester sees it waiting for them, and completes it.
  const b = second.page;
  await signInAs(b, hub.url, keys, other);
  await go(b, `/bodies/${body.id}`);
  const waiting = panel(b).locator('[data-kind="seats"]');
  await waiting.getByText("signed by 1 of the 2 needed").waitFor({
    timeout: 60_000,
  });
  await panel(b).scrollIntoViewIfNeeded();
  await b.screenshot({ path: screenshotPath("attest-en.png") });
  await panel(b).getByRole("button", { name: "Attest" }).click();
  await panel(b)
    .getByText("Signed. The council takes it once enough attesters have.")
    .waitFor();

  await b
    .locator(`.seat[data-council="${link.council}"]`)
    .getByTestId("seated")
    .getByText(winner.name)
    .waitFor({ timeout: 60_000 });

  // The chair's page follows without a reload: seated, nothing left to carry up.
  await delegation
    .getByTestId("seated")
    .getByText(winner.name)
    .waitFor({ timeout: 60_000 });
  await delegation.getByTestId("not-carried").waitFor({ state: "detached" });
}, 300_000);
