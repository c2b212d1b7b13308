/**
 * One suite for every network transport (Hono's runTest habit): against the sync plugin on
 * loopback, a replica that lags and one that is ahead both end equal to the hub; a foreign
 * federation is refused; an unreachable hub is SYNC_PEER_UNREACHABLE. Then who reads what:
 * a member's key receives its body and the council above it, not a stranger body; an
 * unsigned peer the federation scope alone; a trusted peer key everything.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SignedEvent } from "../../src/core/index.js";
import { TestFederation } from "../../src/core/testing.js";
import { toHex } from "../../src/crypto/index.js";
import { Replica } from "../../src/replica/index.js";
import { openSqliteStore } from "../../src/store/index.js";
import {
  httpTransport,
  SyncSource,
  type SyncTransport,
  syncWith,
  wsTransport,
} from "../../src/sync/index.js";
import { type SyncHub, startSyncHub } from "./support/sync-hub.js";

const t = new TestFederation({ label: "transports" });
const founder = t.founders[0]!;
const ONE = { admission: { method: "endorsements", endorsements: 1 } };
const council = t.createBody(founder, {
  kind: "council",
  name: "Town council",
  rules: ONE as never,
});
const depot = t.createBody(founder, { name: "Depot", rules: ONE as never });
const member = t.key("member");
t.admit(depot, member, [founder]);
t.link(founder, council, depot, { attesters: [founder] });
const hospital = t.createBody(t.key("stranger"), { name: "Hospital" });
const early = [...t.events];
for (let i = 0; i < 30; i++)
  t.openMotion(founder, depot, { title: { en: `Motion ${i}` } });
const all = [...t.events];
const peerKey = t.key("peer-hub");
let hubReplica: Replica;
let hub: SyncHub;

async function replicaWith(events: readonly SignedEvent[]): Promise<Replica> {
  const r = await Replica.open(await openSqliteStore(":memory:"));
  await r.ingest(events);
  return r;
}

beforeAll(async () => {
  hubReplica = await replicaWith(early);
  hub = await startSyncHub(hubReplica, {
    readerOf: (_hub, peer) =>
      peer.key === toHex(peerKey.publicKey)
        ? { kind: "peer", hosts: "all" }
        : peer.key === null
          ? { kind: "outsider" }
          : { kind: "key", key: peer.key },
  });
});
afterAll(async () => {
  await hub.close();
  await hubReplica.close();
});

const TRANSPORTS: [string, (url: string) => Promise<SyncTransport>][] = [
  ["http", async (url) => httpTransport(url)],
  ["ws", (url) => wsTransport(url)],
];

describe.each(TRANSPORTS)("sync over %s", (_name, connect) => {
  it("a replica ahead and one behind both end equal to the hub", async () => {
    const ahead = await replicaWith(all);
    const transport = await connect(hub.url);
    const up = await syncWith(new SyncSource(ahead), transport, {
      key: peerKey,
    });
    await transport.close();
    expect(up.sent).toBeGreaterThanOrEqual(0);
    expect(hubReplica.stateHash()).toBe(ahead.stateHash());
    const behind = await replicaWith(early);
    const t2 = await connect(hub.url);
    const down = await syncWith(new SyncSource(behind), t2, { key: peerKey });
    await t2.close();
    expect(down.added).toBe(all.length - early.length);
    expect(behind.stateHash()).toBe(ahead.stateHash());
  });

  it("refuses another federation", async () => {
    const other = new TestFederation({ label: "elsewhere" });
    const foreign = await replicaWith(other.events);
    const transport = await connect(hub.url);
    await expect(
      syncWith(new SyncSource(foreign), transport, { key: other.founders[0]! }),
    ).rejects.toMatchObject({
      error: { code: "FEDERATION_MISMATCH" },
    });
    await transport.close();
  });

  it("reports an unreachable hub", async () => {
    const replica = await replicaWith(early);
    await expect(
      (async () => {
        const transport = await connect("http://127.0.0.1:9");
        await syncWith(new SyncSource(replica), transport);
      })(),
    ).rejects.toMatchObject({ error: { code: "SYNC_PEER_UNREACHABLE" } });
  });
});

describe("who reads what", () => {
  it("a member's key receives its body and the council above it, not a stranger body; an unsigned peer the federation scope", async () => {
    const empty = await Replica.open(await openSqliteStore(":memory:"));
    const report = await syncWith(
      new SyncSource(empty),
      httpTransport(hub.url),
      { key: member, federation: t.federation },
    );
    expect(report.rejected).toBe(0);
    expect(empty.fold.heldScopes().sort()).toEqual(
      [t.federation, council, depot].sort(),
    );
    expect(empty.fold.state.motions.size).toBe(30);
    expect(empty.fold.has(hospital)).toBe(false);
    const hashes = hubReplica.fold.scopeHashes();
    for (const [scope, hash] of empty.fold.scopeHashes())
      expect(hash).toBe(hashes.get(scope));
    const outsider = await Replica.open(await openSqliteStore(":memory:"));
    await syncWith(new SyncSource(outsider), httpTransport(hub.url), {
      federation: t.federation,
    });
    expect(outsider.fold.heldScopes()).toEqual([t.federation]);
    expect(outsider.fold.size).toBe(1);
  });
});
