#!/usr/bin/env node
// `npm start`: the hub on http://127.0.0.1:8080 over the demo federation in ./kenges-data
// (created and verified on first start), serving the web app. Runs the compiled CLI (npm
// start builds it and the web app first). KENGES_DATA, KENGES_PORT and KENGES_HOST override
// the defaults. A demo left by an older Kenges (event format 1) is moved aside and made anew:
// this Kenges cannot read it, and demo data holds nothing of anyone's.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, readFileSync, renameSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const cli = join(root, "dist", "cli", "main.js");
const data = process.env.KENGES_DATA ?? join(root, "kenges-data");
const port = process.env.KENGES_PORT ?? "8080";
const host = process.env.KENGES_HOST ?? "127.0.0.1";
const store = join(data, "kenges.sqlite");
const SCHEMA_VERSION = "2";

function kenges(...args) {
  const r = spawnSync(process.execPath, [cli, "--data", data, ...args], {
    stdio: "inherit",
  });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

/** The schema version a store was written with (null when it has none). */
function schemaVersion(file) {
  const db = new Database(file, { readonly: true });
  try {
    return db
      .prepare("SELECT value FROM meta WHERE key = 'schema_version'")
      .pluck()
      .get();
  } catch {
    return null;
  } finally {
    db.close();
  }
}

if (
  existsSync(store) &&
  existsSync(join(data, "demo-keys.json")) &&
  schemaVersion(store) !== SCHEMA_VERSION
) {
  const aside = `${data}.format1-${Date.now()}`;
  renameSync(data, aside);
  process.stderr.write(
    `an older Kenges made the demo in ${data}; moved it to ${aside} and making it anew\n`,
  );
}
if (!existsSync(store)) {
  kenges("demo");
  kenges("verify");
}
process.stderr.write(
  `demo people and their keys: ${join(data, "demo-keys.json")} (demo only)\n`,
);
// The hub runs with the node flags of the bin's first line, as `kenges serve` would.
const binFlags = readFileSync(cli, "utf8")
  .split("\n", 1)[0]
  .split(" ")
  .filter((word) => word.startsWith("--"));
const hub = spawn(
  process.execPath,
  [...binFlags, cli, "--data", data, "serve", "--port", port, "--host", host],
  { stdio: "inherit" },
);
for (const signal of ["SIGINT", "SIGTERM"])
  process.on(signal, () => hub.kill(signal));
hub.on("exit", (code) => process.exit(code ?? 0));
