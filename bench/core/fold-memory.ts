/**
 * Where the fold's resident memory goes (#16: ≤ 300 bytes an event): a fresh process opens a
 * store as a restarted hub does (read, decode, fold), with V8's sampling heap profiler running
 * through the rebuild; the profile is read while the replica is open, after two collections, so
 * it holds the live objects only. Prints the heap and RSS per event, then the live bytes per
 * event by the function that allocated them, and writes the profile for DevTools.
 * Usage: npm run build && node --expose-gc --import tsx bench/core/fold-memory.ts <store file> [--top 30]
 * (bench/core/ingest.ts --events 100000 leaves such a store in bench/out/ingest-bench.sqlite)
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { Session } from "node:inspector/promises";
import { join } from "node:path";
import type { Replica as ReplicaClass } from "../../src/replica/index.js";
import type { openSqliteStore as OpenStore } from "../../src/store/index.js";
import { ROOT } from "../hub/bench-hub.js";

const file = process.argv[2];
if (file === undefined || file.startsWith("--"))
  throw new Error("usage: fold-memory.ts <store file> [--top 30]");
const topAt = process.argv.indexOf("--top");
const TOP = topAt > 0 ? Number(process.argv[topAt + 1]) : 30;
for (const arg of process.argv.slice(3))
  if (arg.startsWith("--") && arg !== "--top")
    throw new Error(`unknown flag ${arg}`);
const gc = (globalThis as { gc?: () => void }).gc;
if (gc === undefined) throw new Error("run with node --expose-gc");

// The compiled code, as `kenges` runs it (allocation sites then name dist/ files).
const { Replica } = (await import(join(ROOT, "dist/replica/index.js"))) as {
  Replica: typeof ReplicaClass;
};
const { openSqliteStore } = (await import(
  join(ROOT, "dist/store/index.js")
)) as {
  openSqliteStore: typeof OpenStore;
};

interface ProfileNode {
  callFrame: { functionName: string; url: string; lineNumber: number };
  selfSize: number;
  children: ProfileNode[];
}

const session = new Session();
session.connect();
await session.post("HeapProfiler.enable");
await session.post("HeapProfiler.startSampling", { samplingInterval: 4096 });
const replica = await Replica.open(await openSqliteStore(file));
gc();
gc();
const { profile } = (await session.post("HeapProfiler.stopSampling")) as {
  profile: { head: ProfileNode };
};
const memory = process.memoryUsage();
const events = replica.fold.size;

const bySite = new Map<string, number>();
let live = 0;
const walk = (node: ProfileNode) => {
  const f = node.callFrame;
  const where = `${f.functionName || "(anonymous)"} ${f.url.replace(/.*\/dist\//, "")}:${f.lineNumber + 1}`;
  live += node.selfSize;
  if (node.selfSize > 0)
    bySite.set(where, (bySite.get(where) ?? 0) + node.selfSize);
  for (const child of node.children) walk(child);
};
walk(profile.head);

mkdirSync(join(ROOT, "bench", "out"), { recursive: true });
writeFileSync(
  join(ROOT, "bench", "out", "fold-memory.heapprofile"),
  JSON.stringify(profile),
);
const perEvent = (bytes: number) => Math.round(bytes / events);
console.log(
  JSON.stringify({
    events,
    heapUsedPerEvent: perEvent(memory.heapUsed),
    rssPerEvent: perEvent(memory.rss),
    sampledLivePerEvent: perEvent(live),
    arrayBuffersPerEvent: perEvent(memory.arrayBuffers),
  }),
);
for (const [where, bytes] of [...bySite]
  .sort((a, b) => b[1] - a[1])
  .slice(0, TOP))
  console.log(
    `${String(perEvent(bytes)).padStart(5)} B/event ${((100 * bytes) / live).toFixed(1).padStart(5)} %  ${where}`,
  );
await replica.close();
