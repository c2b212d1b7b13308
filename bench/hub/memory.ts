/**
 * Hub memory under attack (#11): a real `kenges serve` on the demo federation, attacked at once
 * by 300 hostile sync sockets (from 300 loopback addresses, so the per-address cap does not
 * stop them: half hold the socket idle, half drip 4,000-byte frames of a message that never
 * ends) and 200 parallel request bodies, each at its route's limit (`POST /api/sync` 16 MiB,
 * `POST /api/events` 1 MiB, `POST /api/auth/session` 4 KiB, in turn). The hub's resident set
 * (VmRSS from /proc) is sampled every 50 ms: before (baseline), during (peak) and after every
 * attacker has gone (released). The target: peak ≤ 512 MB.
 *
 * Usage: node --import tsx bench/hub/memory.ts [--seconds 20] [--root <checkout>]
 * (`--root` runs another checkout's `kenges serve`, e.g. the code before the fix, for comparison.)
 * Writes bench/out/hub-memory.json.
 */
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import {
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { connect, type Socket } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

const args = process.argv.slice(2);
const flag = (name: string, fallback: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] !== undefined ? args[i + 1]! : fallback;
};
const HERE = new URL("../../", import.meta.url).pathname;
const ROOT = resolve(flag("root", HERE));
const SECONDS = Number(flag("seconds", "20"));
const SOCKETS = 300;
const BODIES = 200;
const MB = 1024 * 1024;

function kengesArgs(rest: string[]): string[] {
  return ["--import", "tsx", join(ROOT, "src", "cli", "main.ts"), ...rest];
}

function rssOf(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0) * 1024;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// --- the hub ---------------------------------------------------------------------------------
const data = mkdtempSync(join(tmpdir(), "kenges-bench-memory-"));
process.stdout.write(`demo federation into ${data}…\n`);
execFileSync(process.execPath, kengesArgs(["demo", "--data", data]), {
  cwd: ROOT,
  stdio: "ignore",
});
const hub: ChildProcess = spawn(
  process.execPath,
  kengesArgs(["serve", "--port", "0", "--data", data]),
  { cwd: ROOT, stdio: ["ignore", "pipe", "inherit"] },
);
const url = await new Promise<string>((done, fail) => {
  let out = "";
  hub.stdout!.on("data", (d: Buffer) => {
    out += d.toString();
    const m = /^listening (\S+)$/m.exec(out);
    if (m) done(m[1]!);
  });
  hub.once("exit", (c) => fail(new Error(`hub exited ${c}`)));
});
const port = Number(new URL(url).port);
const pid = hub.pid!;

let peak = 0;
const sampler = setInterval(() => {
  peak = Math.max(peak, rssOf(pid));
}, 50);

// Warm: the pages a member opens, so the baseline is a hub that has served.
for (let i = 0; i < 20; i++)
  await (await fetch(`${url}/api/bodies`)).arrayBuffer();
await sleep(1000);
const baseline = rssOf(pid);
peak = baseline;
process.stdout.write(
  `hub ${url} pid ${pid}: baseline ${(baseline / MB).toFixed(0)} MB\n`,
);

// --- hostile sync sockets --------------------------------------------------------------------
function frame(payload: Buffer): Buffer {
  const mask = randomBytes(4);
  const n = payload.length;
  const head = Buffer.from([0x82, 0x80 | 126, n >> 8, n & 255]);
  const body = Buffer.alloc(n);
  for (let i = 0; i < n; i++) body[i] = payload[i]! ^ mask[i % 4]!;
  return Buffer.concat([head, mask, body]);
}
const PART = frame(Buffer.alloc(4000)); // flag byte 0: the message never ends

interface Hostile {
  socket: Socket;
  state: "pending" | "open" | "refused" | "closed";
  closeCode: number | null;
  timer: NodeJS.Timeout | null;
}

function hostile(i: number, drip: boolean): Hostile {
  const address = `127.${1 + Math.floor(i / 250)}.${i % 250}.${1 + (i % 7)}`;
  const socket = connect({ host: "127.0.0.1", port, localAddress: address });
  const h: Hostile = { socket, state: "pending", closeCode: null, timer: null };
  let head = "";
  socket.on("data", (d: Buffer) => {
    if (h.state === "pending") {
      head += d.toString("latin1");
      if (!head.includes("\r\n\r\n")) return;
      if (head.startsWith("HTTP/1.1 101")) {
        h.state = "open";
        if (drip)
          h.timer = setInterval(() => {
            if (!socket.destroyed) socket.write(PART);
          }, 20);
      } else h.state = "refused";
      return;
    }
    // A close frame from the hub: 0x88, length, code.
    if (d[0] === 0x88 && d.length >= 4) h.closeCode = d.readUInt16BE(2);
  });
  socket.on("close", () => {
    if (h.timer) clearInterval(h.timer);
    if (h.state === "open") h.state = "closed";
  });
  socket.on("error", () => undefined);
  socket.write(
    `GET /api/sync/ws HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
      `Sec-WebSocket-Key: ${randomBytes(16).toString("base64")}\r\nSec-WebSocket-Version: 13\r\n\r\n`,
  );
  return h;
}

// --- maximal bodies --------------------------------------------------------------------------
const ROUTES = [
  { path: "/api/sync", type: "application/cbor", bytes: 16 * MB },
  { path: "/api/events", type: "application/json", bytes: MB },
  { path: "/api/auth/session", type: "application/json", bytes: 4096 },
] as const;

function bodyOf(route: (typeof ROUTES)[number]): Buffer {
  if (route.type === "application/cbor") return randomBytes(route.bytes);
  const open = Buffer.from('{"events":["');
  const close = Buffer.from('"]}');
  const fill = Buffer.alloc(route.bytes - open.length - close.length, 0x41);
  return Buffer.concat([open, fill, close]);
}
const payloads = ROUTES.map(bodyOf);

/** Sends one body over raw TCP (no client-side buffering limits) and reads the status. */
function maximalBody(i: number): Promise<number> {
  const route = ROUTES[i % ROUTES.length]!;
  const body = payloads[i % ROUTES.length]!;
  return new Promise((done) => {
    const socket = connect({
      host: "127.0.0.1",
      port,
      localAddress: `127.9.${i % 250}.1`,
    });
    let got = "";
    socket.on("data", (d: Buffer) => {
      got += d.toString("latin1");
      const m = /^HTTP\/1\.1 (\d{3})/.exec(got);
      if (m) {
        socket.destroy();
        done(Number(m[1]));
      }
    });
    socket.on("error", () => done(0));
    socket.on("close", () => done(0));
    socket.write(
      `POST ${route.path} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nContent-Type: ${route.type}\r\nContent-Length: ${body.length}\r\n\r\n`,
    );
    socket.write(body);
  });
}

// --- the attack ------------------------------------------------------------------------------
const started = Date.now();
const sockets: Hostile[] = [];
for (let i = 0; i < SOCKETS; i++) sockets.push(hostile(i, i % 2 === 1));
const statuses = await Promise.all(
  Array.from({ length: BODIES }, (_, i) => maximalBody(i)),
);
const attackEnd = started + SECONDS * 1000;
while (Date.now() < attackEnd) await sleep(250);
const during = {
  open: sockets.filter((s) => s.state === "open").length,
  refused: sockets.filter((s) => s.state === "refused").length,
  closedByHub: sockets.filter(
    (s) => s.closeCode !== null || s.state === "closed",
  ).length,
  closeCodes: Object.fromEntries(
    [...new Set(sockets.map((s) => s.closeCode).filter((c) => c !== null))].map(
      (c) => [c, sockets.filter((s) => s.closeCode === c).length],
    ),
  ),
};
const peakDuring = peak;

// --- release ---------------------------------------------------------------------------------
for (const s of sockets) s.socket.destroy();
await sleep(5000);
const afterRelease = rssOf(pid);
// The hub takes a new socket again: the counters came back.
const probe = hostile(SOCKETS + 1, false);
for (let i = 0; i < 100 && probe.state === "pending"; i++) await sleep(50);
const acceptsAgain = probe.state === "open";
probe.socket.destroy();
clearInterval(sampler);

const result = {
  date: new Date().toISOString(),
  root: ROOT,
  seconds: SECONDS,
  sockets: SOCKETS,
  bodies: BODIES,
  bodyStatuses: Object.fromEntries(
    [...new Set(statuses)].map((s) => [
      s,
      statuses.filter((x) => x === s).length,
    ]),
  ),
  socketsDuring: during,
  rssMB: {
    baseline: Math.round(baseline / MB),
    peak: Math.round(peakDuring / MB),
    afterRelease: Math.round(afterRelease / MB),
  },
  acceptsAgain,
  target: "peak <= 512 MB",
  pass: peakDuring <= 512 * MB,
};
process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
mkdirSync(join(HERE, "bench", "out"), { recursive: true });
writeFileSync(
  join(HERE, "bench", "out", "hub-memory.json"),
  `${JSON.stringify(result, null, 2)}\n`,
);

hub.kill("SIGTERM");
await new Promise((r) => hub.once("exit", r));
rmSync(data, { recursive: true, force: true });
process.exit(result.pass ? 0 : 1);
