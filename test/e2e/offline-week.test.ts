/**
 * A week of use on one phone (issue 13): the member locks and unlocks the key many times while
 * others keep talking, the hub restarts, and the copy kept in the browser keeps growing with
 * every new event — never refused as "another federation" (a copy whose first sync broke off
 * before it wrote its federation down used to offer events as "any federation" on every
 * unlock, and froze). When the hub returns, what waited is sent without the member asking;
 * and when a second hub of the same federation takes over the address, the copy syncs with it.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { openBrowser, type TestBrowser } from "./support/browser.js";
import { bodyChairedBy, type DemoBody } from "./support/demo-body.js";
import { apiAct, apiGet, forgetSessions } from "./support/hub-api.js";
import { startDemoHub, type TestHub } from "./support/hub-process.js";
import { go } from "./support/navigate.js";
import { PASSPHRASE, signInAs } from "./support/people.js";

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

/** What the identity page says of the copy once a sync ended: its events and the failure, if any. */
async function keptAfterSync(
  p: TestBrowser["page"],
): Promise<{ events: number; error: string }> {
  await go(p, "/identity");
  const kept = p.getByTestId("kept-here").and(p.locator('[data-syncing="no"]'));
  await kept.waitFor({ timeout: 60_000 });
  const m = /: ([\d,]+) events/.exec((await kept.textContent()) ?? "");
  return {
    events: Number((m?.[1] ?? "0").replace(/,/g, "")),
    error: (await kept.getAttribute("data-sync-error")) ?? "",
  };
}

/** Holds until the copy has at least `n` events; a sync refused as another federation fails at once. */
async function copyReaches(p: TestBrowser["page"], n: number): Promise<number> {
  let last = 0;
  await expect
    .poll(
      async () => {
        const kept = await keptAfterSync(p);
        expect(kept.error).not.toBe("FEDERATION_MISMATCH");
        last = kept.events;
        return kept.events;
      },
      { timeout: 180_000, interval: 1_000 },
    )
    .toBeGreaterThanOrEqual(n);
  return last;
}

async function unlock(p: TestBrowser["page"]): Promise<void> {
  await go(p, "/identity");
  await p.locator('input[type="password"]').first().fill(PASSPHRASE);
  await p.getByRole("button", { name: "Unlock", exact: true }).click();
  await p.locator(".who", { hasText: body.chair.name }).waitFor();
}

/** Forgets the federation the copy wrote down, as a first sync that broke off left it. */
async function forgetFederationNote(p: TestBrowser["page"]): Promise<void> {
  await p.evaluate(`new Promise((resolve, reject) => {
    const open = indexedDB.open(${JSON.stringify(`kenges-${body.chair.publicKey.slice(0, 16)}`)});
    open.onsuccess = () => {
      const db = open.result;
      const tx = db.transaction("meta", "readwrite");
      tx.objectStore("meta").delete("federation");
      tx.oncomplete = () => { db.close(); resolve(null); };
      tx.onerror = () => reject(tx.error);
    };
    open.onerror = () => reject(open.error);
  })`);
}

it("the copy keeps growing through many unlocks and a hub restart, and what waited is sent when the hub returns", async () => {
  const p = b.page;
  const speaker = body.named[0]!;
  const motion = await apiAct(hub.url, body.chair, body.id, "motion.opened", {
    kind: "resolution",
    title: { en: "Water at every rig" },
    text: { en: "Every rig keeps drinking water for the whole shift." },
  });
  await signInAs(
    p,
    hub.url,
    mkdtempSync(join(tmpdir(), "kenges-keys-")),
    body.chair,
  );
  let held = await copyReaches(p, 100);

  for (let day = 1; day <= 4; day++) {
    await go(p, "/identity");
    await p.getByRole("button", { name: "Lock the key", exact: true }).click();
    await p.locator('input[type="password"]').first().waitFor();
    if (day === 1) await forgetFederationNote(p);
    await apiAct(hub.url, speaker, body.id, "comment.posted", {
      motion,
      text: `Day ${day}: the tanks are empty again.`,
      lang: "en",
    });
    await unlock(p);
    held = await copyReaches(p, held + 1);
  }

  // The hub restarts (the same address); others go on talking.
  await hub.restart();
  forgetSessions(hub.url);
  await apiAct(hub.url, speaker, body.id, "comment.posted", {
    motion,
    text: "After the restart: the trucks are on their way.",
    lang: "en",
  });
  held = await copyReaches(p, held + 1);
  // Down again: the member votes meanwhile; the ballot waits on the phone.
  await go(p, `/motions/${motion}`);
  const yes = p.getByRole("button", { name: "Yes", exact: true });
  await yes.waitFor();
  await hub.restart(async () => {
    await yes.click();
    await p.getByTestId("ballot-waiting").waitFor();
  });
  forgetSessions(hub.url);
  // Nobody presses "send now": the app finds the hub again on its own.
  await expect
    .poll(
      async () =>
        (
          await apiGet<{ viewer: { myBallot: unknown } }>(
            hub.url,
            `/api/motions/${motion}`,
            body.chair,
          )
        ).viewer.myBallot,
      { timeout: 60_000 },
    )
    .toEqual({ vote: "yes" });
  await p.getByTestId("outbox-waiting").waitFor({ state: "detached" });
  held = await copyReaches(p, held + 1);

  // A second hub of the same federation takes the first one's address (the town's hub moved
  // to another machine, restored from the demo's start): the copy goes on syncing with it.
  const address = new URL(hub.url).port;
  await hub.stop();
  hub = await startDemoHub([], address);
  forgetSessions(hub.url);
  // Someone who signed nothing on the first hub (anyone else's counter there would repeat).
  const newcomer = body.named[1]!;
  await apiAct(hub.url, newcomer, body.id, "comment.posted", {
    motion: await apiAct(hub.url, newcomer, body.id, "motion.opened", {
      kind: "resolution",
      title: { en: "A bus to the rigs" },
      text: { en: "A bus takes the crews to the rigs and back." },
    }),
    text: "On the second hub: the bus leaves at six.",
    lang: "en",
  });
  await copyReaches(p, held + 2);
}, 600_000);
