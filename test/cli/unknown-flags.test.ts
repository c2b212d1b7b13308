/**
 * The CLI refuses what it does not understand: a misspelt or foreign flag is an error with a
 * code, before anything is written — never silently ignored.
 */
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, expect, it } from "vitest";
import { COMMANDS } from "../../src/cli/commands/index.js";
import { knownFlags } from "../../src/cli/known-flags.js";
import { commandForms } from "../../src/cli/known-positionals.js";
import { inProcessCli } from "./support/in-process-cli.js";

const work = mkdtempSync(join(tmpdir(), "kenges-flags-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const kenges = inProcessCli(work);

it("a misspelt flag is refused with FLAG_UNKNOWN and the flag it resembles, and nothing is made", async () => {
  const data = join(work, "d1");
  const r = await kenges([
    "--data",
    data,
    "init",
    "--name",
    "Test",
    "--federaton",
    "x",
  ]);
  expect(r.code).toBe(2);
  expect(r.stderr).toContain("FLAG_UNKNOWN");
  expect(existsSync(join(data, "kenges.sqlite"))).toBe(false);
  const body = await kenges([
    "--data",
    data,
    "body",
    "create",
    "--kind",
    "assembly",
    "--name",
    "A",
    "--quorm",
    "20",
  ]);
  expect(body.code).toBe(2);
  expect(body.stderr).toMatch(/FLAG_UNKNOWN.*--quorm.*--quorum/);
});

it("answers in the member's language and in JSON", async () => {
  const r = await kenges([
    "state",
    "--db",
    "postgres://x",
    "--lang",
    "ru",
    "--json",
  ]);
  expect(r.code).toBe(2);
  const { error } = JSON.parse(r.stdout);
  expect(error).toMatchObject({
    code: "FLAG_UNKNOWN",
    details: {
      flag: "db",
      command: "state",
      suggestion: "kenges state --help",
    },
  });
  expect(error.message).toContain("нет флага --db");
});

it("language variants of a text flag the usage names are accepted; of others, not", async () => {
  const motion = await COMMANDS.get("motion")!.load();
  expect(knownFlags(motion).has("title")).toBe(true);
  const r = await kenges([
    "tally",
    join(work, "none.blt"),
    "--method",
    "irv",
    "--method-kk",
    "x",
  ]);
  expect(r.stderr).toContain("FLAG_UNKNOWN");
});

it("every command's usage names each flag its tests and docs use (spot check)", async () => {
  for (const [name, flags] of [
    ["body", ["kind", "name", "quorum", "attester", "seats", "threshold"]],
    ["serve", ["port", "host", "tls"]],
    ["export", ["for", "since", "out"]],
  ] as const)
    for (const f of flags)
      expect(
        knownFlags(await COMMANDS.get(name)!.load()).has(f),
        `${name} --${f}`,
      ).toBe(true);
});

it("an extra word is refused with ARGUMENT_UNEXPECTED, in words, and nothing is made where it was not meant", async () => {
  const meant = join(work, "meant-here");
  const data = join(work, "d2");
  // `kenges demo <dir>` reads like a directory; the demo would have gone to --data instead.
  const demo = await kenges(["--data", data, "demo", meant]);
  expect(demo.code).toBe(2);
  expect(demo.stderr).toContain("ARGUMENT_UNEXPECTED");
  expect(demo.stderr).toContain(meant);
  expect(existsSync(join(data, "kenges.sqlite"))).toBe(false);
  expect(existsSync(meant)).toBe(false);
  const ru = await kenges(["state", "extra", "--lang", "ru", "--json"]);
  expect(ru.code).toBe(2);
  const { error } = JSON.parse(ru.stdout);
  expect(error).toMatchObject({
    code: "ARGUMENT_UNEXPECTED",
    details: { argument: "extra", command: "state" },
  });
  expect(error.message).toContain("не принимает здесь аргумент «extra»");
  // One word too many after a verb: `vote <motion> yes` takes two.
  const vote = await kenges(["vote", "abc", "yes", "no"]);
  expect(vote.stderr).toMatch(/ARGUMENT_UNEXPECTED.*no/);
});

it("each command's forms are read from its usage: the words a verb takes, flags and their values apart", async () => {
  const forms = async (name: string) =>
    commandForms(name, (await COMMANDS.get(name)!.load()).usage);
  expect(await forms("demo")).toEqual([{ verb: null, most: 0 }]);
  expect(await forms("close")).toEqual([{ verb: null, most: 1 }]);
  const body = await forms("body");
  expect(body.find((f) => f.verb === "link")?.most).toBe(3);
  expect(body.find((f) => f.verb === "create")?.most).toBe(1);
  const plan = await forms("plan");
  // `plan declare process --body … --output <product>=<per run> … --capacity <runs>`
  expect(plan.filter((f) => f.verb === "declare").map((f) => f.most)).toEqual([
    2, 2,
  ]);
  expect(plan.find((f) => f.verb === "monitor")?.most).toBe(4);
  const meeting = await forms("meeting");
  expect(meeting.find((f) => f.verb === "speaking-time")?.most).toBe(3);
  // A synopsis's explanation after two spaces is not read as words.
  const key = await forms("key");
  expect(key.find((f) => f.verb === "revoke")?.most).toBe(2);
});
