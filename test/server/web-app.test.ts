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
/** A build that wrote its preload plan (web/vite.config.ts, .vite/page-preloads.json). */
let planned: FastifyInstance;
const plannedRoot = mkdtempSync(join(tmpdir(), "kenges-web-planned-"));
const MOTION = `/motions/${"ab".repeat(32)}`;

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

  mkdirSync(join(plannedRoot, "assets"));
  mkdirSync(join(plannedRoot, ".vite"));
  writeFileSync(
    join(plannedRoot, "index.html"),
    '<!doctype html><html lang="en" dir="ltr"><head><title>Kenges</title><script type="module" src="/assets/index-e1.js"></script></head><body><div id="root"></div></body></html>',
  );
  for (const name of [
    "index-e1",
    "motion-page-m1",
    "home-page-h1",
    "en-c1",
    "ur-c1",
    "ur-c2",
  ])
    writeFileSync(join(plannedRoot, "assets", `${name}.js`), "x".repeat(600));
  writeFileSync(
    join(plannedRoot, ".vite", "page-preloads.json"),
    JSON.stringify({
      routes: [
        { pattern: "^\\/$", files: ["/assets/home-page-h1.js"] },
        {
          pattern: "^\\/motions\\/([0-9a-f]{64})$",
          files: ["/assets/motion-page-m1.js"],
        },
      ],
      languages: {
        en: ["/assets/en-c1.js"],
        ur: ["/assets/ur-c1.js", "/assets/ur-c2.js"],
      },
    }),
  );
  planned = await buildApp(f.hub, { webApp: new WebApp(plannedRoot) });
});

afterAll(async () => {
  await app?.close();
  await planned?.close();
  rmSync(plannedRoot, { recursive: true, force: true });
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

const preloads = (html: string) =>
  [
    ...html.matchAll(/<link rel="modulepreload" crossorigin href="([^"]+)">/g),
  ].map((m) => m[1]);

it("names a page's chunk and the asker's catalogues in its index.html, in the language the app would pick", async () => {
  // The remembered language (the app's cookie) before the browser's; ?lang= before both.
  const ur = await planned.inject({
    url: MOTION,
    headers: {
      cookie: "other=1; kenges.lang=ur",
      "accept-language": "ru-RU,en;q=0.8",
    },
  });
  // In the language's direction, saying it loads in its words until the app replaces the line.
  expect(ur.body).toContain('<html lang="ur" dir="rtl">');
  expect(ur.body).toContain(
    '<div id="root"><p class="muted" role="status">لوڈ ہو رہا ہے…</p></div>',
  );
  expect(preloads(ur.body)).toEqual([
    "/assets/ur-c1.js",
    "/assets/ur-c2.js",
    "/assets/motion-page-m1.js",
  ]);
  const asked = await planned.inject({
    url: `${MOTION}?lang=en`,
    headers: { cookie: "kenges.lang=ur" },
  });
  expect(preloads(asked.body)).toEqual([
    "/assets/en-c1.js",
    "/assets/motion-page-m1.js",
  ]);
  const home = await planned.inject({
    url: "/",
    headers: { "accept-language": "ur-PK" },
  });
  expect(preloads(home.body)).toEqual([
    "/assets/ur-c1.js",
    "/assets/ur-c2.js",
    "/assets/home-page-h1.js",
  ]);
  // A path of no page, in a language of no catalogue: the page as built.
  const other = await planned.inject({
    url: "/nowhere",
    headers: { "accept-language": "de" },
  });
  expect(preloads(other.body)).toEqual(["/assets/en-c1.js"]);
  expect(other.body).toContain(
    '<script type="module" src="/assets/index-e1.js"></script>',
  );
  expect(other.body).toContain('<html lang="en" dir="ltr">');
  expect(other.body).toContain(">Loading…</p>");
  // Still the same policy (no inline script): links only; caches keep one copy per asker.
  const policy = (await app.inject({ url: "/" })).headers[
    "content-security-policy"
  ];
  expect(policy).toContain("script-src 'self';");
  for (const r of [ur, asked, home, other]) {
    expect(r.headers["content-security-policy"]).toBe(policy);
    expect(r.headers.vary).toBe("accept-encoding, accept-language, cookie");
    expect(r.body).not.toMatch(/<script>/);
  }
  expect(
    new Set([ur, asked, home, other].map((r) => r.headers.etag)).size,
  ).toBe(4);
  const again = await planned.inject({
    url: MOTION,
    headers: {
      cookie: "kenges.lang=ur",
      "if-none-match": String(ur.headers.etag),
    },
  });
  expect(again.statusCode).toBe(304);
  const br = await planned.inject({
    url: MOTION,
    headers: { cookie: "kenges.lang=ur", "accept-encoding": "br" },
  });
  expect(br.headers["content-encoding"]).toBe("br");
  expect(brotliDecompressSync(br.rawPayload).toString()).toBe(ur.body);
});

it("refuses a preload plan that names anything but the app's scripts", () => {
  const bad = mkdtempSync(join(tmpdir(), "kenges-web-bad-"));
  try {
    mkdirSync(join(bad, ".vite"));
    writeFileSync(join(bad, "index.html"), "<!doctype html><head></head>");
    writeFileSync(
      join(bad, ".vite", "page-preloads.json"),
      JSON.stringify({
        routes: [
          {
            pattern: "^\\/$",
            files: ['/assets/x.js"><script>alert(1)</script>'],
          },
        ],
        languages: {},
      }),
    );
    expect(() => new WebApp(bad)).toThrow();
  } finally {
    rmSync(bad, { recursive: true, force: true });
  }
});
