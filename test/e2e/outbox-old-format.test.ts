/**
 * A phone that signed actions with an older version of the app, in event format 1, while the
 * hub was away: they never reached it. After the upgrade no replica reads format 1, so they
 * are never sent as they are; the app says so and offers to sign them again — the same
 * action, in its scope, in format 2 — or to discard what cannot be (a type that is gone).
 * The old outbox is seeded here as the old app kept it: IndexedDB version 1, sealed records.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import {
  type CanonicalValue,
  deriveRecordKey,
  encodeCanonical,
  fromHex,
  sealRecord,
  sha256,
  signEd25519,
  toHex,
} from "../../src/crypto/index.js";
import { openBrowser, type TestBrowser } from "./support/browser.js";
import { bodyChairedBy, type DemoBody } from "./support/demo-body.js";
import { apiAct, apiGet, keyOf } from "./support/hub-api.js";
import {
  type DemoPerson,
  startDemoHub,
  type TestHub,
} from "./support/hub-process.js";
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

/** A format-1 event (no scope, no kseq, seq across the whole log) in its wire form. */
function formatOneEvent(
  person: DemoPerson,
  seq: number,
  type: string,
  payload: CanonicalValue,
): { id: string; wire: Uint8Array } {
  const key = keyOf(person);
  const payloadBytes = encodeCanonical(payload);
  const envelope = encodeCanonical({
    v: 1,
    fed: fromHex(hub.federation)!,
    seq,
    deps: [fromHex(hub.federation)!],
    size: payloadBytes.length,
    time: Date.now(),
    type,
    author: key.publicKey,
    payload: sha256(payloadBytes),
  });
  return {
    id: toHex(sha256(envelope)),
    wire: encodeCanonical([
      envelope,
      signEd25519(key.secretKey, envelope),
      payloadBytes,
    ]),
  };
}

/** An outbox record as the format-1 app sealed it for this key. */
function formatOneRecord(
  person: DemoPerson,
  seq: number,
  type: string,
  payload: CanonicalValue,
): number[] {
  const e = formatOneEvent(person, seq, type, payload);
  const record = encodeCanonical({
    id: e.id,
    events: [{ id: e.id, wire: e.wire, seq, prev: null }],
    type,
    payload,
    time: Date.now(),
  });
  const recordKey = deriveRecordKey(
    keyOf(person).secretKey,
    "kenges-browser-replica/1",
  );
  return [...sealRecord(recordKey, record, `${person.publicKey}/outbox`)];
}

it("offers to sign again the actions an older app signed in format 1 and never sent", async () => {
  const chair = body.chair;
  const motion = await apiAct(hub.url, chair, body.id, "motion.opened", {
    kind: "resolution",
    title: { en: "Tea on the night shift" },
    text: { en: "The night shift gets hot tea." },
  });
  const records = [
    formatOneRecord(chair, 900, "ballot.cast", {
      motion,
      choice: { vote: "yes" },
    }),
    // A type format 2 no longer has: it cannot be signed again.
    formatOneRecord(chair, 901, "demand.forwarded", {
      demand: "ab".repeat(32),
      council: body.councils[0]!,
    }),
  ];
  const p = b.page;
  await p.goto(`${hub.url}/`);
  // The old app's database: version 1, the same stores, the two records in its outbox.
  await p.evaluate(`new Promise((resolve, reject) => {
    const open = indexedDB.open(${JSON.stringify(`kenges-${chair.publicKey.slice(0, 16)}`)}, 1);
    open.onupgradeneeded = () => {
      const db = open.result;
      db.createObjectStore("meta");
      db.createObjectStore("events", { autoIncrement: true });
      db.createObjectStore("outbox", { autoIncrement: true });
      db.createObjectStore("pages");
    };
    open.onsuccess = () => {
      const db = open.result;
      const tx = db.transaction("outbox", "readwrite");
      for (const r of ${JSON.stringify(records)})
        tx.objectStore("outbox").add(new Uint8Array(r));
      tx.oncomplete = () => { db.close(); resolve(true); };
      tx.onerror = () => reject(tx.error);
    };
    open.onerror = () => reject(open.error);
  })`);

  await signInAs(
    p,
    hub.url,
    mkdtempSync(join(tmpdir(), "kenges-keys-")),
    chair,
  );
  const legacy = p.getByTestId("outbox-legacy");
  await legacy
    .getByText(
      "2 actions were signed in the old format and were never sent: sign them again?",
    )
    .waitFor({ timeout: 60_000 });
  // Never sent as they are.
  const ballotAtHub = async () =>
    (
      await apiGet<{ viewer: { myBallot: unknown } }>(
        hub.url,
        `/api/motions/${motion}`,
        chair,
      )
    ).viewer.myBallot;
  expect(await ballotAtHub()).toBeNull();

  await legacy.getByRole("button", { name: "Sign them again" }).click();
  await legacy
    .getByTestId("legacy-said")
    .getByText("Signed again: 1. 1 cannot be signed again; discard them.")
    .waitFor();
  await expect.poll(ballotAtHub, { timeout: 30_000 }).toEqual({ vote: "yes" });

  await legacy.getByRole("button", { name: "Discard them" }).click();
  await legacy.waitFor({ state: "detached" });
}, 240_000);
