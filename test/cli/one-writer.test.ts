/**
 * One writer per data directory, against a real `kenges serve`: a second hub on the same
 * directory refuses to start; a CLI command reads the directory and signs through the hub,
 * never into the file behind the hub's back; when the hub dies without cleaning up, its lock
 * is taken over.
 */
import type { ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { LOCK_FILE } from "../../src/cli/writer-lock.js";
import { inProcessCli } from "./support/in-process-cli.js";
import { spawnServe } from "./support/serve-spawn.js";

const work = mkdtempSync(join(tmpdir(), "kenges-writer-"));
const dir = join(work, "data");
const running: ChildProcess[] = [];
afterAll(() => {
  for (const p of running) p.kill("SIGKILL");
  rmSync(work, { recursive: true, force: true });
});

const cli = inProcessCli(work, { prefix: ["--data", dir] });
const kenges = (...args: string[]) => cli(args);

/** `kenges serve` over the test's directory in its own process. */
const serve = () => spawnServe(dir, running);

async function events(): Promise<number> {
  const r = await kenges("state", "--json");
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout).events;
}

let hub: { url: string; process: ChildProcess };
beforeAll(async () => {
  expect(
    (await kenges("init", "--name", "Test", "--founder-name", "Zhanar")).code,
  ).toBe(0);
  const started = await serve();
  if (!("url" in started))
    throw new Error(`hub did not start: ${started.stderr}`);
  hub = started;
}, 120_000);

it("a second hub on the same directory refuses to start, naming the first", async () => {
  const second = await serve();
  expect("code" in second && second.code).toBe(7);
  if ("stderr" in second) {
    expect(second.stderr).toContain("DATA_DIR_HELD");
    expect(second.stderr).toContain(hub.url);
  }
}, 120_000);

it("while the hub holds the directory, a command signs through the hub, which stores the event", async () => {
  const before = await events();
  const r = await kenges("body", "create", "--name", "Depot", "--quiet");
  expect(r.code, r.stderr).toBe(0);
  // The event is in the file the hub writes (test/cli/through-hub.test.ts follows a whole
  // vote this way, and shows a command refused when the hub does not answer).
  expect(await events()).toBe(before + 1);
  const health = await fetch(`${hub.url}/api/health`);
  expect(health.ok).toBe(true);
}, 120_000);

it("a lock left by a hub that was killed is taken over", async () => {
  await new Promise<void>((done) => {
    hub.process.once("exit", () => done());
    hub.process.kill("SIGKILL");
  });
  expect(existsSync(join(dir, LOCK_FILE))).toBe(true);
  const made = await kenges("body", "create", "--name", "Yard", "--quiet");
  expect(made.code, made.stderr).toBe(0);
  const again = await serve();
  expect("url" in again).toBe(true);
}, 120_000);
