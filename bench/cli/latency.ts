/**
 * Speed a person feels (issue #17): the `kenges` command as whole processes, as people run it.
 *  1. `kenges --help` and `kenges tally` on Meath 2002 (no data directory);
 *  2. commands on a data directory (`state`, `motion list`, `body list`): median and p95 of
 *     RUNS runs with the saved fold image, and the first command after the image is gone
 *     (a full refold, which saves the image again);
 *  3. in fresh processes, beside each other: opening the replica by refolding every event
 *     (the fold-only rebuild) and by restoring the image;
 *  4. a hub (`kenges serve`) from start to the first answer of /api/health, with and without
 *     the image; and `npm start` a second time (no build: dist/ is stamped up to date).
 * Data: the demo (`kenges demo`, made once in bench/out/cli-demo, under its public passphrase),
 * the same under a private passphrase (bench/out/cli-demo-private) and, with --big <store>, a
 * large store such as bench/out/ingest-bench.sqlite (made by bench/core/ingest.ts).
 * Usage: npm run build && node --import tsx bench/cli/latency.ts [--runs 20] [--big bench/out/ingest-bench.sqlite [--big-only]]
 */
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { loadavg } from "node:os";
import { join } from "node:path";

const root = join(import.meta.dirname, "..", "..");
const out = join(root, "bench", "out");
const cli = join(root, "dist", "bin", "kenges.js");
if (!existsSync(cli)) throw new Error("build first: npm run build");
/** The flags of the `kenges` bin's first line (`#!/usr/bin/env -S node …`), so a run here is a run there. */
const NODE_FLAGS = readFileSync(cli, "utf8")
  .split("\n", 1)[0]!
  .split(" ")
  .filter((word) => word.startsWith("--"));
const runsAt = process.argv.indexOf("--runs");
const RUNS = runsAt > 0 ? Number(process.argv[runsAt + 1]) : 20;
const bigAt = process.argv.indexOf("--big");
const bigStore = bigAt > 0 ? process.argv[bigAt + 1] : undefined;
/** `--big-only`: the large store alone (written to cli-latency-big.json), the rest measured apart. */
const BIG_ONLY = process.argv.includes("--big-only");
if (BIG_ONLY && bigStore === undefined)
  throw new Error("--big-only needs --big <store>");
const MEATH = "/work/shared/data/elections/ireland2002-meath.soi";
/**
 * Data directories are encrypted (issue 12); unlocking the key (scrypt) is part of what a
 * command costs. The demo is made as `npm start` makes it, under the demo's public passphrase
 * (its key file at scrypt's least cost, and opened without asking); "demo-private" is the same
 * data under a passphrase of its own (full cost), as a member's directory would be; the large
 * store is encrypted under that passphrase too.
 */
const PRIVATE_PASSPHRASE = "kenges bench";
const DEMO_PASSPHRASE = "kenges demo";
type DataSetName = "demo" | "demo-private" | "big";
/** The passphrase handed to `kenges` (null: none, the demo's opens without asking). */
let passphrase: string | null = null;
function passphraseOf(name: DataSetName): string | null {
  return name === "demo" ? null : PRIVATE_PASSPHRASE;
}

/**
 * CPU seconds (user + system) of this process's finished children, from /proc: on a machine
 * shared with other work, a command's CPU time moves far less than its wall time.
 */
function childrenCpu(): number {
  const stat = readFileSync("/proc/self/stat", "utf8");
  // After the command name (in parentheses, which may hold spaces): field 3 onwards.
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  // cutime and cstime are fields 16 and 17 of stat(5), in clock ticks (100 a second here).
  return (Number(fields[13]) + Number(fields[14])) / 100;
}

/** CPU seconds of each measured child, by the label of its figure. */
const cpuOf = new Map<string, number[]>();
let cpuLabel = "";

/** The environment of a `kenges` child: the data set's passphrase, if it has one. */
function kengesEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  delete env.KENGES_DATA_PASSPHRASE;
  if (passphrase !== null) env.KENGES_DATA_PASSPHRASE = passphrase;
  return env;
}

/** Runs `kenges …` once; its wall time in seconds (from spawn to exit). */
function kenges(args: readonly string[]): number {
  const cpu = childrenCpu();
  const t = performance.now();
  execFileSync(process.execPath, [...NODE_FLAGS, cli, ...args], {
    stdio: ["ignore", "ignore", "pipe"],
    maxBuffer: 256 * 1024 * 1024,
    env: kengesEnv(),
  });
  const wall = (performance.now() - t) / 1000;
  const list = cpuOf.get(cpuLabel) ?? [];
  list.push(childrenCpu() - cpu);
  cpuOf.set(cpuLabel, list);
  return wall;
}

function quantile(sorted: readonly number[], q: number): number {
  const at = Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1);
  return sorted[Math.max(0, at)]!;
}

interface Figure {
  readonly what: string;
  readonly runs: number;
  readonly median: number;
  readonly p95: number;
  /** Median CPU seconds of the `kenges` process, when measured. */
  readonly cpuMedian: number | null;
  readonly load: number;
}

function figure(what: string, times: number[], label = ""): Figure {
  const sorted = [...times].sort((a, b) => a - b);
  const cpu = [...(cpuOf.get(label) ?? [])].sort((a, b) => a - b);
  const f = {
    what,
    runs: times.length,
    median: Number(quantile(sorted, 0.5).toFixed(3)),
    p95: Number(quantile(sorted, 0.95).toFixed(3)),
    cpuMedian: cpu.length > 0 ? Number(quantile(cpu, 0.5).toFixed(2)) : null,
    load: Number(loadavg()[0]!.toFixed(1)),
  };
  console.log(
    `${what.padEnd(64)} median ${f.median.toFixed(3)} s  p95 ${f.p95.toFixed(3)} s  cpu ${f.cpuMedian ?? "–"} s  (${f.runs} runs, load ${f.load})`,
  );
  return f;
}

/** Runs a measurement n times, its `kenges` children's CPU time kept under `label`. */
function repeat(n: number, fn: () => number, label = ""): number[] {
  cpuLabel = label;
  return Array.from({ length: n }, fn);
}

/**
 * A data directory for a data set: the demo made once; the same under a private passphrase
 * (a copy, rewrapped by `kenges data passphrase`); or a copy of a large store.
 */
function dataDir(name: DataSetName): string {
  const dir = join(out, `cli-${name}`);
  passphrase = passphraseOf(name);
  if (name === "demo") {
    if (!existsSync(join(dir, "kenges.sqlite"))) {
      rmSync(dir, { recursive: true, force: true });
      kenges(["--data", dir, "demo"]);
    }
    return dir;
  }
  if (name === "demo-private") {
    if (!existsSync(join(dir, "kenges.sqlite"))) {
      const demo = dataDir("demo");
      passphrase = passphraseOf(name);
      rmSync(dir, { recursive: true, force: true });
      mkdirSync(dir, { recursive: true });
      for (const file of ["kenges.sqlite", "data.key", "demo-keys.json"])
        copyFileSync(join(demo, file), join(dir, file));
      execFileSync(
        process.execPath,
        [...NODE_FLAGS, cli, "--data", dir, "data", "passphrase"],
        {
          stdio: ["ignore", "ignore", "inherit"],
          env: {
            ...process.env,
            KENGES_DATA_PASSPHRASE: DEMO_PASSPHRASE,
            KENGES_DATA_NEW_PASSPHRASE: PRIVATE_PASSPHRASE,
          },
        },
      );
    }
    return dir;
  }
  // The large store is plain (bench/core/ingest.ts): a copy is encrypted under a new key file.
  if (!existsSync(join(dir, "kenges.sqlite"))) {
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    copyFileSync(bigStore!, join(dir, "kenges.sqlite"));
    execFileSync(
      process.execPath,
      [
        "--input-type=module",
        "-e",
        `
        const { createDataKeyFile, dataSubkey } = await import(${JSON.stringify(join(root, "dist", "at-rest", "index.js"))});
        const { dataDirStoreCipher, NEW_STORE_CIPHER } = await import(${JSON.stringify(join(root, "dist", "cli", "data-key.js"))});
        const { encryptSqliteFile } = await import(${JSON.stringify(join(root, "dist", "store", "index.js"))});
        const key = await createDataKeyFile(${JSON.stringify(dir)}, ${JSON.stringify(PRIVATE_PASSPHRASE)}, { storeCipher: NEW_STORE_CIPHER });
        encryptSqliteFile(${JSON.stringify(join(dir, "kenges.sqlite"))}, dataSubkey(key, "sqlite"), dataDirStoreCipher(${JSON.stringify(dir)}));`,
      ],
      { stdio: "inherit" },
    );
  }
  return dir;
}

const IMAGE = "fold.image";

/** Opens the replica in a fresh process, with or without the image; seconds and how. */
function openInFreshProcess(
  dir: string,
  withImage: boolean,
): { seconds: number; how: string; stateHash: string } {
  const script = `
    const { Replica, foldImageFile } = await import(${JSON.stringify(join(root, "dist", "replica", "index.js"))});
    const { openSqliteStore } = await import(${JSON.stringify(join(root, "dist", "store", "index.js"))});
    const { installNodeCrypto } = await import(${JSON.stringify(join(root, "dist", "crypto", "node.js"))});
    installNodeCrypto();
    const { unwrapDataKey, dataSubkey } = await import(${JSON.stringify(join(root, "dist", "at-rest", "index.js"))});
    const { dataDirStoreCipher } = await import(${JSON.stringify(join(root, "dist", "cli", "data-key.js"))});
    const dataKey = await unwrapDataKey(${JSON.stringify(dir)}, ${JSON.stringify(passphrase ?? DEMO_PASSPHRASE)});
    const store = await openSqliteStore(${JSON.stringify(join(dir, "kenges.sqlite"))}, { key: dataSubkey(dataKey, "sqlite"), cipher: dataDirStoreCipher(${JSON.stringify(dir)}) });
    const t = performance.now();
    const { sealedFoldImage } = await import(${JSON.stringify(join(root, "dist", "cli", "sealed-fold-image.js"))});
    const r = await Replica.open(store, ${withImage ? `{ image: sealedFoldImage(foldImageFile(${JSON.stringify(join(dir, IMAGE))}, { writable: false }), dataKey) }` : "{}"});
    const seconds = (performance.now() - t) / 1000;
    process.stdout.write(JSON.stringify({ seconds, how: r.origin.how, stateHash: r.stateHash() }));
    await r.store.close();`;
  const output = execFileSync(
    process.execPath,
    [
      "--max-old-space-size=12288",
      ...NODE_FLAGS,
      "--input-type=module",
      "-e",
      script,
    ],
    { encoding: "utf8", maxBuffer: 1 << 20 },
  );
  return JSON.parse(output) as {
    seconds: number;
    how: string;
    stateHash: string;
  };
}

/** Waits for a line of a child's stdout matching a pattern. */
function lineFrom(child: ChildProcess, pattern: RegExp): Promise<string> {
  return new Promise((done, fail) => {
    let text = "";
    child.stdout!.on("data", (chunk: Buffer) => {
      text += chunk.toString();
      const m = pattern.exec(text);
      if (m) done(m[1]!);
    });
    child.once("exit", (code) =>
      fail(new Error(`exited (${code}) before ${pattern}: ${text}`)),
    );
  });
}

async function firstHealth(url: string): Promise<void> {
  for (;;) {
    try {
      const r = await fetch(`${url}/api/health`);
      if (r.ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((r) => setTimeout(r, 10));
  }
}

async function stop(child: ChildProcess): Promise<void> {
  const exited = new Promise((r) => child.once("exit", r));
  child.kill("SIGTERM");
  await exited;
}

/** Seconds from starting `kenges serve` to its first /api/health answer; stops it after. */
async function hubStart(dir: string): Promise<number> {
  const t = performance.now();
  const child = spawn(
    process.execPath,
    [
      "--max-old-space-size=12288",
      ...NODE_FLAGS,
      cli,
      "--data",
      dir,
      "serve",
      "--port",
      "0",
    ],
    { stdio: ["ignore", "pipe", "inherit"], env: kengesEnv() },
  );
  const url = await lineFrom(child, /listening (\S+)/);
  await firstHealth(url);
  const seconds = (performance.now() - t) / 1000;
  await stop(child);
  return seconds;
}

/** Seconds from `npm start` to the first /api/health answer (its data: the demo directory). */
async function npmStart(dir: string): Promise<number> {
  const t = performance.now();
  const child = spawn("npm", ["start"], {
    cwd: root,
    env: { ...kengesEnv(), KENGES_DATA: dir, KENGES_PORT: "18089" },
    stdio: ["ignore", "pipe", "inherit"],
    detached: true,
  });
  child.stdout!.resume();
  await firstHealth("http://127.0.0.1:18089");
  const seconds = (performance.now() - t) / 1000;
  const exited = new Promise((r) => child.once("exit", r));
  // npm, the start script and the hub are one process group.
  process.kill(-child.pid!, "SIGTERM");
  await exited;
  return seconds;
}

const figures: Record<string, unknown> = {};

if (!BIG_ONLY) {
  console.log(`## without data (node -e 0 for comparison)`);
  figures.nodeStartup = figure(
    "node -e 0",
    repeat(
      RUNS,
      () => {
        const cpu = childrenCpu();
        const t = performance.now();
        execFileSync(process.execPath, ["-e", "0"]);
        cpuOf.set("node", [...(cpuOf.get("node") ?? []), childrenCpu() - cpu]);
        return (performance.now() - t) / 1000;
      },
      "node",
    ),
    "node",
  );
  figures.help = figure(
    "kenges --help",
    repeat(RUNS, () => kenges(["--help"]), "help"),
    "help",
  );
  figures.tally = figure(
    "kenges tally meath.soi --method scottish-stv --seats 5",
    repeat(
      RUNS,
      () =>
        kenges(["tally", MEATH, "--method", "scottish-stv", "--seats", "5"]),
      "tally",
    ),
    "tally",
  );
}

async function dataSet(name: DataSetName): Promise<void> {
  const dir = dataDir(name);
  const image = join(dir, IMAGE);
  // The private demo only shows what a passphrase of its own adds: ten runs tell it.
  const runs = name === "demo-private" ? Math.min(RUNS, 10) : RUNS;
  console.log(`\n## ${name}: ${dir}`);
  // The first command after the image is gone refolds and saves it.
  rmSync(image, { force: true });
  const refoldRuns = name === "demo" ? 5 : name === "demo-private" ? 1 : 2;
  const refolded: number[] = [];
  cpuLabel = `${name} refold`;
  for (let k = 0; k < refoldRuns; k++) {
    rmSync(image, { force: true });
    refolded.push(kenges(["--data", dir, "state"]));
  }
  const f: Record<string, unknown> = {
    imageBytes: statSync(image).size,
    firstCommandRefolding: figure(
      `${name}: kenges state, no image (refold, saves the image)`,
      refolded,
      `${name} refold`,
    ),
  };
  const body = (
    JSON.parse(
      execFileSync(
        process.execPath,
        [...NODE_FLAGS, cli, "--data", dir, "body", "list", "--json"],
        { encoding: "utf8", maxBuffer: 256 * 1024 * 1024, env: kengesEnv() },
      ),
    ) as { id: string }[]
  )[0]!.id;
  for (const args of [["state"], ["motion", "list", body], ["body", "list"]])
    f[args[0]!] = figure(
      `${name}: kenges ${args.join(" ").replace(body, "<body>")}`,
      repeat(
        runs,
        () => kenges(["--data", dir, ...args]),
        `${name} ${args[0]}`,
      ),
      `${name} ${args[0]}`,
    );
  if (name === "demo-private") {
    // The same data as the demo: only what a private passphrase adds to a command.
    figures[name] = f;
    return;
  }
  // In fresh processes, alternating: the fold-only rebuild and the restore.
  const rebuild: number[] = [];
  const restore: number[] = [];
  let hash = "";
  const openRuns = name === "demo" ? 5 : 2;
  for (let k = 0; k < openRuns; k++) {
    const a = openInFreshProcess(dir, false);
    const b = openInFreshProcess(dir, true);
    if (b.how !== "restored") throw new Error("the image was not restored");
    if (a.stateHash !== b.stateHash || (hash !== "" && hash !== a.stateHash))
      throw new Error("restored and refolded state differ");
    hash = a.stateHash;
    rebuild.push(a.seconds);
    restore.push(b.seconds);
  }
  f.openRefold = figure(`${name}: Replica.open, fold-only rebuild`, rebuild);
  f.openRestore = figure(`${name}: Replica.open, restore the image`, restore);
  // A hub: the first start after the image is gone, then restarts with it.
  const hubRuns = name === "demo" ? 5 : 2;
  const cold: number[] = [];
  for (let k = 0; k < hubRuns; k++) {
    rmSync(image, { force: true });
    cold.push(await hubStart(dir));
  }
  f.hubRefold = figure(`${name}: kenges serve → /api/health, no image`, cold);
  if (!existsSync(image)) throw new Error("the hub saved no image at shutdown");
  f.hubRestore = figure(
    `${name}: kenges serve → /api/health, image`,
    await (async () => {
      const t: number[] = [];
      for (let k = 0; k < hubRuns; k++) t.push(await hubStart(dir));
      return t;
    })(),
  );
  f.stateHash = hash;
  figures[name] = f;
}

if (!BIG_ONLY) {
  await dataSet("demo");
  await dataSet("demo-private");
  const dir = dataDir("demo");
  // The first `npm start` may build; the second must not.
  await npmStart(dir);
  figures.npmStartAgain = figure(
    "demo: npm start again → /api/health",
    await (async () => {
      const t: number[] = [];
      for (let k = 0; k < 5; k++) t.push(await npmStart(dir));
      return t;
    })(),
  );
}
if (bigStore !== undefined) await dataSet("big");
else console.log("\n(no --big store: the large data set was not measured)");

figures.date = new Date().toISOString();
figures.node = process.version;
const written = join(
  out,
  BIG_ONLY ? "cli-latency-big.json" : "cli-latency.json",
);
writeFileSync(written, `${JSON.stringify(figures, null, 2)}\n`);
console.log(`\nwritten ${written}`);
