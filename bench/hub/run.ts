/**
 * The hub under load (docs/benchmarks-hub.md). On the demo federation, SQLite, a hub process
 * pinned to one core and autocannon on the other:
 *   1. Ed25519 verifications per second on one core (node:crypto), measured here first;
 *   2. 50 clients posting pre-signed ballots, each in its own chain order: accepted ballots
 *      per second and latency — then every 2xx is checked to be stored (the hub is stopped and
 *      its store opened);
 *   3. reads of a motion with its live count, as a member;
 *   4. live-feed latency: a ballot posted → another member's socket hears of it;
 *   5. the web app's first page, gzipped.
 * Usage: npm run build && node --experimental-websocket --import tsx bench/hub/run.ts [--clients 50] [--ballots 300]
 * (Node 20 has WebSocket only behind that flag.)
 */
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import autocannon from "autocannon";
import {
  encodeWireEvent,
  planMerges,
  signEvent,
} from "../../src/core/index.js";
import { type KeyPair, signEd25519, toHex } from "../../src/crypto/index.js";
import { installNodeCrypto } from "../../src/crypto/node.js";
import { hubAuthMessage } from "../../src/server/index.js";
import { openSqliteStore } from "../../src/store/index.js";
import { loadClients } from "./fixtures.js";
import { verifyRate } from "./verify-rate.js";
import { firstPageSize } from "./web-size.js";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const CLIENTS = arg("clients", 50);
const BALLOTS = arg("ballots", 300);

installNodeCrypto();
const cli = join(ROOT, "dist", "cli", "main.js");
if (!existsSync(cli) || !existsSync(join(ROOT, "dist", "web", "index.html")))
  throw new Error("run `npm run build` first");
const pin = (core: number) =>
  existsSync("/usr/bin/taskset")
    ? ["/usr/bin/taskset", "-c", String(core)]
    : [];
if (pin(1).length)
  execFileSync("/usr/bin/taskset", ["-cp", "1", String(process.pid)], {
    stdio: "ignore",
  });

const dir = mkdtempSync(join(tmpdir(), "kenges-bench-hub-"));
execFileSync(process.execPath, [cli, "--data", dir, "demo"], {
  stdio: "ignore",
});
// Each client signs 20% more than it will send: connections run at slightly different speeds.
const clients = await loadClients(dir, CLIENTS, Math.ceil(BALLOTS * 1.2));
const verify = verifyRate(clients.flatMap((c) => c.events).slice(0, 5000));

async function startHub(): Promise<{ url: string; child: ChildProcess }> {
  const [cmd, ...pre] = [...pin(0), process.execPath];
  const profile = process.env.KENGES_BENCH_PROFILE
    ? ["--cpu-prof", `--cpu-prof-dir=${process.env.KENGES_BENCH_PROFILE}`]
    : [];
  const child = spawn(
    cmd!,
    [
      ...pre,
      ...profile,
      cli,
      "--data",
      dir,
      "serve",
      "--port",
      "0",
      "--key-rate",
      "1000000",
      "--key-burst",
      "1000000",
    ],
    {
      stdio: ["ignore", "pipe", "inherit"],
    },
  );
  const url = await new Promise<string>((resolve, reject) => {
    let out = "";
    child.stdout!.on("data", (d: Buffer) => {
      out += d.toString();
      const m = /^listening (\S+)$/m.exec(out);
      if (m) resolve(m[1]!);
    });
    child.on("exit", (code) => reject(new Error(`hub exited ${code}`)));
  });
  return { url, child };
}

async function stopHub(child: ChildProcess): Promise<void> {
  const done = new Promise((r) => child.once("exit", r));
  child.kill("SIGTERM");
  await done;
}

async function login(url: string, key: KeyPair): Promise<string> {
  const c = (await (await fetch(`${url}/api/auth/challenge`)).json()) as {
    challenge: string;
    federation: string;
    hub: string;
  };
  const origin = new URL(url).origin;
  const signature = toHex(
    signEd25519(
      key.secretKey,
      hubAuthMessage({ ...c, origin, key: toHex(key.publicKey) }),
    ),
  );
  const r = (await (
    await fetch(`${url}/api/auth/session`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        key: toHex(key.publicKey),
        challenge: c.challenge,
        origin,
        signature,
      }),
    })
  ).json()) as { token: string };
  return r.token;
}

const log = (m: string) => process.stderr.write(`[bench] ${m}\n`);
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
const sent = clients.map(() => 0);
const ok = clients.map(() => 0);
let nextClient = 0;
const ballots = await autocannon({
  url: `${hub.url}/api/events`,
  method: "POST",
  connections: clients.length,
  pipelining: 1,
  amount: clients.length * BALLOTS,
  timeout: 30,
  headers: { "content-type": "application/json" },
  setupClient(client) {
    const i = nextClient++ % clients.length;
    const c = clients[i]!;
    client.setBody(c.posts[0]!);
    client.on("response", (status) => {
      if (status === 201) ok[i]!++;
      sent[i]!++;
      client.setBody(c.posts[Math.min(sent[i]!, c.posts.length - 1)]!);
    });
  },
});

log(
  `ballots: ${JSON.stringify({ total: ballots.requests.total, non2xx: ballots.non2xx })}`,
);
const commits = (
  (await (await fetch(`${hub.url}/api/state`)).json()) as {
    commits: { commits: number; events: number; largest: number };
  }
).commits;
log(`group commit: ${JSON.stringify(commits)}`);
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
// 4. Live feed: one member listens, another posts a ballot; time until the socket hears.
// Two members of one body when the load has them; else one member's second device (socket).
const listener =
  clients.find((c) => clients.some((d) => d !== c && d.body === c.body)) ??
  clients[0]!;
const poster =
  clients.find((c) => c !== listener && c.body === listener.body) ?? listener;
const listenToken = await login(hub.url, listener.key);
const ws = new WebSocket(`${hub.url.replace(/^http/, "ws")}/api/live`);
await new Promise((r) => ws.addEventListener("open", r, { once: true }));
ws.send(JSON.stringify({ type: "auth", token: listenToken }));
await new Promise((r) => ws.addEventListener("message", r, { once: true }));
const posterToken = await login(hub.url, poster.key);
const latencies: number[] = [];
for (let i = 0; i < 100; i++) {
  // As the web app does: on top of the heads, merging them first when there are more than 16.
  const h = (await (
    await fetch(`${hub.url}/api/heads`, {
      headers: { authorization: `Bearer ${posterToken}` },
    })
  ).json()) as {
    federation: string;
    heads: string[];
    chain: { seq: number; id: string };
  };
  let seq = h.chain.seq + 1;
  let prev = h.chain.id;
  const plan = planMerges(h.heads, prev);
  const signed = [];
  for (const m of plan.merges) {
    const merge = signEvent(poster.key, {
      federation: h.federation,
      seq: seq++,
      prev,
      deps: m,
      time: Date.now(),
      type: "heads.merged",
      payload: {},
    });
    signed.push(merge);
    prev = merge.id;
  }
  signed.push(
    signEvent(poster.key, {
      federation: h.federation,
      seq,
      prev,
      deps: plan.deps,
      time: Date.now(),
      type: "ballot.cast",
      payload: {
        motion: poster.motion,
        choice: { vote: i % 2 ? "yes" : "no" },
      },
    }),
  );
  const heard = new Promise<number>((resolve) => {
    const on = (m: MessageEvent) => {
      const msg = JSON.parse(String(m.data)) as {
        type: string;
        bodies?: string[];
      };
      if (msg.type === "changed" && msg.bodies?.includes(listener.body)) {
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
  if (r.status !== 201) throw new Error(`live ballot: ${r.status}`);
  latencies.push((await heard) - start);
}
ws.close();
await stopHub(hub.child);

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

const web = firstPageSize(join(ROOT, "dist", "web"));
latencies.sort((a, b) => a - b);
const q = (p: number) =>
  latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))]!;
const accepted = ok.reduce((a, b) => a + b, 0);
const result = {
  machine: { cpus: 2, node: process.version },
  verifyPerSecondOneCore: Math.round(verify),
  ballots: {
    clients: clients.length,
    posted: ballots.requests.total,
    accepted2xx: accepted,
    non2xx: ballots.non2xx,
    errors: ballots.errors,
    seconds: ballots.duration,
    acceptedPerSecond: Math.round(accepted / ballots.duration),
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
  liveFeedMs: {
    p50: Math.round(q(0.5) * 10) / 10,
    p99: Math.round(q(0.99) * 10) / 10,
    n: latencies.length,
  },
  webFirstPage: {
    gzipKB: Math.round(web.gzip / 102.4) / 10,
    brotliKB: Math.round(web.brotli / 102.4) / 10,
    files: web.files,
  },
};
mkdirSync(join(ROOT, "bench", "out"), { recursive: true });
writeFileSync(
  join(ROOT, "bench", "out", "hub.json"),
  `${JSON.stringify(result, null, 2)}\n`,
);
console.log(
  JSON.stringify(
    {
      ...result,
      webFirstPage: {
        ...result.webFirstPage,
        files: result.webFirstPage.files.length,
      },
    },
    null,
    2,
  ),
);
rmSync(dir, { recursive: true, force: true });
