/**
 * One key per device, as a person does it: their key lives with the command line (their
 * existing device); they open the link it prints on a phone, the phone makes its own key and
 * shows a link back with a code; the command line adds that key when the codes match; the
 * phone then acts as the same member with its own key — a ballot from the phone, another from
 * the command line, while the hub runs — with no fork, and every event on the hub. And the same
 * from the app on a device that already acts for the member.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { parseDeviceLink } from "../../src/core/index.js";
import { inProcessCli } from "../cli/support/in-process-cli.js";
import { openBrowser, type TestBrowser } from "./support/browser.js";
import { bodyChairedBy, type DemoBody } from "./support/demo-body.js";
import { apiAct, apiGet, apiLogin, keyOf } from "./support/hub-api.js";
import {
  type DemoPerson,
  startDemoHub,
  type TestHub,
} from "./support/hub-process.js";
import { go } from "./support/navigate.js";
import { PASSPHRASE, signInAs } from "./support/people.js";
import { screenshotPath } from "./support/screenshots.js";

let hub: TestHub;
let b: TestBrowser;
let body: DemoBody;
let person: DemoPerson;
const work = mkdtempSync(join(tmpdir(), "kenges-second-device-"));

/**
 * The command line of the person's existing device: `kenges --as <them>` on the directory the
 * running hub holds, as the README has a demo user do while `npm start` runs — it reads the
 * hub's store and signs through the hub's API (src/cli/hub-publisher.ts), never into the file.
 */
async function commandLineOf(
  hub: TestHub,
  who: DemoPerson,
): Promise<(args: readonly string[]) => Promise<string>> {
  const run = inProcessCli(work, {
    prefix: ["--data", hub.dataDir, "--as", who.label],
    env: { KENGES_PASSPHRASE: PASSPHRASE },
  });
  return async (args) => {
    const r = await run(args);
    if (r.code !== 0) throw new Error(`kenges ${args.join(" ")}: ${r.stderr}`);
    return r.stdout;
  };
}

beforeAll(async () => {
  hub = await startDemoHub();
  body = await bodyChairedBy(hub, "Drilling crew, Zhanaozen");
  person = body.named[0]!;
  b = await openBrowser({ width: 360, height: 740 });
}, 180_000);

afterAll(async () => {
  await b?.close();
  await hub?.stop();
  rmSync(work, { recursive: true, force: true });
});

/** The person's latest ballot on a motion as the hub counts it (read by the chair), or null. */
async function ballotAtHub(
  motion: string,
): Promise<{ ballot: string; choice: unknown } | null> {
  const m = await apiGet<{
    ballots: { id: string; ballot: string; choice: unknown }[];
  }>(hub.url, `/api/motions/${motion}`, body.chair);
  const mine = m.ballots.find((x) => x.id === person.publicKey);
  return mine ? { ballot: mine.ballot, choice: mine.choice } : null;
}

/** An event as the hub holds it: who signed it, and its verdict (null when valid). */
async function eventAtHub(
  id: string,
): Promise<{ author: string; invalid: string | null }> {
  const e = await apiGet<{ author: string; invalid: string | null }>(
    hub.url,
    `/api/events/${id}`,
    body.chair,
  );
  return { author: e.author, invalid: e.invalid };
}

it("a phone becomes a second device of a member by its own key, and both devices vote with no fork", async () => {
  const p = b.page;
  // Two open motions in the person's assembly, put by its chair.
  const motions = [];
  for (const title of ["Gloves for the winter shift", "A bus from the camp"])
    motions.push(
      await apiAct(hub.url, body.chair, body.id, "motion.opened", {
        kind: "resolution",
        title: { en: title },
        text: { en: `${title}: the crew decides.` },
      }),
    );
  const [fromPhone, fromCommandLine] = motions as [string, string];
  const cli = await commandLineOf(hub, person);

  // The existing device prints the offer; the phone opens it and makes its own key.
  const offer = JSON.parse(
    await cli(["key", "add-device", "--hub", hub.url, "--json"]),
  ) as { offer: string; member: string };
  expect(offer.member).toBe(person.publicKey);
  await p.goto(offer.offer);
  await p.getByLabel("Passphrase", { exact: true }).fill(PASSPHRASE);
  await p.getByLabel("Passphrase again").fill(PASSPHRASE);
  await p.getByRole("button", { name: "Make this device's key" }).click();
  const answer = p.getByTestId("device-answer");
  await answer.waitFor();
  const link = (await p.getByTestId("device-link").textContent()) ?? "";
  const code = (await p.getByTestId("device-code").textContent()) ?? "";
  const parsed = parseDeviceLink(link);
  expect(parsed.ok && parsed.link.kind === "device").toBe(true);
  if (!parsed.ok || parsed.link.kind !== "device") return;
  // The link carries the phone's public key and its consent, never a secret.
  expect(parsed.link.key).not.toBe(person.publicKey);
  expect(link).not.toContain(person.secretKey);
  expect(code).toMatch(/^\d{3} \d{3}$/);
  await p.screenshot({ path: screenshotPath("second-device-en.png") });
  const language = p.locator(".lang-switch select");
  await language.selectOption("ur");
  await p.locator('html[dir="rtl"][lang="ur"]').waitFor();
  await expect
    .poll(() => p.getByTestId("device-code").textContent())
    .toBe(code);
  await p.screenshot({ path: screenshotPath("second-device-ur.png") });
  await language.selectOption("en");
  await p.locator('html[dir="ltr"][lang="en"]').waitFor();

  // The existing device adds the phone's key once the codes match.
  const added = JSON.parse(
    await cli(["key", "add-device", link, "--code", code, "--json"]),
  ) as { events: string[]; key: string; bodies: string[] };
  expect(added.key).toBe(parsed.link.key);
  expect(added.bodies).toContain(body.id);

  // The phone sees it acts for the member now, with its own key.
  await p.getByTestId("device-added").waitFor({ timeout: 60_000 });
  await p.locator(".who", { hasText: person.name }).waitFor();
  await p.screenshot({ path: screenshotPath("second-device-added-en.png") });
  // The phone votes on one motion; the command line on the other.
  await go(p, `/motions/${fromPhone}`);
  await p.getByRole("button", { name: "Yes", exact: true }).click();
  await expect
    .poll(() => ballotAtHub(fromPhone), { timeout: 30_000 })
    .toMatchObject({ choice: { vote: "yes" } });
  const cast = JSON.parse(
    await cli(["vote", fromCommandLine, "no", "--json"]),
  ) as { ballot: string };
  await expect
    .poll(() => ballotAtHub(fromCommandLine), { timeout: 30_000 })
    .toEqual({ ballot: cast.ballot, choice: { vote: "no" } });

  // Every event of both devices is on the hub and valid: nothing forked, nothing frozen. The
  // phone signed its ballot with its own key, and the ballot counts for the member.
  const phoneBallot = (await ballotAtHub(fromPhone))!.ballot;
  expect(await eventAtHub(phoneBallot)).toEqual({
    author: parsed.link.key,
    invalid: null,
  });
  for (const id of [...added.events, cast.ballot])
    expect(await eventAtHub(id)).toEqual({
      author: person.publicKey,
      invalid: null,
    });
  const page = await apiGet<{ frozenKeys: unknown[] }>(
    hub.url,
    `/api/bodies/${body.id}`,
    body.chair,
  );
  expect(page.frozenKeys).toEqual([]);
  // Both keys still sign in: neither is frozen.
  await expect(apiLogin(hub.url, keyOf(person))).resolves.toMatch(/\S/);
  await p.getByTestId("outbox-waiting").waitFor({ state: "detached" });
}, 240_000);

it("in the app, a member's device adds another browser by the links, after the codes match", async () => {
  const member = body.named[2]!;
  const first = await openBrowser({ width: 360, height: 740 });
  const other = await openBrowser({ width: 360, height: 740 });
  try {
    const existing = first.page;
    const fresh = other.page;
    // The existing device: a browser holding the member's key (brought from its backup).
    await signInAs(existing, hub.url, work, member);
    await go(existing, "/add-device");
    const offer =
      (await existing.getByTestId("device-link").textContent()) ?? "";
    expect(offer).toContain(`#member=${member.publicKey}`);

    // The new browser opens the offer and makes its own key.
    await fresh.goto(offer);
    await fresh.getByLabel("Passphrase", { exact: true }).fill(PASSPHRASE);
    await fresh.getByLabel("Passphrase again").fill(PASSPHRASE);
    await fresh.getByRole("button", { name: "Make this device's key" }).click();
    await fresh.getByTestId("device-answer").waitFor();
    const answer = (await fresh.getByTestId("device-link").textContent()) ?? "";
    const code = await fresh.getByTestId("device-code").textContent();

    // Back on the existing device: the answer shows the same code; the member adds it.
    await existing.getByLabel("The link your new device shows").fill(answer);
    await existing.getByRole("button", { name: "Open the link" }).click();
    const confirm = existing.getByTestId("add-this-device");
    await expect
      .poll(() => confirm.getByTestId("device-code").textContent())
      .toBe(code);
    await existing.getByRole("button", { name: /add the device/ }).click();
    await confirm.getByTestId("action-done").waitFor();

    // The new browser acts for the member now; its ballot counts for them.
    await fresh.getByTestId("device-added").waitFor({ timeout: 60_000 });
    const motion = await apiAct(hub.url, body.chair, body.id, "motion.opened", {
      kind: "resolution",
      title: { en: "Water at the rig" },
      text: { en: "Clean water at the rig every day." },
    });
    await go(fresh, `/motions/${motion}`);
    await fresh.getByRole("button", { name: "Yes", exact: true }).click();
    await expect
      .poll(
        async () =>
          (
            await apiGet<{ ballots: { id: string; choice: unknown }[] }>(
              hub.url,
              `/api/motions/${motion}`,
              body.chair,
            )
          ).ballots.find((x) => x.id === member.publicKey)?.choice,
        { timeout: 30_000 },
      )
      .toEqual({ vote: "yes" });
  } finally {
    await first.close();
    await other.close();
  }
}, 240_000);
