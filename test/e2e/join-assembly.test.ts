/**
 * A new person makes a key in the browser, opens an invite link, and signs a join request
 * into the assembly by its id (a body it cannot read: the hub shows it nothing of the body,
 * and says "not found or not yours" as for any other); members vouch in their browsers, and
 * the newcomer is admitted — the body opens, and their phone's copy now holds it.
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

let hub: TestHub;
let newcomer: TestBrowser;
let member: TestBrowser;
let body: DemoBody;
const keys = mkdtempSync(join(tmpdir(), "kenges-keys-"));

beforeAll(async () => {
  hub = await startDemoHub();
  body = await bodyChairedBy(hub, "Drilling crew, Zhanaozen");
  [newcomer, member] = await Promise.all([openBrowser(), openBrowser()]);
}, 360_000);

afterAll(async () => {
  await Promise.all([newcomer?.close(), member?.close()]);
  await hub?.stop();
});

it("makes a key, joins through an invite link and is admitted when a member vouches", async () => {
  // A member shows the invite link.
  await signInAs(member.page, hub.url, keys, body.chair);
  await go(member.page, `/bodies/${body.id}`);
  await member.page.getByRole("button", { name: "Show the invite" }).click();
  const invite = await member.page.locator(".invite a").getAttribute("href");
  expect(invite).toContain(`/join/${body.id}`);
  expect(invite).toContain(`fed=${hub.federation}`);
  // The test hub listens on the loopback only: the page says phones cannot open the link.
  await member.page.getByTestId("invite-local-only").waitFor();

  // The newcomer opens it, makes a key, asks to join.
  const p = newcomer.page;
  await p.goto(invite!);
  await p
    .getByText("This hub serves the federation the invite names.")
    .waitFor();
  await p.getByLabel("Your name as members will see it").fill("Nasreen Akhtar");
  await p.getByLabel("Passphrase").fill("a long passphrase");
  await p.getByRole("button", { name: "Make the key" }).click();
  await p.getByRole("button", { name: "Ask to join" }).click();
  await p.getByTestId("join-sent").waitFor();
  // Not a member yet: the body is not theirs to read, and the page says so in words.
  await go(p, `/bodies/${body.id}`);
  await p.getByTestId("not-found").waitFor();
  await go(p, new URL(invite!).pathname + new URL(invite!).search);
  await p.getByTestId("join-sent").waitFor();

  // The key is kept sealed in storage, never in the clear.
  const stored = await p.evaluate<string | null>(
    'localStorage.getItem("kenges.key")',
  );
  expect(stored).toContain('"sealed"');
  expect(stored).not.toMatch(/secret/i);

  // The member's phone has finished its first copy of what it reads before it vouches: the
  // vouch signs past everything the copy holds, and on a busy machine folding the first copy
  // of the demo can take most of a minute (the page would wait for it after the click).
  await go(member.page, "/identity");
  const kept = member.page.getByTestId("kept-here");
  await expect
    .poll(
      async () =>
        (await kept.count()) > 0 &&
        (await kept.getAttribute("data-syncing")) === "no" &&
        ((await member.page
          .getByTestId("kept-scopes")
          .getAttribute("data-scopes")) ?? "") !== "",
      { timeout: 180_000, interval: 1_000 },
    )
    .toBe(true);
  await go(member.page, `/bodies/${body.id}`);
  // Members see the request arrive (live) and vouch: the body admits on two endorsements.
  const vouch = member.page.getByRole("button", {
    name: "Vouch for Nasreen Akhtar",
  });
  await vouch.waitFor({ timeout: 30_000 });
  // What the member's page asked of the hub after the click, quoted if the answer never comes.
  const requests: string[] = [];
  member.page.on("requestfinished", (r) => {
    void r
      .response()
      .then((a) => requests.push(`${r.method()} ${r.url()} ${a?.status()}`));
  });
  member.page.on("requestfailed", (r) =>
    requests.push(`${r.method()} ${r.url()} failed: ${r.failure()?.errorText}`),
  );
  await vouch.click();
  try {
    // The page answers in words: vouched, or why not. On a busy machine the offline copy may
    // still be loading when the member clicks (the vouch waits for it, to sign past anything it
    // holds), so the answer gets time; if an error shows instead, the failure quotes it.
    await expect
      .poll(
        async () => {
          const alert = member.page.getByRole("alert");
          if ((await alert.count()) > 0)
            return `error: ${await alert.first().textContent()}`;
          return (await member.page
            .getByText("You vouched for them.")
            .count()) > 0
            ? "vouched"
            : "not yet";
        },
        { timeout: 90_000 },
      )
      .toBe("vouched");
  } catch (e) {
    throw new Error(
      `${(e as Error).message}\nthe member's requests after the click:\n${requests.join("\n")}`,
    );
  }
  const request = (
    await apiGet<{ joinRequests: { id: string; name: string }[] }>(
      hub.url,
      `/api/bodies/${body.id}`,
      body.chair,
    )
  ).joinRequests.find((r) => r.name === "Nasreen Akhtar");
  if (request)
    await apiAct(
      hub.url,
      body.others[0]!,
      body.id,
      "member.admission-endorsed",
      {
        request: request.id,
      },
    );

  // The newcomer sees the admission without reloading, then the assembly with its members.
  await p.getByText("You are admitted.").waitFor({ timeout: 30_000 });
  await go(p, `/bodies/${body.id}`);
  await p.getByTestId("member-list").getByText("Nasreen Akhtar").waitFor();
  // Their phone's copy follows what they may read now: the body is kept there too.
  await go(p, "/identity");
  await expect
    .poll(
      async () =>
        (await p.getByTestId("kept-scopes").getAttribute("data-scopes")) ?? "",
      { timeout: 60_000 },
    )
    .toContain(body.id);
}, 360_000);
