/**
 * One suite for every network transport (Hono's runTest habit): against the real hub app with
 * the sync plugin on loopback, a replica that lags and one that is ahead both end equal to the
 * hub; a foreign federation is refused; an unreachable hub is SYNC_PEER_UNREACHABLE. Then the
 * scope: a member's key receives its bodies with their causal past, not a stranger body.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SignedEvent } from "../../src/core/index.js";
import { TestFederation } from "../../src/core/testing.js";
import { Replica } from "../../src/replica/index.js";
import {
  parseHubConfig,
  type RunningHub,
  startHub,
} from "../../src/server/index.js";
import { openSqliteStore } from "../../src/store/index.js";
import {
  httpTransport,
  SyncSource,
  type SyncTransport,
  syncPlugin,
  syncWith,
  wsTransport,
} from "../../src/sync/index.js";

const tmp = mkdtempSync(join(tmpdir(), "kenges-transports-"));
const t = new TestFederation({ label: "transports" });
const founder = t.founders[0]!;
const depot = t.createBody(founder, {
  name: "Depot",
  rules: { admission: { method: "endorsements", endorsements: 1 } } as never,
});
const member = t.key("member");
t.admit(depot, member, [founder]);
const hospital = t.createBody(t.key("stranger"), { name: "Hospital" });
const early = [...t.events];
for (let i = 0; i < 30; i++)
  t.openMotion(founder, depot, { title: { en: `Motion ${i}` } });
const all = [...t.events];
let hub: RunningHub;

async function replicaWith(events: readonly SignedEvent[]): Promise<Replica> {
  const r = await Replica.open(await openSqliteStore(":memory:"));
  await r.ingest(events);
  return r;
}

beforeAll(async () => {
  const r = await Replica.open(await openSqliteStore(join(tmp, "hub.sqlite")));
  await r.ingest(early);
  hub = await startHub(
    r,
    parseHubConfig({ host: "127.0.0.1", port: 0, dataDir: tmp }),
    [syncPlugin()],
  );
});
afterAll(async () => {
  await hub.close();
  rmSync(tmp, { recursive: true, force: true });
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
      key: founder,
    });
    await transport.close();
    expect(up.sent).toBeGreaterThanOrEqual(0);
    expect(hub.hub.replica.stateHash()).toBe(ahead.stateHash());
    const behind = await replicaWith(early);
    const t2 = await connect(hub.url);
    const down = await syncWith(new SyncSource(behind), t2, { key: founder });
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

describe("replication scope", () => {
  it("a member's key receives its body with the causal past, not a stranger body's own events", async () => {
    const empty = await Replica.open(await openSqliteStore(":memory:"));
    const report = await syncWith(
      new SyncSource(empty),
      httpTransport(hub.url),
      {
        key: member,
        federation: t.federation,
      },
    );
    expect(report.rejected).toBe(0);
    expect(empty.fold.state.bodies.has(depot)).toBe(true);
    expect(empty.fold.state.motions.size).toBe(30);
    // The hospital's creation is in the causal past of later depot events, so it comes along;
    // a member of neither gets only the public part (here: nothing beyond the genesis).
    expect(empty.fold.has(hospital)).toBe(true);
    const outsider = await Replica.open(await openSqliteStore(":memory:"));
    await syncWith(new SyncSource(outsider), httpTransport(hub.url), {
      federation: t.federation,
    });
    expect(outsider.fold.state.bodies.has(depot)).toBe(false);
    expect(outsider.fold.size).toBeLessThan(empty.fold.size);
  });
});
