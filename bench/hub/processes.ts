/**
 * Several hub processes over one PostgreSQL database (#16): the bench federation of
 * bench/hub/fixtures.ts (deterministic keys and events: the same load every run) stored in a
 * throw-away database, then for 1 and for 2 hub processes behind one port
 * (bench/hub/processes-serve.ts: a TCP proxy handing connections to the hubs in turn):
 *   1. signed writes: `--clients` connections posting pre-signed ballots (`--ballots` each, in
 *      each client's chain order in its assembly's scope), with 10 more connections reading a
 *      motion as a member meanwhile: accepted ballots per second, write p50/p99, read p99
 *      during the writes; then every 2xx is checked to be in the database;
 *   2. reads alone: a motion with its live count, as a member, 50 connections for 5 s.
 * Every worker is stopped afterwards and reports how many catch-ups (of the other's appends)
 * it made. The machine has 2 cores, shared: the load generator runs on them too (with 2 hub
 * processes, each on its own core, autocannon competes with both) — so beside each rate, the
 * CPU the hubs themselves spent on each accepted ballot (from /proc), which the neighbours do
 * not change as much. `--configs` picks the runs: `sqlite` (one hub on an SQLite store, behind
 * the same proxy), `pg1`, `pg2` (1 and 2 hubs over PostgreSQL); all three by default.
 * Usage: node --import tsx bench/hub/processes.ts [--clients 50] [--ballots 200] [--configs sqlite,pg1,pg2] [--db URL]
 * The server: --db's (a database is made on it and dropped), else the tests' (KENGES_TEST_PG_URL).
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import autocannon, { type Result } from "autocannon";
import { installNodeCrypto } from "../../src/crypto/node.js";
import { Replica } from "../../src/replica/index.js";
import { openPostgresStore, openSqliteStore } from "../../src/store/index.js";
import { createThrowawayDatabase } from "../../src/store/postgres/testing.js";
import { benchSession, cpuSecondsOf, numberArg, ROOT } from "./bench-hub.js";
import { buildFederation, makeClients, writeStore } from "./fixtures.js";
import { postBallots } from "./post-ballots.js";

const CLIENTS = numberArg("clients", 50);
const BALLOTS = numberArg("ballots", 200);
const configAt = process.argv.indexOf("--configs");
const CONFIGS = (
  configAt > 0 ? process.argv[configAt + 1]! : "sqlite,pg1,pg2"
).split(",");
for (const c of CONFIGS)
  if (!["sqlite", "pg1", "pg2"].includes(c))
    throw new Error(`--configs: ${c} is not sqlite, pg1 or pg2`);

installNodeCrypto();
const log = (m: string) => process.stderr.write(`[bench] ${m}\n`);

const fed = buildFederation({
  regions: 2,
  townsPerRegion: 2,
  assembliesPerTown: 10,
  membersPerAssembly: 50,
});
log(
  `federation: ${fed.events.length} events, ${fed.members} members, ${fed.assemblies.length} assemblies`,
);

/**
 * One run: `processes` hubs over a fresh PostgreSQL database holding the federation, or (for
 * `sqlite`) one hub over an SQLite store holding it.
 */
async function run(
  config: "sqlite" | "pg1" | "pg2",
): Promise<Record<string, unknown>> {
  const sqlite = config === "sqlite";
  const processes = config === "pg2" ? 2 : 1;
  const database = sqlite ? null : await createThrowawayDatabase();
  const work = mkdtempSync(join(tmpdir(), "kenges-bench-processes-"));
  let child: ChildProcess | null = null;
  try {
    if (database !== null) {
      const replica = await Replica.open(
        await openPostgresStore({ connectionString: database.url }),
      );
      const report = await replica.ingest(fed.events, "bench");
      if (report.rejected > 0 || report.invalid > 0)
        throw new Error(`bench federation refused: ${JSON.stringify(report)}`);
      await replica.close();
    }
    // One data directory per process, all with the first one's hub id.
    const dirs = Array.from({ length: processes }, (_, i) => {
      const d = join(work, `hub-${i}`);
      mkdirSync(d);
      writeFileSync(
        join(d, "hub.json"),
        `${JSON.stringify({ id: "b".repeat(32) }, null, 1)}\n`,
      );
      return d;
    });
    if (sqlite) await writeStore(dirs[0]!, fed);
    const c = spawn(
      process.execPath,
      [
        "--import",
        "tsx",
        join(ROOT, "bench", "hub", "processes-serve.ts"),
        database?.url ?? "sqlite",
        dirs.join(","),
      ],
      { cwd: ROOT, stdio: ["ignore", "pipe", "inherit"] },
    );
    child = c;
    let out = "";
    const url = await new Promise<string>((resolve, reject) => {
      c.stdout!.on("data", (d: Buffer) => {
        out += d.toString();
        const m = /^listening (\S+)$/m.exec(out);
        if (m) resolve(m[1]!);
      });
      c.once("exit", (code) => reject(new Error(`hubs exited ${code}`)));
    });
    log(`${config}: ${processes} process(es) at ${url}`);
    // The hubs' CPU (and the proxy's, which copies every byte) around the writes.
    const hubPids = /^hubs (\S+)$/m.exec(out)![1]!.split(",").map(Number);
    const cpuOf = () => ({
      hubs: hubPids.reduce((sum, pid) => sum + cpuSecondsOf(pid), 0),
      proxy: cpuSecondsOf(c.pid!),
    });

    const clients = makeClients(fed, CLIENTS, Math.ceil(BALLOTS * 1.2));
    const reader = clients[0]!;
    const token = await benchSession(url, reader.key);
    const cpuBefore = cpuOf();
    // Reads of the motion for exactly as long as the writes go on: their p99 is the figure.
    let stopReads = () => {};
    const reading = new Promise<Result>((resolve, reject) => {
      const tracker = autocannon(
        {
          url: `${url}/api/motions/${reader.motion}`,
          connections: 10,
          duration: 86_400,
          headers: { authorization: `Bearer ${token}` },
        },
        (error, result) => (error ? reject(error) : resolve(result)),
      );
      stopReads = () => tracker.stop();
    });
    const { result: writes, accepted: ok } = await postBallots(
      url,
      clients,
      BALLOTS,
    );
    stopReads();
    const readsDuring = await reading;
    const cpuAfter = cpuOf();
    const accepted = ok.reduce((a, b) => a + b, 0);
    log(
      `writes: ${accepted} of ${writes.requests.total} in ${writes.duration} s; reads meanwhile p99 ${readsDuring.latency.p99} ms`,
    );
    const reads = await autocannon({
      url: `${url}/api/motions/${reader.motion}`,
      connections: 50,
      duration: 5,
      headers: { authorization: `Bearer ${token}` },
    });
    const done = new Promise((r) => c.once("exit", r));
    c.kill("SIGTERM");
    await done;
    const m = /^stats (.+)$/m.exec(out);
    const stats = m ? JSON.parse(m[1]!) : null;
    // Every 2xx is in the database: each client's first `ok` ballots.
    const store =
      database === null
        ? await openSqliteStore(join(dirs[0]!, "kenges.sqlite"))
        : await openPostgresStore({ connectionString: database.url });
    const ids = clients.flatMap((cl, i) =>
      cl.events.slice(0, ok[i]!).map((e) => e.id),
    );
    const held = await store.has(ids);
    const total = await store.count();
    await store.close();
    return {
      config,
      processes,
      writes: {
        clients: clients.length,
        posted: writes.requests.total,
        accepted2xx: accepted,
        non2xx: writes.non2xx,
        errors: writes.errors,
        seconds: writes.duration,
        acceptedPerSecond: Math.round(accepted / writes.duration),
        latencyMs: { p50: writes.latency.p50, p99: writes.latency.p99 },
        // CPU per accepted ballot, all hubs together (the reads during the writes included).
        hubCpuMsPerBallot:
          Math.round((1e5 * (cpuAfter.hubs - cpuBefore.hubs)) / accepted) / 100,
        proxyCpuMsPerBallot:
          Math.round((1e5 * (cpuAfter.proxy - cpuBefore.proxy)) / accepted) /
          100,
        storedOf2xx: { stored: held.size, missing: ids.length - held.size },
        eventsInDatabase: total,
      },
      readsDuringWrites: {
        requestsPerSecond: Math.round(readsDuring.requests.average),
        latencyMs: {
          p50: readsDuring.latency.p50,
          p99: readsDuring.latency.p99,
        },
        non2xx: readsDuring.non2xx,
      },
      readsAlone: {
        requestsPerSecond: Math.round(reads.requests.average),
        latencyMs: { p50: reads.latency.p50, p99: reads.latency.p99 },
        non2xx: reads.non2xx,
      },
      workers: stats,
    };
  } finally {
    const c = child as ChildProcess | null;
    if (c !== null && c.exitCode === null) {
      const gone = new Promise((r) => c.once("exit", r));
      c.kill("SIGTERM");
      await gone;
    }
    rmSync(work, { recursive: true, force: true });
    await database?.drop();
  }
}

const results = [];
for (const config of CONFIGS)
  results.push(await run(config as "sqlite" | "pg1" | "pg2"));
const result = {
  machine: { cpus: 2, node: process.version, shared: true, load: loadavg() },
  federation: {
    events: fed.events.length,
    members: fed.members,
    assemblies: fed.assemblies.length,
  },
  runs: results,
};
mkdirSync(join(ROOT, "bench", "out"), { recursive: true });
writeFileSync(
  join(ROOT, "bench", "out", "hub-processes.json"),
  `${JSON.stringify(result, null, 2)}\n`,
);
console.log(JSON.stringify(result, null, 2));
