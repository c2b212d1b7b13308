/**
 * Acting from the command line while a hub holds the data directory, as the README tells a
 * demo user to: the commands read the directory and sign through the hub (`POST /api/events`),
 * never into the file — so the hub sees every event at once and no key forks. Against a real
 * `kenges serve` on a copy of the demo, over plain HTTP and over its own TLS certificate.
 */
import { type ChildProcess, spawn } from "node:child_process";
import {
  cpSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LOCK_FILE } from "../../src/cli/writer-lock.js";
import { apiGet } from "../e2e/support/hub-api.js";
import { demoTemplate, ROOT } from "../e2e/support/hub-process.js";
import {
  type ServedHub,
  serveDemo,
} from "../server/support/serve-demo-process.js";
import { inProcessCli } from "./support/in-process-cli.js";

const work = mkdtempSync(join(tmpdir(), "kenges-through-hub-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** `kenges` in a process of its own, as two terminals would run it. */
function kengesProcess(
  dir: string,
  args: readonly string[],
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      [
        "--import",
        "tsx",
        join(ROOT, "src/cli/main.ts"),
        "--data",
        dir,
        ...args,
      ],
      { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] },
    );
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => {
      stdout += d.toString();
    });
    child.stderr.on("data", (d: Buffer) => {
      stderr += d.toString();
    });
    child.on("exit", (code) => resolve({ code, stdout, stderr }));
  });
}

function cliOn(dir: string) {
  return inProcessCli(work, { prefix: ["--data", dir] });
}

/** The id of the demo body with this English name. */
async function bodyNamed(dir: string, name: string): Promise<string> {
  const r = await cliOn(dir)(["body", "list", "--json"]);
  expect(r.code, r.stderr).toBe(0);
  const bodies = JSON.parse(r.stdout) as { id: string; name: { en: string } }[];
  const found = bodies.find((b) => b.name.en === name);
  if (!found) throw new Error(`no body ${name}`);
  return found.id;
}

async function storedEvents(dir: string): Promise<number> {
  const r = await cliOn(dir)(["state", "--json"]);
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout).events;
}

describe("while the hub runs", () => {
  let hub: ServedHub;
  beforeAll(async () => {
    hub = await serveDemo();
  }, 180_000);
  afterAll(() => hub?.stop());

  it("a chair opens a motion, a member votes, the chair closes — all through the hub, no fork", async () => {
    const kenges = cliOn(hub.dataDir);
    const crew = await bodyNamed(hub.dataDir, "Drilling crew, Zhanaozen");
    const before = await storedEvents(hub.dataDir);
    const opened = await kenges([
      "--as",
      "p5",
      "motion",
      "open",
      crew,
      "--kind",
      "demand",
      "--title",
      "Heating in the crew's rest hut",
      "--text",
      "Repair it this week.",
      "--quiet",
    ]);
    expect(opened.code, opened.stderr).toBe(0);
    const motion = opened.stdout.trim();
    expect(motion).toMatch(/^[0-9a-f]{64}$/);
    // A member of the crew other than its chair, as the directory lists them.
    const listed = await kenges(["member", "list", crew, "--json"]);
    expect(listed.code, listed.stderr).toBe(0);
    const members = new Set(
      (JSON.parse(listed.stdout) as { member: string; status: string }[])
        .filter((m) => m.status === "member")
        .map((m) => m.member),
    );
    const p5 = hub.people.find((p) => p.label === "p5")!;
    const voter = hub.people.find(
      (p) => p.label !== "p5" && members.has(p.publicKey),
    )!;
    const voted = await kenges(["--as", voter.label, "vote", motion, "yes"]);
    expect(voted.code, voted.stderr).toBe(0);
    const mine = await kenges(["--as", "p5", "vote", motion, "yes"]);
    expect(mine.code, mine.stderr).toBe(0);
    const closed = await kenges(["--as", "p5", "close", motion]);
    expect(closed.code, closed.stderr).toBe(0);

    // The file the hub writes holds the decided motion …
    const shown = await kenges(["motion", "show", motion, "--json"]);
    expect(shown.code, shown.stderr).toBe(0);
    expect(JSON.parse(shown.stdout).motion.status).toBe("decided");
    // … and so does the hub's own fold: it serves the decided motion to its chair.
    const seen = await apiGet<{ status: string }>(
      hub.url,
      `/api/motions/${motion}`,
      p5,
    );
    expect(seen.status).toBe("decided");
    // Four events (open, two ballots, close), plus any merges of concurrent heads, all in the
    // file the hub writes — the command never held it for writing.
    expect(await storedEvents(hub.dataDir)).toBeGreaterThanOrEqual(before + 4);
    // And no key froze: both still sign in and act.
    const again = await kenges([
      "--as",
      "p5",
      "motion",
      "list",
      crew,
      "--json",
    ]);
    expect(again.code, again.stderr).toBe(0);
    expect(JSON.stringify(JSON.parse(again.stdout))).toContain(motion);
    expect(hub.stderr()).not.toMatch(/KEY_FROZEN|fork/i);
  }, 180_000);

  it("two commands of one key at once take turns: both land, the key does not fork", async () => {
    const crew = await bodyNamed(hub.dataDir, "Drilling crew, Zhanaozen");
    const p5 = hub.people.find((p) => p.label === "p5")!;
    const both = await Promise.all(
      ["First at once", "Second at once"].map((title) =>
        kengesProcess(hub.dataDir, [
          "--as",
          "p5",
          "motion",
          "open",
          crew,
          "--kind",
          "resolution",
          "--title",
          title,
          "--text",
          "…",
          "--quiet",
        ]),
      ),
    );
    for (const r of both) expect(r.code, r.stderr).toBe(0);
    const log = await cliOn(hub.dataDir)([
      "log",
      "--author",
      p5.publicKey.slice(0, 16),
      "--scope",
      crew,
      "--json",
    ]);
    expect(log.code, log.stderr).toBe(0);
    const events = (
      JSON.parse(log.stdout) as { events: { seq: number; valid: boolean }[] }
    ).events;
    const seqs = events.map((e) => e.seq);
    expect(new Set(seqs).size).toBe(seqs.length);
    expect(events.every((e) => e.valid)).toBe(true);
  }, 180_000);

  it("importing into the directory is still refused while the hub holds it", async () => {
    // A bundle with an event the hub lacks: made on a copy the hub does not hold.
    const copy = join(work, "copy");
    cpSync(demoTemplate(), copy, { recursive: true });
    const crew = await bodyNamed(copy, "Drilling crew, Zhanaozen");
    const made = await cliOn(copy)([
      "--as",
      "p5",
      "motion",
      "open",
      crew,
      "--kind",
      "resolution",
      "--title",
      "Made elsewhere",
      "--text",
      "…",
    ]);
    expect(made.code, made.stderr).toBe(0);
    const bundle = join(work, "elsewhere.bundle");
    const exported = await cliOn(copy)(["export", "--out", bundle]);
    expect(exported.code, exported.stderr).toBe(0);
    const before = await storedEvents(hub.dataDir);
    const r = await cliOn(hub.dataDir)(["import", bundle]);
    expect(r.code).toBe(7);
    expect(r.stderr).toContain("DATA_DIR_HELD");
    expect(await storedEvents(hub.dataDir)).toBe(before);
  }, 120_000);
});

describe("while the hub runs with its own TLS certificate", () => {
  let hub: ServedHub;
  beforeAll(async () => {
    hub = await serveDemo(["--tls"]);
  }, 180_000);
  afterAll(() => hub?.stop());

  it("a command reaches it, trusting the certificate the directory holds", async () => {
    const crew = await bodyNamed(hub.dataDir, "Drilling crew, Zhanaozen");
    const before = await storedEvents(hub.dataDir);
    const r = await cliOn(hub.dataDir)([
      "--as",
      "p5",
      "motion",
      "open",
      crew,
      "--kind",
      "resolution",
      "--title",
      "Over TLS",
      "--text",
      "…",
      "--quiet",
    ]);
    expect(r.code, r.stderr).toBe(0);
    expect(await storedEvents(hub.dataDir)).toBeGreaterThan(before);
  }, 180_000);
});

describe("when the hub that holds the directory does not answer", () => {
  const dir = join(work, "silent");
  let holder: ChildProcess;
  beforeAll(() => {
    cpSync(demoTemplate(), dir, { recursive: true });
    // A live process holds the lock and names an address where nothing listens.
    holder = spawn(process.execPath, ["-e", "setTimeout(() => {}, 600000)"], {
      stdio: "ignore",
    });
    writeFileSync(
      join(dir, LOCK_FILE),
      JSON.stringify({
        pid: holder.pid,
        address: "http://127.0.0.1:9",
        since: Date.now(),
      }),
    );
  });
  afterAll(() => holder.kill("SIGKILL"));

  it("a command that signs fails with HUB_UNREACHABLE and writes nothing", async () => {
    const kenges = cliOn(dir);
    const crew = await bodyNamed(dir, "Drilling crew, Zhanaozen");
    const before = await storedEvents(dir);
    const sqlite = readFileSync(join(dir, "kenges.sqlite"));
    const r = await kenges([
      "--as",
      "p5",
      "motion",
      "open",
      crew,
      "--kind",
      "demand",
      "--title",
      "Never arrives",
      "--text",
      "…",
    ]);
    expect(r.code).toBe(9);
    expect(r.stderr).toMatch(
      /^kenges: HUB_UNREACHABLE: .*http:\/\/127\.0\.0\.1:9/,
    );
    expect(await storedEvents(dir)).toBe(before);
    expect(readFileSync(join(dir, "kenges.sqlite")).equals(sqlite)).toBe(true);
  }, 120_000);
});
