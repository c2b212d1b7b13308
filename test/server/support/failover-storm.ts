/**
 * A write storm through two hubs over a replicated PostgreSQL while its primary is killed
 * (#16, failover): the bench federation's members post ballots signed ahead, each member
 * through one of two in-process hubs over the URL naming both nodes; every refused or
 * unanswered post is sent again (the same event) until a hub acknowledges it (201). Once
 * enough are acknowledged, the primary is killed whole (SIGKILL of its pg_autoctl, postgres
 * and backends); the storm goes on until each hub has acknowledged more after the kill. Shared
 * by test/server/postgres-failover.test.ts (which asserts) and bench/hub/failover.ts (which
 * measures); nothing here asserts or times anything but what it reports.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildFederation, makeClients } from "../../../bench/hub/fixtures.js";
import { LIFTED_LIMITS } from "../../../bench/hub/lifted-limits.js";
import { installNodeCrypto } from "../../../src/crypto/node.js";
import { Replica } from "../../../src/replica/index.js";
import {
  parseHubConfig,
  type RunningHub,
  startHub,
} from "../../../src/server/index.js";
import { openPostgresStore } from "../../../src/store/index.js";
import type {
  AutoFailoverCluster,
  ClusterNode,
} from "./auto-failover-cluster.js";

export interface StormOptions {
  /** Acknowledged posts before the kill. */
  readonly before: number;
  /** Acknowledged posts through each hub after the kill. */
  readonly afterPerHub: number;
  readonly log?: (line: string) => void;
}

export interface StormResult {
  /** Every event a hub answered 201 for, with the hub (0 or 1) that did. */
  readonly acknowledged: Map<string, number>;
  /** Non-201 answers by code (`network` for no answer at all). */
  readonly refusals: Map<string, number>;
  /** Statuses of reads (the federation page) sent each time a post was refused. */
  readonly readsWhileRefused: Map<number | "network", number>;
  /** Posts answered "duplicate": sent again after an answer lost, stored already. */
  readonly duplicates: number;
  readonly killed: ClusterNode;
  /** ms from the kill to each hub's first acknowledged post. */
  readonly firstAcceptedMs: readonly number[];
  readonly hubs: readonly RunningHub[];
  readonly replicas: readonly Replica[];
  /** The first client's first post, for sending once more. */
  readonly firstPost: { readonly id: string; readonly body: string };
  close(): Promise<void>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function runFailoverStorm(
  cluster: AutoFailoverCluster,
  options: StormOptions,
): Promise<StormResult> {
  installNodeCrypto();
  const log = options.log ?? (() => {});
  const url = await cluster.formationUrl();
  const fed = buildFederation({
    regions: 1,
    townsPerRegion: 1,
    assembliesPerTown: 4,
    membersPerAssembly: 6,
  });
  {
    const seed = await Replica.open(
      await openPostgresStore({ connectionString: url }),
    );
    const report = await seed.ingest(fed.events, "failover");
    await seed.close();
    if (report.rejected > 0 || report.invalid > 0)
      throw new Error(`federation refused: ${JSON.stringify(report)}`);
  }
  const clients = makeClients(fed, 12, 2_000);
  const work = mkdtempSync(join(tmpdir(), "kenges-failover-hubs-"));
  const hubs: RunningHub[] = [];
  const replicas: Replica[] = [];
  for (const i of [0, 1]) {
    const replica = await Replica.open(
      await openPostgresStore({
        connectionString: url,
        connectTimeoutMs: 10_000,
        applicationName: `kenges failover hub ${i}`,
      }),
      { now: () => Date.now() },
    );
    replicas.push(replica);
    hubs.push(
      await startHub(
        replica,
        parseHubConfig({
          dataDir: mkdtempSync(join(work, `hub-${i}-`)),
          port: 0,
          webRoot: null,
          origins: ["http://127.0.0.1"],
          // The storm comes from one address and a dozen keys.
          limits: LIFTED_LIMITS,
        }),
      ),
    );
  }
  const acknowledged = new Map<string, number>();
  const refusals = new Map<string, number>();
  const readsWhileRefused = new Map<number | "network", number>();
  let duplicates = 0;
  let killedAt: number | null = null;
  const afterKill = [0, 0];
  const firstAcceptedMs: number[] = [];
  let stop = false;

  const member = async (c: number): Promise<void> => {
    const client = clients[c]!;
    const via = c % 2;
    const base = hubs[via]!.url;
    for (let i = 0; i < client.posts.length && !stop; ) {
      let code: string;
      const sentAt = Date.now();
      try {
        const r = await fetch(`${base}/api/events`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: client.posts[i]!,
          signal: AbortSignal.timeout(120_000),
        });
        const answer = (await r.json()) as {
          code?: string;
          results?: { outcome: string }[];
        };
        if (r.status === 201) {
          acknowledged.set(client.events[i]!.id, via);
          if (answer.results?.[0]?.outcome === "duplicate") duplicates++;
          // Counted from posts sent after the kill: one sent before may be answered after it
          // (its commit confirmed by the standby just before the primary died).
          if (killedAt !== null && sentAt > killedAt) {
            if (afterKill[via] === 0)
              firstAcceptedMs[via] = Date.now() - killedAt;
            afterKill[via]!++;
          }
          i++;
          continue;
        }
        code = answer.code ?? `HTTP ${r.status}`;
      } catch {
        code = "network";
      }
      refusals.set(code, (refusals.get(code) ?? 0) + 1);
      // A reader meanwhile: the hub answers reads from its fold, database or not.
      let read: number | "network";
      try {
        const r = await fetch(`${base}/api/federation`, {
          signal: AbortSignal.timeout(120_000),
        });
        await r.arrayBuffer();
        read = r.status;
      } catch {
        read = "network";
      }
      readsWhileRefused.set(read, (readsWhileRefused.get(read) ?? 0) + 1);
      // The same event again, after a pause (as the web app's outbox does).
      await sleep(200);
    }
  };

  const storm = Promise.all(clients.map((_, c) => member(c)));
  let killed: ClusterNode | null = null;
  try {
    await cluster.until("acknowledged posts before the kill", async () =>
      acknowledged.size >= options.before ? true : undefined,
    );
    killed = await cluster.primary();
    log(`killing ${killed.name} after ${acknowledged.size} acknowledged posts`);
    killedAt = Date.now();
    cluster.kill(killed);
    await cluster.until(
      "acknowledged posts through both hubs after the kill",
      async () =>
        afterKill.every((n) => n >= options.afterPerHub) ? true : undefined,
    );
  } finally {
    stop = true;
    await storm;
  }
  log(
    `acknowledged ${acknowledged.size}; refusals ${JSON.stringify([...refusals])}; reads meanwhile ${JSON.stringify([...readsWhileRefused])}; duplicates ${duplicates}; first accepted after the kill ${firstAcceptedMs.join(" / ")} ms`,
  );
  return {
    acknowledged,
    refusals,
    readsWhileRefused,
    duplicates,
    killed: killed!,
    firstAcceptedMs,
    hubs,
    replicas,
    firstPost: { id: clients[0]!.events[0]!.id, body: clients[0]!.posts[0]! },
    async close() {
      for (const h of hubs) await h.close().catch(() => {});
      rmSync(work, { recursive: true, force: true });
    },
  };
}
