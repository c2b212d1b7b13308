/**
 * Every benchmark, one after another in its own process (so no two compete for the two cores
 * and each peak RSS is its own), with the flags docs/benchmarks.md gives. Output goes to the
 * terminal and to bench/out/<name>.log. `npm run bench` builds first: the core and hub
 * benchmarks run the compiled code, as `kenges` does.
 * Usage: npm run bench [-- core voting cli store sync hub]   (default: all, in that order)
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const out = join(root, "bench", "out");

const BENCHES: Record<string, readonly string[]> = {
  core: [
    "--max-old-space-size=12288",
    "--max-semi-space-size=64",
    "--import",
    "tsx",
    "bench/core/ingest.ts",
    "--events",
    "1000000",
  ],
  voting: ["--import", "tsx", "bench/voting/run.ts"],
  cli: ["--import", "tsx", "bench/cli/latency.ts", "--runs", "20"],
  store: ["--import", "tsx", "bench/store/append.ts"],
  sync: ["--import", "tsx", "bench/sync/run.ts"],
  hub: [
    "--experimental-websocket",
    "--import",
    "tsx",
    "bench/hub/run.ts",
    "--clients",
    "50",
    "--ballots",
    "300",
  ],
};

const chosen = process.argv.slice(2);
for (const name of chosen)
  if (!(name in BENCHES))
    throw new Error(
      `unknown benchmark ${name}; choose from ${Object.keys(BENCHES).join(", ")}`,
    );
mkdirSync(out, { recursive: true });
let failed = 0;
for (const name of chosen.length > 0 ? chosen : Object.keys(BENCHES)) {
  const args = BENCHES[name]!;
  process.stdout.write(`\n## ${name}: node ${args.join(" ")}\n\n`);
  const started = Date.now();
  const r = spawnSync(process.execPath, args, {
    cwd: root,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
    maxBuffer: 64 * 1024 * 1024,
  });
  process.stdout.write(r.stdout ?? "");
  writeFileSync(join(out, `${name}.log`), r.stdout ?? "");
  process.stdout.write(
    `\n(${name}: exit ${r.status}, ${((Date.now() - started) / 1000).toFixed(0)} s)\n`,
  );
  if (r.status !== 0) failed++;
}
process.exitCode = failed > 0 ? 1 : 0;
