#!/usr/bin/env node
// `npm start`: the hub on http://127.0.0.1:8080 over the demo federation in ./kenges-data
// (created on first start), serving the web app. Runs the compiled CLI (npm start builds it
// and the web app first). KENGES_DATA, KENGES_PORT and KENGES_HOST override the defaults.
import { spawn, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const cli = join(root, "dist", "cli", "main.js");
const data = process.env.KENGES_DATA ?? join(root, "kenges-data");
const port = process.env.KENGES_PORT ?? "8080";
const host = process.env.KENGES_HOST ?? "127.0.0.1";

if (!existsSync(join(data, "kenges.sqlite"))) {
  const r = spawnSync(process.execPath, [cli, "--data", data, "demo"], {
    stdio: "inherit",
  });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
process.stderr.write(
  `demo people and their keys: ${join(data, "demo-keys.json")} (demo only)\n`,
);
const hub = spawn(
  process.execPath,
  [cli, "--data", data, "serve", "--port", port, "--host", host],
  { stdio: "inherit" },
);
for (const signal of ["SIGINT", "SIGTERM"])
  process.on(signal, () => hub.kill(signal));
hub.on("exit", (code) => process.exit(code ?? 0));
