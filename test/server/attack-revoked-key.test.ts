/**
 * A stolen phone, against a real `kenges serve`: its member revoked it, and the thief's
 * events (a ballot and a comment past the cutoff, signed without the revocation in their
 * deps) reached the hub. The hub keeps them — peers need them to converge — but serves them
 * to no one else: not in HTTP event listings, not by sync to an outsider or a member's key,
 * while a trusted peer (`kenges peer trust`) receives them. And the revoked key's new events
 * are limited on intake like a stranger's, while its member's own go through.
 */
import { afterAll, describe, expect, it } from "vitest";
import { TestFederation } from "../../src/core/testing.js";
import { deriveKeyPair, toHex } from "../../src/crypto/index.js";
import { Replica } from "../../src/replica/index.js";
import { openSqliteStore } from "../../src/store/index.js";
import { httpTransport, SyncSource, syncWith } from "../../src/sync/index.js";
import { kengesAsync } from "../e2e/support/hub-process.js";
import {
  dataDirWith,
  killLeftovers,
  postEvents,
  startServe,
} from "./support/serve-process.js";

afterAll(() => killLeftovers());

async function syncedAs(
  url: string,
  key: ReturnType<typeof deriveKeyPair> | null,
): Promise<Set<string>> {
  const replica = await Replica.open(await openSqliteStore(":memory:"));
  try {
    await syncWith(new SyncSource(replica), httpTransport(url), {
      ...(key ? { key } : {}),
    });
    return new Set(replica.fold.index.ids);
  } finally {
    await replica.close();
  }
}

describe("a revoked key's events on a real hub", () => {
  it("are kept, served to trusted peers only, and limited on intake", async () => {
    const t = new TestFederation({ label: "revoked-attack" });
    const chair = t.founders[0]!;
    const a = deriveKeyPair("revoked-member", 0);
    const phone = deriveKeyPair("revoked-phone", 0);
    const courier = deriveKeyPair("revoked-courier", 0);
    const body = t.createBody(chair, {
      name: "Depot",
      rules: {
        public: true,
        admission: { method: "endorsements", endorsements: 1 },
      },
    });
    t.admit(body, a, [chair], "Aigerim");
    t.sign(a, body, "key.added", t.keyAddedPayload(a, phone));
    const motion = t.openMotion(chair, body);
    const kept = t.sign(phone, body, "comment.posted", {
      motion,
      text: "from my phone",
      lang: "en",
    });
    const beforeRevocation = t.heads(body);
    t.sign(a, t.federation, "key.revoked", {
      key: toHex(phone.publicKey),
      lastValidKseq: kept.envelope.kseq,
      proof: (t.keyAddedPayload(a, phone) as { proof: string }).proof,
    });
    const stolen1 = t.vote(
      phone,
      motion,
      { vote: "no" },
      { deps: beforeRevocation },
    );
    const stolen2 = t.sign(
      phone,
      body,
      "comment.posted",
      { motion, text: "all is calm", lang: "en" },
      { deps: [stolen1.id] },
    );
    const stolen = [stolen1.id, stolen2.id];
    const dir = await dataDirWith(t.events);
    const trust = await kengesAsync([
      "--data",
      dir,
      "peer",
      "trust",
      toHex(courier.publicKey),
    ]);
    expect(trust.code, trust.stderr).toBe(0);

    // More of the thief's events, and as many of the member's, posted one by one.
    const own = Array.from({ length: 15 }, (_, i) =>
      t.sign(a, body, "comment.posted", {
        motion,
        text: `mine ${i}`,
        lang: "en",
      }),
    );
    const thief = Array.from({ length: 15 }, (_, i) =>
      t.sign(phone, body, "comment.posted", {
        motion,
        text: `thief ${i}`,
        lang: "en",
      }),
    );

    const hub = await startServe(dir);
    try {
      // HTTP listings: the scope's log and single events.
      const log = (await (
        await fetch(`${hub.url}/api/scopes/${body}/events?limit=200`)
      ).json()) as { total: number; events: { id: string }[] };
      const listed = new Set(log.events.map((e) => e.id));
      expect(listed.has(kept.id)).toBe(true);
      for (const id of stolen) {
        expect(listed.has(id)).toBe(false);
        const one = await fetch(`${hub.url}/api/events/${id}`);
        expect(one.status).toBe(404);
        expect(((await one.json()) as { code: string }).code).toBe(
          "ID_NOT_FOUND",
        );
      }
      expect((await fetch(`${hub.url}/api/events/${kept.id}`)).status).toBe(
        200,
      );

      // Sync: an outsider and the member's own key receive the body without them; the
      // trusted peer receives them.
      const outsider = await syncedAs(hub.url, null);
      const member = await syncedAs(hub.url, a);
      const peer = await syncedAs(hub.url, courier);
      for (const held of [outsider, member]) {
        expect(held.has(kept.id)).toBe(true);
        for (const id of stolen) expect(held.has(id)).toBe(false);
      }
      for (const id of [kept.id, ...stolen]) expect(peer.has(id)).toBe(true);

      // Intake: the revoked key spends a stranger's budget, its member its own.
      const ownStatus: number[] = [];
      for (const e of own)
        ownStatus.push((await postEvents(hub.url, [e])).status);
      const thiefStatus: number[] = [];
      for (const e of thief)
        thiefStatus.push((await postEvents(hub.url, [e])).status);
      expect(thiefStatus).toContain(429);
      expect(thiefStatus.filter((s) => s === 201).length).toBeLessThan(15);
      expect(ownStatus.every((s) => s === 201)).toBe(true);
    } finally {
      await hub.stop();
      hub.remove();
    }
  }, 300_000);
});
