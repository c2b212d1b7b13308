/**
 * Sync benchmark (protocol version 2, per scope): two sides of a federation of 1,000,000
 * events by 10,000 authors spread over ~220 scopes (bench/sync/light-federation.ts, fixed
 * seed), reconciled with the real protocol code — messages encoded, decoded and answered by
 * `runSession` and `SyncResponder` — over the in-process transport. Sides hold their sets in
 * memory (`MemorySyncStore`): the fold is not what is measured. Reports round trips,
 * reconciliation bytes (messages minus the events they carry), event bytes, and CPU per
 * side; then a member's device (its four scopes) behind by the newest events, and 300
 * members of different scopes served at once (wall time, the hub's CPU, peak memory).
 * Usage: node --import tsx bench/sync/run.ts [--events 1000000] [--authors 10000] [--members 300]
 */

import type { Reader } from "../../src/core/index.js";
import { deriveKeyPair, type KeyPair } from "../../src/crypto/index.js";
import { installNodeCrypto } from "../../src/crypto/node.js";
import {
  decodeMessage,
  defaultReader,
  type MemoryEvent,
  MemorySyncStore,
  runSession,
  SyncResponder,
  type SyncTransport,
  syncWith,
} from "../../src/sync/index.js";
import { SeededRandom } from "../../test/sync/support/seeded-random.js";
import { type LightFederation, lightFederation } from "./light-federation.js";

installNodeCrypto();
const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const N = arg("events", 1_000_000);
const AUTHORS = arg("authors", 10_000);
const MEMBERS = arg("members", 300);
const SEED = 6;

const cpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;

interface Measured {
  helloBytes: number;
  roundTrips: number;
  messageBytes: number;
  eventBytes: number;
  events: number;
  initiatorCpuMs: number;
  responderCpuMs: number;
  converged: boolean;
}

/** A transport that counts bytes, round trips and the responder's CPU. */
function counting(responder: SyncResponder, address: string) {
  const m = {
    helloBytes: 0,
    roundTrips: 0,
    messageBytes: 0,
    eventBytes: 0,
    events: 0,
    responderCpu: 0,
  };
  const count = (bytes: Uint8Array) => {
    m.messageBytes += bytes.length;
    const d = decodeMessage(bytes);
    if (d.type === "round")
      for (const e of d.events) {
        m.eventBytes += e.length;
        m.events++;
      }
  };
  const transport: SyncTransport = {
    async exchange(message) {
      if (m.roundTrips === 0) m.helloBytes = message.length;
      m.roundTrips++;
      count(message);
      const t0 = cpu();
      const answer = await responder.handle(message, { address });
      m.responderCpu += cpu() - t0;
      count(answer.body);
      return answer.body;
    },
    async close() {},
  };
  return { m, transport };
}

function sameScopes(
  a: MemorySyncStore,
  b: MemorySyncStore,
  scopes: readonly string[],
): boolean {
  return scopes.every((s) => a.fingerprintOf(s) === b.fingerprintOf(s));
}

/** Runs one session from `a` (initiator) to `b` (responder, reading `a` as `reader`) and measures it. */
async function measure(
  a: MemorySyncStore,
  b: MemorySyncStore,
  options: {
    key?: KeyPair;
    readerOf?: (key: string | null) => Reader;
  } = {},
): Promise<Measured> {
  const responder = new SyncResponder(b, {
    readerOf: options.readerOf
      ? (p) => options.readerOf!(p.key)
      : () => ({ kind: "peer", hosts: "all" }),
  });
  const { m, transport } = counting(responder, "bench");
  const t0 = cpu();
  await runSession(a, transport, { peer: "bench", key: options.key ?? null });
  const total = cpu() - t0;
  const t1 = cpu();
  const readable = b.readableScopes(
    options.readerOf ? options.readerOf(null) : { kind: "peer", hosts: "all" },
    "all",
  );
  const converged = sameScopes(a, b, [...readable]);
  return {
    helloBytes: m.helloBytes,
    roundTrips: m.roundTrips,
    messageBytes: m.messageBytes,
    eventBytes: m.eventBytes,
    events: m.events,
    initiatorCpuMs: Math.round(total - m.responderCpu - (cpu() - t1)),
    responderCpuMs: Math.round(m.responderCpu),
    converged,
  };
}

function side(
  fed: LightFederation,
  events: readonly MemoryEvent[],
  readableFor?: (reader: Reader) => ReadonlySet<string> | null,
): MemorySyncStore {
  return new MemorySyncStore(fed.federation, events, readableFor);
}

function report(name: string, m: Measured): void {
  const recon = m.messageBytes - m.eventBytes;
  console.log(
    `${name}: ${m.roundTrips} round trips, reconciliation ${(recon / 1024).toFixed(1)} KB (hello ${(m.helloBytes / 1024).toFixed(1)} KB), ` +
      `${m.events} events (${(m.eventBytes / 1024).toFixed(1)} KB), CPU initiator ${m.initiatorCpuMs} ms, ` +
      `responder ${m.responderCpuMs} ms, converged ${m.converged}`,
  );
}

const t0 = Date.now();
const fed = lightFederation(SEED, N, AUTHORS);
const allScopes = new Set(fed.events.map((e) => e.scope));
console.log(
  `federation: ${fed.events.length} events, ${AUTHORS} authors, ${allScopes.size} scopes, seed ${SEED} (${((Date.now() - t0) / 1000).toFixed(1)} s to make or load)`,
);
const newest = fed.events.slice(-1000);
console.log(
  `the newest 1,000 events come from ${new Set(newest.map((e) => e.author)).size} authors in ${new Set(newest.map((e) => e.scope)).size} scopes`,
);

/** What a member may read here: the federation scope, its assembly, and the councils above. */
const memberScopes = new Map<string, Set<string>>();
fed.authors.forEach((key, i) => {
  const set = new Set([fed.federation]);
  for (let s: string | undefined = fed.homeOf[i]; s; s = fed.above.get(s))
    set.add(s);
  memberScopes.set(key, set);
});
const hubRule = (reader: Reader): ReadonlySet<string> | null =>
  reader.kind === "peer"
    ? null
    : reader.kind === "key"
      ? (memberScopes.get(reader.key) ?? new Set([fed.federation]))
      : new Set([fed.federation]);

{
  const t1 = cpu();
  const full = side(fed, fed.events);
  console.log(
    `index build (once; kept up to date afterwards): ${Math.round(cpu() - t1)} ms for ${full.size} events`,
  );
  const lagging = side(fed, fed.events.slice(0, -1000));
  report(
    "newest 1,000 missing — the lagging side asks",
    await measure(lagging, full),
  );
  const lagging2 = side(fed, fed.events.slice(0, -1000));
  report(
    "newest 1,000 missing — the full side asks",
    await measure(full, lagging2),
  );
}
{
  const rng = new SeededRandom(SEED + 1);
  const picked = new Set<number>();
  while (picked.size < 1000)
    picked.add(rng.int(allScopes.size + 1, fed.events.length - 1));
  const order = [...picked];
  const missA = new Set(order.slice(0, 500));
  const missB = new Set(order.slice(500));
  const a = side(
    fed,
    fed.events.filter((_, i) => !missA.has(i)),
  );
  const b = side(
    fed,
    fed.events.filter((_, i) => !missB.has(i)),
  );
  report("1,000 random differences (500 each way)", await measure(a, b));
}
{
  const a = side(fed, fed.events);
  const b = side(fed, fed.events);
  report("identical", await measure(a, b));
}

// Members' devices: each holds its scopes, behind by the newest events of the federation.
const hub = side(fed, fed.events, hubRule);
const cut = fed.events.length - 1000;
const deviceOf = (author: number): MemorySyncStore => {
  const scopes = memberScopes.get(fed.authors[author]!)!;
  return side(
    fed,
    fed.events.slice(0, cut).filter((e) => scopes.has(e.scope)),
  );
};
// Benchmark keys are derived as the generator derives them.
const keyOf = (author: number): KeyPair =>
  deriveKeyPair(`bench-sync-${SEED}`, author);
{
  const author = 4242 % AUTHORS;
  const device = deviceOf(author);
  const key = keyOf(author);
  const m = await measure(device, hub, {
    key,
    readerOf: () => ({ kind: "key", key: fed.authors[author]! }),
  });
  report(
    `a member's device (${memberScopes.get(fed.authors[author]!)!.size} scopes, ${device.size} events) behind by the newest 1,000 of the federation`,
    m,
  );
}
{
  // Members of different assemblies, served at once by one hub: wall time and memory.
  const step = Math.max(1, Math.floor(AUTHORS / MEMBERS));
  const authors = Array.from(
    { length: MEMBERS },
    (_, i) => (i * step + (i % 7)) % AUTHORS,
  );
  const homes = new Set(authors.map((a) => fed.homeOf[a]));
  const keys = authors.map(keyOf);
  const serve = async (concurrent: boolean) => {
    const devices = authors.map(deviceOf);
    const held = devices.reduce((n, d) => n + d.size, 0);
    const responder = new SyncResponder(hub, { readerOf: defaultReader });
    global.gc?.();
    const before = process.memoryUsage();
    let hubCpu = 0;
    let bytes = 0;
    let roundTrips = 0;
    let received = 0;
    const one = async (device: MemorySyncStore, i: number) => {
      const transport: SyncTransport = {
        async exchange(message) {
          roundTrips++;
          bytes += message.length;
          const t = cpu();
          const answer = await responder.handle(message, {
            address: `m${i}`,
          });
          hubCpu += cpu() - t;
          bytes += answer.body.length;
          return answer.body;
        },
        async close() {},
      };
      const r = await syncWith(device, transport, {
        key: keys[i]!,
        peer: "hub",
      });
      received += r.added;
    };
    const wall = Date.now();
    const c0 = cpu();
    if (concurrent) await Promise.all(devices.map(one));
    else for (let i = 0; i < devices.length; i++) await one(devices[i]!, i);
    const elapsed = Date.now() - wall;
    const used = cpu() - c0;
    const after = process.memoryUsage();
    const converged = devices.every((d, i) =>
      sameScopes(d, hub, [...memberScopes.get(fed.authors[authors[i]!]!)!]),
    );
    console.log(
      `${MEMBERS} members of ${homes.size} assemblies ${concurrent ? "at once" : "one after another"} (holding ${held} events): ${elapsed} ms wall, ` +
        `${Math.round(used)} ms CPU${concurrent ? "" : ` (the hub's share ${Math.round(hubCpu)} ms, ${(hubCpu / MEMBERS).toFixed(1)} ms a member)`}, ${roundTrips} round trips, ${(bytes / 1024 / 1024).toFixed(1)} MB both ways, ` +
        `${received} events received; heap ${mb(before.heapUsed)} → ${mb(after.heapUsed)}, peak RSS so far ${mb(process.resourceUsage().maxRSS * 1024)}; converged ${converged}`,
    );
  };
  await serve(true);
  await serve(false);
}
