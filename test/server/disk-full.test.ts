/**
 * A hub whose disk fills up (issue #16, "Disk full: writes refused with a clear code, reads go
 * on"), on a real full disk: the data directory on a small tmpfs (this machine's tests run as
 * root, as CI does), nearly filled by a file once the hub has started. Posts are refused with
 * STORE_FULL (HTTP 507) and nothing of them is stored; reads and the live hub go on; once space
 * is freed the same events are taken, each stored once, and the log verifies. On PostgreSQL
 * the same: a throw-away database whose tablespace lies on its own small tmpfs.
 */
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import {
  cpSync,
  mkdtempSync,
  rmSync,
  statfsSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, expect, it } from "vitest";
import type { SignedEvent } from "../../src/core/index.js";
import { TestFederation } from "../../src/core/testing.js";
import { deriveKeyPair } from "../../src/crypto/index.js";
import { installNodeCrypto } from "../../src/crypto/node.js";
import { Replica } from "../../src/replica/index.js";
import { isStoreFull, openPostgresStore } from "../../src/store/index.js";
import {
  createThrowawayDatabase,
  testServerQuery,
  testServerUnreachable,
} from "../../src/store/postgres/testing.js";
import { kengesAsync } from "../e2e/support/hub-process.js";
import {
  dataDirWith,
  killLeftovers,
  postEvents,
  startServe,
} from "./support/serve-process.js";

const mounts: string[] = [];

/** A fresh tmpfs of `size` (e.g. "24m"), unmounted after the tests. */
function smallDisk(size: string): string {
  const dir = mkdtempSync(join(tmpdir(), "kenges-full-disk-"));
  execFileSync("mount", ["-t", "tmpfs", "-o", `size=${size}`, "tmpfs", dir]);
  mounts.push(dir);
  return dir;
}

afterAll(() => {
  killLeftovers();
  for (const dir of mounts) {
    execFileSync("umount", [dir]);
    rmSync(dir, { recursive: true, force: true });
  }
});

/** Free bytes on the file system holding `dir`. */
function freeBytes(dir: string): number {
  const s = statfsSync(dir);
  return s.bavail * s.bsize;
}

/** A public body with an open motion, and 60 batches of ten 4 KB comments on it. */
function federation() {
  const t = new TestFederation({ label: "disk-full" });
  const chair = t.founders[0]!;
  const member = deriveKeyPair("disk-full-member", 0);
  const body = t.createBody(chair, {
    name: "Depot",
    // Public, so that the log is read here without signing in.
    rules: {
      public: true,
      admission: { method: "endorsements", endorsements: 1 },
    },
  });
  t.admit(body, member, [chair], "Aigerim");
  const motion = t.openMotion(chair, body);
  const base = t.events.length;
  // Comments of 4,000 characters in batches of 10: the disk fills within a few batches.
  const batches: SignedEvent[][] = Array.from({ length: 60 }, (_, b) =>
    Array.from({ length: 10 }, (_, i) =>
      t.sign(member, body, "comment.posted", {
        motion,
        text: `${b}.${i} ${"x".repeat(4_000)}`,
        lang: "en",
      }),
    ),
  );

  return { t, base, batches };
}

it("refuses writes with STORE_FULL on a full disk, keeps reading, and takes the same events once there is room", async () => {
  const mount = smallDisk("24m");
  const { t, base, batches } = federation();
  const made = await dataDirWith(t.events.slice(0, base));
  ({ label: "disk-full" });
  const dir = join(mount, "data");
  cpSync(made, dir, { recursive: true });
  rmSync(made, { recursive: true, force: true });
  const hub = await startServe(dir);
  const filler = join(mount, "filler");
  try {
    // Leave the hub 600 KB: a few batches fit, then the disk is full.
    writeFileSync(
      filler,
      Buffer.alloc(Math.max(0, freeBytes(mount) - 600_000)),
    );

    let refused = -1;
    let answer: Awaited<ReturnType<typeof postEvents>> | null = null;
    for (let b = 0; b < batches.length; b++) {
      answer = await postEvents(hub.url, batches[b]!);
      if (answer.status !== 201 && answer.status !== 200) {
        refused = b;
        break;
      }
    }
    expect(refused, "the disk never filled").toBeGreaterThan(0);
    expect(answer!.status).toBe(507);
    expect(answer!.body.code).toBe("STORE_FULL");
    expect(String(answer!.body.message)).toMatch(/full/i);

    // Reads go on, and the hub still answers its health check.
    const health = await fetch(`${hub.url}/api/health`);
    expect(health.status).toBe(200);
    const log = await fetch(`${hub.url}/api/events/${batches[0]![0]!.id}`);
    expect(log.status).toBe(200);
    // Nothing of the refused batch was kept.
    const missing = await fetch(
      `${hub.url}/api/events/${batches[refused]![0]!.id}`,
    );
    expect(missing.status).toBe(404);

    // Room again: the refused batch and the rest are taken.
    rmSync(filler);
    for (let b = refused; b < refused + 3; b++) {
      const again = await postEvents(hub.url, batches[b]!);
      expect(again.status, JSON.stringify(again.body)).toBe(201);
    }
    // The earlier batches once more: duplicates, nothing stored twice.
    const dup = await postEvents(hub.url, batches[0]!);
    expect(dup.status).toBeLessThan(300);
    await hub.stop();

    const verify = await kengesAsync(["--data", dir, "verify", "--json"]);
    expect(verify.code, verify.stderr).toBe(0);
    const report = JSON.parse(verify.stdout) as { events: number };
    expect(report.events).toBe(base + (refused + 3) * 10);
  } finally {
    await hub.stop();
    rmSync(filler, { force: true });
  }
}, 120_000);

const noPostgres = await testServerUnreachable();

it.skipIf(noPostgres !== null)(
  "PostgreSQL: a write refused for want of space is STORE_FULL, stores nothing, and goes in once there is room",
  async () => {
    installNodeCrypto();
    const { t, base, batches } = federation();
    const disk = smallDisk("16m");
    // The server's own user writes the tablespace's files.
    execFileSync("chown", ["postgres:postgres", disk]);
    const space = `kenges_full_${randomBytes(4).toString("hex")}`;
    await testServerQuery(`CREATE TABLESPACE ${space} LOCATION '${disk}'`);
    const database = await createThrowawayDatabase();
    const dbName = new URL(database.url).pathname.slice(1);
    await testServerQuery(
      `ALTER DATABASE "${dbName}" SET default_tablespace = ${space}`,
    );
    const store = await openPostgresStore({ connectionString: database.url });
    const filler = join(disk, "filler");
    try {
      const replica = await Replica.open(store);
      await replica.ingest(t.events.slice(0, base));
      writeFileSync(
        filler,
        Buffer.alloc(Math.max(0, freeBytes(disk) - 400_000)),
      );
      let refused: unknown = null;
      let b = 0;
      for (; b < batches.length && refused === null; b++)
        await replica.ingest(batches[b]!).catch((e: unknown) => {
          refused = e;
        });
      expect(refused, "the tablespace never filled").not.toBeNull();
      expect(isStoreFull(refused)).toBe(true);
      const failed = b - 1;
      // Nothing of the refused batch is stored or folded; what was stored reads on.
      const held = await store.has(batches[failed]!.map((e) => e.id));
      expect(held.size).toBe(0);
      expect(replica.fold.has(batches[failed]![0]!.id)).toBe(false);
      expect(await store.get(t.events[0]!.id)).not.toBeNull();

      rmSync(filler);
      const again = await replica.ingest(batches[failed]!);
      expect(again.added).toBe(10);
      expect(await store.count()).toBe(base + (failed + 1) * 10);
      await replica.close();
    } finally {
      rmSync(filler, { force: true });
      await database.drop();
      await testServerQuery(`DROP TABLESPACE IF EXISTS ${space}`);
    }
  },
  120_000,
);
