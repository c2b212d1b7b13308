/**
 * A meeting of 300 on one laptop hub (issue #14; docs/benchmarks.md "A meeting of 300"). An
 * assembly of `--delegates` voting members and its chair (fixed keys and clock from core's
 * TestFederation), a meeting convened with a door key the hub keeps, one agenda item open —
 * written to a store that a hub process serves (bench/hub/serve.ts, pinned to one core; this
 * script, every phone at once, on the other). Each member is a phone with its own session:
 *   1. check-in: the chair's projector shows the door's code, each phone trades it for a pass
 *      and posts its own meeting.checked-in (50 phones at a time);
 *   2. a vote in the meeting: the chair opens it, every member's ballot is posted, then, with
 *      every phone's live-feed socket open, the chair closes it — time until each phone has
 *      heard the change and fetched the motion showing it decided;
 *   3. the speakers' list: a member asks to speak — time until each phone has heard it and
 *      fetched the meeting showing the request in the item's queue.
 * Usage: node --experimental-websocket --import tsx bench/hub/meeting.ts [--delegates 300] [--council]
 * (Node 20 has WebSocket only behind that flag.)
 */
import type { ChildProcess } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { createDoorKey } from "../../src/cli/door-keys.js";
import {
  DEFAULT_RULES,
  encodeWireEvent,
  signMerged,
} from "../../src/core/index.js";
import { TestFederation } from "../../src/core/testing.js";
import {
  type CanonicalValue,
  type KeyPair,
  toHex,
} from "../../src/crypto/index.js";
import { installNodeCrypto } from "../../src/crypto/node.js";
import { Replica } from "../../src/replica/index.js";
import { openSqliteStore } from "../../src/store/index.js";
import {
  benchSession,
  numberArg,
  pinThisProcess,
  ROOT,
  startBenchHub,
} from "./bench-hub.js";

const arg = numberArg;
const DELEGATES = arg("delegates", 300);
/**
 * `--council`: the case, a municipal council of `DELEGATES` delegates, each seated for
 * a workplace assembly of their own the ordinary way (elected there, the election attested
 * to the council), the council's coordinator convening and chairing; without it an assembly of
 * `DELEGATES` members and its chair (the same meeting events and reads, quicker to build).
 */
const COUNCIL = process.argv.includes("--council");
/** Phones acting at once during check-in and voting (a hall's people do not all tap at once). */
const AT_ONCE = arg("at-once", 50);
/** Requests to speak, one after another, each heard by every phone. */
const SPEAKERS = arg("speakers", 10);

installNodeCrypto();
pinThisProcess();
const log = (m: string) => process.stderr.write(`[meeting] ${m}\n`);
const loadAtStart = loadavg();

// The hub's data key: fixed, as every key here — it only seals the door key in the bench's
// own temporary directory.
const dataKey = new Uint8Array(32).fill(7);
const dir = mkdtempSync(join(tmpdir(), "kenges-bench-meeting-"));

/**
 * The assembly: a chair and `DELEGATES` members admitted on the chair's endorsement, quorum
 * 10 % (DEFAULT_RULES otherwise); the meeting convened by the chair (`convene`).
 */
function buildAssembly() {
  const t = new TestFederation({ label: "bench-meeting" });
  const chair = t.key("bench-meeting-chair");
  const body = t.sign(chair, null, "body.created", {
    name: { en: "Assembly of 300" },
    kind: "assembly",
    setting: "workplace",
    rules: {
      ...DEFAULT_RULES,
      admission: { method: "endorsements", endorsements: 1 },
      quorumPercent: 10,
    } as unknown as CanonicalValue,
    founderName: "Chair",
  }).id;
  const members: KeyPair[] = [];
  for (let i = 0; i < DELEGATES; i++) {
    const key = t.key("bench-meeting-member", i);
    t.admit(body, key, [chair], `Member ${i}`);
    members.push(key);
  }
  return {
    events: t.events,
    chair,
    members,
    body,
    ...convene(t, chair, body, "General meeting", "Any other business"),
  };
}

/**
 * The meeting, convened by `chair` with a door key kept in `dir` (the only random key:
 * `createDoorKey` makes it as `kenges meeting convene` does), one free point on the agenda and
 * opened, so members may ask to speak on it.
 */
function convene(
  t: TestFederation,
  chair: KeyPair,
  body: string,
  title: string,
  point: string,
): { meeting: string; item: string } {
  const door = createDoorKey(dir, dataKey);
  const meeting = t.sign(chair, body, "meeting.convened", {
    title: { en: title },
    when: "tonight",
    place: "the hall",
    door: toHex(door.publicKey),
  }).id;
  const item = t.sign(chair, body, "meeting.item-proposed", {
    meeting,
    kind: "point",
    title: { en: point },
  }).id;
  t.sign(chair, body, "meeting.item-opened", { meeting, item });
  return { meeting, item };
}

/**
 * The council: its coordinator (the federation's founder) creates it with quorum 10 % and
 * convenes the meeting (coordinating is convening, not voting); each delegate founds a
 * workplace assembly, which the coordinator links under the council with the delegate as its
 * attester, and is elected there and seated (`seatDelegate`). The meeting as in the assembly
 * (`convene`).
 */
function buildCouncil() {
  const t = new TestFederation({ label: "bench-meeting-council" });
  const chair = t.founders[0]!;
  const body = t.createBody(chair, {
    kind: "council",
    name: "Council of 300",
    rules: { quorumPercent: 10 },
  });
  const members: KeyPair[] = [];
  for (let i = 0; i < DELEGATES; i++) {
    const delegate = t.key("bench-meeting-delegate", i);
    const workplace = t.createBody(delegate, { name: `Workplace ${i}` });
    t.link(chair, body, workplace, {
      attesters: [delegate],
      name: `Workplace ${i}`,
    });
    t.seatDelegate({
      body: workplace,
      council: body,
      chair: delegate,
      voters: [delegate],
      delegate,
      attesters: [delegate],
    });
    members.push(delegate);
  }
  return {
    events: t.events,
    chair,
    members,
    body,
    ...convene(
      t,
      chair,
      body,
      "Council in session",
      "The strike's second week",
    ),
  };
}

const built = performance.now();
const a = COUNCIL ? buildCouncil() : buildAssembly();
{
  // Ingested as any store is: verified and folded, refused events fail the bench.
  const replica = await Replica.open(
    await openSqliteStore(join(dir, "kenges.sqlite")),
  );
  const report = await replica.ingest(a.events, "bench");
  if (report.rejected > 0 || report.invalid > 0)
    throw new Error(`bench assembly refused: ${JSON.stringify(report)}`);
  await replica.close();
}
log(
  `${COUNCIL ? "council" : "assembly"}: ${a.events.length} events, ${a.members.length} ${COUNCIL ? "seated delegates and a coordinator" : "members and a chair"} (${Math.round(performance.now() - built)} ms)`,
);

function startHub(): Promise<{ url: string; child: ChildProcess }> {
  return startBenchHub(dir, {
    env: { ...process.env, KENGES_BENCH_DATA_KEY: toHex(dataKey) },
    nodeArgs: process.env.KENGES_BENCH_PROFILE
      ? ["--cpu-prof", `--cpu-prof-dir=${process.env.KENGES_BENCH_PROFILE}`]
      : [],
  });
}

const hub = await startHub();
// Whatever happens, the hub this run started stops with it.
process.on("exit", () => {
  if (hub.child.exitCode === null) hub.child.kill("SIGTERM");
});
for (const event of ["uncaughtException", "unhandledRejection"] as const)
  process.on(event, (e) => {
    console.error(e);
    process.exit(1);
  });
log(`hub ${hub.url}`);

/** A phone: its key and the session it proved the key with, as the web app signs in. */
interface Phone {
  readonly key: KeyPair;
  readonly token: string;
}

async function login(key: KeyPair): Promise<Phone> {
  return { key, token: await benchSession(hub.url, key) };
}

async function getJson<T>(phone: Phone, path: string): Promise<T> {
  const r = await fetch(`${hub.url}${path}`, {
    headers: { authorization: `Bearer ${phone.token}` },
  });
  if (r.status !== 200)
    throw new Error(`${path}: ${r.status} ${await r.text()}`);
  return (await r.json()) as T;
}

/**
 * Signs and posts one event as the web app does: deps from the hub for the scope (merged
 * first past 16), the key's chain head and kseq from there. Returns the event's id once the
 * hub answered 201 with the event valid.
 */
async function act(
  phone: Phone,
  type: string,
  payload: CanonicalValue,
  deps?: readonly string[],
): Promise<string> {
  const h = await getJson<{
    federation: string;
    deps: string[];
    chain: { seq: number; id: string } | null;
    kseq: number;
  }>(phone, `/api/heads?scope=${a.body}`);
  const signed = signMerged(
    phone.key,
    {
      federation: h.federation,
      scope: a.body,
      seq: (h.chain?.seq ?? 0) + 1,
      kseq: h.kseq + 1,
      prev: h.chain?.id ?? null,
      time: Date.now(),
      type,
      payload,
    },
    deps ?? h.deps,
  );
  const event = signed.at(-1)!;
  const r = await fetch(`${hub.url}/api/events`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      events: signed.map((e) =>
        Buffer.from(encodeWireEvent(e)).toString("base64url"),
      ),
    }),
  });
  const text = await r.text();
  if (r.status !== 201) throw new Error(`${type}: ${r.status} ${text}`);
  const last = (
    JSON.parse(text) as { results: { id: string; invalid: unknown }[] }
  ).results.at(-1)!;
  if (last.invalid !== null)
    throw new Error(`${type}: invalid ${JSON.stringify(last.invalid)}`);
  return event.id;
}

/** Runs `work` over `items`, `limit` at a time. */
async function pool<T, R>(
  items: readonly T[],
  limit: number,
  work: (item: T, i: number) => Promise<R>,
): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      for (let i = next++; i < items.length; i = next++)
        out[i] = await work(items[i]!, i);
    }),
  );
  return out;
}

const q = (xs: readonly number[], p: number) => {
  const s = [...xs].sort((x, y) => x - y);
  return s[Math.min(s.length - 1, Math.floor(p * s.length))]!;
};
const ms = (x: number) => Math.round(x * 10) / 10;
const summary = (xs: readonly number[]) => ({
  n: xs.length,
  p50: ms(q(xs, 0.5)),
  p99: ms(q(xs, 0.99)),
  max: ms(Math.max(...xs)),
});

// The phones sign in before the meeting (the app keeps its session): not part of check-in.
const signedIn = performance.now();
const chair = await login(a.chair);
const phones = await pool(a.members, AT_ONCE, (key) => login(key));
log(
  `${phones.length} phones signed in (${Math.round(performance.now() - signedIn)} ms)`,
);

// 1. Check-in. The projector (the chair's session) shows the code of the current 10-second
// window; it is asked again once the window has passed, as the projector page does.
let shown: Promise<{ code: string; nextAt: number }> | null = null;
let shownUntil = 0;
const doorCode = (): Promise<{ code: string; nextAt: number }> => {
  if (shown === null || Date.now() >= shownUntil) {
    shown = getJson<{ code: string; nextAt: number }>(
      chair,
      `/api/meetings/${a.meeting}/door`,
    );
    shownUntil = Number.POSITIVE_INFINITY;
    void shown.then((c) => {
      shownUntil = c.nextAt;
    });
  }
  return shown;
};
const checkInStart = performance.now();
const checkIns = await pool(phones, AT_ONCE, async (phone) => {
  const { code } = await doorCode();
  const start = performance.now();
  const r = await fetch(`${hub.url}/api/meetings/${a.meeting}/pass`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      authorization: `Bearer ${phone.token}`,
    },
    body: JSON.stringify({ code }),
  });
  if (r.status !== 200) throw new Error(`pass: ${r.status} ${await r.text()}`);
  const pass = (await r.json()) as {
    member: string;
    window: number;
    signature: string;
  };
  const passed = performance.now();
  await act(phone, "meeting.checked-in", {
    meeting: a.meeting,
    member: pass.member,
    pass: { window: pass.window, signature: pass.signature },
  });
  const end = performance.now();
  return { start, pass: passed - start, total: end - start, end };
});
const checkInSeconds =
  (Math.max(...checkIns.map((c) => c.end)) - checkInStart) / 1000;
const present = (
  await getJson<{ quorum: { present: number; voters: number } }>(
    chair,
    `/api/meetings/${a.meeting}`,
  )
).quorum;
log(
  `check-in: ${checkIns.length} in ${checkInSeconds.toFixed(1)} s; present ${present.present} of ${present.voters}`,
);
if (present.present < phones.length)
  throw new Error(`only ${present.present} present`);

// Every phone opens the live feed, as the meeting page does.
interface Listener {
  readonly phone: Phone;
  readonly ws: WebSocket;
  /** What to do on the next `changed` of the assembly's scope, if anything. */
  on: (() => void) | null;
}
const wsUrl = `${hub.url.replace(/^http/, "ws")}/api/live`;
const listeners = await pool(phones, AT_ONCE, async (phone) => {
  const ws = new WebSocket(wsUrl);
  await new Promise((r, j) => {
    ws.addEventListener("open", r, { once: true });
    ws.addEventListener("error", j, { once: true });
  });
  ws.send(JSON.stringify({ type: "auth", token: phone.token }));
  await new Promise((r) => ws.addEventListener("message", r, { once: true }));
  const l: Listener = { phone, ws, on: null };
  ws.addEventListener("message", (m: MessageEvent) => {
    const msg = JSON.parse(String(m.data)) as {
      type: string;
      scopes?: string[];
    };
    if (msg.type === "changed" && msg.scopes?.includes(a.body)) l.on?.();
  });
  return l;
});
log(`${listeners.length} live sockets open`);

/** Fetches the phones made while watching (more than one a phone: a change came meanwhile). */
let fetches = 0;

/**
 * Every phone, on each change it hears, fetches `path` again (one fetch at a time, one more
 * if a change came meanwhile) until `done` holds of what it got; resolves with the times
 * (performance.now()) at which each phone first heard a change, and had the view.
 */
function watch<T>(
  path: string,
  done: (view: T) => boolean,
): Promise<{ heard: number; had: number }[]> {
  return Promise.all(
    listeners.map(
      (l) =>
        new Promise<{ heard: number; had: number }>((resolve, reject) => {
          let heard = 0;
          let busy = false;
          let again = false;
          const look = () => {
            if (heard === 0) heard = performance.now();
            if (busy) {
              again = true;
              return;
            }
            busy = true;
            fetches++;
            getJson<T>(l.phone, path).then((view) => {
              busy = false;
              if (done(view)) {
                l.on = null;
                resolve({ heard, had: performance.now() });
              } else if (again) {
                again = false;
                look();
              }
            }, reject);
          };
          l.on = look;
        }),
    ),
  );
}

/** One read's cost on a quiet hub: `n` fetches of `path` one after another, median ms. */
async function readCost(path: string, n = 50): Promise<number> {
  const xs: number[] = [];
  for (let i = 0; i < n; i++) {
    const start = performance.now();
    await getJson(phones[0]!, path);
    xs.push(performance.now() - start);
  }
  return ms(q(xs, 0.5));
}

/** Waits until the feed has been quiet for `quiet` ms (the last commit's messages heard). */
async function settle(quiet = 500): Promise<void> {
  let last = performance.now();
  for (const l of listeners) l.on = () => (last = performance.now());
  while (performance.now() - last < quiet)
    await new Promise((r) => setTimeout(r, 50));
  for (const l of listeners) l.on = null;
}

// 2. A vote in the meeting: the chair opens it; those present (every member) vote.
const motion = await act(chair, "motion.opened", {
  kind: "resolution",
  title: { en: "A van for the night shift" },
  text: { en: "The assembly buys a van." },
  meeting: a.meeting,
});
const ballotStart = performance.now();
const ballots = await pool(phones, AT_ONCE, async (phone, i) => {
  const start = performance.now();
  await act(phone, "ballot.cast", {
    motion,
    choice: { vote: i % 3 === 2 ? "no" : "yes" },
  });
  return performance.now() - start;
});
const ballotSeconds = (performance.now() - ballotStart) / 1000;
log(`${ballots.length} ballots in ${ballotSeconds.toFixed(1)} s`);
await settle();

// The chair closes: the close-draft (deps and the counted result, as the app asks), signed and
// posted. Every phone is watching from before the chair's tap.
fetches = 0;
const decided = watch<{ status: string }>(
  `/api/motions/${motion}`,
  (m) => m.status === "decided",
);
const tap = performance.now();
const draft = await getJson<{ deps: string[]; result: CanonicalValue }>(
  chair,
  `/api/motions/${motion}/close-draft`,
);
const closeSent = performance.now();
await act(chair, "vote.closed", { motion, result: draft.result }, draft.deps);
const closeAcked = performance.now();
const decidedAt = await decided;
const fromAck = decidedAt.map((t) => t.had - closeAcked);
const fromSend = decidedAt.map((t) => t.had - closeSent);
const decidedHeard = decidedAt.map((t) => t.heard - closeSent);
const decidedFetches = fetches;
log(
  `result: p99 ${ms(q(fromAck, 0.99))} ms after the close's acknowledgement, ${ms(q(fromSend, 0.99))} ms after it was sent`,
);
await settle();

// 3. The speakers' list: members ask to speak one after another; every phone fetches the
// meeting until the request is in the item's queue.
const speaking: number[] = [];
const speakingFromSend: number[] = [];
const speakingHeard: number[] = [];
fetches = 0;
for (let s = 0; s < SPEAKERS; s++) {
  const speaker = phones[(s * 37) % phones.length]!;
  let request = "";
  const heard = watch<{
    speakers: { item: string; queue: { id: string }[] }[];
  }>(`/api/meetings/${a.meeting}`, (m) =>
    m.speakers.some(
      (x) => x.item === a.item && x.queue.some((r) => r.id === request),
    ),
  );
  const sent = performance.now();
  request = await act(speaker, "meeting.speaker-requested", {
    meeting: a.meeting,
    item: a.item,
    side: s % 2 ? "contra" : "pro",
  });
  const acked = performance.now();
  for (const t of await heard) {
    speaking.push(t.had - acked);
    speakingFromSend.push(t.had - sent);
    speakingHeard.push(t.heard - sent);
  }
  await settle(300);
}
const speakingFetches = fetches;
log(`speakers: p99 ${ms(q(speaking, 0.99))} ms after the acknowledgement`);
// Where the time goes: each phone's fetch waits behind the others' on the hub's one core.
const motionReadMs = await readCost(`/api/motions/${motion}`);
const meetingReadMs = await readCost(`/api/meetings/${a.meeting}`);
/** An answer's size in bytes: every phone downloads and parses the meeting after every change. */
async function answerBytes(path: string): Promise<number> {
  const r = await fetch(`${hub.url}${path}`, {
    headers: { authorization: `Bearer ${phones[0]!.token}` },
  });
  return (await r.arrayBuffer()).byteLength;
}
const meetingBytes = await answerBytes(`/api/meetings/${a.meeting}`);
log(
  `one read on a quiet hub: motion ${motionReadMs} ms, meeting ${meetingReadMs} ms (${meetingBytes} bytes)`,
);

for (const l of listeners) l.ws.close();
const done = new Promise((r) => hub.child.once("exit", r));
hub.child.kill("SIGTERM");
await done;

const result = {
  date: new Date().toISOString(),
  machine: { cpus: cpus().length, node: process.version },
  load: { atStart: loadAtStart.map(ms), atEnd: loadavg().map(ms) },
  body: {
    kind: COUNCIL ? "council" : "assembly",
    members: a.members.length,
    chair: 1,
    voters: present.voters,
    events: a.events.length,
  },
  atOnce: AT_ONCE,
  checkIn: {
    how: "pass: door code from the projector, POST /pass, own meeting.checked-in",
    members: checkIns.length,
    present: present.present,
    seconds: Math.round(checkInSeconds * 10) / 10,
    targetSeconds: 60,
    perCheckInMs: summary(checkIns.map((c) => c.total)),
    passMs: summary(checkIns.map((c) => c.pass)),
  },
  vote: {
    ballots: ballots.length,
    ballotSeconds: Math.round(ballotSeconds * 10) / 10,
    ballotMs: summary(ballots),
    liveClients: listeners.length,
    closeDraftMs: ms(closeSent - tap),
    closePostMs: ms(closeAcked - closeSent),
    resultAfterAckMs: summary(fromAck),
    resultAfterSendMs: summary(fromSend),
    heardAfterSendMs: summary(decidedHeard),
    oneMotionReadMs: motionReadMs,
    fetches: decidedFetches,
    targetP99Ms: 1000,
  },
  speakers: {
    requests: SPEAKERS,
    liveClients: listeners.length,
    afterAckMs: summary(speaking),
    afterSendMs: summary(speakingFromSend),
    heardAfterSendMs: summary(speakingHeard),
    oneMeetingReadMs: meetingReadMs,
    meetingAnswerBytes: meetingBytes,
    fetches: speakingFetches,
    targetP99Ms: 300,
  },
};
mkdirSync(join(ROOT, "bench", "out"), { recursive: true });
writeFileSync(
  join(ROOT, "bench", "out", "meeting-bench.json"),
  `${JSON.stringify(result, null, 2)}\n`,
);
console.log(JSON.stringify(result, null, 2));
rmSync(dir, { recursive: true, force: true });
