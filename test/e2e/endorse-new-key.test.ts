/**
 * A member of the drilling crew lost their phone and asks, from a new one, to go on with a new
 * key. The chair opens the body page: the request is there with a warning to endorse only
 * someone they have spoken to; endorsing takes a second, confirming step; the endorsement is
 * signed and counted once — in English and in Urdu, right to left.
 */

import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { signEvent } from "../../src/core/index.js";
import { generateKeyPair, toHex } from "../../src/crypto/index.js";
import { openBrowser, type TestBrowser } from "./support/browser.js";
import { bodyChairedBy, type DemoBody } from "./support/demo-body.js";
import { apiGet, apiPost } from "./support/hub-api.js";
import { startDemoHub, type TestHub } from "./support/hub-process.js";
import { go } from "./support/navigate.js";
import { signInAs } from "./support/people.js";
import { screenshotPath } from "./support/screenshots.js";

let hub: TestHub;
let chair: TestBrowser;
let body: DemoBody;
const keys = mkdtempSync(join(tmpdir(), "kenges-keys-"));

beforeAll(async () => {
  hub = await startDemoHub();
  body = await bodyChairedBy(hub, "Drilling crew, Zhanaozen");
  chair = await openBrowser();
}, 180_000);

afterAll(async () => {
  await chair?.close();
  await hub?.stop();
});

type Asking = {
  request: string;
  newKey: string;
  needed: number;
  endorsedBy: { id: string }[];
};

it("a chair endorses a member's new key from the body page, after a warning and a confirm", async () => {
  const lost = body.named[0]!;
  // The last number of the lost phone's chain here: everything up to it stays (their
  // admission among it); a rotation cutting below their admission would unmake it.
  const lostHead = await apiGet<{ chain: { seq: number } | null }>(
    hub.url,
    `/api/heads?scope=${body.id}`,
    lost,
  );
  const lastValidSeq = lostHead.chain?.seq ?? 0;
  // The new phone's key asks, as an outsider may, naming only the body's founding event.
  const fresh = generateKeyPair();
  const outside = await apiGet<{ federation: string; deps: string[] }>(
    hub.url,
    `/api/heads?scope=${body.id}`,
  );
  const ask = signEvent(fresh, {
    federation: outside.federation,
    scope: body.id,
    seq: 1,
    kseq: 1,
    prev: null,
    deps: outside.deps,
    time: Date.now(),
    type: "key.rotation-requested",
    payload: { oldKey: lost.publicKey, lastValidSeq },
  });
  expect((await apiPost(hub.url, [ask])).invalid).toBeNull();

  const p = chair.page;
  await signInAs(p, hub.url, keys, body.chair);
  await go(p, `/bodies/${body.id}`);
  const item = p.locator(
    `[data-testid=rotation-request][data-request="${ask.id}"]`,
  );
  await item.waitFor({ timeout: 30_000 });
  expect(await item.textContent()).toContain(lost.name);
  await expect
    .poll(() => p.getByTestId("rotation-requests").textContent())
    .toContain("spoken to yourself");

  // Urdu: the same section, right to left.
  await p.locator(".lang-switch select").selectOption("ur");
  await expect
    .poll(() => p.evaluate<string>("document.documentElement.dir"))
    .toBe("rtl");
  await item.getByRole("button").click();
  const confirm = p.getByTestId("confirm-step");
  await confirm.waitFor();
  expect(await confirm.textContent()).toContain(lost.name);
  await p.screenshot({ path: screenshotPath("endorse-new-key-ur.png") });
  // Nothing is signed until the second step.
  const before = await apiGet<{ rotationRequests: Asking[] }>(
    hub.url,
    `/api/bodies/${body.id}`,
    body.chair,
  );
  expect(
    before.rotationRequests.find((r) => r.request === ask.id)!.endorsedBy,
  ).toEqual([]);
  const { needed } = before.rotationRequests.find((r) => r.request === ask.id)!;
  await confirm.locator("button.danger").click();
  // Counted once: with one endorsement needed the request is done and leaves the list (and
  // the new key acts for the member); with more, the chair is its one endorser so far.
  const endorsers = async () =>
    (
      await apiGet<{ rotationRequests: Asking[] }>(
        hub.url,
        `/api/bodies/${body.id}`,
        body.chair,
      )
    ).rotationRequests
      .find((r) => r.request === ask.id)
      ?.endorsedBy.map((e) => e.id) ?? "done";
  await expect
    .poll(endorsers, { timeout: 30_000 })
    .toEqual(needed === 1 ? "done" : [body.chair.publicKey]);
  if (needed === 1) {
    // The new phone signs in and reads the body as the member.
    const view = await apiGet<{ bodies: { id: string }[] }>(
      hub.url,
      "/api/me",
      {
        ...lost,
        publicKey: toHex(fresh.publicKey),
        secretKey: toHex(fresh.secretKey),
      },
    );
    expect(view.bodies.map((b) => b.id)).toContain(body.id);
  } else {
    // Once endorsed, the page says so instead of offering the button again.
    await item.locator(".ok").waitFor({ timeout: 30_000 });
    expect(await item.getByRole("button").count()).toBe(0);
  }
}, 240_000);
