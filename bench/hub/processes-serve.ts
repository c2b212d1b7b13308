/**
 * The hub processes of bench/hub/processes.ts: N hubs over one PostgreSQL database behind one
 * port. This script, run plainly, starts one hub process per data directory (this script again,
 * as a hub: KENGES_BENCH_HUB set), each pinned to core i mod 2, and listens itself as a
 * small TCP proxy that hands each new connection to the next hub in turn and copies bytes
 * both ways — a plain reverse proxy at the connection level (no HTTP parsing: a keep-alive
 * connection, and the WebSocket upgrades on it, stay with one hub).
 *
 * Why not node's `cluster` (Node 20 has no `reusePort`): its primary gives each connection to
 * whichever worker acknowledged its last one first, and in a first run 48 of 50 write
 * connections went to one worker — a measure of one process, not two. The proxy's copying
 * costs some CPU on the same two cores; it is counted in the figures.
 *
 * Each hub is `startHub` over its own data directory (the directories share one hub id, so a
 * sign-in's challenge and session may reach different hubs) and the database, with the
 * write and request budgets lifted (but still counted). Prints `listening <url>` once every
 * hub listens; on SIGTERM, the hubs' counters as one line `stats [...]`.
 * With `sqlite` for the database, the one hub keeps its SQLite store in its data directory
 * (`kenges.sqlite`, as `kenges serve` does), behind the same proxy: the comparison with one
 * SQLite hub pays the same copying.
 * Before `listening`, a line `hubs <pid>,<pid>…` names the hub processes (the bench reads their CPU).
 * Usage: node --import tsx bench/hub/processes-serve.ts <db url|sqlite> <dir>[,<dir>…]
 */
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { connect, createServer, type Socket } from "node:net";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { installNodeCrypto } from "../../src/crypto/node.js";
import { Replica } from "../../src/replica/index.js";
import { parseHubConfig, startHub } from "../../src/server/index.js";
import { openPostgresStore, openSqliteStore } from "../../src/store/index.js";
import { LIFTED_LIMITS } from "./lifted-limits.js";

const [db, dirList] = process.argv.slice(2);
if (db === undefined || dirList === undefined)
  throw new Error("usage: processes-serve.ts <db url> <dir>[,<dir>…]");

let hubs: { child: ChildProcess; port: number; out: string }[] = [];

if (process.env.KENGES_BENCH_HUB === undefined) await proxy(dirList.split(","));
else await hub(dirList);

/** Starts the hubs and the proxy in front of them. */
async function proxy(dirs: readonly string[]): Promise<void> {
  const self = fileURLToPath(import.meta.url);
  // The proxy's port first: the hubs bind sign-ins to the origin members reach them at.
  let next = 0;
  const server = createServer((client: Socket) => {
    const target = hubs[next++ % hubs.length]!;
    const upstream = connect(target.port, "127.0.0.1");
    client.setNoDelay(true);
    upstream.setNoDelay(true);
    const end = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on("error", end);
    upstream.on("error", end);
    client.pipe(upstream);
    upstream.pipe(client);
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  const origin = `http://127.0.0.1:${port}`;
  // Filled before the proxy's port is printed: no connection comes before.
  hubs = await Promise.all(
    dirs.map((dir, i) => {
      const pin = existsSync("/usr/bin/taskset")
        ? ["/usr/bin/taskset", "-c", String(i % 2)]
        : [];
      const [cmd, ...pre] = [...pin, process.execPath];
      // KENGES_BENCH_PROFILE=<dir>: each hub writes a CPU profile there (as bench/hub/run.ts's).
      const profile = process.env.KENGES_BENCH_PROFILE
        ? ["--cpu-prof", `--cpu-prof-dir=${process.env.KENGES_BENCH_PROFILE}`]
        : [];
      const child = spawn(
        cmd!,
        [...pre, ...profile, "--import", "tsx", self, db!, dir],
        {
          stdio: ["ignore", "pipe", "inherit"],
          env: {
            ...process.env,
            KENGES_BENCH_HUB: "1",
            KENGES_BENCH_ORIGIN: origin,
          },
        },
      );
      return new Promise<{ child: ChildProcess; port: number; out: string }>(
        (resolve, reject) => {
          const entry = { child, port: 0, out: "" };
          child.stdout!.on("data", (d: Buffer) => {
            entry.out += d.toString();
            const m = /^listening http:\/\/127\.0\.0\.1:(\d+)$/m.exec(
              entry.out,
            );
            if (m && entry.port === 0) {
              entry.port = Number(m[1]);
              resolve(entry);
            }
          });
          child.once("exit", (code) =>
            reject(new Error(`hub ${i} exited ${code}`)),
          );
        },
      );
    }),
  );
  process.stdout.write(`hubs ${hubs.map((h) => h.child.pid).join(",")}\n`);
  process.stdout.write(`listening http://127.0.0.1:${port}\n`);
  // Stopped, the proxy stops its hubs; a proxy that dies takes them along (no orphans).
  process.once("exit", () => {
    for (const h of hubs)
      if (h.child.exitCode === null) h.child.kill("SIGKILL");
  });
  process.once("SIGTERM", () => {
    server.close();
    void Promise.all(
      hubs.map(
        (h) =>
          new Promise<unknown>((resolve) => {
            h.child.once("exit", () => {
              const m = /^stats (.+)$/m.exec(h.out);
              resolve(m ? JSON.parse(m[1]!) : null);
            });
            h.child.kill("SIGTERM");
          }),
      ),
    ).then((stats) => {
      process.stdout.write(`stats ${JSON.stringify(stats)}\n`);
      process.exit(0);
    });
  });
}

/** One hub over the database and its data directory, on a port of its own. */
async function hub(dir: string): Promise<void> {
  installNodeCrypto();
  const store =
    db === "sqlite"
      ? await openSqliteStore(join(dir, "kenges.sqlite"))
      : await openPostgresStore({
          connectionString: db!,
          applicationName: `kenges bench ${process.pid}`,
        });
  const replica = await Replica.open(store, { now: () => Date.now() });
  const running = await startHub(
    replica,
    parseHubConfig({
      dataDir: dir,
      port: 0,
      webRoot: null,
      origins: [process.env.KENGES_BENCH_ORIGIN!],
      // The load comes from one address.
      limits: LIFTED_LIMITS,
    }),
  );
  process.stdout.write(`listening ${running.url}\n`);
  process.once("SIGTERM", () => {
    void running.close().then(() => {
      process.stdout.write(
        `stats ${JSON.stringify({
          pid: process.pid,
          commits: running.hub.committer.stats,
          followed: running.hub.followed,
          // Rewinds and events applied again: what folding the other's appends in order costs.
          fold: replica.fold.stats,
        })}\n`,
      );
      process.exit(0);
    });
  });
}
