/**
 * A secret vote from the command line while `kenges serve` holds the data directory: every
 * event — the token requests, the registrars' answers, the ballots signed by one-time keys —
 * goes through the hub's write gate, and a ballot's command answers once the hub committed its
 * shuffled batch. `motion show` then says the ballot cast from here is held, and after the
 * close that it was counted.
 */
import type { ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { inProcessCli } from "./support/in-process-cli.js";
import { spawnServe } from "./support/serve-spawn.js";

const work = mkdtempSync(join(tmpdir(), "kenges-secret-hub-cli-"));
const dir = join(work, "data");
const running: ChildProcess[] = [];
afterAll(() => {
  for (const p of running) if (p.exitCode === null) p.kill("SIGKILL");
  rmSync(work, { recursive: true, force: true });
});

const kenges = inProcessCli(work, { prefix: ["--data", dir] });

async function ok(...args: string[]): Promise<string> {
  const r = await kenges(args);
  if (r.code !== 0) throw new Error(`${args.join(" ")}: ${r.stderr}`);
  return r.stdout.trim();
}
const quiet = (...args: string[]) => ok(...args, "--quiet");

let MOTION = "";

beforeAll(async () => {
  await quiet("init", "--name", "Test", "--founder-name", "Zhanar");
  const body = await quiet(
    "body",
    "create",
    "--name",
    "Depot",
    "--endorsements",
    "1",
    "--quorum",
    "10",
  );
  for (const label of ["dana", "ravil"]) {
    await quiet("key", "create", "--label", label);
    await quiet(
      "member",
      "endorse",
      await quiet("--as", label, "member", "join", body, "--name", label),
    );
  }
  const offers = [
    await quiet("--as", "dana", "registrar", "offer", "--body", body),
    await quiet("--as", "ravil", "registrar", "offer", "--body", body),
  ];
  MOTION = await quiet(
    "motion",
    "open",
    body,
    "--title",
    "Strike",
    "--text",
    "We strike.",
    "--secret",
    "--registrar",
    offers.join(","),
  );
  const started = await spawnServe(dir, running, [
    "--secret-batch",
    "16",
    "--secret-batch-ms",
    "1000",
  ]);
  if (!("url" in started))
    throw new Error(`serve exited with ${started.code}: ${started.stderr}`);
}, 120_000);

it("asks, issues and casts through the hub; the ballot is held, then counted", async () => {
  expect(JSON.parse(await ok("vote", MOTION, "--json")).step).toBe("requested");
  expect(
    JSON.parse(await ok("--as", "dana", "registrar", "issue", "--json")).issued,
  ).toHaveLength(1);
  expect(
    JSON.parse(await ok("--as", "ravil", "registrar", "issue", "--json"))
      .issued,
  ).toHaveLength(1);
  const started = Date.now();
  const cast = JSON.parse(await ok("vote", MOTION, "no", "--json"));
  expect(cast.step).toBe("cast");
  // Alone in its batch, the ballot waited for the batch's time before the hub answered.
  expect(Date.now() - started).toBeGreaterThanOrEqual(900);
  expect(await ok("motion", "show", MOTION)).toContain(
    `Your ballot ${cast.ballot.slice(0, 10)} is held`,
  );
  const closed = JSON.parse(await ok("close", MOTION, "--json"));
  expect(closed.result.decision).toMatchObject({ no: 1, present: 1 });
  expect(await ok("motion", "show", MOTION)).toContain(
    "Your ballot was counted",
  );
}, 60_000);
