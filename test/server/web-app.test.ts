/** The built web app as the hub serves it: pages, assets, the service worker, HEAD as GET, 404s. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { brotliDecompressSync, gunzipSync } from "node:zlib";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, expect, it } from "vitest";
import { buildApp, WebApp } from "../../src/server/index.js";
import { type HubFixture, makeHub } from "./support/hub-fixture.js";

let f: HubFixture;
let app: FastifyInstance;
let webApp: WebApp;
const root = mkdtempSync(join(tmpdir(), "kenges-web-"));

beforeAll(async () => {
  mkdirSync(join(root, "assets"));
  writeFileSync(
    join(root, "index.html"),
    "<!doctype html><title>Kenges</title>",
  );
  writeFileSync(
    join(root, "sw.js"),
    "self.addEventListener('fetch', () => {});",
  );
  writeFileSync(join(root, "assets", "app-abc123.js"), "x".repeat(2000));
  f = await makeHub();
  webApp = new WebApp(root);
  app = await buildApp(f.hub, { webApp });
});

afterAll(async () => {
  await app?.close();
  await f?.close();
  rmSync(root, { recursive: true, force: true });
});

it("serves pages, assets and the service worker, HEAD like GET without the body", async () => {
  for (const url of ["/", "/bodies/abc", "/sw.js", "/assets/app-abc123.js"]) {
    const get = await app.inject({ method: "GET", url });
    const head = await app.inject({ method: "HEAD", url });
    expect([url, get.statusCode]).toEqual([url, 200]);
    expect([url, head.statusCode]).toEqual([url, 200]);
    expect(head.headers["content-type"]).toBe(get.headers["content-type"]);
    expect(head.headers.etag).toBe(get.headers.etag);
    expect(head.body).toBe("");
  }
  const page = await app.inject({ url: "/motions/1" });
  expect(page.body).toContain("<title>Kenges</title>");
  expect(page.headers["cache-control"]).toBe("no-cache");
  const sw = await app.inject({ url: "/sw.js" });
  expect(sw.headers["content-type"]).toMatch(/javascript/);
  expect(sw.headers["cache-control"]).toBe("no-cache");
  const asset = await app.inject({ url: "/assets/app-abc123.js" });
  expect(asset.headers["cache-control"]).toContain("immutable");
});

it("answers unknown assets and API paths with a JSON 404", async () => {
  for (const method of ["GET", "HEAD"] as const)
    for (const url of ["/assets/missing.js", "/missing.png", "/api/nothing"]) {
      const r = await app.inject({ method, url });
      expect([method, url, r.statusCode]).toEqual([method, url, 404]);
    }
  const r = await app.inject({ url: "/assets/missing.js" });
  expect(r.json().code).toBe("ROUTE_NOT_FOUND");
});

it("serves brotli or gzip once compressed on the worker threads, the same bytes under the same etag", async () => {
  await webApp.compressed();
  const url = "/assets/app-abc123.js";
  const plain = await app.inject({ url });
  expect(plain.headers["content-encoding"]).toBeUndefined();
  const br = await app.inject({ url, headers: { "accept-encoding": "br" } });
  expect(br.headers["content-encoding"]).toBe("br");
  expect(brotliDecompressSync(br.rawPayload).toString()).toBe(plain.body);
  const gz = await app.inject({
    url,
    headers: { "accept-encoding": "gzip, deflate" },
  });
  expect(gz.headers["content-encoding"]).toBe("gzip");
  expect(gunzipSync(gz.rawPayload).toString()).toBe(plain.body);
  expect(br.rawPayload.length).toBeLessThan(plain.rawPayload.length);
  expect(new Set([plain, br, gz].map((r) => r.headers.etag)).size).toBe(1);
});
