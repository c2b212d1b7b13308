/**
 * A replicated PostgreSQL on loopback for tests and benchmarks: pg_auto_failover's monitor, a
 * primary and a secondary (`pg_autoctl`, Debian package postgresql-15-auto-failover), each in a
 * directory of a temporary folder, on ports of their own — never the server on 5432. Every
 * `pg_autoctl … --run` is a process group of its own (its postgres and workers with it), so a
 * node can be killed whole by its group id, as a machine that dies would be. PostgreSQL does
 * not run as root: under root the processes run as the `postgres` user, in a folder it owns.
 */
import { type ChildProcess, execFile, spawn } from "node:child_process";
import {
  chownSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
} from "node:fs";
import { createServer } from "node:net";
import { tmpdir, userInfo } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import pg from "pg";

const run = promisify(execFile);

/** Where Debian puts PostgreSQL 15's programs (pg_autoctl looks for pg_ctl on PATH). */
export const PG_BIN = "/usr/lib/postgresql/15/bin";
const PG_AUTOCTL = "/usr/bin/pg_autoctl";

/** Why the cluster cannot run here, or null when it can. */
export function autoFailoverMissing(): string | null {
  if (!existsSync(PG_AUTOCTL))
    return `${PG_AUTOCTL} is missing (apt-get install -y postgresql-15-auto-failover)`;
  if (!existsSync(join(PG_BIN, "pg_ctl"))) return `${PG_BIN}/pg_ctl is missing`;
  return null;
}

/** The waits of the cluster: generous, so that a machine at half speed still gets there. */
const READY_MS = 180_000;

/** The processes whose parent is `parent` (from /proc). */
function childrenOf(parent: number): number[] {
  const out: number[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      // "pid (name) state ppid …": the name may hold spaces and parentheses.
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      if (ppid === parent) out.push(Number(entry));
    } catch {
      // Ended meanwhile.
    }
  }
  return out;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  const address = server.address();
  await new Promise((done) => server.close(done));
  if (address === null || typeof address === "string")
    throw new Error("no port");
  return address.port;
}

export interface ClusterNode {
  readonly name: string;
  readonly port: number;
  /** The node's own URL (database `kenges`, user postgres). */
  readonly url: string;
}

/**
 * How soon the cluster fails over, as pg_auto_failover's settings say it: the monitor's
 * (`pgautofailover.*`, in milliseconds) and each keeper's `timeout.network_partition_timeout`
 * (seconds: a primary that has lost both the monitor and its standby that long stops taking
 * writes). The monitor must wait longer for a demotion (`primaryDemoteMs`) than a cut-off
 * primary takes to stop (`networkPartitionS`), or two primaries could write at once.
 */
export interface FailoverTimeouts {
  readonly healthCheckPeriodMs: number;
  readonly healthCheckTimeoutMs: number;
  readonly healthCheckRetryDelayMs: number;
  readonly healthCheckMaxRetries: number;
  readonly unhealthyMs: number;
  readonly primaryDemoteMs: number;
  readonly networkPartitionS: number;
}

/** pg_auto_failover 2.0's defaults: about 50 s from a primary's death to writes. */
export const DEFAULT_FAILOVER_TIMEOUTS: FailoverTimeouts = {
  healthCheckPeriodMs: 5_000,
  healthCheckTimeoutMs: 5_000,
  healthCheckRetryDelayMs: 2_000,
  healthCheckMaxRetries: 2,
  unhealthyMs: 20_000,
  primaryDemoteMs: 30_000,
  networkPartitionS: 20,
};

/**
 * A LAN's profile: a primary called dead after 5 s without an answer, promoted after a further
 * 8 s, and a cut-off primary stopping itself after 6 s (< 8 s). A pause of the primary longer
 * than ~5 s (a stalled disk, a swapping machine) now fails over too — see docs/operating.md.
 */
export const FAST_FAILOVER_TIMEOUTS: FailoverTimeouts = {
  healthCheckPeriodMs: 1_000,
  healthCheckTimeoutMs: 1_000,
  healthCheckRetryDelayMs: 500,
  healthCheckMaxRetries: 2,
  unhealthyMs: 5_000,
  primaryDemoteMs: 8_000,
  networkPartitionS: 6,
};

interface NodeState {
  readonly name: string;
  readonly port: number;
  readonly reported: string;
  readonly assigned: string;
}

export class AutoFailoverCluster {
  private readonly groups = new Map<string, ChildProcess>();
  /** The processes' last lines, told when a wait fails. */
  private readonly recent: string[] = [];
  readonly nodes: ClusterNode[] = [];

  private constructor(
    readonly dir: string,
    private readonly monitorPort: number,
    private readonly owner: { uid: number; gid: number } | null,
    private readonly log: (line: string) => void,
  ) {}

  /** Starts a monitor and two nodes, and waits until one is primary and one secondary. */
  static async start(
    log: (line: string) => void = () => {},
    timeouts: FailoverTimeouts = DEFAULT_FAILOVER_TIMEOUTS,
  ): Promise<AutoFailoverCluster> {
    if (timeouts.primaryDemoteMs <= timeouts.networkPartitionS * 1000)
      throw new RangeError(
        "the monitor must wait longer for a demotion than a cut-off primary takes to stop",
      );
    const dir = mkdtempSync(join(tmpdir(), "kenges-failover-"));
    let owner: { uid: number; gid: number } | null = null;
    if (userInfo().uid === 0) {
      const { stdout: uid } = await run("id", ["-u", "postgres"]);
      const { stdout: gid } = await run("id", ["-g", "postgres"]);
      owner = { uid: Number(uid.trim()), gid: Number(gid.trim()) };
      chownSync(dir, owner.uid, owner.gid);
    }
    const cluster = new AutoFailoverCluster(dir, await freePort(), owner, log);
    try {
      await cluster.spawnGroup("monitor", [
        "create",
        "monitor",
        "--pgdata",
        join(dir, "monitor"),
        "--pgport",
        String(cluster.monitorPort),
        "--hostname",
        "127.0.0.1",
        "--listen",
        "127.0.0.1",
        "--auth",
        "trust",
        "--no-ssl",
        "--run",
      ]);
      // Asked through its database, not `pg_autoctl show state`: that reads the monitor's
      // configuration file, which is half-written for a moment while the monitor is made.
      await cluster.until("the monitor", async () => {
        const client = new pg.Client({
          connectionString: cluster.monitorUrl(),
          connectionTimeoutMillis: 5_000,
        });
        client.on("error", () => {});
        try {
          await client.connect();
          await client.query("SELECT count(*) FROM pgautofailover.node");
          return true;
        } finally {
          await client.end().catch(() => {});
        }
      });
      await cluster.setMonitorTimeouts(timeouts);
      for (const name of ["node1", "node2"]) {
        const port = await freePort();
        await cluster.spawnGroup(name, [
          "create",
          "postgres",
          "--pgdata",
          join(dir, name),
          "--pgport",
          String(port),
          "--pghost",
          "127.0.0.1",
          "--hostname",
          "127.0.0.1",
          "--listen",
          "127.0.0.1",
          "--name",
          name,
          "--dbname",
          "kenges",
          "--auth",
          "trust",
          "--no-ssl",
          "--monitor",
          cluster.monitorUrl(),
          "--run",
        ]);
        cluster.nodes.push({
          name,
          port,
          url: `postgres://postgres@127.0.0.1:${port}/kenges`,
        });
        // One at a time: the second node is made a standby of the first.
        const wanted = name === "node1" ? ["single"] : ["primary", "secondary"];
        await cluster.until(`${name} in the formation`, async () => {
          const states = await cluster.states();
          const settled =
            states.length === wanted.length &&
            states.every((s) => s.reported === s.assigned) &&
            wanted.every((w) => states.some((s) => s.reported === w));
          if (settled) return true;
          throw new Error(`states ${JSON.stringify(states)}`);
        });
        if (
          timeouts.networkPartitionS !==
          DEFAULT_FAILOVER_TIMEOUTS.networkPartitionS
        ) {
          const pgdata = join(dir, name);
          await cluster.autoctl([
            "config",
            "set",
            "--pgdata",
            pgdata,
            "timeout.network_partition_timeout",
            String(timeouts.networkPartitionS),
          ]);
          await cluster.autoctl(["reload", "--pgdata", pgdata]);
        }
      }
      return cluster;
    } catch (error) {
      await cluster.stop();
      throw error;
    }
  }

  /** The monitor's `pgautofailover.*` settings, as its superuser, reloaded at once. */
  private async setMonitorTimeouts(t: FailoverTimeouts): Promise<void> {
    const client = new pg.Client({
      connectionString: `postgres://postgres@127.0.0.1:${this.monitorPort}/pg_auto_failover?sslmode=disable`,
    });
    client.on("error", () => {});
    await client.connect();
    try {
      const settings: [string, number][] = [
        ["health_check_period", t.healthCheckPeriodMs],
        ["health_check_timeout", t.healthCheckTimeoutMs],
        ["health_check_retry_delay", t.healthCheckRetryDelayMs],
        ["health_check_max_retries", t.healthCheckMaxRetries],
        ["node_considered_unhealthy_timeout", t.unhealthyMs],
        ["primary_demote_timeout", t.primaryDemoteMs],
      ];
      for (const [name, value] of settings)
        await client.query(
          `ALTER SYSTEM SET pgautofailover.${name} = ${Math.trunc(value)}`,
        );
      await client.query("SELECT pg_reload_conf()");
    } finally {
      await client.end().catch(() => {});
    }
  }

  private monitorUrl(): string {
    return `postgres://autoctl_node@127.0.0.1:${this.monitorPort}/pg_auto_failover?sslmode=disable`;
  }

  /** The URL naming both nodes, as `pg_autoctl show uri` prints it (user postgres added). */
  async formationUrl(): Promise<string> {
    const { stdout } = await this.autoctl([
      "show",
      "uri",
      "--formation",
      "default",
      "--pgdata",
      join(this.dir, "monitor"),
    ]);
    const uri = stdout.trim();
    if (!uri.startsWith("postgres://")) throw new Error(`no URI: ${uri}`);
    // The nodes run without TLS (--no-ssl, loopback). pg_autoctl prints libpq's
    // `sslmode=prefer`, which node-postgres reads as verify-full: say what is meant.
    return uri
      .replace("postgres://", "postgres://postgres@")
      .replace("sslmode=prefer", "sslmode=disable");
  }

  /** Each node's name, port and states as the monitor sees them. */
  async states(): Promise<NodeState[]> {
    const { stdout } = await this.autoctl([
      "show",
      "state",
      "--json",
      "--pgdata",
      join(this.dir, "monitor"),
    ]);
    const rows = JSON.parse(stdout) as {
      nodename: string;
      nodeport: number;
      current_group_state: string;
      assigned_group_state: string;
    }[];
    return rows.map((r) => ({
      name: r.nodename,
      port: r.nodeport,
      reported: r.current_group_state,
      assigned: r.assigned_group_state,
    }));
  }

  /** The node the monitor has as primary now. */
  async primary(): Promise<ClusterNode> {
    const states = await this.states();
    // A dead primary stays "primary" in its last report (assigned "demoted"): the primary is
    // the node that reported what it was assigned — primary, or wait_primary while alone.
    const p = states.find(
      (s) =>
        s.reported === s.assigned &&
        ["primary", "wait_primary"].includes(s.reported),
    );
    const node = this.nodes.find((n) => n.name === p?.name);
    if (node === undefined) throw new Error("no primary");
    return node;
  }

  /**
   * Kills a node whole with SIGKILL, as a machine that loses its power: pg_autoctl's process
   * group (with the postmaster) and every backend. Backends are not in the group (each makes a
   * session of its own), and left alone they would notice the postmaster's death and tell
   * their clients (57P01) — more than a dead machine says.
   */
  kill(node: ClusterNode): void {
    if (this.groups.get(node.name)?.pid === undefined)
      throw new Error(`${node.name} is not running`);
    this.killWhole(node.name);
  }

  /** pg_autoctl's group of `name` (monitor or node) and every child of its postmaster. */
  private killWhole(name: string): void {
    const group = this.groups.get(name);
    this.groups.delete(name);
    if (group?.pid === undefined) return;
    let children: number[] = [];
    try {
      const postmaster = Number(
        readFileSync(join(this.dir, name, "postmaster.pid"), "utf8").split(
          "\n",
        )[0],
      );
      children = childrenOf(postmaster);
    } catch {
      // No postmaster (yet, or any more): the group is all there is.
    }
    for (const pid of [-group.pid, ...children])
      try {
        process.kill(pid, "SIGKILL");
      } catch {
        // Gone already.
      }
  }

  /**
   * Stops every process it started and removes the folder. Killing the groups alone left the
   * monitor's logger and health-check worker running for good (they are in sessions of their own).
   */
  async stop(): Promise<void> {
    const groups = [...this.groups.values()];
    for (const name of [...this.groups.keys()]) this.killWhole(name);
    await Promise.all(
      groups.map(
        (g) =>
          g.exitCode !== null ||
          g.signalCode !== null ||
          new Promise((done) => g.once("exit", done)),
      ),
    );
    rmSync(this.dir, { recursive: true, force: true });
  }

  /** Polls until `probe` returns a value (errors count as not yet), or fails after READY_MS. */
  async until<T>(
    what: string,
    probe: () => Promise<T | undefined>,
  ): Promise<T> {
    const deadline = Date.now() + READY_MS;
    let last: unknown = null;
    for (;;) {
      try {
        const value = await probe();
        if (value !== undefined) return value;
      } catch (error) {
        last = error;
      }
      if (Date.now() > deadline)
        throw new Error(
          `waited in vain for ${what}: ${String(last)}\n${this.recent.join("\n")}`,
        );
      await new Promise((r) => setTimeout(r, 500));
    }
  }

  private env(): NodeJS.ProcessEnv {
    return {
      ...process.env,
      // Only the system folders: pg_autoctl looks at every pg_ctl on PATH, and folders the
      // postgres user may not read (a root home) are errors to it.
      PATH: `${PG_BIN}:/usr/local/bin:/usr/bin:/bin`,
      // pg_autoctl keeps its state under XDG folders: in the cluster's folder, not a home.
      XDG_CONFIG_HOME: join(this.dir, "config"),
      XDG_DATA_HOME: join(this.dir, "data"),
      HOME: this.dir,
      PGUSER: "postgres",
    };
  }

  /** The user the processes run as: postgres under root, else whoever runs this. */
  private ids(): { uid?: number; gid?: number } {
    return this.owner ?? {};
  }

  private autoctl(args: string[]): Promise<{ stdout: string }> {
    return run(PG_AUTOCTL, args, {
      env: this.env(),
      cwd: this.dir,
      timeout: 60_000,
      ...this.ids(),
    });
  }

  private async spawnGroup(name: string, args: string[]): Promise<void> {
    const child = spawn(PG_AUTOCTL, args, {
      env: this.env(),
      cwd: this.dir,
      // A group of its own: pg_autoctl, its postgres and their children die together.
      detached: true,
      stdio: ["ignore", "pipe", "pipe"],
      ...this.ids(),
    });
    const tag = (d: Buffer) => {
      for (const line of d.toString().split("\n"))
        if (line.trim() !== "") {
          this.log(`[${name}] ${line}`);
          this.recent.push(`[${name}] ${line}`);
          if (this.recent.length > 60) this.recent.shift();
        }
    };
    child.stdout?.on("data", tag);
    child.stderr?.on("data", tag);
    child.once("exit", (code, signal) =>
      tag(Buffer.from(`pg_autoctl exited: ${code ?? signal}`)),
    );
    this.groups.set(name, child);
  }
}
