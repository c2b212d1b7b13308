/**
 * The write gate under attack, against a real `kenges serve`: an outsider pushes thousands of
 * events from hundreds of self-made keys, by POST on one hub and by sync (HTTP and WebSocket,
 * a new signing key per message) on an identical one. Both hubs keep the same handful — what
 * the per-address budget for keys that act for no member lets through — and nothing else.
 * A forged event pushed by sync is refused (a synced event's signature was never checked
 * before), while a member's own event pushed by sync is taken.
 */
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { SignedEvent } from "../../src/core/index.js";
import { TestFederation } from "../../src/core/testing.js";
import { deriveKeyPair } from "../../src/crypto/index.js";
import { signMessage, wsTransport } from "../../src/sync/index.js";
import {
  dataDirWith,
  killLeftovers,
  postEvents,
  pushBySync,
  type ServeProcess,
  startServe,
  syncOver,
} from "./support/serve-process.js";

afterAll(() => killLeftovers());

const KEYS = 300;
const PER_KEY = 10;
/** `joinBurst` by default, plus what a slow machine earns back while the test runs (6 a minute). */
const STRANGER_ALLOWANCE = 10 + 30;

function federation() {
  const t = new TestFederation({ label: "write-gate-attack" });
  const founder = t.founders[0]!;
  const member = deriveKeyPair("write-gate-member", 0);
  const body = t.createBody(founder, {
    name: "Depot",
    rules: { admission: { method: "endorsements", endorsements: 1 } },
  });
  t.admit(body, member, [founder], "Aigerim");
  const others = Array.from({ length: PER_KEY - 1 }, (_, i) =>
    t.createBody(founder, { name: `Workshop ${i}` }),
  );
  const base = [...t.events];
  const fedHeads = t.fold.headsOf(t.federation);
  // Every self-made key asks to join every body: valid events that change nothing until
  // members endorse them.
  const flood: SignedEvent[][] = [];
  for (let k = 0; k < KEYS; k++) {
    const key = deriveKeyPair("write-gate-sybil", k);
    flood.push(
      [body, ...others].map((b) =>
        t.sign(
          key,
          b,
          "member.join-requested",
          { name: `S${k}` },
          { deps: [b, ...fedHeads], detached: true },
        ),
      ),
    );
  }
  t.openMotion(member, body);
  const honest = t.events.at(-1)!;
  t.openMotion(member, body, { title: { en: "Forged" } });
  const genuine = t.events.at(-1)!;
  const forged: SignedEvent = { ...genuine, signature: new Uint8Array(64) };
  return { t, body, member, base, flood, honest, forged };
}

async function storedIds(hub: ServeProcess): Promise<Set<string>> {
  const store = await hub.openStore();
  try {
    const ids = new Set<string>();
    let after = 0;
    for (;;) {
      const { events, last } = await store.scanUnsigned(after, 10_000);
      for (const e of events) ids.add(e.id);
      if (events.length < 10_000) break;
      after = last;
    }
    for (const q of await store.quarantined()) ids.add(q.id);
    return ids;
  } finally {
    await store.close();
  }
}

function verifyExit(dataDir: string): { code: number; out: string } {
  const r = spawnSync(
    process.execPath,
    [
      "--import",
      "tsx",
      join(new URL("../../", import.meta.url).pathname, "src/cli/main.ts"),
      "--data",
      dataDir,
      "verify",
    ],
    { encoding: "utf8" },
  );
  return { code: r.status ?? -1, out: r.stdout + r.stderr };
}

describe("the write gate against a real hub", () => {
  it("refuses a flood from self-made keys by sync exactly as by POST, and checks every synced signature", async () => {
    const f = federation();
    const floodIds = new Set(f.flood.flat().map((e) => e.id));
    const byPost = await startServe(await dataDirWith(f.base));
    const bySync = await startServe(await dataDirWith(f.base));
    try {
      // By POST: one post per key (a post is refused whole at its first refusal).
      const postCodes = new Set<string>();
      for (const mine of f.flood) {
        const r = await postEvents(byPost.url, mine);
        if (r.status >= 400) postCodes.add(String(r.body.code));
      }
      expect(postCodes).toEqual(new Set(["RATE_LIMITED"]));

      // By sync: 300 events a message, each message signed by a new self-made key; half
      // over HTTP, half over WebSocket.
      const all = f.flood.flat();
      const http = syncOver(bySync.url);
      const ws = await wsTransport(bySync.url);
      try {
        for (let i = 0, n = 0; i < all.length; i += 300, n++) {
          const signer = deriveKeyPair("write-gate-signer", n);
          const code = await pushBySync(
            n % 2 === 0 ? http : ws,
            f.t.federation,
            all.slice(i, i + 300),
            (m) => signMessage(m, signer, Date.now()),
          );
          // The hub answers (a round, or a budget error) — never a failure of its own.
          expect([null, "SYNC_BUDGET_EXCEEDED"]).toContain(code);
        }
        // A member's own event pushed by sync is taken; a forged one is refused.
        expect(
          await pushBySync(http, f.t.federation, [f.honest], (m) =>
            signMessage(m, f.member, Date.now()),
          ),
        ).toBeNull();
        await pushBySync(http, f.t.federation, [f.forged]);
      } finally {
        await ws.close();
        await http.close();
      }
    } finally {
      await byPost.stop();
      await bySync.stop();
    }
    const keptByPost = [...(await storedIds(byPost))].filter((id) =>
      floodIds.has(id),
    );
    const keptBySync = [...(await storedIds(bySync))].filter((id) =>
      floodIds.has(id),
    );
    // Before the gate, sync stored all 3,000 while POST kept ten.
    expect(keptByPost.length).toBeGreaterThan(0);
    expect(keptByPost.length).toBeLessThanOrEqual(STRANGER_ALLOWANCE);
    expect(keptBySync.length).toBeGreaterThan(0);
    expect(keptBySync.length).toBeLessThanOrEqual(STRANGER_ALLOWANCE);
    const syncHeld = await storedIds(bySync);
    expect(syncHeld.has(f.honest.id)).toBe(true);
    expect(syncHeld.has(f.forged.id)).toBe(false);
    // The hub's log still verifies: nothing unsigned got in.
    const verified = verifyExit(bySync.dataDir);
    expect(verified.out).toContain("ok");
    expect(verified.code).toBe(0);
    byPost.remove();
    bySync.remove();
  }, 300_000);
});
