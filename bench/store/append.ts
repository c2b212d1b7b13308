// Store append/scan benchmark: 200,000 events of ~250 bytes, appended in batches of 1,000,
// then scanned back, on SQLite (a temp file), SQLite encrypted as a data directory's store is
// under each cipher a store may use (a raw 32-byte key; plain and the ciphers alternate, twice
// each, best kept, and each ratio is printed: the goal is ≥ 70 %) and PostgreSQL (a fresh
// schema, dropped after).
// Run: node --import tsx bench/store/append.ts
// Env: KENGES_BENCH_EVENTS (default 200000), KENGES_BENCH_ROUNDS (default 2),
// KENGES_BENCH_CIPHERS (comma-separated, default all), KENGES_BENCH_PG=0 (skip PostgreSQL),
// KENGES_BENCH_PG_URL or KENGES_TEST_PG_URL (default postgres://postgres@127.0.0.1:5432/test).
// Figures: docs/benchmarks.md ("Encryption at rest") and docs/benchmarks-store.md.
import { createHash, randomBytes } from "node:crypto";
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import {
  openPostgresStore,
  openSqliteStore,
  type Store,
  type StoredEvent,
} from "../../src/store/index.js";
import {
  isStoreCipher,
  STORE_CIPHERS,
  type StoreCipher,
} from "../../src/store/sqlite/sqlite-cipher.js";
import { prng } from "./seeded-random.js";

const EVENTS = Number(process.env.KENGES_BENCH_EVENTS ?? 200_000);
const BATCH = 1_000;
const SEED = 0x6b656e67; // "keng"
/** Rounds of plain and every cipher (KENGES_BENCH_ROUNDS, default 2). */
const ROUNDS = Number(process.env.KENGES_BENCH_ROUNDS ?? 2);
/** The ciphers measured beside plain (KENGES_BENCH_CIPHERS, comma-separated; default all). */
const CIPHERS: StoreCipher[] = (
  process.env.KENGES_BENCH_CIPHERS?.split(",") ?? [...STORE_CIPHERS]
).map((name) => {
  if (!isStoreCipher(name)) throw new Error(`unknown cipher ${name}`);
  return name;
});
const PG_URL =
  process.env.KENGES_BENCH_PG_URL ??
  process.env.KENGES_TEST_PG_URL ??
  "postgres://postgres@127.0.0.1:5432/test";

function bytes(random: () => number, n: number): Uint8Array {
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) out[i] = (random() * 256) | 0;
  return out;
}

/** ~250 bytes an event: envelope 140–180, signature 64, payload 20–60 (mean 250). */
function makeEvents(n: number): StoredEvent[] {
  const random = prng(SEED);
  const events: StoredEvent[] = [];
  for (let i = 0; i < n; i++) {
    const envelope = bytes(random, 140 + ((random() * 41) | 0));
    events.push({
      id: createHash("sha256").update(envelope).digest("hex"),
      envelope,
      signature: bytes(random, 64),
      payload: bytes(random, 20 + ((random() * 41) | 0)),
    });
  }
  return events;
}

interface Figures {
  appendPerSecond: number;
  scanPerSecond: number;
  /** Per second of this process's CPU time: less moved by other processes' load than wall time. */
  appendPerCpuSecond: number;
  scanPerCpuSecond: number;
  hasMs: number;
  reappendPerSecond: number;
}

function cpuSeconds(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
}

async function measure(store: Store, events: StoredEvent[]): Promise<Figures> {
  let start = performance.now();
  let cpu = cpuSeconds();
  for (let i = 0; i < events.length; i += BATCH)
    await store.append(events.slice(i, i + BATCH));
  const appendSeconds = (performance.now() - start) / 1_000;
  const appendCpu = cpuSeconds() - cpu;

  start = performance.now();
  cpu = cpuSeconds();
  let seen = 0;
  let after = 0;
  for (;;) {
    const page = await store.scan(after, BATCH);
    if (page.events.length === 0) break;
    seen += page.events.length;
    after = page.last;
  }
  const scanSeconds = (performance.now() - start) / 1_000;
  const scanCpu = cpuSeconds() - cpu;
  if (seen !== events.length)
    throw new Error(`scanned ${seen} events, expected ${events.length}`);

  const ids = events.slice(0, 5_000).map((e) => e.id);
  start = performance.now();
  const found = await store.has(ids);
  const hasMs = performance.now() - start;
  if (found.size !== ids.length) throw new Error("has() lost ids");

  // Sync sends events a replica already holds: the skip path matters as much as the insert.
  const again = events.slice(0, 20 * BATCH);
  start = performance.now();
  for (let i = 0; i < again.length; i += BATCH)
    await store.append(again.slice(i, i + BATCH));
  const reappendSeconds = (performance.now() - start) / 1_000;

  return {
    appendPerSecond: events.length / appendSeconds,
    scanPerSecond: events.length / scanSeconds,
    appendPerCpuSecond: events.length / appendCpu,
    scanPerCpuSecond: events.length / scanCpu,
    hasMs,
    reappendPerSecond: again.length / reappendSeconds,
  };
}

function report(name: string, f: Figures, extra = ""): void {
  const k = (x: number) => `${Math.round(x / 1_000)}k/s`;
  console.log(
    `${name.padEnd(10)} append ${k(f.appendPerSecond).padStart(8)}  scan ${k(f.scanPerSecond).padStart(8)}  ` +
      `re-append (all known) ${k(f.reappendPerSecond).padStart(8)}  has(5,000) ${f.hasMs.toFixed(1)} ms${extra}`,
  );
}

async function benchSqlite(
  events: StoredEvent[],
  key?: Uint8Array,
  cipher?: StoreCipher,
): Promise<Figures> {
  const dir = mkdtempSync(join(tmpdir(), "kenges-bench-store-"));
  const file = join(dir, "bench.sqlite");
  try {
    const store = await openSqliteStore(file, key ? { key, cipher } : {});
    const figures = await measure(store, events);
    await store.close();
    const mb = statSync(file).size / 1e6;
    report(cipher ?? "sqlite", figures, `  file ${mb.toFixed(1)} MB`);
    return figures;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Plain SQLite and each cipher in turn, ROUNDS times (the machine's load drifts, so every
 * store runs in every round): best of each, and each cipher's ratio to plain.
 */
async function benchSqliteAtRest(events: StoredEvent[]): Promise<void> {
  const key = new Uint8Array(randomBytes(32));
  const plain: Figures[] = [];
  const encrypted = new Map<StoreCipher, Figures[]>(
    CIPHERS.map((c) => [c, []]),
  );
  for (let round = 0; round < ROUNDS; round++) {
    plain.push(await benchSqlite(events));
    for (const cipher of CIPHERS)
      encrypted.get(cipher)!.push(await benchSqlite(events, key, cipher));
  }
  const best = (runs: Figures[], k: keyof Figures) =>
    Math.max(...runs.map((f) => f[k]));
  for (const [cipher, runs] of encrypted) {
    const pct = (k: keyof Figures) =>
      `${Math.round((100 * best(runs, k)) / best(plain, k))} %`;
    console.log(
      `${cipher} / plain (best of ${ROUNDS} each), wall: append ${pct("appendPerSecond")}  scan ${pct("scanPerSecond")}  re-append ${pct("reappendPerSecond")};  per CPU second: append ${pct("appendPerCpuSecond")}  scan ${pct("scanPerCpuSecond")}  (goal ≥ 70 %)`,
    );
  }
}

async function benchPostgres(events: StoredEvent[]): Promise<void> {
  const admin = new pg.Client({
    connectionString: PG_URL,
    connectionTimeoutMillis: 3_000,
  });
  try {
    await admin.connect();
  } catch (error) {
    console.log(
      `postgres   skipped: no server at ${PG_URL} (${String(error)})`,
    );
    return;
  }
  const schema = `kenges_bench_${process.pid}`;
  try {
    const store = await openPostgresStore({ connectionString: PG_URL, schema });
    const figures = await measure(store, events);
    await store.close();
    report("postgres", figures);
  } finally {
    await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await admin.end();
  }
}

const events = makeEvents(EVENTS);
const mean =
  events.reduce(
    (sum, e) =>
      sum + e.envelope.length + e.signature.length + (e.payload?.length ?? 0),
    0,
  ) / events.length;
console.log(
  `${EVENTS} events, mean ${mean.toFixed(0)} bytes, batches of ${BATCH} (node ${process.version})`,
);
await benchSqliteAtRest(events);
if (process.env.KENGES_BENCH_PG !== "0") await benchPostgres(events);
