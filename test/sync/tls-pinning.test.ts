/**
 * Syncing with a hub that runs `--tls` on its own certificate: the CLI reaches it when the URL
 * pins the certificate's fingerprint (`?fp=`, as invite links carry it), over HTTP and
 * WebSocket; a wrong fingerprint stops it before anything is sent (SYNC_TLS_FINGERPRINT_MISMATCH),
 * and without one the unknown certificate is refused. The hub is `kenges serve --tls` over a
 * data directory seeded from a bundle of a test federation with a public body (so an unsigned
 * replica receives something beyond the genesis).
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { afterAll, beforeAll, expect, it } from "vitest";
import { TestFederation } from "../../src/core/testing.js";
import { Replica } from "../../src/replica/index.js";
import { openSqliteStore } from "../../src/store/index.js";
import { bundleBytes, SyncSource } from "../../src/sync/index.js";
import { kengesAsync } from "../e2e/support/hub-process.js";

const root = new URL("../../", import.meta.url).pathname;
const tmp = mkdtempSync(join(tmpdir(), "kenges-pin-"));
let hub: {
  url: string;
  federation: string;
  dataDir: string;
  process: ChildProcess;
};
let fingerprint: string;

const kenges = (args: string[]) => kengesAsync(args);

beforeAll(async () => {
  const t = new TestFederation({ label: "tls-pinning" });
  t.createBody(t.founders[0]!, {
    name: "Open reading circle",
    rules: { public: true } as never,
  });
  const replica = await Replica.open(await openSqliteStore(":memory:"));
  await replica.ingest(t.events);
  const bundle = join(tmp, "seed.bundle");
  writeFileSync(bundle, await bundleBytes(new SyncSource(replica)));
  await replica.close();
  const dataDir = join(tmp, "hub");
  const seeded = await kenges(["import", bundle, "--data", dataDir, "--json"]);
  expect(seeded.code, seeded.stderr).toBe(0);
  const p = spawn(
    process.execPath,
    [
      "--import",
      "tsx",
      join(root, "src/cli/main.ts"),
      "--data",
      dataDir,
      "serve",
      "--port",
      "0",
      "--tls",
    ],
    { cwd: root, stdio: ["ignore", "pipe", "inherit"] },
  );
  const url = await new Promise<string>((resolve, reject) => {
    createInterface({ input: p.stdout! }).on("line", (line) => {
      const m = /^listening (\S+)$/.exec(line);
      if (m) resolve(m[1]!);
    });
    p.once("exit", (code) => reject(new Error(`hub exited with ${code}`)));
  });
  hub = { url, federation: t.federation, dataDir, process: p };
  const { X509Certificate } = await import("node:crypto");
  fingerprint = new X509Certificate(
    readFileSync(join(hub.dataDir, "hub-tls-cert.pem")),
  ).fingerprint256;
}, 180_000);

afterAll(async () => {
  if (hub?.process.exitCode === null)
    await new Promise<void>((done) => {
      hub.process.once("exit", () => done());
      hub.process.kill("SIGTERM");
    });
  rmSync(tmp, { recursive: true, force: true });
});

it("joins and syncs over https and wss when the URL pins the hub's fingerprint", async () => {
  expect(hub.url.startsWith("https://")).toBe(true);
  const pinned = `${hub.url}/?fp=${fingerprint}`;
  const dir = join(tmp, "pinned");
  const joined = await kenges([
    "init",
    "--from",
    pinned,
    "--data",
    dir,
    "--json",
  ]);
  expect(joined.code, joined.stderr).toBe(0);
  expect(JSON.parse(joined.stdout).federation).toBe(hub.federation);

  // The fingerprint without colons, in lower case, works too; so does the WebSocket.
  const bare = fingerprint.replace(/:/g, "").toLowerCase();
  const again = await kenges([
    "sync",
    `${hub.url}?fp=${bare}`,
    "--transport",
    "ws",
    "--data",
    dir,
    "--json",
  ]);
  expect(again.code, again.stderr).toBe(0);
  expect(JSON.parse(again.stdout)).toMatchObject({ added: 0, invalid: 0 });
}, 120_000);

it("stops before sending anything when the fingerprint is not the hub's", async () => {
  const wrong = `${fingerprint.slice(0, -2)}${fingerprint.endsWith("00") ? "01" : "00"}`;
  for (const transport of ["http", "ws"]) {
    const r = await kenges([
      "init",
      "--from",
      `${hub.url}?fp=${wrong}`,
      "--transport",
      transport,
      "--data",
      join(tmp, `wrong-${transport}`),
      "--json",
    ]);
    expect(r.code).toBe(9);
    expect(r.stderr).toContain("SYNC_TLS_FINGERPRINT_MISMATCH");
    expect(r.stderr).toContain(fingerprint);
  }
  const malformed = await kenges([
    "sync",
    `${hub.url}?fp=not-a-fingerprint`,
    "--data",
    join(tmp, "pinned"),
  ]);
  expect(malformed.code).toBe(9);
  expect(malformed.stderr).toContain("SYNC_TLS_FINGERPRINT_MISMATCH");
}, 120_000);

it("refuses the hub's own certificate when no fingerprint vouches for it", async () => {
  for (const transport of ["http", "ws"]) {
    const r = await kenges([
      "init",
      "--from",
      hub.url,
      "--transport",
      transport,
      "--data",
      join(tmp, `unpinned-${transport}`),
      "--json",
    ]);
    expect(r.code).toBe(9);
    expect(r.stderr).toContain("SYNC_PEER_UNREACHABLE");
    expect(r.stderr).toMatch(/self-signed certificate/i);
  }
}, 120_000);
