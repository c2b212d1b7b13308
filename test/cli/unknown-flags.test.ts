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
