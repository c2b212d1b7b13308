/** The hub's own certificate: made with node:crypto, kept, and served with the fingerprint invites carry. */
import { X509Certificate } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { request } from "node:https";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, expect, it } from "vitest";
import { Replica } from "../../src/replica/index.js";
import {
  loadOrMakeCertificate,
  makeCertificate,
  parseHubConfig,
  startHub,
} from "../../src/server/index.js";
import { openSqliteStore } from "../../src/store/index.js";
import { makeHub } from "./support/hub-fixture.js";

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

it("makes a P-256 certificate for the hub's names that Node parses and verifies", () => {
  const c = makeCertificate({
    dns: ["localhost", "hub.lan"],
    ips: ["127.0.0.1", "192.168.1.20", "::1"],
  });
  const x = new X509Certificate(c.cert);
  expect(x.fingerprint256).toBe(c.fingerprint);
  expect(x.subjectAltName).toContain("DNS:hub.lan");
  expect(x.checkIP("192.168.1.20")).toBe("192.168.1.20");
  expect(x.checkIP("::1")).toBeDefined();
  expect(x.publicKey.asymmetricKeyDetails?.namedCurve).toBe("prime256v1");
  const days = (Date.parse(x.validTo) - Date.parse(x.validFrom)) / 86_400_000;
  expect(days).toBeLessThanOrEqual(398);
});

it("keeps the certificate in the data directory (the fingerprint stays)", () => {
  const dir = mkdtempSync(join(tmpdir(), "kenges-tls-"));
  dirs.push(dir);
  const a = loadOrMakeCertificate(dir, "127.0.0.1");
  const b = loadOrMakeCertificate(dir, "127.0.0.1");
  expect(b.fingerprint).toBe(a.fingerprint);
  const renewed = loadOrMakeCertificate(
    dir,
    "127.0.0.1",
    new Date(Date.now() + 380 * 86_400_000),
  );
  expect(renewed.fingerprint).not.toBe(a.fingerprint);
});

it("serves HTTPS with that certificate, and names its fingerprint in /api/hub", async () => {
  const fixture = await makeHub();
  const dir = mkdtempSync(join(tmpdir(), "kenges-tls-hub-"));
  dirs.push(dir);
  await fixture.close();
  // A hub over its own replica, listening for real.
  const replica = await Replica.open(await openSqliteStore(":memory:"));
  await replica.ingest(fixture.town.t.events, "fixture");
  const running = await startHub(
    replica,
    parseHubConfig({ dataDir: dir, port: 0, tls: true }),
  );
  try {
    expect(running.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const { fingerprint, body } = await new Promise<{
      fingerprint: string;
      body: string;
    }>((resolve, reject) => {
      const req = request(
        `${running.url}/api/hub`,
        { rejectUnauthorized: false },
        (res) => {
          const cert = (
            res.socket as import("node:tls").TLSSocket
          ).getPeerX509Certificate();
          let data = "";
          res.on("data", (d) => {
            data += d;
          });
          res.on("end", () =>
            resolve({ fingerprint: cert?.fingerprint256 ?? "", body: data }),
          );
        },
      );
      req.on("error", reject);
      req.end();
    });
    expect(fingerprint).toBe(running.fingerprint);
    expect(JSON.parse(body).fingerprint).toBe(running.fingerprint);
    expect(JSON.parse(body).tls).toBe(true);
  } finally {
    await running.close();
  }
});
