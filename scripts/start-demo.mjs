#!/usr/bin/env node
// `npm start`: the hub on http://127.0.0.1:8080 over the demo federation in ./kenges-data
// (created and verified on first start), serving the web app. Runs the compiled CLI (npm
// start builds it and the web app first). KENGES_DATA, KENGES_PORT and KENGES_HOST override
// the defaults. A demo left by an older Kenges (unencrypted, perhaps an older event format) is
// moved aside and made anew: demo data holds nothing of anyone's. The demo directory is
// encrypted like any other (issue 12) under a passphrase that is public, and printed: it holds
// nothing secret. KENGES_DATA_PASSPHRASE overrides it.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, readFileSync, renameSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const cli = join(root, "dist", "bin", "kenges.js");
const data = process.env.KENGES_DATA ?? join(root, "kenges-data");
const port = process.env.KENGES_PORT ?? "8080";
const host = process.env.KENGES_HOST ?? "127.0.0.1";
const store = join(data, "kenges.sqlite");
/** The demo's passphrase: public on purpose, the demo holds nothing of anyone's. */
const DEMO_PASSPHRASE = "kenges demo";
const passphrase = process.env.KENGES_DATA_PASSPHRASE ?? DEMO_PASSPHRASE;
const env = { ...process.env, KENGES_DATA_PASSPHRASE: passphrase };

function kenges(...args) {
  const r = spawnSync(process.execPath, [cli, "--data", data, ...args], {
    stdio: "inherit",
    env,
  });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

// A demo an older Kenges made has no key file (it is not encrypted), and its format may be
// older too: move it aside and make the demo anew.
if (
  existsSync(store) &&
  existsSync(join(data, "demo-keys.json")) &&
  !existsSync(join(data, "data.key"))
) {
  const aside = `${data}.unencrypted-${Date.now()}`;
  renameSync(data, aside);
  process.stderr.write(
    `an older Kenges made the demo in ${data} (unencrypted); moved it to ${aside} and making it anew\n`,
  );
}
if (!existsSync(store)) {
  kenges("demo");
  kenges("verify");
}
process.stderr.write(
  (passphrase === DEMO_PASSPHRASE
    ? `demo data passphrase: "${passphrase}" (public, demo only: kenges --data ${data} opens it without asking)\n`
    : `demo data passphrase: the one in KENGES_DATA_PASSPHRASE (give it to kenges --data ${data})\n`) +
    `demo people and their keys: ${join(data, "demo-keys.json")} (encrypted; kenges --data ${data} key list)\n`,
);
// The hub runs with the node flags of the bin's first line, as `kenges serve` would.
const binFlags = readFileSync(cli, "utf8")
  .split("\n", 1)[0]
  .split(" ")
  .filter((word) => word.startsWith("--"));
const hub = spawn(
  process.execPath,
  [...binFlags, cli, "--data", data, "serve", "--port", port, "--host", host],
  { stdio: "inherit", env },
);
for (const signal of ["SIGINT", "SIGTERM"])
  process.on(signal, () => hub.kill(signal));
hub.on("exit", (code) => process.exit(code ?? 0));
