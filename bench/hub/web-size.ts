/**
 * What the first page downloads: the entry chunk, its static imports and CSS, the home page's
 * chunk with its imports, and the English catalogues — gzip level 9 (and brotli, as the hub
 * serves them), from Vite's manifest of dist/web.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { brotliCompressSync, gzipSync } from "node:zlib";

interface Chunk {
  file: string;
  imports?: string[];
  dynamicImports?: string[];
  css?: string[];
}

export interface WebSize {
  readonly files: readonly {
    file: string;
    raw: number;
    gzip: number;
    brotli: number;
  }[];
  readonly raw: number;
  readonly gzip: number;
  readonly brotli: number;
}

export function firstPageSize(webRoot: string): WebSize {
  const manifest = JSON.parse(
    readFileSync(join(webRoot, ".vite", "manifest.json"), "utf8"),
  ) as Record<string, Chunk>;
  const wanted = new Set<string>();
  const add = (key: string) => {
    const c = manifest[key];
    if (!c || wanted.has(c.file)) return;
    wanted.add(c.file);
    for (const css of c.css ?? []) wanted.add(css);
    for (const i of c.imports ?? []) add(i);
  };
  add("index.html");
  add("src/pages/home-page.tsx");
  for (const key of Object.keys(manifest))
    if (/catalog\/(ui\/)?en\.json$/.test(key)) add(key);
  const files = [...wanted].map((file) => {
    const bytes = readFileSync(join(webRoot, file));
    return {
      file,
      raw: bytes.length,
      gzip: gzipSync(bytes, { level: 9 }).length,
      brotli: brotliCompressSync(bytes).length,
    };
  });
  const html = readFileSync(join(webRoot, "index.html"));
  files.unshift({
    file: "index.html",
    raw: html.length,
    gzip: gzipSync(html, { level: 9 }).length,
    brotli: brotliCompressSync(html).length,
  });
  const sum = (k: "raw" | "gzip" | "brotli") =>
    files.reduce((s, f) => s + f[k], 0);
  return { files, raw: sum("raw"), gzip: sum("gzip"), brotli: sum("brotli") };
}
