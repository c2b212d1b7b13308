#!/usr/bin/env node
// Bundles the compiled command line (dist/cli/main.js) into dist/bin/kenges.js, the `kenges`
// bin. Loading ~300 modules one by one was most of a command's start (each is resolved, read,
// compiled and linked apart; zod alone brings 95, 64 of them locales no command uses): the
// bundle is a few files, each command's code still split off and loaded only when it runs.
// The packages that load native code or files of their own at run time stay outside, loaded
// from node_modules as before. dist/cli/main.js keeps working: tests and tools may run either.
//   node scripts/bundle-cli.mjs [--dist <dir>]   after tsc (npm run build runs it)
import { chmodSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const distAt = process.argv.indexOf("--dist");
const dist =
  distAt > 0
    ? process.argv[distAt + 1]
    : join(dirname(fileURLToPath(import.meta.url)), "..", "dist");
const out = join(dist, "bin");
rmSync(out, { recursive: true, force: true });
await build({
  entryPoints: { kenges: join(dist, "cli", "main.js") },
  bundle: true,
  splitting: true,
  format: "esm",
  platform: "node",
  target: "node20",
  outdir: out,
  // Native code (SQLite), and the server's packages, which read files and require modules by
  // name at run time.
  external: [
    "better-sqlite3-multiple-ciphers",
    "pg",
    "fastify",
    "@fastify/websocket",
  ],
  logLevel: "warning",
});
chmodSync(join(out, "kenges.js"), 0o755);
