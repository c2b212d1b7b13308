/**
 * Syncing with a hub that runs `--tls` on its own certificate: the CLI reaches it when the URL
 * pins the certificate's fingerprint (`?fp=`, as invite links carry it), over HTTP and
 * WebSocket; a wrong fingerprint stops it before anything is sent (SYNC_TLS_FINGERPRINT_MISMATCH),
 * and without one the unknown certificate is refused.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import {
  kengesAsync,
  startDemoHub,
  type TestHub,
} from "../e2e/support/hub-process.js";

let hub: TestHub;
let fingerprint: string;
const tmp = mkdtempSync(join(tmpdir(), "kenges-pin-"));

const kenges = (args: string[]) => kengesAsync(args);

beforeAll(async () => {
  hub = await startDemoHub(["--tls"]);
  const { X509Certificate } = await import("node:crypto");
  fingerprint = new X509Certificate(
    readFileSync(join(hub.dataDir, "hub-tls-cert.pem")),
  ).fingerprint256;
}, 180_000);

afterAll(async () => {
  await hub?.stop();
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
