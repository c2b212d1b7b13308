/**
 * Secret ballots (issue 12): a national referendum by secret ballot — "the same question in every
 * assembly, results summed by attestation" (design.md). ASSEMBLIES assemblies of MEMBERS members
 * each (the chair among them); in each, the motion is opened secret with two registrars held by
 * two members, every member asks for tokens (token.requested, blinding one message per
 * registrar), both registrars issue (token.issued, blind signatures), every member unblinds and
 * casts with a one-time key (ballot.secret), and the chair closes (vote.closed, its stated count
 * checked by the fold). Then each assembly is counted from its log alone, as a replica that
 * receives it would: every event's Ed25519 signature verified, then a fresh fold (which verifies
 * every token) reads the result. The results are summed over the assemblies, and the sum — and
 * each assembly's result — checked against the choices cast (the hand count: each voter once).
 *
 * Memory stays bounded: one assembly at a time in each worker (a child process), its log dropped
 * once counted. Fixed seed: the keys derive from labels, the choices from a seeded generator;
 * the registrars' RSA keys and the blinding factors are fresh randomness (as they must be), which
 * changes no count.
 *
 * No attestation claim carries a secret motion's result to a council yet (the claim kinds are
 * seats, mandates, members, demands, answers…): the sum is taken here over the assemblies'
 * counted results, the figures an attestation would carry.
 *
 * Usage: node --import tsx bench/core/secret-referendum.ts [--assemblies 10] [--members 1000]
 *          [--workers 2] [--bits 2048] [--seed 12]
 */
import { fork } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { loadavg } from "node:os";
import { join } from "node:path";
import {
  EVENT_HANDLERS,
  FoldEngine,
  foldInputOf,
  verifySignature,
} from "../../src/core/index.js";
import { TestFederation } from "../../src/core/testing.js";
import { generateTokenKey } from "../../src/crypto/blind-token.js";
import { installNodeCrypto } from "../../src/crypto/node.js";

function flag(name: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`);
  if (at < 0) return fallback;
  const n = Number(process.argv[at + 1]);
  if (!Number.isInteger(n) || n <= 0)
    throw new Error(`--${name} takes a positive whole number`);
  return n;
}

const ASSEMBLIES = flag("assemblies", 10);
const MEMBERS = flag("members", 1_000);
const WORKERS = flag("workers", 2);
const BITS = flag("bits", 2048);
const SEED = flag("seed", 12);
const CHOICES = ["yes", "no", "abstain"] as const;
type Choice = (typeof CHOICES)[number];
type Tally = Record<Choice, number>;

/** The phases each assembly goes through, timed in every worker and summed. */
const PHASES = [
  "setup: assembly, admissions, registrars' keys and offers, opening",
  "ask: every voter blinds for both registrars, signs a request",
  "issue: both registrars blind-sign every request",
  "cast: every voter unblinds, checks, casts with a one-time key",
  "close: the chair counts and closes",
  "count: verify every event, fold afresh (every token), read",
] as const;

/** What a worker sends back for one assembly. */
interface AssemblyReport {
  readonly assembly: number;
  readonly events: number;
  readonly ballots: number;
  /** Wall seconds per phase, in PHASES's order. */
  readonly seconds: number[];
  /** CPU seconds of the worker process per phase (user + system, its thread pool's too). */
  readonly cpuSeconds: number[];
  /** The count the fresh fold read from the log. */
  readonly counted: Tally;
  /** The choices cast, counted by hand as they were cast. */
  readonly cast: Tally;
}

/** A small seeded generator (mulberry32): the same choices for the same seed. */
function generator(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

/** Each assembly leans its own way, so the sum is not one assembly's count times n. */
function choiceOf(random: () => number, lean: number): Choice {
  const x = random();
  if (x < lean) return "yes";
  if (x < lean + (1 - lean) * 0.7) return "no";
  return "abstain";
}

async function runAssembly(a: number): Promise<AssemblyReport> {
  const seconds: number[] = [];
  const cpuSeconds: number[] = [];
  let mark = performance.now();
  let cpuMark = process.cpuUsage();
  const lap = () => {
    const now = performance.now();
    const cpu = process.cpuUsage(cpuMark);
    seconds.push((now - mark) / 1000);
    cpuSeconds.push((cpu.user + cpu.system) / 1e6);
    mark = now;
    cpuMark = process.cpuUsage();
  };
  const random = generator(SEED * 1_000_003 + a);
  const lean = 0.35 + 0.3 * random();

  const t = new TestFederation({ label: `referendum assembly ${a}` });
  const chair = t.founders[0]!;
  const body = t.createBody(chair, {
    name: `Assembly ${a}`,
    rules: {
      admission: { method: "endorsements", endorsements: 1 },
      quorumPercent: 20,
    },
  });
  const members = [chair];
  for (let i = 1; i < MEMBERS; i++) {
    const k = t.key(`referendum assembly ${a} member`, i);
    t.admit(body, k, [chair]);
    members.push(k);
  }
  const registrars = [];
  for (const holder of [members[1 % MEMBERS]!, members[2 % MEMBERS]!])
    registrars.push(
      t.offerRegistrar(holder, body, await generateTokenKey(BITS)),
    );
  const motion = t.openSecretMotion(chair, body, registrars, {
    title: { en: "The national referendum's question" },
  });
  lap();

  const tickets = [];
  for (const [i, m] of members.entries()) {
    const ticket = await t.prepareTicket(
      motion,
      `referendum assembly ${a} one-time ${i}`,
    );
    tickets.push(await t.requestTokens(m, motion, { ticket }));
  }
  lap();

  for (const ticket of tickets)
    for (const r of registrars) await t.issueTokens(r, ticket.request!);
  lap();

  const cast: Tally = { yes: 0, no: 0, abstain: 0 };
  for (const ticket of tickets) {
    const vote = choiceOf(random, lean);
    await t.castSecret(ticket, { vote });
    cast[vote]++;
  }
  lap();

  const close = t.close(chair, motion);
  const invalid = t.fold.invalidReason(close.id);
  if (invalid !== null)
    throw new Error(`assembly ${a}: the close is invalid: ${invalid.code}`);
  lap();

  // The count, from the log alone: what a replica receiving the assembly's events does.
  for (const event of t.events)
    if (!verifySignature(event))
      throw new Error(`assembly ${a}: an event's signature does not verify`);
  const fold = new FoldEngine(EVENT_HANDLERS);
  fold.add(t.events.map(foldInputOf));
  const result = fold.state.motions.get(motion)?.result as
    | { kind: string; decision?: Record<string, unknown> }
    | undefined;
  if (result?.kind !== "decision" || result.decision === undefined)
    throw new Error(`assembly ${a}: the fresh fold has no decision`);
  const d = result.decision;
  const counted: Tally = {
    yes: d.yes as number,
    no: d.no as number,
    abstain: d.abstain as number,
  };
  lap();
  return {
    assembly: a,
    events: t.events.length,
    ballots: tickets.length,
    seconds,
    cpuSeconds,
    counted,
    cast,
  };
}

/** A worker: runs the assemblies it is sent, one at a time, and reports each. */
async function worker(): Promise<void> {
  installNodeCrypto();
  process.on("message", async (message: { assembly?: number }) => {
    if (message.assembly === undefined) {
      process.send!({
        done: true,
        maxRssMB: process.resourceUsage().maxRSS / 1024,
      });
      process.disconnect();
      return;
    }
    const report = await runAssembly(message.assembly);
    process.send!({ report, rssMB: process.memoryUsage().rss / 2 ** 20 });
  });
  process.send!({ ready: true });
}

async function main(): Promise<void> {
  const start = performance.now();
  const loadStart = loadavg();
  console.log(
    `## a secret referendum: ${ASSEMBLIES} assemblies × ${MEMBERS} members = ${ASSEMBLIES * MEMBERS} ballots, ${WORKERS} workers, RSA ${BITS}, seed ${SEED}`,
  );
  let next = 0;
  const reports: AssemblyReport[] = [];
  const workerPeaks: number[] = [];
  let rssMax = 0;
  let lastPrint = performance.now();
  await Promise.all(
    Array.from(
      { length: Math.min(WORKERS, ASSEMBLIES) },
      () =>
        new Promise<void>((resolve, reject) => {
          const child = fork(
            import.meta.filename,
            ["--worker", ...process.argv.slice(2)],
            {
              execArgv: [
                "--import",
                "tsx",
                // A CPU profile of each worker, for finding where the time goes.
                ...(process.env.BENCH_WORKER_PROFILE
                  ? [
                      "--cpu-prof",
                      `--cpu-prof-dir=${process.env.BENCH_WORKER_PROFILE}`,
                    ]
                  : []),
              ],
            },
          );
          const give = () => {
            if (next < ASSEMBLIES) child.send({ assembly: next++ });
            else child.send({});
          };
          child.on("message", (m: Record<string, unknown>) => {
            if (m.ready) return give();
            if (m.done) {
              workerPeaks.push(m.maxRssMB as number);
              return;
            }
            reports.push(m.report as AssemblyReport);
            rssMax = Math.max(rssMax, m.rssMB as number);
            if (performance.now() - lastPrint > 30_000) {
              lastPrint = performance.now();
              const s = (performance.now() - start) / 1000;
              console.log(
                `  ${reports.length}/${ASSEMBLIES} assemblies after ${s.toFixed(0)} s (load ${loadavg()[0]!.toFixed(1)}, worker RSS ${(m.rssMB as number).toFixed(0)} MB)`,
              );
            }
            give();
          });
          child.on("error", reject);
          child.on("exit", (code) =>
            code === 0 ? resolve() : reject(new Error(`worker exit ${code}`)),
          );
        }),
    ),
  );
  const wall = (performance.now() - start) / 1000;
  const loadEnd = loadavg();

  // The sum, and the hand count: each assembly's count equals its choices cast, and the sums.
  const counted: Tally = { yes: 0, no: 0, abstain: 0 };
  const cast: Tally = { yes: 0, no: 0, abstain: 0 };
  const phaseSeconds = PHASES.map(() => 0);
  const phaseCpu = PHASES.map(() => 0);
  let events = 0;
  let ballots = 0;
  for (const r of reports) {
    for (const c of CHOICES) {
      if (r.counted[c] !== r.cast[c])
        throw new Error(
          `assembly ${r.assembly}: counted ${JSON.stringify(r.counted)}, cast ${JSON.stringify(r.cast)}`,
        );
      counted[c] += r.counted[c];
      cast[c] += r.cast[c];
    }
    r.seconds.forEach((s, i) => {
      phaseSeconds[i]! += s;
    });
    r.cpuSeconds.forEach((s, i) => {
      phaseCpu[i]! += s;
    });
    events += r.events;
    ballots += r.ballots;
  }
  if (reports.length !== ASSEMBLIES)
    throw new Error(`${reports.length} of ${ASSEMBLIES} assemblies reported`);
  const total = counted.yes + counted.no + counted.abstain;
  if (total !== ballots || total !== ASSEMBLIES * MEMBERS)
    throw new Error(`counted ${total} ballots of ${ASSEMBLIES * MEMBERS}`);
  console.log(
    "phase: wall seconds summed over the workers (wall ≈ sum / workers) | CPU seconds of the workers",
  );
  for (const [i, p] of PHASES.entries())
    console.log(
      `  ${p.padEnd(66)} ${phaseSeconds[i]!.toFixed(1).padStart(8)} s | ${phaseCpu[i]!.toFixed(1).padStart(8)} s CPU`,
    );
  const cpuTotal = phaseCpu.reduce((x, y) => x + y, 0);
  console.log(
    `  ${"all".padEnd(66)} ${phaseSeconds
      .reduce((x, y) => x + y, 0)
      .toFixed(1)
      .padStart(
        8,
      )} s | ${cpuTotal.toFixed(1).padStart(8)} s CPU = ${((cpuTotal / (ASSEMBLIES * MEMBERS)) * 1000).toFixed(2)} ms a ballot`,
  );
  console.log(
    `wall ${wall.toFixed(1)} s; events ${events}; ballots ${ballots}; peak RSS per worker ${workerPeaks.map((x) => x.toFixed(0)).join(", ")} MB, main ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB; load ${loadStart.map((x) => x.toFixed(1)).join(" ")} → ${loadEnd.map((x) => x.toFixed(1)).join(" ")}`,
  );
  console.log(
    `summed count ${JSON.stringify(counted)} = the choices cast ${JSON.stringify(cast)}; every assembly's count equals its own`,
  );
  const outDir = join(import.meta.dirname, "..", "out");
  mkdirSync(outDir, { recursive: true });
  const out = join(outDir, `secret-referendum-${ballots}.json`);
  writeFileSync(
    out,
    `${JSON.stringify(
      {
        date: new Date().toISOString(),
        assemblies: ASSEMBLIES,
        members: MEMBERS,
        workers: WORKERS,
        bits: BITS,
        seed: SEED,
        wallSeconds: Number(wall.toFixed(1)),
        phaseSeconds: Object.fromEntries(
          PHASES.map((p, i) => [p, Number(phaseSeconds[i]!.toFixed(1))]),
        ),
        phaseCpuSeconds: Object.fromEntries(
          PHASES.map((p, i) => [p, Number(phaseCpu[i]!.toFixed(1))]),
        ),
        events,
        ballots,
        peakRssMB: {
          workers: workerPeaks.map((x) => Math.round(x)),
          main: Math.round(process.resourceUsage().maxRSS / 1024),
        },
        load: { start: loadStart, end: loadEnd },
        counted,
        cast,
      },
      null,
      2,
    )}\n`,
  );
  console.log(`written ${out}`);
}

if (process.argv.includes("--worker")) await worker();
else await main();
