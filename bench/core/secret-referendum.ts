/**
 * Secret ballots (issue 12): a national referendum by secret ballot — "the same question in every
 * assembly, results summed by attestation" (design.md). The national council puts the question
 * (a referendum motion its one delegate adopts); ASSEMBLIES assemblies of MEMBERS members each
 * (the chair among them) are linked below it, each with two attesters (k = 2). In each assembly
 * the motion on the question is opened secret with two registrars held by two members, every
 * member asks for tokens (token.requested, blinding one message per registrar), both registrars
 * issue (token.issued, blind signatures), every member unblinds and casts with a one-time key
 * (ballot.secret), and the chair closes (vote.closed, its stated count checked by the fold).
 * Then each assembly is counted from its log alone, as a replica that receives it would: every
 * event's Ed25519 signature verified, then a fresh fold (which verifies every token) reads the
 * result, and the assembly's two attesters sign the result it implies (a `referendum` claim:
 * counts per option, the roll, the ballots cast, citing the close) on the national council.
 *
 * The sum is the council's: the main process holds only the council's log — the federation's
 * base (the council, the assemblies' cards and links, the referendum) and the attestations the
 * workers send back, two events per assembly — and its fold sums the results in effect
 * (`tallyReferendum`). The sum, and each assembly's count, are checked against the choices cast
 * (the hand count: each voter once).
 *
 * Memory stays bounded: one assembly at a time in each worker (a child process), its log dropped
 * once counted; the council never receives the assemblies' logs. Every process builds the same
 * base from the same labels (keys, clock and ids are deterministic), so an assembly's events and
 * its attestations rest on events the council holds. Fixed seed: the keys derive from labels,
 * the choices from a seeded generator; the registrars' RSA keys and the blinding factors are
 * fresh randomness (as they must be), which changes no count.
 *
 * Usage: node --import tsx bench/core/secret-referendum.ts [--assemblies 10] [--members 1000]
 *          [--workers 2] [--bits 2048] [--seed 12]
 */
import { fork } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { loadavg } from "node:os";
import { join } from "node:path";
import {
  decodeWireEvent,
  EVENT_HANDLERS,
  encodeWireEvent,
  FoldEngine,
  foldInputOf,
  pendingClaims,
  type SignedEvent,
  tallyReferendum,
  verifySignature,
} from "../../src/core/index.js";
import { TestFederation } from "../../src/core/testing.js";
import { generateTokenKey } from "../../src/crypto/blind-token.js";
import { fromHex, toHex } from "../../src/crypto/index.js";
import { installNodeCrypto } from "../../src/crypto/node.js";
import { prng } from "../store/seeded-random.js";
import { wholeNumberFlag } from "../whole-number-flag.js";

const flag = wholeNumberFlag;

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
  "attest: two attesters sign the result on the national council",
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
  /** The attesters' `attestation.made` events on the national council, as wire bytes (hex). */
  readonly attestations: string[];
}

const RULES = {
  admission: { method: "endorsements", endorsements: 1 },
  quorumPercent: 20,
} as const;

/** The label every process builds the same federation from. */
const LABEL = `secret referendum ${SEED}`;

/** The key of member `i` of assembly `a` (member 0 chairs it, 0 and 1 attest for it). */
function memberKey(t: TestFederation, a: number, i: number) {
  return t.key(`referendum assembly ${a} member`, i);
}

/**
 * The federation's base, the same in every process: the national council; a delegates'
 * assembly whose chair is seated as the council's one voter (coordinating is not voting); every
 * assembly founded by its chair and linked below the council with two attesters (k = 2); and
 * the question put — the referendum motion, adopted.
 */
function buildBase() {
  const t = new TestFederation({ label: LABEL });
  const f = t.founders[0]!;
  const nation = t.createBody(f, {
    kind: "council",
    level: "national",
    name: "National council",
    rules: RULES as never,
  });
  const delegate = t.key("referendum delegate");
  const delegates = t.createBody(delegate, {
    name: "Delegates' assembly",
    rules: RULES as never,
  });
  t.link(f, nation, delegates, { attesters: [delegate] });
  t.seatDelegate({
    body: delegates,
    council: nation,
    chair: delegate,
    voters: [delegate],
    delegate,
    attesters: [delegate],
  });
  const bodies: string[] = [];
  for (let a = 0; a < ASSEMBLIES; a++) {
    const id = t.createBody(memberKey(t, a, 0), {
      name: `Assembly ${a}`,
      rules: RULES as never,
    });
    t.link(f, nation, id, {
      name: `Assembly ${a}`,
      attesters:
        MEMBERS > 1
          ? [memberKey(t, a, 0), memberKey(t, a, 1)]
          : [memberKey(t, a, 0)],
      threshold: Math.min(2, MEMBERS),
    });
    bodies.push(id);
  }
  const referendum = t.sign(f, nation, "motion.opened", {
    kind: "referendum",
    title: { en: "The national referendum's question" },
    text: { en: "Shall the question pass?" },
    subject: { kind: "referendum", scope: "all" },
  }).id;
  t.vote(delegate, referendum);
  t.close(f, referendum);
  return { t, nation, bodies, referendum };
}

/** A worker's base, built once: each assembly adopts its events instead of signing them anew. */
let workerBase: ReturnType<typeof buildBase> | null = null;

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
  const random = prng(SEED * 1_000_003 + a);
  const lean = 0.35 + 0.3 * random();

  workerBase ??= buildBase();
  const { nation, bodies, referendum } = workerBase;
  const t = new TestFederation({ label: LABEL });
  t.adopt(workerBase.t.events);
  const body = bodies[a]!;
  const chair = memberKey(t, a, 0);
  const members = [chair];
  for (let i = 1; i < MEMBERS; i++) {
    const k = memberKey(t, a, i);
    t.admit(body, k, [chair]);
    members.push(k);
  }
  const registrars = [];
  for (const holder of [members[1 % MEMBERS]!, members[2 % MEMBERS]!])
    registrars.push(
      t.offerRegistrar(holder, body, await generateTokenKey(BITS)),
    );
  const motion = t.openSecretMotion(chair, body, registrars, {
    kind: "referendum",
    title: { en: "The national referendum's question" },
    text: { en: "Shall the question pass?" },
    subject: { kind: "referendum", referendum },
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

  // The assembly's two attesters sign the result their fresh fold implies, on the council.
  const attestations: string[] = [];
  for (const p of pendingClaims(fold, body, nation)) {
    if (p.claim.kind !== "referendum") continue;
    for (const k of members.slice(0, Math.min(2, MEMBERS)))
      attestations.push(
        toHex(encodeWireEvent(t.attest(k, nation, body, p.claim))),
      );
  }
  if (attestations.length === 0)
    throw new Error(`assembly ${a}: no referendum result to attest`);
  lap();
  return {
    assembly: a,
    events: t.events.length,
    ballots: tickets.length,
    seconds,
    cpuSeconds,
    counted,
    cast,
    attestations,
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
  // The council's replica: the base, then only the attestations the workers send back.
  const council = buildBase();
  const councilFold = council.t.fold;
  const baseEvents = councilFold.size;
  const receive = (hex: string): SignedEvent => {
    const decoded = decodeWireEvent(fromHex(hex)!);
    if (!decoded.ok || !verifySignature(decoded.value))
      throw new Error("an attestation does not decode or verify");
    return decoded.value;
  };
  let attested = 0;
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
            const report = m.report as AssemblyReport;
            const received = report.attestations.map(receive);
            council.t.deliver(received);
            for (const e of received) {
              const invalid = councilFold.invalidReason(e.id);
              if (invalid !== null)
                throw new Error(
                  `assembly ${report.assembly}: an attestation is invalid: ${invalid.code}`,
                );
            }
            attested += received.length;
            reports.push({ ...report, attestations: [] });
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
  // The council's sum, from its fold of the attested claims alone.
  const tally = tallyReferendum(
    councilFold.state,
    council.referendum,
    council.nation,
  );
  if (tally === null) throw new Error("the council holds no referendum");
  const summed: Tally = {
    yes: tally.total.counts[0]!,
    no: tally.total.counts[1]!,
    abstain: tally.total.counts[2]!,
  };
  for (const c of CHOICES)
    if (summed[c] !== cast[c])
      throw new Error(
        `the council's sum ${JSON.stringify(summed)} is not the choices cast ${JSON.stringify(cast)}`,
      );
  if (
    tally.total.bodies !== ASSEMBLIES ||
    tally.total.cast !== ballots ||
    tally.total.eligible !== ASSEMBLIES * MEMBERS
  )
    throw new Error(
      `the council sums ${tally.total.bodies} bodies, ${tally.total.cast} cast of ${tally.total.eligible}`,
    );
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
    `the national council's fold of ${attested} attestations (${councilFold.size} events in its replica, ${baseEvents} of them the base) sums ${JSON.stringify(summed)} over ${tally.total.bodies} assemblies, ${tally.total.cast} cast of ${tally.total.eligible} = the choices cast ${JSON.stringify(cast)}; every assembly's count equals its own`,
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
        council: {
          summed,
          bodies: tally.total.bodies,
          eligible: tally.total.eligible,
          cast: tally.total.cast,
          attestations: attested,
          events: councilFold.size,
        },
      },
      null,
      2,
    )}\n`,
  );
  console.log(`written ${out}`);
}

if (process.argv.includes("--worker")) await worker();
else await main();
