/**
 * Votes and amendments from the command line as a member types them: approvals written with
 * semicolons, a bad option number named, and an amendment of one language that keeps the
 * motion's other languages.
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
