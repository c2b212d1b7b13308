/**
 * The quarantine under attack, against a real `kenges serve`: an outsider pushes 10,000
 * orphans (events whose parents never come) by sync, each message signed by a new self-made
 * key, and by POST. A member's posts still go through while the flood sits there — one of
 * them waits in quarantine for a parent that arrives next, by POST and by sync — and the
 * outsider's orphans take no more than the outsiders' small share (before, every one of the
 * 10,000 was kept, for ever, in one quarantine everyone shared).
 */
import { afterAll, describe, expect, it } from "vitest";
import type { SignedEvent } from "../../src/core/index.js";
import { TestFederation } from "../../src/core/testing.js";
import { deriveKeyPair } from "../../src/crypto/index.js";
import { type RoundMessage, signMessage } from "../../src/sync/index.js";
import {
  dataDirWith,
  killLeftovers,
  postEvents,
  pushBySync,
  startServe,
  syncOver,
} from "../server/support/serve-process.js";

afterAll(() => killLeftovers());

const ORPHANS = 10_000;
/** The per-address budget of keys that act for no member (10), and what a slow run earns back. */
const OUTSIDER_SHARE = 40;

describe("the quarantine against a real hub", () => {
  it("keeps an outsider's 10,000 orphans to its share while a member's waiting posts go through", async () => {
    const t = new TestFederation({ label: "quarantine-attack" });
    const founder = t.founders[0]!;
    const member = deriveKeyPair("quarantine-member", 0);
    const body = t.createBody(founder, {
      name: "Depot",
      rules: { admission: { method: "endorsements", endorsements: 1 } },
    });
    t.admit(body, member, [founder], "Aigerim");
    const base = [...t.events];
    const fedHeads = t.fold.headsOf(t.federation);
    // Orphans: join requests into scopes nobody holds (the hub cannot tell them from a scope
    // still on its way), and events naming parents that do not exist.
    const orphans: SignedEvent[] = [];
    for (let i = 0; i < ORPHANS; i++) {
      const key = deriveKeyPair("quarantine-sybil", i);
      const nowhere = (i + 1).toString(16).padStart(64, "a");
      orphans.push(
        i % 2 === 0
          ? t.sign(
              key,
              nowhere,
              "member.join-requested",
              { name: `O${i}` },
              { deps: [nowhere, ...fedHeads], detached: true },
            )
          : t.sign(
              key,
              body,
              "heads.merged",
              {},
              {
                deps: [nowhere],
                detached: true,
              },
            ),
      );
    }
    // The member's four posts, two by two: each child is sent before its parent.
    t.openMotion(member, body, { title: { en: "First" } });
    const a = t.events.at(-1)!;
    t.openMotion(member, body, { title: { en: "Second" } });
    const b = t.events.at(-1)!;
    t.openMotion(member, body, { title: { en: "Third" } });
    const c = t.events.at(-1)!;
    t.openMotion(member, body, { title: { en: "Fourth" } });
    const d = t.events.at(-1)!;

    const hub = await startServe(await dataDirWith(base));
    try {
      const http = syncOver(hub.url);
      try {
        for (let i = 0, n = 0; i < ORPHANS; i += 1_000, n++) {
          const signer = deriveKeyPair("quarantine-signer", n);
          const code = await pushBySync(
            http,
            t.federation,
            orphans.slice(i, i + 1_000),
            (m) => signMessage(m, signer, Date.now()),
          );
          expect([null, "SYNC_BUDGET_EXCEEDED"]).toContain(code);
        }
        for (let i = 0; i < 50; i++)
          await postEvents(hub.url, [orphans[i * 2]!]);

        // By POST: the child waits, the parent comes, both are in.
        const waiting = await postEvents(hub.url, [b]);
        expect(waiting.status).toBe(202);
        const parent = await postEvents(hub.url, [a]);
        expect(parent.status).toBe(201);
        // By sync, from the member's device: the same.
        const sign = (m: RoundMessage) => signMessage(m, member, Date.now());
        expect(await pushBySync(http, t.federation, [d], sign)).toBeNull();
        expect(await pushBySync(http, t.federation, [c], sign)).toBeNull();
      } finally {
        await http.close();
      }
    } finally {
      await hub.stop();
    }
    const store = await hub.openStore();
    try {
      const held = await store.has([a, b, c, d].map((e) => e.id));
      expect(held.size).toBe(4);
      const quarantined = await store.quarantined();
      expect(quarantined.length).toBeGreaterThan(0);
      expect(quarantined.length).toBeLessThanOrEqual(OUTSIDER_SHARE);
      for (const q of quarantined)
        expect(q.source.startsWith("outsider:")).toBe(true);
    } finally {
      await store.close();
      hub.remove();
    }
  }, 300_000);
});
