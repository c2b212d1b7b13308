/**
 * Failover time (#16): pg_auto_failover's monitor, a primary and a secondary on loopback
 * (test/server/support/auto-failover-cluster.ts), two in-process hubs over the URL naming both,
 * a write storm of pre-signed ballots (bench/hub/fixtures.ts: the same events every run), and
 * the primary killed whole (SIGKILL of its pg_autoctl, postgres and backends) once `--before`
 * posts are acknowledged (test/server/support/failover-storm.ts). Reports the time from the
 * kill to each hub's first acknowledged write, what the hubs answered meanwhile, and the
 * monitor's default timeouts that make most of it. Checks every acknowledged event is on the
 * new primary exactly once (the test asserts it; here it is reported).
 * First, on the same cluster, what one commit costs waiting for the standby vs not.
 * `--fast` runs the monitor and keepers on FAST_FAILOVER_TIMEOUTS instead of the defaults.
 * Usage: node --import tsx bench/hub/failover.ts [--before 300] [--after 50] [--commits 1000] [--fast]
 * (as root the cluster runs as the postgres user; writes bench/out/hub-failover.json)
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import pg from "pg";
import {
  AutoFailoverCluster,
  DEFAULT_FAILOVER_TIMEOUTS,
  FAST_FAILOVER_TIMEOUTS,
} from "../../test/server/support/auto-failover-cluster.js";
import { runFailoverStorm } from "../../test/server/support/failover-storm.js";
import { numberArg, ROOT } from "./bench-hub.js";

const log = (m: string) => process.stderr.write(`[bench] ${m}\n`);
const uptime = () => execFileSync("uptime", { encoding: "utf8" }).trim();

const known = new Set(["--before", "--after", "--commits", "--fast"]);
for (const [i, arg] of process.argv.slice(2).entries())
  if (arg.startsWith("--") && !known.has(arg))
    throw new Error(`unknown flag ${arg} (argument ${i + 1})`);
const timeouts = process.argv.includes("--fast")
  ? FAST_FAILOVER_TIMEOUTS
  : DEFAULT_FAILOVER_TIMEOUTS;

const loadBefore = uptime();
const started = Date.now();
const cluster = await AutoFailoverCluster.start(() => {}, timeouts);
log(`cluster up in ${((Date.now() - started) / 1000).toFixed(1)} s`);
/**
 * What synchronous replication costs one commit: `--commits` one-row transactions one after
 * another on the primary, half waiting for the standby (synchronous_commit = on, as the hub's
 * appends) and half for the local disk only (= local), alternating 25 and 25.
 */
const COMMITS = numberArg("commits", 1_000);
async function commitCost(url: string): Promise<Record<string, unknown>> {
  const client = new pg.Client({ connectionString: url });
  client.on("error", () => {});
  await client.connect();
  await client.query("CREATE TABLE commit_cost (n int)");
  const times: Record<string, number[]> = { on: [], local: [] };
  for (let round = 0; round < COMMITS / 50; round++)
    for (const mode of ["on", "local"] as const) {
      await client.query(`SET synchronous_commit = ${mode}`);
      for (let i = 0; i < 25; i++) {
        const t = process.hrtime.bigint();
        await client.query("INSERT INTO commit_cost VALUES (1)");
        times[mode]!.push(Number(process.hrtime.bigint() - t) / 1e6);
      }
    }
  await client.query("DROP TABLE commit_cost");
  await client.end();
  const summary = (xs: number[]) => {
    const sorted = [...xs].sort((a, b) => a - b);
    const at = (q: number) => sorted[Math.floor(q * (sorted.length - 1))]!;
    return {
      commits: xs.length,
      meanMs: +(xs.reduce((a, b) => a + b, 0) / xs.length).toFixed(3),
      p50Ms: +at(0.5).toFixed(3),
      p99Ms: +at(0.99).toFixed(3),
    };
  };
  return {
    waitingForStandby: summary(times.on!),
    localOnly: summary(times.local!),
  };
}

try {
  const commits = await commitCost((await cluster.primary()).url);
  log(`commit cost: ${JSON.stringify(commits)}`);
  const storm = await runFailoverStorm(cluster, {
    before: numberArg("before", 300),
    afterPerHub: numberArg("after", 50),
    log,
  });
  const primary = await cluster.primary();
  const client = new pg.Client({ connectionString: primary.url });
  await client.connect();
  const rows = (
    await client.query<{ id: string; n: string }>(
      "SELECT encode(id, 'hex') AS id, count(*) AS n FROM kenges.events GROUP BY id",
    )
  ).rows;
  await client.end();
  const stored = new Map(rows.map((r) => [r.id, Number(r.n)]));
  const result = {
    date: new Date().toISOString(),
    load: { before: loadBefore, after: uptime() },
    timeouts,
    commitCost: commits,
    killed: storm.killed.name,
    newPrimary: primary.name,
    firstAcceptedAfterKillMs: storm.firstAcceptedMs,
    acknowledged: storm.acknowledged.size,
    acknowledgedMissing: [...storm.acknowledged.keys()].filter(
      (id) => !stored.has(id),
    ).length,
    storedTwice: rows.filter((r) => Number(r.n) !== 1).length,
    answersMeanwhile: Object.fromEntries(storm.refusals),
    readsMeanwhile: Object.fromEntries(storm.readsWhileRefused),
    sentAgainAndHeld: storm.duplicates,
  };
  await storm.close();
  mkdirSync(join(ROOT, "bench", "out"), { recursive: true });
  writeFileSync(
    join(ROOT, "bench", "out", "hub-failover.json"),
    `${JSON.stringify(result, null, 2)}\n`,
  );
  console.log(JSON.stringify(result, null, 2));
} finally {
  await cluster.stop();
}
