/**
 * Builds the web app into dist/web (the hub serves it from there). The app imports the
 * pure layers (src/core, src/crypto, src/voting, src/i18n, src/sync's browser entry) through
 * their entries; modules are side-effect free, so what a page does not use is left out of
 * its chunk. The service worker (src/sw.ts) is a second entry built to /sw.js, with this
 * build's file list written in front of it, so a new build is a new worker.
 */
import { createHash } from "node:crypto";
import { readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import react from "@vitejs/plugin-react";
import { defineConfig, type Plugin } from "vite";
import { ROUTE_PATTERNS } from "./src/routes.js";

const root = fileURLToPath(new URL(".", import.meta.url));

/** Writes the files of the build (the app shell) and a version into the service worker. */
function serviceWorkerShell(): Plugin {
  return {
    name: "kenges-service-worker-shell",
    apply: "build",
    generateBundle(_options, bundle) {
      const sw = bundle["sw.js"];
      if (sw === undefined || sw.type !== "chunk")
        return this.error("the service worker entry (sw.js) is missing");
      // The key holder runs as a classic script (a shared worker, and importScripts in the
      // service worker): one file, importing nothing.
      const holder = bundle["key-holder.js"];
      if (holder === undefined || holder.type !== "chunk")
        return this.error("the key holder entry (key-holder.js) is missing");
      if (holder.imports.length > 0 || sw.imports.length > 0)
        return this.error(
          "sw.js and key-holder.js must be single files: something the app imports too went into a shared chunk",
        );
      // Its own scope: loaded into the service worker's global scope, its top-level names
      // would otherwise overwrite the worker's own (both are minified to e, t, n…).
      holder.code = `(()=>{${holder.code}})();\n`;
      const publicFiles = readdirSync(new URL("public", import.meta.url));
      const files = [
        ...Object.keys(bundle).filter(
          (f) => f !== "sw.js" && f !== "index.html" && !f.startsWith("."),
        ),
        ...publicFiles.filter((f) => !f.startsWith(".")),
      ]
        .map((f) => `/${f}`)
        .sort();
      const hash = createHash("sha256").update(files.join("\n"));
      const html = bundle["index.html"];
      if (html?.type === "asset") hash.update(String(html.source));
      const version = hash.digest("hex").slice(0, 16);
      sw.code = `self.__KENGES_SHELL__=${JSON.stringify(files)};self.__KENGES_VERSION__=${JSON.stringify(version)};\n${sw.code}`;
    },
  };
}

/**
 * Writes .vite/page-preloads.json — for each route of web/src/routes.ts, the files its page's
 * chunk loads beyond those index.html already names, and for each language the files of its
 * catalogues — so the hub can name them in the index.html it serves for a path and a
 * language (src/server/page-preloads.ts): on a slow link they then download with the entry,
 * instead of in waves after it has run (docs/benchmarks.md, "Web app on a slow network").
 */
function pagePreloads(): Plugin {
  return {
    name: "kenges-page-preloads",
    apply: "build",
    generateBundle(_options, bundle) {
      const withImports = (file: string, into: Set<string>): Set<string> => {
        const chunk = bundle[file];
        if (chunk?.type !== "chunk" || into.has(file)) return into;
        into.add(file);
        for (const i of chunk.imports) withImports(i, into);
        return into;
      };
      const entry = Object.values(bundle).find(
        (c) => c.type === "chunk" && c.isEntry && c.name === "index",
      );
      if (entry === undefined) return this.error("the app's entry is missing");
      const named = withImports(entry.fileName, new Set());
      const filesOf = (module: string): string[] => {
        const chunk = Object.values(bundle).find(
          (c) => c.type === "chunk" && c.facadeModuleId === module,
        );
        if (chunk === undefined)
          return this.error(`no chunk of its own for ${module}`);
        return [...withImports(chunk.fileName, new Set())]
          .filter((f) => !named.has(f))
          .map((f) => `/${f}`);
      };
      const routes = ROUTE_PATTERNS.map(([pattern, page]) => ({
        pattern: pattern.source,
        files: filesOf(
          fileURLToPath(new URL(`src/pages/${page}-page.tsx`, import.meta.url)),
        ),
      }));
      // A language's catalogues: the app's words and the error messages (src/i18n/ui-catalog.ts).
      const catalogue = /\/src\/i18n\/catalog\/(?:ui\/)?([a-z]{2})\.json$/;
      const languages: Record<string, string[]> = {};
      for (const c of Object.values(bundle)) {
        const lang =
          c.type === "chunk"
            ? catalogue.exec(c.facadeModuleId ?? "")?.[1]
            : undefined;
        if (c.type !== "chunk" || lang === undefined) continue;
        languages[lang] = [
          ...(languages[lang] ?? []),
          ...filesOf(c.facadeModuleId!),
        ];
      }
      this.emitFile({
        type: "asset",
        fileName: ".vite/page-preloads.json",
        source: `${JSON.stringify({ routes, languages }, null, 1)}\n`,
      });
    },
  };
}

/**
 * The catalogues in src/i18n/catalog/<lang>.json hold the error messages and the command
 * line's words; the app uses only the first (src/i18n/ui-catalog.ts). The rest is left out of
 * its chunks: on a slow link each language's catalogue came with 20–27 KB it never shows.
 */
function errorsOnlyCatalogues(): Plugin {
  const catalogue = /[\\/]src[\\/]i18n[\\/]catalog[\\/][a-z]{2}\.json$/;
  return {
    name: "kenges-errors-only-catalogues",
    enforce: "pre",
    transform(code, id) {
      if (!catalogue.test(id)) return null;
      const { errors } = JSON.parse(code) as { errors?: unknown };
      if (errors === undefined)
        return this.error(`${id} has no "errors" section`);
      return { code: JSON.stringify({ errors }), map: null };
    },
  };
}

export default defineConfig({
  root,
  plugins: [
    errorsOnlyCatalogues(),
    react(),
    serviceWorkerShell(),
    pagePreloads(),
  ],
  base: "/",
  // The app is written against React's API and typed by @types/react, and runs on Preact's
  // compat layer: the same hooks in ~5 KB instead of React DOM's ~55 KB (brotli) — on slow 3G
  // a second of a phone's first visit (docs/benchmarks.md, "Web app on a slow network").
  resolve: {
    alias: [
      { find: /^react-dom\/client$/, replacement: "preact/compat/client" },
      {
        find: /^react\/jsx-runtime$/,
        replacement: "preact/compat/jsx-runtime",
      },
      {
        find: /^react\/jsx-dev-runtime$/,
        replacement: "preact/compat/jsx-dev-runtime",
      },
      { find: /^react-dom$/, replacement: "preact/compat" },
      { find: /^react$/, replacement: "preact/compat" },
    ],
  },
  build: {
    outDir: fileURLToPath(new URL("../dist/web", import.meta.url)),
    emptyOutDir: true,
    target: "es2022",
    sourcemap: false,
    reportCompressedSize: false,
    // bench/hub reads it to measure what the first page downloads.
    manifest: true,
    chunkSizeWarningLimit: 600,
    rollupOptions: {
      input: {
        index: fileURLToPath(new URL("index.html", import.meta.url)),
        sw: fileURLToPath(new URL("src/sw.ts", import.meta.url)),
        holder: fileURLToPath(
          new URL("src/identity/holder-worker.ts", import.meta.url),
        ),
      },
      output: {
        entryFileNames: (chunk) =>
          chunk.name === "sw"
            ? "sw.js"
            : chunk.name === "holder"
              ? "key-holder.js"
              : "assets/[name]-[hash].js",
      },
      treeshake: { moduleSideEffects: false },
    },
  },
  server: {
    proxy: {
      "/api": { target: "http://127.0.0.1:8080", ws: true },
    },
  },
});
