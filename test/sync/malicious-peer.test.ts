/**
 * A malicious peer against a hub's sync endpoint (the sync plugin over HTTP on loopback): a
 * flood of valid junk, endless orphans, oversize, malformed and ill-tiled messages. Each
 * attacker is cut off with its counters inside the budgets, the quarantine holds no more
 * than its cap for it, and an honest peer still completes its sync.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { type SignedEvent, signEvent } from "../../src/core/index.js";
import { TestFederation } from "../../src/core/testing.js";
import { deriveKeyPair, toHex } from "../../src/crypto/index.js";
import { Replica } from "../../src/replica/index.js";
import { openSqliteStore } from "../../src/store/index.js";
import {
  DEFAULT_BUDGET,
  decodeMessage,
  encodeMessage,
  frontierDigest,
  httpTransport,
  openingRanges,
  type SyncBudget,
  SyncFailure,
  type SyncResponder,
  SyncSource,
  signMessage,
  syncWith,
} from "../../src/sync/index.js";
import { startSyncHub } from "./support/sync-hub.js";

const tmp = mkdtempSync(join(tmpdir(), "kenges-malicious-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const BUDGET: SyncBudget = {
  ...DEFAULT_BUDGET,
  maxMessageBytes: 1024 * 1024,
  sendMessageBytes: 512 * 1024,
  maxEventsIn: 100,
  maxOrphans: 50,
  maxRejected: 20,
};

async function replicaWith(
  events: readonly SignedEvent[],
  path = ":memory:",
): Promise<Replica> {
  const replica = await Replica.open(await openSqliteStore(path), {
    quarantinePerSource: BUDGET.maxOrphans,
  });
  await replica.ingest(events);
  return replica;
}

/** Sends raw bytes to the hub's sync endpoint; returns the answer's code (null for a round). */
async function send(url: string, bytes: Uint8Array): Promise<string | null> {
  const answer = decodeMessage(await httpTransport(url).exchange(bytes));
  return answer.type === "error" ? answer.code : null;
}

describe("a malicious peer", () => {
  it("is cut off within its budgets while an honest peer completes", async () => {
    const t = new TestFederation({ label: "malicious" });
    const founder = t.founders[0]!;
    const body = t.createBody(founder, { name: "Depot" });
    const base = [...t.events];
    const hubReplica = await replicaWith(base, join(tmp, "hub.sqlite"));
    let responder: SyncResponder | null = null;
    const running = await startSyncHub(hubReplica, {
      budget: BUDGET,
      onResponder: (_hub, r) => {
        responder = r;
      },
    });
    const url = running.url;
    try {
      const ledger = () => responder!.ledger;
      const within = (peer: string) => {
        const use = ledger().useOf(peer);
        expect(use.eventsIn).toBeLessThanOrEqual(BUDGET.maxEventsIn);
        expect(use.orphans).toBeLessThanOrEqual(BUDGET.maxOrphans);
        expect(use.bytesIn).toBeLessThanOrEqual(BUDGET.maxBytesIn);
        expect(use.rounds).toBeLessThanOrEqual(BUDGET.maxRounds);
      };

      // 1. A flood of valid junk: 300 join requests from throwaway keys, pushed by one key.
      const flooder = deriveKeyPair("flooder", 0);
      const junk = Array.from({ length: 300 }, (_, i) =>
        t.sign(
          deriveKeyPair("sybil", i),
          body,
          "member.join-requested",
          { name: `Sybil ${i}` },
          { detached: true },
        ),
      );
      const flood = await replicaWith([...base, ...junk]);
      await expect(
        syncWith(new SyncSource(flood), httpTransport(url), { key: flooder }),
      ).rejects.toMatchObject({
        error: {
          code: "SYNC_PEER_ERROR",
          details: { code: "SYNC_BUDGET_EXCEEDED" },
        },
      });
      const flooderId = `key:${toHex(flooder.publicKey)}`;
      within(flooderId);
      expect(ledger().isCutOff(flooderId, Date.now())).toBe(true);
      expect(hubReplica.fold.size).toBe(base.length);
      await expect(
        syncWith(new SyncSource(flood), httpTransport(url), { key: flooder }),
      ).rejects.toMatchObject({
        error: { code: "SYNC_PEER_CUT_OFF" },
      });

      // 2. Endless orphans: a chain hanging from an event that does not exist, 40 per message.
      const orphaner = deriveKeyPair("orphaner", 0);
      const orphans: SignedEvent[] = [];
      let prev: string | null = null;
      for (let seq = 1; seq <= 200; seq++) {
        const e = signEvent(orphaner, {
          federation: t.federation,
          scope: body,
          seq,
          kseq: seq,
          prev,
          deps: seq === 1 ? ["ee".repeat(32)] : [],
          time: 0,
          type: "heads.merged",
          payload: {},
        });
        orphans.push(e);
        prev = e.id;
      }
      const { encodeWireEvent } = await import("../../src/core/index.js");
      const codes: (string | null)[] = [];
      for (let i = 0; i < orphans.length; i += 40) {
        const round = signMessage(
          {
            type: "round" as const,
            federation: t.federation,
            scopes: [],
            events: orphans.slice(i, i + 40).map(encodeWireEvent),
            want: [],
            have: [],
            auth: null,
          },
          orphaner,
          Date.now(),
        );
        codes.push(await send(url, encodeMessage(round)));
      }
      const orphanerId = `key:${toHex(orphaner.publicKey)}`;
      expect(codes).toContain("SYNC_BUDGET_EXCEEDED");
      expect(codes.at(-1)).toBe("SYNC_PEER_CUT_OFF");
      within(orphanerId);
      expect(
        await hubReplica.store.countQuarantined(orphanerId),
      ).toBeLessThanOrEqual(BUDGET.maxOrphans);

      // 3. Oversize and malformed messages (unsigned: counted against the address).
      expect(await send(url, new Uint8Array(BUDGET.maxMessageBytes + 1))).toBe(
        "SYNC_MESSAGE_TOO_LARGE",
      );
      expect(ledger().isCutOff("addr:127.0.0.1", Date.now())).toBe(true);
      expect(
        await send(
          url,
          new Uint8Array([
            0xa1, 0x61, 0x74, 0x65, 0x68, 0x65, 0x6c, 0x6c, 0x6f,
          ]),
        ),
      ).toBe("SYNC_MESSAGE_MALFORMED");

      // 4. Ranges that do not tile the order (a signed hello with a bound repeated).
      const tiler = deriveKeyPair("tiler", 0);
      const items = new SyncSource(await replicaWith(base))
        .view("all")
        .scope(body);
      const ranges = openingRanges(items.index);
      const bad = signMessage(
        {
          type: "hello" as const,
          version: 2,
          federation: t.federation,
          all: true,
          scopes: [
            {
              scope: body,
              count: 1,
              fingerprint: new Uint8Array(16),
              frontierDigest: frontierDigest(items.frontier()),
              chains: 1,
              ranges: [...ranges],
            },
          ],
          auth: null,
        },
        tiler,
        Date.now(),
      );
      const bytes = encodeMessage(bad);
      // Corrupt the range list: repeat its first range (bounds no longer increase).
      const decoded = decodeMessage(bytes);
      expect(decoded.type).toBe("hello");
      const { encodeRanges } = await import("../../src/sync/index.js");
      const r = encodeRanges(ranges);
      const twice = new Uint8Array([...r.subarray(0, 20), ...r]);
      const corrupted = bytes.slice();
      const at = Buffer.from(bytes).indexOf(Buffer.from(r));
      expect(at).toBeGreaterThan(0);
      // Rebuild the message around the longer range list, keeping it canonical.
      const { decodeCanonical, encodeCanonical } = await import(
        "../../src/crypto/index.js"
      );
      const map = decodeCanonical(corrupted);
      expect(map.ok).toBe(true);
      const original = (map.ok ? map.value : {}) as Record<string, unknown>;
      const scopes = original.s as Record<string, unknown>[];
      const m = { ...original, s: [{ ...scopes[0]!, r: twice }] };
      const code = await send(url, encodeCanonical(m as never));
      expect(["SYNC_RANGES_INVALID", "SYNC_MESSAGE_MALFORMED"]).toContain(code);

      // 5. The honest peer: a member replica with new events, signing as the founder.
      const honest = await replicaWith(base);
      t.deliver([]);
      const fresh = [
        t.sign(founder, body, "body.renamed", { name: { en: "Depot No. 2" } }),
      ];
      await honest.ingest(fresh);
      const report = await syncWith(
        new SyncSource(honest),
        httpTransport(url),
        { key: founder },
      );
      expect(report.sent).toBeGreaterThanOrEqual(1);
      expect(hubReplica.fold.has(fresh[0]!.id)).toBe(true);
      expect(hubReplica.stateHash()).toBe(honest.stateHash());
      expect(
        ledger().isCutOff(`key:${toHex(founder.publicKey)}`, Date.now()),
      ).toBe(false);
      await honest.close();
    } catch (e) {
      if (e instanceof SyncFailure)
        throw new Error(`${e.error.code} ${JSON.stringify(e.error.details)}`);
      throw e;
    } finally {
      await running.close();
      await hubReplica.close();
    }
  }, 120_000);
});
