#!/usr/bin/env node
// Bundles the compiled command line (dist/cli/main.js) into dist/bin/kenges.js, the `kenges`
// bin. Loading ~300 modules one by one was most of a command's start (each is resolved, read,
// compiled and linked apart; zod alone brings 95, 64 of them locales no command uses): the
// bundle is a few files, each command's code still split off and loaded only when it runs.
// The packages that load native code or files of their own at run time stay outside, loaded
// from node_modules as before. dist/cli/main.js keeps working: tests and tools may run either.
//   node scripts/bundle-cli.mjs [--dist <dir>]   after tsc (npm run build runs it)
import { createHash } from "node:crypto";
import {
  chmodSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const distAt = process.argv.indexOf("--dist");
const dist = distAt > 0 ? process.argv[distAt + 1] : join(root, "dist");
const out = join(dist, "bin");
rmSync(out, { recursive: true, force: true });
/**
 * zod's entry points re-export every locale it has (`export * as locales`), and importing `z`
 * keeps them all: 64 message catalogues, half of the bundle's main chunk, parsed by every
 * command. Kenges words its own errors (src/i18n) and never asks zod for another locale, so
 * zod's locale index here offers English alone, the one zod configures itself with.
 */
const zodEnglishOnly = {
  name: "zod-english-only",
  setup(b) {
    b.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) =>
      /[\\/]zod[\\/]v4[\\/]/.test(args.importer)
        ? { path: "zod-locales-en", namespace: "zod-locales" }
        : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: "zod-locales" }, () => ({
      contents: 'export { default as en } from "zod/v4/locales/en.js";',
      resolveDir: root,
    }));
  },
};

await build({
  entryPoints: { kenges: join(dist, "cli", "main.js") },
  bundle: true,
  splitting: true,
  format: "esm",
  platform: "node",
  target: "node20",
  outdir: out,
  // Native code (SQLite), the server's packages, which read files and require modules by
  // name at run time, and HiGHS, whose loader finds its .wasm beside itself.
  external: [
    "better-sqlite3-multiple-ciphers",
    "highs",
    "pg",
    "fastify",
    "@fastify/websocket",
  ],
  plugins: [zodEnglishOnly],
  logLevel: "warning",
});
chmodSync(join(out, "kenges.js"), 0o755);

// The fold code's version of this bundle (src/replica/fold-code-version.ts): a hash of every
// file in it, so a command reads one line instead of stating the compiled tree at each start.
const version = createHash("sha256");
for (const name of readdirSync(out)
  .filter((n) => n.endsWith(".js"))
  .sort())
  version
    .update(`${name}\0`)
    .update(readFileSync(join(out, name)))
    .update("\0");
writeFileSync(join(out, "fold-code-version.txt"), `${version.digest("hex")}\n`);
