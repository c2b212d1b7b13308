/**
 * @module Serves the built web app from memory: every file is read once at startup and
 * compressed (brotli and gzip) on zlib's worker threads right after — brotli at its best
 * quality takes seconds for the app's megabyte of script, which a hub must not make the
 * first answer after a restart wait for (until a file's compressed copies are ready it is
 * sent as it is) —, hashed assets are cached for a year, and any other
 * page path gets index.html (the app routes in the browser), naming the files that path's
 * page and the asker's language need first (page-preloads.ts). Headers keep the page to its
 * own origin (CSP) — a hub is a target.
 */
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { extname, join, relative } from "node:path";
import {
  brotliCompress,
  brotliCompressSync,
  constants,
  gzip,
  gzipSync,
} from "node:zlib";
import type { FastifyReply, FastifyRequest } from "fastify";
import { directionOf, loadingWords } from "../i18n/index.js";
import { PagePreloads } from "./page-preloads.js";
import { MINUTES_STYLE } from "./read/minutes-html.js";
import { languageOf } from "./request-language.js";

interface WebFile {
  readonly type: string;
  readonly raw: Buffer;
  /** Set when compressed (null meanwhile, and for files not worth compressing). */
  br: Buffer | null;
  gzip: Buffer | null;
  readonly etag: string;
  readonly immutable: boolean;
}

const TYPES: Readonly<Record<string, string>> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".webmanifest": "application/manifest+json",
  ".txt": "text/plain; charset=utf-8",
  ".woff2": "font/woff2",
};

const COMPRESSIBLE = new Set([
  ".html",
  ".js",
  ".css",
  ".json",
  ".svg",
  ".webmanifest",
  ".txt",
]);

/**
 * The minutes page's one stylesheet, by its hash: a signed-in reader opens the minutes from a
 * blob the app made (web/src/components/meeting-minutes.tsx), and a blob's page lives under the
 * app's policy, so without it the page — Urdu's Nastaliq, the print rules — shows unstyled.
 */
const MINUTES_STYLE_SOURCE = `'sha256-${createHash("sha256").update(MINUTES_STYLE).digest("base64")}'`;

/** Security headers for every page and asset. */
export const PAGE_HEADERS: Readonly<Record<string, string>> = {
  "content-security-policy": `default-src 'self'; script-src 'self'; style-src 'self' ${MINUTES_STYLE_SOURCE}; img-src 'self' data: blob:; connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'`,
  "x-content-type-options": "nosniff",
  "referrer-policy": "no-referrer",
  "x-frame-options": "DENY",
  "permissions-policy": "camera=(self), microphone=(), geolocation=()",
};

function escapeHtml(text: string): string {
  return text
    .replaceAll("&", "&amp;")
    .replaceAll("<", "&lt;")
    .replaceAll(">", "&gt;");
}

const BROTLI_BEST = { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } };

function webFile(raw: Buffer, ext: string, immutable: boolean): WebFile {
  return {
    type: TYPES[ext] ?? "application/octet-stream",
    raw,
    br: null,
    gzip: null,
    etag: `"${createHash("sha256").update(raw).digest("base64url").slice(0, 22)}"`,
    immutable,
  };
}

export class WebApp {
  private readonly files = new Map<string, WebFile>();
  private readonly compressing: Promise<void>[] = [];
  private readonly preloads: PagePreloads | null;
  /** index.html as served for a route and a language (its links added), made on first ask. */
  private readonly pages = new Map<string, WebFile>();

  /** Loads a built app (Vite's output directory). */
  constructor(readonly root: string) {
    if (!existsSync(join(root, "index.html")))
      throw new Error(
        `the web app is not built: ${root}/index.html is missing (npm run build)`,
      );
    const walk = (dir: string) => {
      for (const name of readdirSync(dir)) {
        // Dot-files (Vite's .vite/manifest.json) are build records, not the app.
        if (name.startsWith(".")) continue;
        const path = join(dir, name);
        if (statSync(path).isDirectory()) walk(path);
        else this.load(path);
      }
    };
    walk(root);
    this.preloads = PagePreloads.load(root);
  }

  private load(path: string): void {
    const ext = extname(path);
    const raw = readFileSync(path);
    const url = `/${relative(this.root, path).split("\\").join("/")}`;
    const file = webFile(raw, ext, url.startsWith("/assets/"));
    this.files.set(url, file);
    if (!COMPRESSIBLE.has(ext) || raw.length <= 512) return;
    // The same bytes in any encoding: the etag stays that of the raw file.
    this.compressing.push(
      new Promise<void>((done) =>
        gzip(raw, { level: 9 }, (error, out) => {
          if (!error) file.gzip = out;
          done();
        }),
      ),
      new Promise<void>((done) =>
        brotliCompress(raw, BROTLI_BEST, (error, out) => {
          if (!error) file.br = out;
          done();
        }),
      ),
    );
  }

  /** Resolves once every file's compressed copies are ready (tests, the size report). */
  async compressed(): Promise<void> {
    await Promise.all(this.compressing);
  }

  /** Paths of every file, for tests and the size report. */
  paths(): string[] {
    return [...this.files.keys()];
  }

  /**
   * index.html for a page path in the asker's language, naming what the page needs first;
   * a few kilobytes, compressed here once per route and language.
   */
  private page(path: string, request: FastifyRequest): WebFile {
    const index = this.files.get("/index.html")!;
    if (this.preloads === null) return index;
    const route = this.preloads.routeOf(path);
    const lang = languageOf(request);
    const key = `${route} ${lang}`;
    let page = this.pages.get(key);
    if (page === undefined) {
      // The page in its language from the first byte, and a line to read while the app's
      // files arrive (React replaces it): on a slow link, seconds of a blank screen otherwise.
      const html = index.raw
        .toString("utf8")
        .replace(
          '<html lang="en" dir="ltr">',
          `<html lang="${lang}" dir="${directionOf(lang)}">`,
        )
        .replace(
          '<div id="root"></div>',
          `<div id="root"><p class="muted" role="status">${escapeHtml(loadingWords(lang))}</p></div>`,
        )
        .replace("</head>", `  ${this.preloads.links(route, lang)}\n  </head>`);
      page = webFile(Buffer.from(html), ".html", false);
      page.br = brotliCompressSync(page.raw, BROTLI_BEST);
      page.gzip = gzipSync(page.raw, { level: 9 });
      this.pages.set(key, page);
    }
    return page;
  }

  /** Answers a GET (or HEAD) for a page or asset; false when the path is not the app's. */
  serve(request: FastifyRequest, reply: FastifyReply): boolean {
    const path = request.url.split("?")[0]!;
    let file = this.files.get(path);
    const isPage = file === undefined || path === "/index.html";
    if (isPage) {
      // Unknown assets are 404s; page paths are the app's routes.
      if (
        file === undefined &&
        (path.startsWith("/assets/") || extname(path) !== "")
      )
        return false;
      file = this.page(path, request);
    }
    if (file === undefined) return false;
    reply.headers(PAGE_HEADERS);
    reply.header("content-type", file.type);
    reply.header("etag", file.etag);
    // A page names the files of its language: the remembered one (a cookie) or the browser's.
    reply.header(
      "vary",
      isPage ? "accept-encoding, accept-language, cookie" : "accept-encoding",
    );
    reply.header(
      "cache-control",
      file.immutable ? "public, max-age=31536000, immutable" : "no-cache",
    );
    if (request.headers["if-none-match"] === file.etag) {
      reply.code(304).send();
      return true;
    }
    const accept = String(request.headers["accept-encoding"] ?? "");
    if (file.br && /\bbr\b/.test(accept)) {
      reply.header("content-encoding", "br").send(file.br);
    } else if (file.gzip && /\bgzip\b/.test(accept)) {
      reply.header("content-encoding", "gzip").send(file.gzip);
    } else reply.send(file.raw);
    return true;
  }
}
