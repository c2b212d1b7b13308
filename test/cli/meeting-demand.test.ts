/**
 * A meeting demanded from the command line: a member demands one, a second signature is refused,
 * another member joins and the meeting is convened by the rules (4 voters at 50 %: 2 needed),
 * then a chair checks a member in. Bad input is refused with a code and an exit status.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { parseArgs } from "../../src/cli/args.js";
import { rulesFromFlags } from "../../src/cli/commands/body.js";
import { DEFAULT_RULES } from "../../src/core/index.js";
import { inProcessCli } from "./support/in-process-cli.js";

const work = mkdtempSync(join(tmpdir(), "kenges-meeting-demand-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const dir = join(work, "data");

const kenges = inProcessCli(work, { prefix: ["--data", dir] });

async function ok(...args: string[]): Promise<string> {
  const r = await kenges([...args, "--quiet"]);
  if (r.code !== 0) throw new Error(`${args.join(" ")}: ${r.stderr}`);
  return r.stdout.trim();
}

async function json<T>(...args: string[]): Promise<T> {
  const r = await kenges([...args, "--json"]);
  if (r.code !== 0) throw new Error(`${args.join(" ")}: ${r.stderr}`);
  return JSON.parse(r.stdout) as T;
}

interface DemandJson {
  demand: string;
  convened: boolean;
  joined: number;
  needed: number;
}

let BODY = "";
const MEMBERS: Record<string, string> = {};
beforeAll(async () => {
  await ok("init", "--name", "Test", "--founder-name", "Zhanar");
  BODY = await ok(
    "body",
    "create",
    "--name",
    "Depot",
    "--endorsements",
    "1",
    "--meeting-demand",
    "50",
  );
  for (const label of ["dana", "erlan", "aigul"]) {
    await ok("key", "create", "--label", label);
    MEMBERS[label] = await ok("--as", label, "key", "show");
    const request = await ok(
      "--as",
      label,
      "member",
      "join",
      BODY,
      "--name",
      label,
    );
    await ok("member", "endorse", request);
  }
}, 180_000);

it("convenes a meeting demanded by two of four voters (50 %)", async () => {
  const refused = await kenges([
    "--as",
    "dana",
    "meeting",
    "demand",
    BODY,
    "--title",
    "x",
    "--quorm",
    "5",
  ]);
  expect(refused.code).toBe(2);
  expect(refused.stderr).toContain("--quorm");

  const made = await json<DemandJson>(
    "--as",
    "dana",
    "meeting",
    "demand",
    BODY,
    "--title",
    "Wages",
    "--when",
    "Friday at noon",
    "--place",
    "the canteen",
  );
  expect(made).toMatchObject({ convened: false, joined: 1, needed: 2 });
  const listed = await kenges(["meeting", "list", BODY]);
  expect(listed.code).toBe(0);
  expect(listed.stdout).toContain("1 of 2");
  expect(listed.stdout).toContain("Wages");

  // The demander's own signature is counted once.
  const twice = await kenges([
    "--as",
    "dana",
    "meeting",
    "join-demand",
    made.demand,
  ]);
  expect(twice.code).toBe(4);
  expect(twice.stderr).toContain("1 of the 2");

  const joined = await json<DemandJson>(
    "--as",
    "erlan",
    "meeting",
    "join-demand",
    made.demand.slice(0, 10),
  );
  expect(joined).toMatchObject({
    demand: made.demand,
    convened: true,
    joined: 2,
    needed: 2,
  });

  const shown = await json<{
    id: string;
    door: string | null;
    status: string;
    convenedBy: string;
  }>("meeting", "show", made.demand);
  expect(shown).toMatchObject({
    id: made.demand,
    door: null,
    status: "open",
    convenedBy: MEMBERS.dana,
  });
  // A chair checks members in (no door key).
  await ok("meeting", "check-in", made.demand, "--member", MEMBERS.erlan!);
  const after = await json<{ present: string[] }>(
    "meeting",
    "show",
    made.demand,
  );
  expect(after.present).toEqual([MEMBERS.erlan]);

  const state = await json<{
    views: { meetingDemands: { id: string; convened: boolean }[] };
  }>("state");
  expect(state.views.meetingDemands).toEqual([
    expect.objectContaining({ id: made.demand, convened: true }),
  ]);
}, 120_000);

it("keeps the share out of rules that never set it, and a rules motion keeps one set before", () => {
  const plain = rulesFromFlags(parseArgs(["--quorum", "30"]));
  expect(Object.keys(plain)).not.toContain("meetingDemandPercent");
  const set = rulesFromFlags(parseArgs(["--meeting-demand", "40"]));
  expect(set.meetingDemandPercent).toBe(40);
  const kept = rulesFromFlags(parseArgs(["--quorum", "30"]), {
    ...DEFAULT_RULES,
    meetingDemandPercent: 40,
  });
  expect(kept).toMatchObject({ quorumPercent: 30, meetingDemandPercent: 40 });
  expect(() => rulesFromFlags(parseArgs(["--meeting-demand", "0"]))).toThrow();
});
