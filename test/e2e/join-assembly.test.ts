/**
 * A new person makes a key in the browser, opens an invite link, asks to join an assembly,
 * watches the admission progress, and is admitted when a member vouches in another browser.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { openBrowser, type TestBrowser } from "./support/browser.js";
import { bodyChairedBy, type DemoBody } from "./support/demo-body.js";
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
}, 180_000);

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
  await p.getByText("Endorsements:").waitFor();
  await expect
    .poll(() => p.locator("progress").getAttribute("value"))
    .toBe("0");

  // The key is kept sealed in storage, never in the clear.
  const stored = await p.evaluate<string | null>(
    'localStorage.getItem("kenges.key")',
  );
  expect(stored).toContain('"sealed"');
  expect(stored).not.toMatch(/secret/i);

  // The member sees the request arrive (live) and vouches.
  const vouch = member.page.getByRole("button", {
    name: "Vouch for Nasreen Akhtar",
  });
  await vouch.waitFor({ timeout: 30_000 });
  await vouch.click();

  // The newcomer sees the admission without reloading, then the assembly with its members.
  await p.getByText("You are admitted.").waitFor({ timeout: 30_000 });
  await go(p, `/bodies/${body.id}`);
  await p.getByTestId("member-list").getByText("Nasreen Akhtar").waitFor();
}, 180_000);
