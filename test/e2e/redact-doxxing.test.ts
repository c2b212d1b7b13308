/**
 * Issue 12, redaction beyond comments, in Chromium: an informer asks to join with someone
 * else's name and address, and a member puts a motion naming where a foreman lives. The chair,
 * on their phone, removes the name from the body page and the motion's words from the motion
 * page, each after a confirm step that says what goes and what stays. The request can still be
 * vouched for; the motion keeps its ballots and its result; and the words are in no record of
 * the phone's own copy — its events and the pages it keeps for offline use, opened with the
 * chair's key — nor in what the hub serves.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { encodeWireEvent, signEvent } from "../../src/core/index.js";
import { generateKeyPair } from "../../src/crypto/index.js";
import { Vault } from "../../web/src/offline/vault.js";
import { openBrowser, type TestBrowser } from "./support/browser.js";
import { bodyChairedBy, type DemoBody } from "./support/demo-body.js";
import { apiAct, apiClose, apiGet, keyOf } from "./support/hub-api.js";
import { startDemoHub, type TestHub } from "./support/hub-process.js";
import { go } from "./support/navigate.js";
import { signInAs } from "./support/people.js";

let hub: TestHub;
let b: TestBrowser;
let body: DemoBody;

beforeAll(async () => {
  hub = await startDemoHub();
  body = await bodyChairedBy(hub, "Drilling crew, Zhanaozen");
  b = await openBrowser();
}, 240_000);

afterAll(async () => {
  await b?.close();
  await hub?.stop();
});

/** Words only the informer's events hold. */
const NAME = "Aigul Sadykova of 14 Abai Street";
const TITLE = "Visit the foreman Zhaksylykov at home";
const TEXT = "He lives at 7 Zheltoksan Street, flat 12; the door code is 4471.";
// None of them a demo name (the demo has a Kairat among its members).
const SECRETS = ["Abai Street", "Zhaksylykov", "Zheltoksan", "4471"];

/**
 * The records of the page's offline copy, as stored: every value of the `events` store and the
 * sealed box of every page in the `pages` store, base64url, with its key. Read in the page; a
 * string, not a function, so no DOM types are needed here.
 */
const DUMP_COPY = `(async () => {
  const done = (r) => new Promise((ok, no) => { r.onsuccess = () => ok(r.result); r.onerror = () => no(r.error); });
  const b64 = (u) => { let s = ""; for (const x of u) s += String.fromCharCode(x); return btoa(s); };
  const out = [];
  for (const info of await indexedDB.databases()) {
    const db = await done(indexedDB.open(info.name));
    for (const store of ["events", "pages"]) {
      if (!db.objectStoreNames.contains(store)) continue;
      const tx = db.transaction(store);
      const keys = await done(tx.objectStore(store).getAllKeys());
      const values = await done(tx.objectStore(store).getAll());
      values.forEach((v, i) => {
        const bytes = v instanceof Uint8Array ? v : v && v.box instanceof Uint8Array ? v.box : null;
        if (bytes) out.push({ store, key: String(keys[i]), bytes: b64(bytes) });
      });
    }
    db.close();
  }
  return out;
})()`;

/** The phone's copy opened with the chair's key: every record that opens, as text. */
async function phoneCopy(): Promise<{ opened: number; text: string }> {
  const records =
    await b.page.evaluate<{ store: string; key: string; bytes: string }[]>(
      DUMP_COPY,
    );
  const vault = new Vault(keyOf(body.chair));
  let opened = 0;
  let text = "";
  for (const r of records) {
    // The places the copy seals under (offline/replica.ts, offline/page-cache.ts).
    const place = r.store === "events" ? "event/2" : `page:${r.key}`;
    const bytes = vault.openBytes(place, Buffer.from(r.bytes, "base64"));
    if (bytes === null) continue;
    opened++;
    text += Buffer.from(bytes).toString("latin1");
  }
  return { opened, text };
}

it("a chair removes a doxxing name and a doxxing motion's words; they are gone from the phone's copy", async () => {
  const rules = await apiGet<{ rules: { redaction: string } }>(
    hub.url,
    `/api/bodies/${body.id}`,
    body.chair,
  );
  expect(rules.rules.redaction).toBe("chairs");
  // The informer's join request, from a key of their own.
  const informer = generateKeyPair();
  const request = signEvent(informer, {
    federation: hub.federation,
    scope: body.id,
    seq: 1,
    kseq: 1,
    prev: null,
    deps: [body.id],
    time: Date.now(),
    type: "member.join-requested",
    payload: { name: NAME },
  });
  const posted = await fetch(`${hub.url}/api/events`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      events: [Buffer.from(encodeWireEvent(request)).toString("base64url")],
    }),
  });
  expect(posted.status).toBe(201);
  // A member puts the doxxing motion; two members vote on it.
  const [proposer, voter] = body.named;
  const motion = await apiAct(hub.url, proposer!, body.id, "motion.opened", {
    kind: "resolution",
    title: { en: TITLE },
    text: { en: TEXT },
  });
  for (const v of [proposer!, voter!])
    await apiAct(hub.url, v, body.id, "ballot.cast", {
      motion,
      choice: { vote: "yes" },
    });

  const p = b.page;
  await signInAs(
    p,
    hub.url,
    mkdtempSync(join(tmpdir(), "kenges-keys-")),
    body.chair,
  );
  await go(p, `/motions/${motion}`);
  await p.getByRole("heading", { name: TITLE }).waitFor({ timeout: 30_000 });
  // The phone's copy holds the words before (so the check after can fail).
  await expect
    .poll(async () => (await phoneCopy()).text.includes("Zheltoksan"), {
      timeout: 60_000,
    })
    .toBe(true);

  // The motion's words, from the motion page.
  await p.getByRole("button", { name: "Remove this motion's words" }).click();
  const confirm = p.getByTestId("confirm-step");
  await confirm.waitFor();
  expect(await confirm.textContent()).toContain("its result stands");
  await confirm.getByRole("button", { name: "Remove the words" }).click();
  await p.getByTestId("words-removed").waitFor({ timeout: 30_000 });
  await p.getByRole("heading", { name: "Words removed" }).waitFor();

  // The name, from the body page's join requests.
  await go(p, `/bodies/${body.id}`);
  const row = p.getByTestId("join-request").filter({ hasText: "Abai" });
  await row.waitFor({ timeout: 30_000 });
  await row.getByRole("button", { name: "Remove this name" }).click();
  const confirmName = p.getByTestId("confirm-step");
  await confirmName.waitFor();
  expect(await confirmName.textContent()).toContain("can still vouch");
  await confirmName.getByRole("button", { name: "Remove the name" }).click();
  const removed = p
    .getByTestId("join-request")
    .filter({ hasText: "Name removed" });
  await removed.waitFor({ timeout: 30_000 });
  // The request stands: the chair vouches for it.
  await removed.getByRole("button", { name: "Vouch for Name removed" }).click();
  await p.getByText("You vouched for them.").waitFor({ timeout: 30_000 });

  // The motion keeps its ballots: one more after the redaction, then the close.
  await apiAct(hub.url, body.named[2] ?? body.chair, body.id, "ballot.cast", {
    motion,
    choice: { vote: "yes" },
  });
  await apiClose(hub.url, body.chair, motion);
  const decided = await apiGet<{
    redacted: boolean;
    status: string;
    outcome: string;
    ballotCount: number;
    title: Record<string, string>;
  }>(hub.url, `/api/motions/${motion}`, body.chair);
  expect(decided).toMatchObject({
    redacted: true,
    status: "decided",
    title: {},
    ballotCount: 3,
  });
  const hubEvent = await apiGet<{ redacted: boolean }>(
    hub.url,
    `/api/events/${motion}`,
    body.chair,
  );
  expect(hubEvent.redacted).toBe(true);
  await go(p, `/motions/${motion}`);
  await p.getByTestId("motion-status").getByText("decided").waitFor({
    timeout: 30_000,
  });

  // Nothing of the words is left in the phone's copy: events and kept pages.
  await expect
    .poll(
      async () => {
        const copy = await phoneCopy();
        return copy.opened > 0 && SECRETS.every((s) => !copy.text.includes(s));
      },
      { timeout: 60_000 },
    )
    .toBe(true);
  expect(await p.content()).not.toContain("Zheltoksan");
}, 300_000);
