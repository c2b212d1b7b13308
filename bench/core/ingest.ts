/**
 * Ingest and rebuild benchmark (issue #2). Generates (once, cached in bench/out/) a federation of
 * about N events from a fixed seed, then measures in one run:
 *  1. plain Ed25519 verification of every event on 2 worker threads (the limit);
 *  2. ingest — decode + verify + store (SQLite) + fold — of the same events;
 *  3. fold-only rebuild: reopening the store in a fresh process (read + decode + fold, no signatures);
 * and reports rates, the ratio to the limit, and peak memory.
 * Usage: npm run build && node --max-old-space-size=12288 --max-semi-space-size=64 --import tsx bench/core/ingest.ts [--events 1000000]
 * It runs the compiled code in dist/ (what `kenges` runs) when it is built, the sources otherwise.
 */
import { execFileSync } from "node:child_process";
import {
  existsSync,
  mkdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { join } from "node:path";
import type { SignedEvent } from "../../src/core/index.js";

/** A module of dist/ when built (no loader in the measured code), else of src/. */
async function load<T>(path: string): Promise<T> {
  const dist = new URL(`../../dist/${path}`, import.meta.url);
  return (await import(
    existsSync(dist)
      ? dist.href
      : new URL(`../../src/${path.replace(/\.js$/, ".ts")}`, import.meta.url)
          .href
  )) as T;
}
const { decodeWireEvent, encodeWireEvent } =
  await load<typeof import("../../src/core/index.js")>("core/index.js");
const { installNodeCrypto } =
  await load<typeof import("../../src/crypto/node.js")>("crypto/node.js");
const { generateFederation } =
  await load<typeof import("../../src/demo/index.js")>("demo/index.js");
const { Replica, SignaturePool } =
  await load<typeof import("../../src/replica/index.js")>("replica/index.js");
const { openSqliteStore } =
  await load<typeof import("../../src/store/index.js")>("store/index.js");

installNodeCrypto();
const argIndex = process.argv.indexOf("--events");
const target = argIndex > 0 ? Number(process.argv[argIndex + 1]) : 1_000_000;
const out = join(import.meta.dirname, "..", "out");
mkdirSync(out, { recursive: true });
const SEED = 7;

/** Sizes that give about `target` events: members and motions scale together. */
function optionsFor(n: number) {
  const scale = n / 12_000;
  const motions = Math.max(3, Math.round(6.9 * Math.sqrt(scale)));
  const members = Math.max(20, Math.round(50 * Math.sqrt(scale)));
  return {
    seed: SEED,
    workplacesPerTown: 5,
    members: [members - 10, members + 10] as const,
    motions: [motions - 1, motions + 1] as const,
  };
}

function loadOrGenerate(): Uint8Array[] {
  const file = join(out, `federation-seed${SEED}-${target}.bin`);
  if (existsSync(file)) {
    const buf = readFileSync(file);
    const items: Uint8Array[] = [];
    for (let at = 0; at < buf.length; ) {
      const len = buf.readUInt32BE(at);
      items.push(new Uint8Array(buf.buffer, buf.byteOffset + at + 4, len));
      at += 4 + len;
    }
    return items;
  }
  const t = performance.now();
  const g = generateFederation(optionsFor(target));
  console.log(
    `generated ${g.events.length} events, ${g.people.length} people in ${((performance.now() - t) / 1000).toFixed(1)} s`,
  );
  const parts: Buffer[] = [];
  const items = g.events.map(encodeWireEvent);
  for (const w of items) {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(w.length);
    parts.push(len, Buffer.from(w));
  }
  writeFileSync(file, Buffer.concat(parts));
  return items;
}

function mb(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(0)} MB`;
}

const wire = loadOrGenerate();
if (process.argv.includes("--generate-only")) process.exit(0);
const bytes = wire.reduce((n, w) => n + w.length, 0);
console.log(`${wire.length} events, ${mb(bytes)} on the wire`);

/** Decodes a slice of the wire file (the benchmark never holds all decoded events at once). */
function decoded(from: number, to: number): SignedEvent[] {
  const out: SignedEvent[] = [];
  for (let k = from; k < Math.min(to, wire.length); k++) {
    const e = decodeWireEvent(wire[k]!);
    if (!e.ok) throw new Error(e.error.code);
    out.push(e.value);
  }
  return out;
}

// 1. The limit: plain verification on 2 worker threads.
const pool = new SignaturePool(2);
await pool.verify(decoded(0, 2000)); // warm the workers
const BATCH = 10_000;
// Decoding is not part of this limit: decode first, then time the verification alone.
let verifySeconds = 0;
for (let i = 0; i < wire.length; i += BATCH) {
  const batch = decoded(i, i + BATCH);
  const t0 = performance.now();
  const ok = await pool.verify(batch);
  verifySeconds += (performance.now() - t0) / 1000;
  if (ok.includes(false)) throw new Error("a signature failed");
}
const verifyRate = wire.length / verifySeconds;
let t = performance.now();

// 2. Ingest into a fresh SQLite store.
const dbFile = join(out, "ingest-bench.sqlite");
for (const suffix of ["", "-wal", "-shm"])
  rmSync(dbFile + suffix, { force: true });
const replica = await Replica.open(await openSqliteStore(dbFile), { pool });
t = performance.now();
function* batches() {
  for (let i = 0; i < wire.length; i += BATCH) yield decoded(i, i + BATCH);
}
// An import of this size: verify on the workers while the main thread decodes, checks and
// stores; the fold orders and applies everything once at the end (Replica.ingestBatches).
const report = await replica.ingestBatches(batches(), "bench", undefined, {
  import: true,
});
await replica.flush();
const ingestSeconds = (performance.now() - t) / 1000;
const ingestRate = report.added / ingestSeconds;
const stateHash = replica.stateHash();
await replica.close();
if (report.rejected > 0)
  throw new Error(
    `rejected ${report.rejected}: ${JSON.stringify(report.rejections.slice(0, 3))}`,
  );

await pool.close();

// 3. Fold-only rebuild from the store, in a fresh process as a restarted hub does it (here the
// ingest's events and fold would still weigh on the heap and the collector).
const rebuilt = JSON.parse(
  execFileSync(
    process.execPath,
    [...process.execArgv, join(import.meta.dirname, "rebuild.ts"), dbFile],
    { encoding: "utf8", maxBuffer: 1 << 20 },
  ),
) as { seconds: number; stateHash: string; peakRssBytes: number };
if (rebuilt.stateHash !== stateHash)
  throw new Error("rebuild differs from ingest");
const rebuildSeconds = rebuilt.seconds;

const peak = process.resourceUsage().maxRSS * 1024;
const result = {
  events: wire.length,
  verifyRate: Math.round(verifyRate),
  ingestRate: Math.round(ingestRate),
  ratio: Number((ingestRate / verifyRate).toFixed(3)),
  ingestSeconds: Number(ingestSeconds.toFixed(1)),
  rebuildSeconds: Number(rebuildSeconds.toFixed(1)),
  invalid: report.invalid,
  peakRss: mb(peak),
  rebuildPeakRss: mb(rebuilt.peakRssBytes),
  stateHash,
};
console.log(JSON.stringify(result, null, 2));
writeFileSync(join(out, "ingest.json"), `${JSON.stringify(result, null, 2)}\n`);
