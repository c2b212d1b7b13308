/**
 * Serving members of different scopes at once from a real replica (SQLite store, the fold,
 * core's `readableScopes` for each key): a federation of `--assemblies` assemblies under
 * town councils, `--members` members spread over them, each assembly busy with motions,
 * ballots and comments. First every member joins with an empty device (`init --from`: all it
 * may read), all at once; then each is behind by the newest events and syncs again, all at
 * once. Reports wall time, CPU, the hub's CPU per member, round trips, bytes, and memory.
 * Usage: node --expose-gc --import tsx bench/sync/members.ts [--members 300] [--assemblies 100] [--motions 10]
 */
import { pendingClaims, type SignedEvent } from "../../src/core/index.js";
import { TestFederation } from "../../src/core/testing.js";
import type { KeyPair } from "../../src/crypto/index.js";
import { installNodeCrypto } from "../../src/crypto/node.js";
import { Replica } from "../../src/replica/index.js";
import { openSqliteStore } from "../../src/store/index.js";
import {
  SyncResponder,
  SyncSource,
  type SyncTransport,
  syncWith,
} from "../../src/sync/index.js";

installNodeCrypto();
const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const MEMBERS = arg("members", 300);
const ASSEMBLIES = arg("assemblies", 100);
const MOTIONS = arg("motions", 10);
const TOWN = 10;
const ONE = { admission: { method: "endorsements", endorsements: 1 } };

const cpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;

const t0 = Date.now();
const t = new TestFederation({ label: "bench-members" });
const f = t.founders[0]!;
const national = t.createBody(f, {
  kind: "council",
  name: "National council",
  rules: ONE as never,
});
const towns: string[] = [];
for (let i = 0; i < Math.ceil(ASSEMBLIES / TOWN); i++) {
  const town = t.createBody(f, {
    kind: "council",
    name: `Town ${i}`,
    rules: ONE as never,
  });
  t.link(f, national, town, { kind: "council", attesters: [f] });
  towns.push(town);
}
const chairs: KeyPair[] = [];
const assemblies: string[] = [];
for (let i = 0; i < ASSEMBLIES; i++) {
  const chair = t.key("bench-chair", i);
  const a = t.createBody(chair, { name: `Assembly ${i}`, rules: ONE as never });
  t.link(f, towns[Math.floor(i / TOWN)]!, a, { attesters: [chair] });
  chairs.push(chair);
  assemblies.push(a);
}
const members: { key: KeyPair; home: number }[] = [];
for (let i = 0; i < MEMBERS; i++) {
  const key = t.key("bench-member", i);
  const home = i % ASSEMBLIES;
  t.admit(assemblies[home]!, key, [chairs[home]!], `Member ${i}`);
  members.push({ key, home });
}
// Each assembly's chair carries its member count up to its town council.
for (let i = 0; i < ASSEMBLIES; i++) {
  const town = towns[Math.floor(i / TOWN)]!;
  for (const p of pendingClaims(t.fold, assemblies[i]!, town))
    t.attest(chairs[i]!, town, assemblies[i]!, p.claim);
}
const activity = (round: number) => {
  for (let i = 0; i < ASSEMBLIES; i++) {
    const motion = t.openMotion(chairs[i]!, assemblies[i]!, {
      title: { en: `Motion ${round}-${i}` },
    });
    for (const m of members.filter((x) => x.home === i)) {
      t.vote(m.key, motion);
      t.sign(m.key, assemblies[i]!, "comment.posted", {
        motion,
        text: `Comment of member ${m.home} on ${round}`,
        lang: "en",
      });
    }
  }
};
for (let r = 0; r < MOTIONS; r++) activity(r);
const before: SignedEvent[] = [...t.events];
activity(MOTIONS);
const newest = t.events.length - before.length;
console.log(
  `federation: ${t.events.length} events in ${t.fold.heldScopes().length} scopes (${ASSEMBLIES} assemblies, ${towns.length} town councils, a national council), ${MEMBERS} members; built in ${((Date.now() - t0) / 1000).toFixed(1)} s`,
);

const hub = await Replica.open(await openSqliteStore(":memory:"));
await hub.ingest(before);
const source = new SyncSource(hub);
{
  const c0 = cpu();
  for (const m of members)
    new SyncSource(hub).readableScopes(
      { kind: "key", key: Buffer.from(m.key.publicKey).toString("hex") },
      "all",
    );
  console.log(
    `the access rule for ${MEMBERS} keys, uncached: ${Math.round(cpu() - c0)} ms (${((cpu() - c0) / MEMBERS).toFixed(2)} ms a key)`,
  );
}
const responder = new SyncResponder(source);

async function serveAll(label: string, devices: Replica[]): Promise<void> {
  global.gc?.();
  const heap0 = process.memoryUsage().heapUsed;
  let bytes = 0;
  let roundTrips = 0;
  let added = 0;
  const wall = Date.now();
  const c0 = cpu();
  await Promise.all(
    devices.map(async (device, i) => {
      const transport: SyncTransport = {
        async exchange(message) {
          roundTrips++;
          bytes += message.length;
          // The hub's handling runs alone (SyncSource.exclusive): its CPU is its own.
          const answer = await responder.handle(message, { address: `m${i}` });
          bytes += answer.body.length;
          return answer.body;
        },
        async close() {},
      };
      const r = await syncWith(new SyncSource(device), transport, {
        key: members[i]!.key,
        federation: t.federation,
      });
      added += r.added;
    }),
  );
  const elapsed = Date.now() - wall;
  const used = cpu() - c0;
  const heap1 = process.memoryUsage().heapUsed;
  console.log(
    `${label}: ${elapsed} ms wall, ${Math.round(used)} ms CPU (hub and ${devices.length} devices in one process), ${roundTrips} round trips, ${(bytes / 1024 / 1024).toFixed(1)} MB both ways, ${added} events received; heap ${mb(heap0)} → ${mb(heap1)}, peak RSS ${mb(process.resourceUsage().maxRSS * 1024)}`,
  );
}

/** One member's sync with nothing else running: the hub's CPU apart from the device's. */
async function alone(
  label: string,
  events: readonly SignedEvent[],
): Promise<void> {
  const probe = await Replica.open(await openSqliteStore(":memory:"));
  await probe.ingest(events);
  let hubMs = 0;
  const c0 = cpu();
  await syncWith(
    new SyncSource(probe),
    {
      exchange: async (m) => {
        const h = cpu();
        const body = (await responder.handle(m, { address: "probe" })).body;
        hubMs += cpu() - h;
        return body;
      },
      close: async () => {},
    },
    { key: members[0]!.key, federation: t.federation },
  );
  console.log(
    `${label}, alone: the hub ${hubMs.toFixed(1)} ms CPU, hub and device ${Math.round(cpu() - c0)} ms`,
  );
  await probe.close();
}

await alone("one member joins with an empty device", []);
const devices = await Promise.all(
  members.map(async () => Replica.open(await openSqliteStore(":memory:"))),
);
await serveAll(`${MEMBERS} members join at once with empty devices`, devices);
const ok = devices.every((d, i) => {
  const readable = source.readableScopes(
    {
      kind: "key",
      key: Buffer.from(members[i]!.key.publicKey).toString("hex"),
    },
    "all",
  );
  const full = hub.fold.scopeHashes();
  return (
    d.fold.heldScopes().length === readable.size &&
    [...d.fold.scopeHashes()].every(([s, h]) => full.get(s) === h)
  );
});
console.log(`every device holds exactly its scopes, each as on the hub: ${ok}`);
await hub.ingest(t.events.slice(before.length));
await alone(
  `one member behind by the newest ${newest} events of the federation`,
  before.filter((e) => devices[0]!.fold.has(e.id)),
);
await serveAll(
  `${MEMBERS} members behind by the newest ${newest} events sync at once`,
  devices,
);
