/**
 * Votes and amendments from the command line as a member types them: approvals written with
 * semicolons, a bad option number named, an amendment of one language that keeps the
 * motion's other languages, and a timed motion — refused words before its closing time, then
 * closed by the members saying the deadline passed (no chair), shown by `motion show` and
 * `state --json`.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { inProcessCli } from "./support/in-process-cli.js";

const work = mkdtempSync(join(tmpdir(), "kenges-vote-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const dir = join(work, "data");

const kenges = inProcessCli(work, { prefix: ["--data", dir] });

async function json(...args: string[]) {
  const r = await kenges([...args, "--json"]);
  if (r.code !== 0) throw new Error(`${args.join(" ")}: ${r.stderr}`);
  return JSON.parse(r.stdout);
}

async function ok(...args: string[]): Promise<string> {
  const r = await kenges([...args, "--quiet"]);
  if (r.code !== 0) throw new Error(`${args.join(" ")}: ${r.stderr}`);
  return r.stdout.trim();
}

let BODY = "";
let ME = "";
let DANA = "";
beforeAll(async () => {
  await ok("init", "--name", "Test", "--founder-name", "Zhanar");
  await ok("key", "create", "--label", "dana");
  BODY = await ok(
    "body",
    "create",
    "--name",
    "Depot",
    "--endorsements",
    "1",
    "--quorum",
    "10",
  );
  ME =
    JSON.parse((await kenges(["key", "show", "--json"])).stdout).member ??
    (await ok("key", "show"));
  DANA = await ok("--as", "dana", "key", "show");
  const request = await ok(
    "--as",
    "dana",
    "member",
    "join",
    BODY,
    "--name",
    "Dana",
  );
  await ok("member", "endorse", request);
}, 120_000);

it("approves options written with semicolons, and names a bad option number", async () => {
  const election = await ok(
    "motion",
    "open",
    BODY,
    "--kind",
    "election",
    "--method",
    "approval",
    "--title",
    "Committee",
    "--text",
    "Two seats.",
    "--candidates",
    `${ME.slice(0, 12)},${DANA.slice(0, 12)}`,
    "--seats",
    "2",
  );
  expect(await ok("vote", election, "--approve", "0;1")).toMatch(
    /^[0-9a-f]{64}$/,
  );
  const bad = await kenges([
    "--as",
    "dana",
    "vote",
    election,
    "--approve",
    "0;x",
  ]);
  expect(bad.code).toBe(2);
  expect(bad.stderr).toMatch(/^kenges: FLAG_INVALID: .*--approve/);
  const shown = JSON.parse(
    (await kenges(["motion", "show", election, "--json"])).stdout,
  );
  expect(JSON.stringify(shown)).toContain('"approve":[0,1]');
});

it("an amendment in English keeps the motion's Kazakh text", async () => {
  const motion = await ok(
    "motion",
    "open",
    BODY,
    "--title",
    "Shifts",
    "--text",
    "Eight-hour shifts.",
    "--text-kk",
    "Сегіз сағаттық ауысым.",
  );
  const amendment = await ok(
    "motion",
    "amend",
    motion,
    "--text",
    "Six-hour shifts.",
  );
  await ok("vote", amendment, "yes");
  await ok("--as", "dana", "vote", amendment, "yes");
  await ok("close", amendment);
  const shown = JSON.parse(
    (await kenges(["motion", "show", motion, "--json"])).stdout,
  );
  expect(shown.motion.amendedBy).toBe(amendment);
  expect(shown.motion.text).toEqual({
    en: "Six-hour shifts.",
    kk: "Сегіз сағаттық ауысым.",
  });
});

it("refuses closing-time flags it cannot read, and a closing time already past", async () => {
  const base = ["motion", "open", BODY, "--title", "T", "--text", "X"];
  for (const flags of [
    ["--closes-in", "2x"],
    ["--closes-at", "tomorrow"],
    ["--closes-at", "2026-12-07T18:00Z", "--closes-in", "2h"],
  ]) {
    const r = await kenges([...base, ...flags]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/FLAG_INVALID/);
  }
  const past = await kenges([...base, "--closes-at", "2020-01-01T00:00Z"]);
  expect(past.code).toBe(4);
  expect(past.stderr).toMatch(/CLOSES_AT_INVALID/);
  expect(past.stderr).toContain("must be later than the time the motion opens");
});

it("a timed motion: refused before its closing time, closed by its members after it", async () => {
  const opened = Date.now();
  const motion = await ok(
    "motion",
    "open",
    BODY,
    "--title",
    "Night shifts",
    "--text",
    "No night shifts in winter.",
    "--closes-in",
    "8s",
  );
  const early = await kenges([
    "--as",
    "dana",
    "motion",
    "deadline-passed",
    motion,
  ]);
  expect(early.code).toBe(4);
  expect(early.stderr).toMatch(/DEADLINE_NOT_PASSED/);
  expect(early.stderr).toContain("has not come yet");

  let shown = await json("motion", "show", motion);
  const closesAt: number = shown.motion.closesAt;
  expect(closesAt).toBeGreaterThanOrEqual(opened + 8000);
  expect(closesAt).toBeLessThan(Date.now() + 8000);
  // Two voters (Zhanar and Dana): both must say so (k = 3, or every voter of a smaller body).
  expect(shown.deadline).toMatchObject({ closesAt, attesters: [], needed: 2 });
  expect((await kenges(["motion", "show", motion])).stdout).toContain(
    `closing time: ${new Date(closesAt).toISOString().replace(/\.\d{3}Z$/, "Z")}`,
  );

  // Votes before the deadline: Dana no, Zhanar yes.
  await ok("--as", "dana", "vote", motion, "no");
  await ok("vote", motion, "yes");

  await new Promise((r) =>
    setTimeout(r, Math.max(0, closesAt - Date.now() + 50)),
  );

  const first = await json("--as", "dana", "motion", "deadline-passed", motion);
  expect(first).toMatchObject({ closed: false, needed: 2 });
  expect(first.attesters).toHaveLength(1);
  const twice = await kenges([
    "--as",
    "dana",
    "motion",
    "deadline-passed",
    motion,
  ]);
  expect(twice.code).toBe(4);
  expect(twice.stderr).toMatch(/DEADLINE_ALREADY_ATTESTED/);
  const second = await kenges(["motion", "deadline-passed", motion]);
  expect(second.code).toBe(0);
  // Hand count: yes 1 (Zhanar), no 1 (Dana), 2 present of 2; a tie is not a simple majority.
  expect(second.stdout).toContain("the motion is closed");
  expect(second.stdout).toContain("yes 1, no 1, abstain 0 (present 2");

  shown = await json("motion", "show", motion);
  expect(shown.motion).toMatchObject({
    status: "decided",
    outcome: "rejected",
    closedByDeadline: true,
  });
  expect(shown.deadline.attestations).toHaveLength(2);
  expect((await kenges(["motion", "show", motion])).stdout).toContain(
    "closed after its closing time, when 2 members said it had passed",
  );
  // The chair's close comes too late.
  const close = await kenges(["close", motion]);
  expect(close.code).toBe(4);
  expect(close.stderr).toMatch(/MOTION_NOT_OPEN/);

  const state = JSON.stringify(await json("state"));
  expect(state).toContain(`"closesAt":${closesAt}`);
  expect(state).toContain('"deadlineAttestations"');
}, 60_000);

it("a motion without a closing time cannot be closed by members", async () => {
  const motion = await ok(
    "motion",
    "open",
    BODY,
    "--title",
    "T",
    "--text",
    "X",
  );
  const r = await kenges(["--as", "dana", "motion", "deadline-passed", motion]);
  expect(r.code).toBe(4);
  expect(r.stderr).toMatch(/MOTION_HAS_NO_DEADLINE/);
});
