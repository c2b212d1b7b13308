// A writer process is SIGKILLed at random moments while it appends batches; after each kill
// the file must pass integrity_check, hold every batch whole or not at all, keep every batch
// the writer had reported committed, and take new appends.
import { type ChildProcess, spawn } from "node:child_process";
import { randomInt } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3-multiple-ciphers";
import { afterAll, describe, expect, it } from "vitest";
import { randomStoredEvent } from "../store.contract.js";
import type { Store } from "../store.js";
import { openSqliteStore } from "./sqlite-store.js";

const root = fileURLToPath(new URL("../../..", import.meta.url));
const writer = join(root, "test/store/sqlite-crash-writer.ts");
const BATCH = 500;
const KILLS = 5;

const dir = mkdtempSync(join(tmpdir(), "kenges-sqlite-crash-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Run {
  /** Batches the writer reported committed before it died. */
  readonly reported: number[];
  readonly stderr: string;
  readonly signal: NodeJS.Signals | null;
}

/**
 * Starts the writer at `first`, waits until it has reported `commits` batches, then kills
 * it after a random 0–15 ms — usually in the middle of the next transaction.
 */
function runAndKill(
  file: string,
  first: number,
  commits: number,
): Promise<Run> {
  return new Promise((done, fail) => {
    const child: ChildProcess = spawn(
      process.execPath,
      ["--import", "tsx", writer, file, String(first), String(BATCH)],
      { cwd: root, stdio: ["ignore", "pipe", "pipe"] },
    );
    const reported: number[] = [];
    let stderr = "";
    let killed = false;
    child.stderr!.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    createInterface({ input: child.stdout! }).on("line", (line) => {
      const m = /^committed (\d+)$/.exec(line);
      if (m) reported.push(Number(m[1]));
      if (!killed && reported.length >= commits) {
        killed = true;
        setTimeout(() => child.kill("SIGKILL"), randomInt(0, 16));
      }
    });
    child.on("error", fail);
    // 'close' comes after stdout has ended, so every line the writer printed is in `reported`.
    child.on("close", (_code, signal) => done({ reported, stderr, signal }));
  });
}

/** Every stored event grouped by the batch number its id starts with. */
async function batchesIn(store: Store): Promise<Map<number, number>> {
  const sizes = new Map<number, number>();
  let after = 0;
  for (;;) {
    const { events, last } = await store.scan(after, 2_000);
    if (events.length === 0) break;
    for (const e of events) {
      const batch = Number.parseInt(e.id.slice(0, 8), 16);
      sizes.set(batch, (sizes.get(batch) ?? 0) + 1);
    }
    after = last;
  }
  return sizes;
}

describe("sqlite store under SIGKILL", () => {
  it(`keeps every batch whole across ${KILLS} kills at random moments`, async () => {
    const file = join(dir, "crash.sqlite");
    let next = 0;
    let everReported = -1;
    for (let round = 0; round < KILLS; round++) {
      const run = await runAndKill(file, next, randomInt(3, 40));
      expect(run.signal, `writer died on its own: ${run.stderr}`).toBe(
        "SIGKILL",
      );
      expect(run.reported.length).toBeGreaterThan(0);
      everReported = Math.max(everReported, ...run.reported);

      const raw = new Database(file);
      expect(raw.pragma("integrity_check", { simple: true })).toBe("ok");
      raw.close();

      const store = await openSqliteStore(file);
      const sizes = await batchesIn(store);
      const stored = [...sizes.keys()].sort((a, b) => a - b);
      const max = stored[stored.length - 1]!;
      // Whole or absent: every batch present has all its events…
      for (const [batch, size] of sizes)
        expect(size, `batch ${batch} is torn`).toBe(BATCH);
      // …batches form an unbroken run from the first…
      expect(stored).toEqual(Array.from({ length: max + 1 }, (_, i) => i));
      // …every batch reported committed survived the kill, and at most one more (committed,
      // not yet printed) is there.
      expect(max).toBeGreaterThanOrEqual(everReported);
      expect(max).toBeLessThanOrEqual(everReported + 1);
      expect(await store.count()).toBe((max + 1) * BATCH);

      // The store still appends after the crash: the test writes the next batch itself.
      const own = Array.from({ length: BATCH }, (_, i) => ({
        ...randomStoredEvent(),
        id:
          (max + 1).toString(16).padStart(8, "0") +
          i.toString(16).padStart(8, "0") +
          randomStoredEvent().id.slice(16),
      }));
      expect(await store.append(own)).toHaveLength(BATCH);
      expect(await store.count()).toBe((max + 2) * BATCH);
      await store.close();
      everReported = max + 1;
      next = max + 2;
    }
  });
});
