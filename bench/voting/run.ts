/**
 * @module The voting benchmarks. `node --import tsx bench/voting/run.ts` runs every case, each in its
 * own child process (one after the other, so peak RSS is per case and two never compete for the two
 * cores), and prints a Markdown table. `node --import tsx bench/voting/run.ts <case>` runs one case.
 * Every generated profile uses a fixed seed. `parse-huge` (a BLT file over 2 GiB, written to /tmp and
 * deleted) runs only by name; `tally-1m` runs the built bin (dist/bin/kenges.js).
 */
import { spawnSync } from "node:child_process";
import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readFileSync,
  readSync,
  rmSync,
  statSync,
  writeFileSync,
  writeSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { BLT_PIECE_BYTES, readBltFile } from "../../src/cli/blt-file.js";
import {
  type BallotProfile,
  BallotProfileBuilder,
  type ElectionResult,
  readBlt,
  readPreflib,
  tallyElection,
} from "../../src/voting/index.js";
import { generateMallows, type MallowsOptions } from "./generate.js";

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, "../..");
const outDir = join(root, "bench/out");
/** The built `kenges` bin (`npm run bench` builds it first). */
const cli = join(root, "dist/bin/kenges.js");
const meathFile = resolve(
  root,
  "../shared/data/elections/ireland2002-meath.soi",
);

/** One line of the report. */
interface Row {
  /** Peak RSS of the process when the row was measured (it only grows). */
  readonly rssMb?: number;
  readonly case: string;
  readonly input: string;
  readonly measure: string;
  readonly seconds: number;
  readonly floorSeconds?: number;
  readonly target: string;
  readonly note?: string;
}

const rows: Row[] = [];
const peakMb = () => process.resourceUsage().maxRSS / 1024;
function record(row: Row): void {
  rows.push({ ...row, rssMb: peakMb() });
}
const seconds = (start: number) => (performance.now() - start) / 1000;

/** Runs `fn` `times` times and returns the median time in seconds (and the last result). */
function timed<T>(fn: () => T, times = 1): { seconds: number; value: T } {
  const runs: number[] = [];
  let value: T | undefined;
  for (let i = 0; i < times; i++) {
    const start = performance.now();
    value = fn();
    runs.push(seconds(start));
  }
  runs.sort((a, b) => a - b);
  return { seconds: runs[Math.floor(runs.length / 2)]!, value: value as T };
}

/** The floor: one plain pass over the same ballot arrays, reading every preference once. */
function floorPass(profile: BallotProfile): number {
  const { offsets, prefs, weights } = profile;
  const sums = new Float64Array(profile.candidates);
  for (let b = 0; b < profile.ballots; b++) {
    const w = weights[b]!;
    for (let p = offsets[b]!; p < offsets[b + 1]!; p++) sums[prefs[p]!]! += w;
  }
  return sums[0]!;
}

function generate(options: MallowsOptions): {
  profile: BallotProfile;
  buildSeconds: number;
} {
  const start = performance.now();
  const builder = new BallotProfileBuilder(options.candidates);
  generateMallows(options, (prefs, length) => builder.add(prefs, length, 1));
  const profile = builder.build();
  return { profile, buildSeconds: seconds(start) };
}

function count(
  method: string,
  profile: BallotProfile,
  seats: number,
): ElectionResult {
  const counted = tallyElection(method, profile, { seats });
  if (!counted.ok) throw new Error(JSON.stringify(counted.error));
  return counted.value;
}

const tenMillion = (candidates: number): MallowsOptions => ({
  candidates,
  ballots: 10_000_000,
  phi: 0.8,
  seed: 20260501,
  stop: 0.1,
});

function describeProfile(p: BallotProfile): string {
  return `${p.totalWeight.toLocaleString("en")} ballots × ${p.candidates} candidates, ${p.ballots.toLocaleString("en")} distinct`;
}

const cases: Record<string, () => void> = {
  irv() {
    const { profile, buildSeconds } = generate(tenMillion(12));
    const floor = timed(() => floorPass(profile), 3).seconds;
    const irv = timed(() => count("irv", profile, 1), 3);
    const input = describeProfile(profile);
    record({
      case: "irv",
      input,
      measure: "count (grouped profile)",
      seconds: irv.seconds,
      floorSeconds: floor,
      target: "≤ 1 s",
    });
    record({
      case: "irv",
      input,
      measure: "generate + group (profile build)",
      seconds: buildSeconds,
      target: "—",
      note: "Mallows φ=0.8, stop 0.1, seed 20260501",
    });
  },
  "stv-meath"() {
    const bytes = readFileSync(meathFile);
    const parsed = timed(() => readPreflib(bytes, "soi"), 5);
    if (!parsed.value.ok) throw new Error("meath");
    const profile = parsed.value.value.profile;
    const floor = timed(() => floorPass(profile), 9).seconds;
    // Warm-up runs first: the target is the steady cost of a count, not JIT compilation.
    for (let i = 0; i < 5; i++) count("scottish-stv", profile, 5);
    const stv = timed(() => count("scottish-stv", profile, 5), 21);
    const cold = spawnSync(
      process.execPath,
      ["--import", "tsx", join(here, "run.ts"), "stv-meath-cold"],
      { encoding: "utf8" },
    );
    const coldSeconds = Number(cold.stdout.trim().split("\n").at(-1));
    const input = `Meath 2002: ${describeProfile(profile)}, 5 seats`;
    record({
      case: "scottish-stv",
      input,
      measure: "count (warm, median of 21)",
      seconds: stv.seconds,
      floorSeconds: floor,
      target: "≤ 0.05 s",
    });
    record({
      case: "scottish-stv",
      input,
      measure: "count (first run in a fresh process)",
      seconds: coldSeconds,
      target: "—",
    });
    record({
      case: "scottish-stv",
      input,
      measure: "parse .soi + group",
      seconds: parsed.seconds,
      target: "—",
    });
  },
  "stv-meath-cold"() {
    const parsed = readPreflib(readFileSync(meathFile), "soi");
    if (!parsed.ok) throw new Error("meath");
    const { seconds: s } = timed(() =>
      count("scottish-stv", parsed.value.profile, 5),
    );
    process.stdout.write(`${s}\n`);
    process.exit(0);
  },
  "stv-10m"() {
    const { profile } = generate(tenMillion(12));
    const floor = timed(() => floorPass(profile), 3).seconds;
    const stv = timed(() => count("scottish-stv", profile, 5), 3);
    record({
      case: "scottish-stv",
      input: `${describeProfile(profile)}, 5 seats`,
      measure: "count (grouped profile)",
      seconds: stv.seconds,
      floorSeconds: floor,
      target: "≤ 5 s",
      note: `${stv.value.rounds.length} stages`,
    });
  },
  schulze() {
    const { profile, buildSeconds } = generate(tenMillion(15));
    const floor = timed(() => floorPass(profile), 3).seconds;
    const schulze = timed(() => count("schulze", profile, 1), 3);
    const input = describeProfile(profile);
    record({
      case: "schulze",
      input,
      measure: "count (grouped profile)",
      seconds: schulze.seconds,
      floorSeconds: floor,
      target: "≤ 2 s",
    });
    record({
      case: "schulze",
      input,
      measure: "generate + group (profile build)",
      seconds: buildSeconds,
      target: "—",
    });
  },
  parse() {
    const file = ballotFile("ballots-10m.blt", tenMillion(12));
    const bytes = readFileSync(file);
    const megabytes = bytes.length / 1e6;
    const floor = timed(() => scanBytes(bytes), 3).seconds;
    const parsed = timed(() => readBlt(bytes), 3);
    if (!parsed.value.ok) throw new Error(JSON.stringify(parsed.value.error));
    const profile = parsed.value.value.profile;
    record({
      case: "blt parse",
      input: `${megabytes.toFixed(0)} MB, one line per ballot: ${describeProfile(profile)}`,
      measure: `whole file in memory: read + group into the profile (${(megabytes / parsed.seconds).toFixed(0)} MB/s)`,
      seconds: parsed.seconds,
      floorSeconds: floor,
      target: "≥ 100 MB/s",
      note: "floor: one pass over the bytes counting line ends",
    });
  },
  "parse-stream"() {
    // Its own process, so that the peak RSS is the streamed parse's alone. The huge case names
    // its file (and what it holds) after the case name.
    const [file, what, times] = process.argv.slice(3);
    if (file !== undefined) streamedRows(file, what!, Number(times));
    else
      streamedRows(
        ballotFile("ballots-10m.blt", tenMillion(12)),
        "the same file",
      );
  },
  "parse-huge"() {
    // More than the 2 GiB a whole-file read refuses: the 10M ballots of the parse case written 12
    // times (so 5.4M distinct, as there), to /tmp, deleted afterwards. Run by name only.
    const file = join(tmpdir(), "kenges-bench-ballots-huge.blt");
    try {
      const { head, ballots, tail } = ballotSections(tenMillion(12));
      const fd = openSync(file, "w");
      writeSync(fd, head);
      for (let k = 0; k < 12; k++) writeSync(fd, ballots);
      writeSync(fd, tail);
      closeSync(fd);
      // Read in a process of its own (its peak RSS is the parse's alone, not the generator's), and
      // once: three reads of 2.4 GB would take minutes of a shared machine.
      const child = spawnSync(
        process.execPath,
        [
          ...["--import", "tsx", join(here, "run.ts"), "parse-stream", file],
          ...["12 × the 10M ballots of the parse case", "1"],
        ],
        { encoding: "utf8", maxBuffer: 1 << 24 },
      );
      if (child.status !== 0) throw new Error(child.stderr);
      rows.push(...JSON.parse(child.stdout.trim().split("\n").at(-1)!));
    } finally {
      rmSync(file, { force: true });
    }
  },
  "tally-1m"() {
    // `kenges tally` as a user runs it (the built bin, its own process) beside a process that only
    // reads the same file and adds up first preferences: same run, medians of 3.
    const file = ballotFile("ballots-1m.blt", {
      ...tenMillion(12),
      ballots: 1_000_000,
    });
    const megabytes = statSync(file).size / 1e6;
    const floor = timedProcess([join(here, "first-preferences.mjs"), file]);
    const parsed = readBlt(readFileSync(file));
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.error));
    const firsts = new Float64Array(12);
    const { offsets, prefs, weights } = parsed.value.profile;
    for (let b = 0; b < parsed.value.profile.ballots; b++)
      if (offsets[b + 1]! > offsets[b]!)
        firsts[prefs[offsets[b]!]!]! += weights[b]!;
    if (floor.stdout.trim() !== Array.from(firsts).join(" "))
      throw new Error("the first-preference pass disagrees with the profile");
    for (const [method, seats] of [
      ["irv", "1"],
      ["scottish-stv", "5"],
      ["schulze", "1"],
    ] as const) {
      const tally = timedProcess([
        cli,
        "tally",
        file,
        ...["--method", method, "--seats", seats],
      ]);
      record({
        case: "kenges tally",
        input: `${megabytes.toFixed(0)} MB BLT: ${describeProfile(parsed.value.profile)}`,
        measure: `\`kenges tally --method ${method} --seats ${seats}\`, whole process (${(tally.seconds / floor.seconds).toFixed(2)}× the floor)`,
        seconds: tally.seconds,
        floorSeconds: floor.seconds,
        target: "≤ 3× floor",
        note: "floor: `node first-preferences.mjs`, a process that reads the file and adds first preferences",
      });
    }
  },
  group() {
    // The grouping share of parsing: the same 10M ballots, held in memory, added to a builder.
    const options = tenMillion(12);
    const arena = new Uint16Array(options.ballots * options.candidates);
    const ends = new Uint32Array(options.ballots + 1);
    let at = 0;
    let k = 0;
    generateMallows(options, (prefs, length) => {
      for (let i = 0; i < length; i++) arena[at++] = prefs[i]!;
      ends[++k] = at;
    });
    const scratch = new Uint16Array(options.candidates);
    const built = timed(() => {
      const builder = new BallotProfileBuilder(options.candidates);
      for (let b = 0; b < options.ballots; b++) {
        const start = ends[b]!;
        const end = ends[b + 1]!;
        for (let p = start; p < end; p++) scratch[p - start] = arena[p]!;
        builder.add(scratch, end - start, 1);
      }
      return builder.build();
    }, 3);
    record({
      case: "blt parse",
      input: describeProfile(built.value),
      measure: "group only: the same ballots from memory, add + build",
      seconds: built.seconds,
      target: "—",
      note: "parse time ≈ read + group − this",
    });
  },
};

/** The floor for parsing: one pass over the bytes. */
function scanBytes(bytes: Uint8Array): number {
  let lines = 0;
  for (let i = 0; i < bytes.length; i++) if (bytes[i] === 10) lines++;
  return lines;
}

/** The ballot file `name` in bench/out, written once (the same seed always gives the same file). */
function ballotFile(name: string, options: MallowsOptions): string {
  mkdirSync(outDir, { recursive: true });
  const file = join(outDir, name);
  if (!existsSync(file)) {
    const { head, ballots, tail } = ballotSections(options);
    writeFileSync(file, Buffer.concat([head, ballots, tail]));
  }
  return file;
}

/** A BLT file with one line per ballot (weight 1), as a count centre would export it, in parts. */
function ballotSections(options: MallowsOptions): {
  head: Buffer;
  ballots: Buffer;
  tail: Buffer;
} {
  const chunks: Buffer[] = [];
  const buffer = Buffer.alloc(1 << 22);
  let at = 0;
  generateMallows(options, (prefs, length) => {
    if (at > buffer.length - 128) {
      chunks.push(Buffer.from(buffer.subarray(0, at)));
      at = 0;
    }
    buffer[at++] = 49; // "1"
    for (let i = 0; i < length; i++) {
      buffer[at++] = 32;
      const c = prefs[i]! + 1;
      if (c >= 10) buffer[at++] = 48 + Math.floor(c / 10);
      buffer[at++] = 48 + (c % 10);
    }
    buffer[at++] = 32;
    buffer[at++] = 48;
    buffer[at++] = 10;
  });
  chunks.push(Buffer.from(buffer.subarray(0, at)));
  const names = Array.from(
    { length: options.candidates },
    (_, c) => `"Candidate ${c + 1}"\n`,
  ).join("");
  return {
    head: Buffer.from(`${options.candidates} 5\n`),
    ballots: Buffer.concat(chunks),
    tail: Buffer.from(
      `0\n${names}"Generated, Mallows phi ${options.phi}, seed ${options.seed}"\n`,
    ),
  };
}

/** The floor for streaming: the file read in the same pieces, one pass over each. */
function scanFile(file: string): number {
  const fd = openSync(file, "r");
  const buffer = new Uint8Array(BLT_PIECE_BYTES);
  let lines = 0;
  for (;;) {
    const length = readSync(fd, buffer, 0, buffer.length, null);
    if (length === 0) break;
    lines += scanBytes(buffer.subarray(0, length));
  }
  closeSync(fd);
  return lines;
}

/** The streamed parse of `file` (as `kenges tally` reads it) beside its floor. */
function streamedRows(file: string, what: string, times = 3): void {
  const megabytes = statSync(file).size / 1e6;
  const floor = timed(() => scanFile(file), times).seconds;
  const parsed = timed(() => readBltFile(file), times);
  if (!parsed.value.ok) throw new Error(JSON.stringify(parsed.value.error));
  record({
    case: "blt parse",
    input: `${megabytes.toFixed(0)} MB, ${what}: ${describeProfile(parsed.value.value.profile)}`,
    measure: `streamed from the file in 1 MB pieces into the profile (${(megabytes / parsed.seconds).toFixed(0)} MB/s)`,
    seconds: parsed.seconds,
    floorSeconds: floor,
    target: "≥ 100 MB/s, memory by distinct ballots",
    note: "floor: the file read in the same pieces, one pass over the bytes",
  });
}

/** Runs node with `args` three times: the median wall time and the last output. */
function timedProcess(args: readonly string[]): {
  seconds: number;
  stdout: string;
} {
  let stdout = "";
  const { seconds: s } = timed(() => {
    const child = spawnSync(process.execPath, args, {
      encoding: "utf8",
      maxBuffer: 1 << 24,
    });
    if (child.status !== 0) throw new Error(child.stderr);
    stdout = child.stdout;
  }, 3);
  return { seconds: s, stdout };
}

const which = process.argv[2];
if (which === undefined) {
  // Every case in its own process, one after another.
  const all: Row[] = [];
  for (const name of [
    "irv",
    "stv-meath",
    "stv-10m",
    "schulze",
    "parse",
    "parse-stream",
    "group",
    "tally-1m",
  ]) {
    const child = spawnSync(
      process.execPath,
      ["--import", "tsx", join(here, "run.ts"), name],
      {
        encoding: "utf8",
        maxBuffer: 1 << 24,
      },
    );
    if (child.status !== 0) {
      process.stderr.write(child.stderr);
      process.exit(1);
    }
    all.push(
      ...(JSON.parse(child.stdout.trim().split("\n").at(-1)!) as (Row & {
        rssMb: number;
      })[]),
    );
  }
  const table = [
    "| case | input | measured | time | floor (one plain pass) | target | peak RSS | note |",
    "| --- | --- | --- | ---: | ---: | --- | ---: | --- |",
    ...all.map(
      (r) =>
        `| ${r.case} | ${r.input} | ${r.measure} | ${r.seconds.toFixed(3)} s | ${r.floorSeconds === undefined ? "—" : `${r.floorSeconds.toFixed(3)} s`} | ${r.target} | ${(r.rssMb ?? 0).toFixed(0)} MB | ${r.note ?? ""} |`,
    ),
  ];
  process.stdout.write(`${table.join("\n")}\n`);
} else {
  const run = cases[which];
  if (run === undefined)
    throw new Error(
      `unknown case ${which}; cases: ${Object.keys(cases).join(", ")}`,
    );
  run();
  const rssMb = process.resourceUsage().maxRSS / 1024;
  process.stdout.write(
    // A row keeps the peak RSS of the process that measured it (a child process, for some).
    `${JSON.stringify(rows.map((r) => ({ rssMb, ...r })))}\n`,
  );
}
