/**
 * Sync benchmark (issue #6): two sides of a 1,000,000-event federation with 10,000 authors
 * (bench/sync/light-federation.ts, fixed seed), reconciled with the real protocol code —
 * messages encoded, decoded and answered by `runSession` and `SyncResponder` — over the
 * in-process transport. Sides hold their sets in memory (`MemorySyncStore`): the fold is not
 * what is measured. Reports round trips, reconciliation bytes (messages minus the events they
 * carry), event bytes, and CPU per side; then the ingest of 1,000 missing events into a real
 * replica, and the bundle size of the demo federation.
 * Usage: node --import tsx bench/sync/run.ts [--events 1000000] [--authors 10000]
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { installNodeCrypto } from "../../src/crypto/node.js";
import { generateFederation, SeededRandom } from "../../src/demo/index.js";
import { Replica, SignaturePool } from "../../src/replica/index.js";
import { openSqliteStore } from "../../src/store/index.js";
import {
  bundleBytes,
  decodeMessage,
  type MemoryEvent,
  MemorySyncStore,
  runSession,
  SyncResponder,
  SyncSource,
  type SyncTransport,
} from "../../src/sync/index.js";
import { lightFederation } from "./light-federation.js";

installNodeCrypto();
const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const N = arg("events", 1_000_000);
const AUTHORS = arg("authors", 10_000);
const SEED = 6;

const cpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

interface Measured {
  roundTrips: number;
  messageBytes: number;
  eventBytes: number;
  events: number;
  initiatorCpuMs: number;
  responderCpuMs: number;
  converged: boolean;
}

/** Runs one session from `a` (initiator) to `b` (responder) and measures it. */
async function measure(
  a: MemorySyncStore,
  b: MemorySyncStore,
): Promise<Measured> {
  const responder = new SyncResponder(b, { open: true });
  let responderCpu = 0;
  let messageBytes = 0;
  let eventBytes = 0;
  let events = 0;
  let roundTrips = 0;
  const count = (bytes: Uint8Array) => {
    messageBytes += bytes.length;
    const m = decodeMessage(bytes);
    if (m.type === "round")
      for (const e of m.events) {
        eventBytes += e.length;
        events++;
      }
  };
  const transport: SyncTransport = {
    async exchange(message) {
      roundTrips++;
      count(message);
      const t0 = cpu();
      const answer = await responder.handle(message, { address: "bench" });
      responderCpu += cpu() - t0;
      count(answer.body);
      return answer.body;
    },
    async close() {},
  };
  const t0 = cpu();
  await runSession(a, transport, { peer: "bench" });
  const total = cpu() - t0;
  // The counting (decoding every message once more) runs inside the transport and is
  // charged to neither side: it is outside the responder's span and taken out below.
  const t1 = cpu();
  const converged =
    a.size === b.size &&
    a.index.fingerprint(0, a.size).join() ===
      b.index.fingerprint(0, b.size).join();
  return {
    roundTrips,
    messageBytes,
    eventBytes,
    events,
    initiatorCpuMs: Math.round(total - responderCpu - (cpu() - t1)),
    responderCpuMs: Math.round(responderCpu),
    converged,
  };
}

function side(
  federation: string,
  events: readonly MemoryEvent[],
): MemorySyncStore {
  const store = new MemorySyncStore(federation, events);
  store.frontier(); // warm the caches, as a hub's are after its first sync
  return store;
}

function report(name: string, m: Measured): void {
  const recon = m.messageBytes - m.eventBytes;
  console.log(
    `${name}: ${m.roundTrips} round trips, reconciliation ${(recon / 1024).toFixed(1)} KB, ` +
      `${m.events} events (${(m.eventBytes / 1024).toFixed(1)} KB), CPU initiator ${m.initiatorCpuMs} ms, ` +
      `responder ${m.responderCpuMs} ms, converged ${m.converged}`,
  );
}

const t0 = Date.now();
const fed = lightFederation(SEED, N, AUTHORS);
console.log(
  `federation: ${fed.events.length} events, ${AUTHORS} authors, seed ${SEED} (${((Date.now() - t0) / 1000).toFixed(1)} s to make or load)`,
);
const newest = new Set(fed.events.slice(-1000).map((e) => e.author));
console.log(`the newest 1,000 events come from ${newest.size} authors`);

{
  const t1 = cpu();
  const full = side(fed.federation, fed.events);
  console.log(
    `index build (once; cached afterwards): ${Math.round(cpu() - t1)} ms for ${full.size} events`,
  );
  const lagging = side(fed.federation, fed.events.slice(0, -1000));
  report(
    "newest 1,000 missing — the lagging side asks",
    await measure(lagging, full),
  );
  const lagging2 = side(fed.federation, fed.events.slice(0, -1000));
  report(
    "newest 1,000 missing — the full side asks",
    await measure(full, lagging2),
  );
}
{
  const rng = new SeededRandom(SEED + 1);
  const picked = new Set<number>();
  while (picked.size < 1000) picked.add(rng.int(1, fed.events.length - 1));
  const order = [...picked];
  const missA = new Set(order.slice(0, 500));
  const missB = new Set(order.slice(500));
  const a = side(
    fed.federation,
    fed.events.filter((_, i) => !missA.has(i)),
  );
  const b = side(
    fed.federation,
    fed.events.filter((_, i) => !missB.has(i)),
  );
  report("1,000 random differences (500 each way)", await measure(a, b));
}
{
  const a = side(fed.federation, fed.events);
  const b = side(fed.federation, fed.events);
  report("identical", await measure(a, b));
}

// Ingest of 1,000 missing events into a real replica (SQLite, signatures on 2 worker threads).
{
  const small = lightFederation(SEED + 2, 21_000, 1_000);
  const dir = mkdtempSync(join(tmpdir(), "kenges-bench-sync-"));
  const pool = new SignaturePool(2);
  try {
    const replica = await Replica.open(
      await openSqliteStore(join(dir, "r.sqlite")),
      { pool },
    );
    await replica.ingestWire(small.events.slice(0, 20_000).map((e) => e.wire));
    const wall = Date.now();
    const c0 = cpu();
    const r = await replica.ingestWire(
      small.events.slice(20_000).map((e) => e.wire),
      "peer",
    );
    console.log(
      `ingest of the 1,000 missing events into a replica of 20,000: ${Date.now() - wall} ms wall, ${Math.round(cpu() - c0)} ms CPU on the main thread (added ${r.added}, rejected ${r.rejected})`,
    );
    await replica.close();
  } finally {
    await pool.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

// Bundle size: the demo federation (a national council, 3 regions, their towns and assemblies).
{
  const demo = generateFederation({ seed: 1 });
  const replica = await Replica.open(await openSqliteStore(":memory:"));
  await replica.ingest(demo.events);
  const bytes = await bundleBytes(new SyncSource(replica));
  const times = demo.events.map((e) => e.envelope.time);
  const days = (Math.max(...times) - Math.min(...times)) / 86_400_000;
  console.log(
    `demo federation bundle: ${demo.events.length} events over ${days.toFixed(1)} days, ${(bytes.length / 1024).toFixed(0)} KB (${(bytes.length / demo.events.length).toFixed(0)} bytes/event)`,
  );
  await replica.close();
}
