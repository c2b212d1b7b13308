/**
 * Restoring a lost device from its backup, in a browser: before the restored key signs
 * anything, its counter (kseq) moves past whatever the lost device may have signed. If the
 * lost device turns up and signs in a body where the restored one signed too, the key forks
 * and is frozen there: the app says what happened in words, and how to recover, and the
 * body's members see the frozen key.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { RESTORE_KSEQ_GAP, signEvent } from "../../src/core/index.js";
import { openBrowser, type TestBrowser } from "./support/browser.js";
import { bodyChairedBy, type DemoBody } from "./support/demo-body.js";
import { apiAct, apiGet, apiPost, keyOf } from "./support/hub-api.js";
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
const work = mkdtempSync(join(tmpdir(), "kenges-restore-"));

beforeAll(async () => {
  hub = await startDemoHub();
  body = await bodyChairedBy(hub, "Drilling crew, Zhanaozen");
  person = body.named[1]!;
  b = await openBrowser({ width: 360, height: 740 });
}, 180_000);

afterAll(async () => {
  await b?.close();
  await hub?.stop();
  rmSync(work, { recursive: true, force: true });
});

interface Heads {
  federation: string;
  deps: string[];
  chain: { seq: number; id: string } | null;
  kseq: number | null;
}

/** An event as the hub holds it, read by the chair. */
function eventAtHub(
  id: string,
): Promise<{ seq: number; kseq: number; invalid: string | null }> {
  return apiGet(hub.url, `/api/events/${id}`, body.chair);
}

it("a restored key skips its counter past the lost device; a fork anyway freezes it, and the app says so in words", async () => {
  const p = b.page;
  const motion = await apiAct(hub.url, body.chair, body.id, "motion.opened", {
    kind: "resolution",
    title: { en: "Lights on the road to the rig" },
    text: { en: "The road to the rig gets lights." },
  });
  // What the lost device had signed that the hub knows of, before the restore.
  const before = await apiGet<Heads>(
    hub.url,
    `/api/heads?scope=${body.id}`,
    person,
  );
  const highest = before.kseq ?? 0;

  // The backup comes back on a new phone; the member votes there.
  await signInAs(p, hub.url, work, person);
  await go(p, `/motions/${motion}`);
  await p.getByRole("button", { name: "Yes", exact: true }).click();
  let ballot = "";
  await expect
    .poll(
      async () => {
        const m = await apiGet<{ ballots: { id: string; ballot: string }[] }>(
          hub.url,
          `/api/motions/${motion}`,
          body.chair,
        );
        ballot = m.ballots.find((x) => x.id === person.publicKey)?.ballot ?? "";
        return ballot;
      },
      { timeout: 30_000 },
    )
    .not.toBe("");
  const restored = await eventAtHub(ballot);
  expect(restored.invalid).toBeNull();
  // Past everything the lost device may have signed: not one kseq shared with it.
  expect(restored.kseq).toBeGreaterThan(highest + RESTORE_KSEQ_GAP);

  // The lost device turns up and signs its next event in the same body, on what it knew:
  // the same sequence number as the restored phone's first event there — a fork.
  const key = keyOf(person);
  const old = signEvent(key, {
    federation: before.federation,
    scope: body.id,
    seq: (before.chain?.seq ?? 0) + 1,
    kseq: highest + 1,
    prev: before.chain?.id ?? null,
    deps: before.deps.filter((d) => d !== before.chain?.id).slice(0, 16),
    time: Date.now(),
    type: "heads.merged",
    payload: {},
  });
  await apiPost(hub.url, [old]);
  // The body's members see the frozen key, with the number from which it stops counting
  // (the hub no longer serves the frozen branch's events: its ballot is gone from listings).
  type Frozen = { id: string; key: string; fromSeq: number };
  const frozenKeys = () =>
    apiGet<{ frozenKeys: Frozen[] }>(
      hub.url,
      `/api/bodies/${body.id}`,
      body.chair,
    ).then((v) => v.frozenKeys);
  await expect.poll(frozenKeys).toEqual([
    {
      id: person.publicKey,
      name: person.name,
      key: person.publicKey,
      fromSeq: old.envelope.seq,
    },
  ]);

  // The chair sees it on the body page, in words.
  const chair = await openBrowser({ width: 360, height: 740 });
  try {
    await signInAs(chair.page, hub.url, work, body.chair);
    await go(chair.page, `/bodies/${body.id}`);
    const listed = chair.page.getByTestId("frozen-keys");
    await listed.getByText(person.name).waitFor();
    await listed
      .getByText(`does not count from number ${old.envelope.seq}`)
      .waitFor();
    await listed.scrollIntoViewIfNeeded();
    await chair.page.screenshot({ path: screenshotPath("frozen-keys-en.png") });
  } finally {
    await chair.close();
  }

  // On the phone: signing in again is refused, and the app says why and what to do.
  await go(p, "/identity");
  await p.getByRole("button", { name: "Lock the key", exact: true }).click();
  await p.locator('input[type="password"]').first().fill(PASSPHRASE);
  await p.getByRole("button", { name: "Unlock", exact: true }).click();
  const frozen = p.getByTestId("key-frozen");
  await frozen.waitFor();
  await frozen
    .getByText("two different actions with the same number")
    .waitFor();
  expect(await frozen.locator("li").count()).toBe(3);
  await p.evaluate("window.scrollTo(0, 0)");
  await p.screenshot({ path: screenshotPath("key-frozen-en.png") });
  const language = p.locator(".lang-switch select");
  await language.selectOption("ur");
  await p.locator('html[dir="rtl"][lang="ur"]').waitFor();
  await frozen.getByText("آپ کی کلید منجمد ہے").waitFor();
  await p.evaluate("window.scrollTo(0, 0)");
  await p.screenshot({ path: screenshotPath("key-frozen-ur.png") });
  await language.selectOption("en");
}, 240_000);
