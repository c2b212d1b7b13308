/**
 * A real `kenges serve` for attack tests: a data directory written from test events, the CLI
 * started from the sources (`--port 0`, its `listening` line read), and, after it stopped,
 * the store opened to see exactly what the hub kept (events, quarantine, verify).
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { encodeWireEvent, type SignedEvent } from "../../../src/core/index.js";
import { installNodeCrypto } from "../../../src/crypto/node.js";
import { Replica } from "../../../src/replica/index.js";
import type { Store } from "../../../src/store/index.js";
import {
  decodeMessage,
  encodeMessage,
  httpTransport,
  type RoundMessage,
  type SyncTransport,
} from "../../../src/sync/index.js";
import {
  createTestDataDir,
  openDirStore,
} from "../../cli/support/data-dir-key.js";

const ROOT = new URL("../../../", import.meta.url).pathname;
const CLI = join(ROOT, "src/cli/main.ts");

/** A hub process over its own data directory. */
export interface ServeProcess {
  readonly url: string;
  readonly dataDir: string;
  /** Stops the hub (SIGTERM: it saves its fold) and waits for it to exit. */
  stop(): Promise<void>;
  /** Opens the stopped hub's store (the caller closes it). */
  openStore(): Promise<Store>;
  /** Removes the data directory (after stop). */
  remove(): void;
}

/** Writes `events` into a fresh data directory, as `kenges import` would have. */
export async function dataDirWith(
  events: readonly SignedEvent[],
): Promise<string> {
  installNodeCrypto();
  const dir = mkdtempSync(join(tmpdir(), "kenges-attack-"));
  // Encrypted, as `kenges import` into a new directory makes it: the hub opens it so.
  const replica = await Replica.open(await createTestDataDir(dir));
  const report = await replica.ingest(events);
  if (report.rejected > 0 || report.quarantined > 0)
    throw new Error(`fixture refused: ${JSON.stringify(report)}`);
  await replica.close();
  return dir;
}

const running = new Set<ChildProcess>();

/** Kills hubs a failed test left running (call from afterAll). */
export function killLeftovers(): void {
  for (const p of running) if (p.exitCode === null) p.kill("SIGKILL");
}

/** Starts `kenges serve --port 0` over a data directory. */
export function startServe(
  dataDir: string,
  extra: readonly string[] = [],
): Promise<ServeProcess> {
  const p = spawn(
    process.execPath,
    [
      "--import",
      "tsx",
      CLI,
      "--data",
      dataDir,
      "serve",
      "--port",
      "0",
      ...extra,
    ],
    { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] },
  );
  running.add(p);
  let stderr = "";
  p.stderr?.on("data", (d: Buffer) => {
    stderr += d.toString();
  });
  const exited = new Promise<void>((done) => p.once("exit", () => done()));
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: p.stdout! });
    lines.on("line", (line) => {
      const m = /^listening (\S+)$/.exec(line);
      if (!m) return;
      resolve({
        url: m[1]!,
        dataDir,
        async stop() {
          if (p.exitCode === null) p.kill("SIGTERM");
          await exited;
          running.delete(p);
        },
        openStore: () => openDirStore(dataDir),
        remove: () => rmSync(dataDir, { recursive: true, force: true }),
      });
    });
    p.once("exit", (code) =>
      reject(new Error(`kenges serve exited with ${code}: ${stderr}`)),
    );
  });
}

/** Posts events to `POST /api/events`; returns the status and the JSON answer. */
export async function postEvents(
  url: string,
  events: readonly SignedEvent[],
): Promise<{ status: number; body: Record<string, unknown> }> {
  const r = await fetch(`${url}/api/events`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      events: events.map((e) =>
        Buffer.from(encodeWireEvent(e)).toString("base64url"),
      ),
    }),
  });
  return {
    status: r.status,
    body: (await r.json()) as Record<string, unknown>,
  };
}

/** Pushes events in one sync `round` (unsigned, or as given); returns the answer's error code or null. */
export async function pushBySync(
  transport: SyncTransport,
  federation: string,
  events: readonly SignedEvent[],
  sign: (m: RoundMessage) => RoundMessage = (m) => m,
): Promise<string | null> {
  const round = sign({
    type: "round",
    federation,
    scopes: [],
    events: events.map(encodeWireEvent),
    want: [],
    have: [],
    auth: null,
  });
  const answer = decodeMessage(await transport.exchange(encodeMessage(round)));
  return answer.type === "error" ? answer.code : null;
}

/** An HTTP sync transport to a hub. */
export function syncOver(url: string): SyncTransport {
  return httpTransport(url, { timeoutMs: 120_000 });
}
