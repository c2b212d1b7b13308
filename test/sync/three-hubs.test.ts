/**
 * Across processes: three hubs on loopback, one stopped (a partition); a recall reaches one
 * hub while the recalled delegate's ballot reaches another; the links heal through explicit
 * `kenges sync` runs of a courier — a replica whose key the hubs trust as a peered hub
 * (`kenges peer trust`), so it reads every scope — until the three state hashes agree
 * (checked, never waited for with timers); the council's close, made after the recall was
 * attested there and both ballots were known, does not count the recalled delegate's ballot.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { afterAll, describe, expect, it } from "vitest";
import { openReplica } from "../../src/cli/data-dir.js";
import { sealKey } from "../../src/cli/keyring.js";
import { pendingClaims, type SignedEvent } from "../../src/core/index.js";
import { idOf, TestFederation } from "../../src/core/testing.js";
import type { CanonicalValue, KeyPair } from "../../src/crypto/index.js";
import { Replica } from "../../src/replica/index.js";
import { openSqliteStore } from "../../src/store/index.js";
import {
  bundleBytes,
  httpTransport,
  SyncSource,
  syncWith,
} from "../../src/sync/index.js";
import { testDataKey } from "../cli/support/data-dir-key.js";
import { kengesAsync } from "../e2e/support/hub-process.js";

const root = new URL("../../", import.meta.url).pathname;
const tmp = mkdtempSync(join(tmpdir(), "kenges-three-hubs-"));
const PASS = "correct horse battery staple";
const hubs: ChildProcess[] = [];

afterAll(() => {
  for (const h of hubs) if (h.exitCode === null) h.kill("SIGKILL");
  rmSync(tmp, { recursive: true, force: true });
});

function kenges(
  args: string[],
): Promise<{ code: number; stdout: string; stderr: string }> {
  return kengesAsync(args, { KENGES_PASSPHRASE: PASS });
}

async function kengesJson(args: string[]): Promise<Record<string, unknown>> {
  const r = await kenges([...args, "--json"]);
  expect(r.code, `kenges ${args.join(" ")}: ${r.stderr}`).toBe(0);
  return JSON.parse(r.stdout) as Record<string, unknown>;
}

/** The courier's key: the hubs trust it as a peered hub's (set by the test). */
let courierKey: KeyPair;

interface RunningHub {
  readonly url: string;
  readonly process: ChildProcess;
  stop(): Promise<void>;
}

/** Starts `kenges serve --port 0` over a data directory and reads its `listening` line. */
function startHub(dir: string): Promise<RunningHub> {
  const p = spawn(
    process.execPath,
    [
      "--import",
      "tsx",
      join(root, "src/cli/main.ts"),
      "--data",
      dir,
      "serve",
      "--port",
      "0",
    ],
    {
      cwd: root,
      stdio: ["ignore", "pipe", "inherit"],
    },
  );
  hubs.push(p);
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: p.stdout! });
    lines.on("line", (line) => {
      const m = /^listening (\S+)$/.exec(line);
      if (m)
        resolve({
          url: m[1]!,
          process: p,
          stop: () =>
            new Promise<void>((done) => {
              p.once("exit", () => done());
              p.kill("SIGTERM");
            }),
        });
    });
    p.once("exit", (code) => reject(new Error(`hub exited with ${code}`)));
  });
}

/**
 * What a hub holds, seen as a peered hub sees it: a fresh replica synced with it as the
 * courier, whose key the hubs trust as a peer's (an HTTP read would show an outsider only
 * the federation scope: receiving is reading).
 */
async function heldBy(
  hub: RunningHub,
): Promise<{ stateHash: string; events: number }> {
  const replica = await Replica.open(await openSqliteStore(":memory:"));
  try {
    await syncWith(new SyncSource(replica), httpTransport(hub.url), {
      key: courierKey,
    });
    return { stateHash: replica.stateHash(), events: replica.fold.size };
  } finally {
    await replica.close();
  }
}

async function stateHash(hub: RunningHub): Promise<string> {
  return (await heldBy(hub)).stateHash;
}

async function eventsOn(hub: RunningHub): Promise<number> {
  return (await heldBy(hub)).events;
}

async function writeBundle(
  name: string,
  events: readonly SignedEvent[],
): Promise<string> {
  const replica = await Replica.open(await openSqliteStore(":memory:"));
  const report = await replica.ingest(events);
  expect(report.rejected).toBe(0);
  const path = join(tmp, name);
  writeFileSync(path, await bundleBytes(new SyncSource(replica)));
  await replica.close();
  return path;
}

const ONE = {
  admission: { method: "endorsements", endorsements: 1 },
  quorumPercent: 25,
} as const;

function pass(
  t: TestFederation,
  motion: string,
  chair: KeyPair,
  voters: readonly KeyPair[],
  choice: CanonicalValue,
) {
  for (const v of voters) t.vote(v, motion, choice);
  return t.close(chair, motion);
}

function attestAll(
  t: TestFederation,
  attester: KeyPair,
  body: string,
  council: string,
): SignedEvent[] {
  return pendingClaims(t.fold, body, council).map((p) =>
    t.attest(attester, council, body, p.claim),
  );
}

describe("three hubs across a partition", () => {
  it("a recall on one side, the delegate's ballot on the other: healed by kenges sync, all agree, the tally leaves the ballot out", async () => {
    // The federation: a town council with two assemblies, each sending one delegate.
    const t = new TestFederation({ label: "three-hubs" });
    const f = t.founders[0]!;
    const council = t.createBody(f, {
      kind: "council",
      level: "municipal",
      name: "Town council",
      rules: ONE as never,
    });
    const [a1, m1, m2, m3, a2] = ["a1", "m1", "m2", "m3", "a2"].map((l) =>
      t.key(l),
    ) as KeyPair[] as [KeyPair, KeyPair, KeyPair, KeyPair, KeyPair];
    const A1 = t.createBody(a1, { name: "Depot", rules: ONE as never });
    const A2 = t.createBody(a2, { name: "Hospital", rules: ONE as never });
    for (const k of [m1, m2, m3]) t.admit(A1, k, [a1]);
    t.link(f, council, A1, { attesters: [a1], name: "Depot" });
    t.link(f, council, A2, { attesters: [a2], name: "Hospital" });
    for (const [body, chair, voters, delegate] of [
      [A1, a1, [a1, m1, m2], m1],
      [A2, a2, [a2], a2],
    ] as const) {
      const election = t.sign(chair, body, "motion.opened", {
        kind: "election",
        title: { en: "Delegate" },
        text: { en: "Who goes to the council." },
        method: "approval",
        options: [{ label: "C0", member: idOf(delegate) }],
        seats: 1,
        subject: { kind: "election", role: "delegate", council },
      }).id;
      pass(t, election, chair, voters, { approve: [0] });
      attestAll(t, chair, body, council);
    }
    const motion = t.openMotion(a2, council);
    const base = [...t.events];
    const split = [...t.fold.headsOf(council), ...t.fold.headsOf(t.federation)];
    // Town side: the depot assembly recalls m1, and its attester carries the recall up.
    const recallMotion = t.sign(m2, A1, "motion.opened", {
      kind: "recall",
      title: { en: "Recall" },
      text: { en: "-" },
      subject: { kind: "recall", council, member: idOf(m1) },
    }).id;
    pass(t, recallMotion, a1, [a1, m2, m3], { vote: "yes" });
    const recallClaims = attestAll(t, a1, A1, council);
    expect(recallClaims.length).toBeGreaterThan(0);
    const town = t.events.slice(base.length);
    // Council side, not seeing the recall: m1 votes yes, a2 votes no.
    const ballot = t.vote(
      m1,
      motion,
      { vote: "yes" },
      { deps: split, detached: true },
    );
    const other = t.vote(
      a2,
      motion,
      { vote: "no" },
      { deps: [ballot.id], detached: true },
    );

    const baseFile = await writeBundle("base.bundle", base);
    const townFile = await writeBundle("town.bundle", [...base, ...town]);
    const councilFile = await writeBundle("council.bundle", [
      ...base,
      ballot,
      other,
    ]);
    courierKey = t.key("courier");
    writeFileSync(
      join(tmp, "courier.key"),
      sealKey(courierKey, "courier", PASS, 1024),
    );

    // Three hubs, each seeded from the same bundle through `kenges import`, each trusting
    // the courier's key as a peered hub's.
    const dirs = ["hubA", "hubB", "hubC"].map((d) => join(tmp, d));
    for (const d of dirs) {
      expect((await kengesJson(["import", baseFile, "--data", d])).added).toBe(
        base.length,
      );
      await kengesJson(["peer", "trust", idOf(courierKey), "--data", d]);
    }
    let [A, B, C] = await Promise.all(dirs.map((d) => startHub(d)));
    const hashes = async () => Promise.all([A!, B!, C!].map(stateHash));
    const first = await hashes();
    expect(new Set(first).size).toBe(1);

    // Partition: C goes dark; the recall reaches A, the ballot reaches B.
    await C!.stop();
    await kengesJson(["import", townFile, "--data", join(tmp, "town")]);
    // Unsigned, these replicas read only what is public on the hubs; they push what the hub lacks.
    await kengesJson(["sync", A!.url, "--data", join(tmp, "town")]);
    expect(await eventsOn(A!)).toBe(base.length + town.length);
    await kengesJson(["import", councilFile, "--data", join(tmp, "council")]);
    await kengesJson(["sync", B!.url, "--data", join(tmp, "council")]);
    expect(await eventsOn(B!)).toBe(base.length + 2);
    expect(await stateHash(A!)).not.toBe(await stateHash(B!));

    // C returns. The courier joins from A with its key, then carries events between the
    // hubs with explicit syncs until the three hashes agree.
    C = await startHub(dirs[2]!);
    const courier = join(tmp, "courier");
    const joined = await kengesJson([
      "init",
      "--from",
      A!.url,
      "--key",
      join(tmp, "courier.key"),
      "--data",
      courier,
    ]);
    expect(joined.federation).toBe(t.federation);
    const heal = async () => {
      for (let round = 0; round < 4; round++) {
        const now = await hashes();
        if (new Set(now).size === 1) return now[0]!;
        for (const hub of [B!, C!, A!])
          await kengesJson(["sync", hub.url, "--data", courier]);
      }
      throw new Error(`hubs did not agree: ${(await hashes()).join(" ")}`);
    };
    await heal();

    // The council's chair closes the vote, having seen the attested recall and both ballots.
    t.deliver([ballot, other]);
    const close = t.close(f, motion, {
      after: [...recallClaims.map((e) => e.id), other.id],
    });
    await kengesJson([
      "import",
      await writeBundle("close.bundle", t.events),
      "--data",
      join(tmp, "chair"),
    ]);
    await kengesJson(["sync", C!.url, "--data", join(tmp, "chair")]);
    const agreed = await heal();
    const reference = t.fold.stateHash();
    expect(agreed).toBe(reference);

    // The tally, read from a replica the hubs agree with: the recalled delegate's ballot is
    // valid where it was cast, but the close does not count it.
    const replica = await openReplica(courier, {
      key: await testDataKey(courier),
    });
    try {
      expect(replica.stateHash()).toBe(agreed);
      expect(replica.fold.invalidReason(ballot.id)).toBeNull();
      expect(replica.fold.invalidReason(close.id)).toBeNull();
      expect(replica.fold.state.motions.get(motion)!.result).toMatchObject({
        kind: "decision",
        decision: { yes: 0, no: 1 },
      });
    } finally {
      await replica.close();
    }
    for (const h of [A!, B!, C!]) await h.stop();
  }, 240_000);
});
