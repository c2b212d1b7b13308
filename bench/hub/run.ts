/**
 * The hub under load (docs/benchmarks-hub.md), on event format 2. A federation of ~2,000
 * members in scopes (bench/hub/fixtures.ts) on SQLite, a hub process pinned to one core
 * (bench/hub/serve.ts) and autocannon plus this script on the other:
 *   1. Ed25519 verifications per second on one core (node:crypto), measured here first;
 *   2. 50 clients posting pre-signed ballots, each in its own chain order in its assembly's
 *      scope: accepted ballots per second and latency — then every 2xx is checked to be
 *      stored (the hub is stopped and its store opened);
 *   3. reads of a motion with its live count, as a member;
 *   4. the deps a client fetches to sign (`/api/heads?scope=`), as a member;
 *   5. live-feed latency: a ballot posted → another member's socket hears its scope;
 *   6. the web app's first page, gzipped (when dist/web is built).
 * Usage: node --experimental-websocket --import tsx bench/hub/run.ts [--clients 50] [--ballots 300]
 * (Node 20 has WebSocket only behind that flag.)
 */
import type { ChildProcess } from "node:child_process";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import autocannon from "autocannon";
import { encodeWireEvent, signMerged } from "../../src/core/index.js";
import { installNodeCrypto } from "../../src/crypto/node.js";
import { openSqliteStore } from "../../src/store/index.js";
import {
  benchSession,
  cpuSecondsOf,
  numberArg,
  pinThisProcess,
  ROOT,
  startBenchHub,
} from "./bench-hub.js";
import { buildFederation, makeClients, writeStore } from "./fixtures.js";
import { postBallots } from "./post-ballots.js";
import { verifyRate } from "./verify-rate.js";
import { firstPageSize } from "./web-size.js";

const CLIENTS = numberArg("clients", 50);
const BALLOTS = numberArg("ballots", 300);

installNodeCrypto();
pinThisProcess();
const log = (m: string) => process.stderr.write(`[bench] ${m}\n`);

const dir = mkdtempSync(join(tmpdir(), "kenges-bench-hub-"));
const built = performance.now();
const fed = buildFederation({
  regions: 2,
  townsPerRegion: 2,
  assembliesPerTown: 10,
  membersPerAssembly: 50,
});
await writeStore(dir, fed);
log(
  `federation: ${fed.events.length} events, ${fed.members} members, ${fed.assemblies.length} assemblies (${Math.round(performance.now() - built)} ms)`,
);
// Each client signs 20% more than it will send: connections run at slightly different speeds.
const clients = makeClients(fed, CLIENTS, Math.ceil(BALLOTS * 1.2));
const verify = verifyRate(clients.flatMap((c) => c.events).slice(0, 5000));

async function startHub(): Promise<{ url: string; child: ChildProcess }> {
  const profile = process.env.KENGES_BENCH_PROFILE
    ? ["--cpu-prof", `--cpu-prof-dir=${process.env.KENGES_BENCH_PROFILE}`]
    : [];
  return startBenchHub(dir, { nodeArgs: profile });
}

/** Stops the hub; returns the group committer's counters it printed on the way out. */
async function stopHub(
  child: ChildProcess,
): Promise<{ commits: number; events: number; largest: number }> {
  let out = "";
  child.stdout!.on("data", (d: Buffer) => {
    out += d.toString();
  });
  const done = new Promise((r) => child.once("exit", r));
  child.kill("SIGTERM");
  await done;
  const m = /^stats (.+)$/m.exec(out);
  if (!m) throw new Error("the hub printed no stats");
  return JSON.parse(m[1]!);
}

const login = benchSession;

log(`verify: ${Math.round(verify)}/s; ${clients.length} clients`);
const hub = await startHub();
// Whatever happens, the hub this run started stops with it.
process.on("exit", () => {
  if (hub.child.exitCode === null) hub.child.kill("SIGTERM");
});
for (const event of ["uncaughtException", "unhandledRejection"] as const)
  process.on(event, (e) => {
    console.error(e);
    process.exit(1);
  });
log(`hub ${hub.url}`);

// 2. Ballots.
const hubCpuBefore = cpuSecondsOf(hub.child.pid!);
const { result: ballots, accepted: ok } = await postBallots(
  hub.url,
  clients,
  BALLOTS,
);
const hubCpuBallots = cpuSecondsOf(hub.child.pid!) - hubCpuBefore;
log(
  `ballots: ${JSON.stringify({ total: ballots.requests.total, non2xx: ballots.non2xx, hubCpuSeconds: hubCpuBallots })}`,
);

// 3. Reads of a motion with its live count, as a member.
const reader = clients[0]!;
const token = await login(hub.url, reader.key);
const reads = await autocannon({
  url: `${hub.url}/api/motions/${reader.motion}`,
  connections: 50,
  duration: 5,
  headers: { authorization: `Bearer ${token}` },
});
log(`reads: ${Math.round(reads.requests.average)}/s`);

// 4. Deps to sign on, as a member.
const heads = await autocannon({
  url: `${hub.url}/api/heads?scope=${reader.body}`,
  connections: 50,
  duration: 5,
  headers: { authorization: `Bearer ${token}` },
});
log(`heads: ${Math.round(heads.requests.average)}/s`);

// 5. Live feed: one member listens, another of the same assembly posts a ballot signed as the
// web app signs (deps from the hub for the scope, merged first past 16); time until the
// listener's socket hears the scope.
const listener = clients[0]!;
const poster = {
  key: fed.assemblies.find((a) => a.id === listener.body)!.chair,
  body: listener.body,
  motion: listener.motion,
};
const listenToken = await login(hub.url, listener.key);
const ws = new WebSocket(`${hub.url.replace(/^http/, "ws")}/api/live`);
await new Promise((r) => ws.addEventListener("open", r, { once: true }));
ws.send(JSON.stringify({ type: "auth", token: listenToken }));
await new Promise((r) => ws.addEventListener("message", r, { once: true }));
const posterToken = await login(hub.url, poster.key);
const latencies: number[] = [];
for (let i = 0; i < 100; i++) {
  const h = (await (
    await fetch(`${hub.url}/api/heads?scope=${poster.body}`, {
      headers: { authorization: `Bearer ${posterToken}` },
    })
  ).json()) as {
    federation: string;
    deps: string[];
    chain: { seq: number; id: string } | null;
    kseq: number;
  };
  const signed = signMerged(
    poster.key,
    {
      federation: h.federation,
      scope: poster.body,
      seq: (h.chain?.seq ?? 0) + 1,
      kseq: h.kseq + 1,
      prev: h.chain?.id ?? null,
      time: Date.now(),
      type: "ballot.cast",
      payload: {
        motion: poster.motion,
        choice: { vote: i % 2 ? "yes" : "no" },
      },
    },
    h.deps,
  );
  const heard = new Promise<number>((resolve) => {
    const on = (m: MessageEvent) => {
      const msg = JSON.parse(String(m.data)) as {
        type: string;
        scopes?: string[];
      };
      if (msg.type === "changed" && msg.scopes?.includes(listener.body)) {
        ws.removeEventListener("message", on);
        resolve(performance.now());
      }
    };
    ws.addEventListener("message", on);
  });
  const start = performance.now();
  const r = await fetch(`${hub.url}/api/events`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      events: signed.map((e) =>
        Buffer.from(encodeWireEvent(e)).toString("base64url"),
      ),
    }),
  });
  if (r.status !== 201)
    throw new Error(`live ballot: ${r.status} ${await r.text()}`);
  latencies.push((await heard) - start);
}
ws.close();
const commits = await stopHub(hub.child);
log(`group commit: ${JSON.stringify(commits)}`);

// Every 2xx verified and committed: each client's first `ok` ballots are in the store.
const store = await openSqliteStore(join(dir, "kenges.sqlite"));
let stored = 0;
let missing = 0;
for (let i = 0; i < clients.length; i++)
  for (let k = 0; k < ok[i]!; k++) {
    if (await store.get(clients[i]!.events[k]!.id)) stored++;
    else missing++;
  }
await store.close();

const webDir = join(ROOT, "dist", "web");
const web = existsSync(join(webDir, ".vite", "manifest.json"))
  ? firstPageSize(webDir)
  : null;
latencies.sort((a, b) => a - b);
const q = (p: number) =>
  latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))]!;
const accepted = ok.reduce((a, b) => a + b, 0);
const result = {
  machine: { cpus: 2, node: process.version },
  federation: {
    events: fed.events.length,
    members: fed.members,
    assemblies: fed.assemblies.length,
  },
  verifyPerSecondOneCore: Math.round(verify),
  ballots: {
    clients: clients.length,
    posted: ballots.requests.total,
    accepted2xx: accepted,
    non2xx: ballots.non2xx,
    errors: ballots.errors,
    seconds: ballots.duration,
    acceptedPerSecond: Math.round(accepted / ballots.duration),
    // What the hub spent on each, whatever else the machine ran: beside 1 / verify.
    hubCpuMsPerBallot: Math.round((1e5 * hubCpuBallots) / accepted) / 100,
    verifyMsPerEvent: Math.round(1e5 / verify) / 100,
    shareOfVerifyRate:
      Math.round((100 * accepted) / ballots.duration / verify) / 100,
    latencyMs: {
      p50: ballots.latency.p50,
      p99: ballots.latency.p99,
      max: ballots.latency.max,
    },
    storedOf2xx: { stored, missing },
    groupCommit: {
      commits: commits.commits,
      meanBatch: Math.round((10 * commits.events) / commits.commits) / 10,
      largest: commits.largest,
    },
  },
  reads: {
    requestsPerSecond: Math.round(reads.requests.average),
    latencyMs: { p50: reads.latency.p50, p99: reads.latency.p99 },
    non2xx: reads.non2xx,
  },
  heads: {
    requestsPerSecond: Math.round(heads.requests.average),
    latencyMs: { p50: heads.latency.p50, p99: heads.latency.p99 },
    non2xx: heads.non2xx,
  },
  liveFeedMs: {
    p50: Math.round(q(0.5) * 10) / 10,
    p99: Math.round(q(0.99) * 10) / 10,
    n: latencies.length,
  },
  webFirstPage: web
    ? {
        gzipKB: Math.round(web.gzip / 102.4) / 10,
        brotliKB: Math.round(web.brotli / 102.4) / 10,
        files: web.files.length,
      }
    : null,
};
mkdirSync(join(ROOT, "bench", "out"), { recursive: true });
writeFileSync(
  join(ROOT, "bench", "out", "hub.json"),
  `${JSON.stringify(result, null, 2)}\n`,
);
console.log(JSON.stringify(result, null, 2));
rmSync(dir, { recursive: true, force: true });
