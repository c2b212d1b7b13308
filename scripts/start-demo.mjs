#!/usr/bin/env node
// `npm start`: the demo federation on embedded SQLite in ./kenges-data (created on first start),
// then its state. Runs the compiled CLI (npm start builds it first).
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const cli = join(root, "dist", "cli", "main.js");
const data = process.env.KENGES_DATA ?? join(root, "kenges-data");

function kenges(...args) {
  const r = spawnSync(process.execPath, [cli, "--data", data, ...args], {
    stdio: "inherit",
  });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

if (!existsSync(join(data, "kenges.sqlite"))) kenges("demo");
kenges("state");
