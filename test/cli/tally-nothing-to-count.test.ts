/**
 * `kenges tally` with nothing to count: a file of blank ballots reports "no valid votes" and
 * elects no one with every method, and a ballot with a negative weight gets its own error.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, expect, it } from "vitest";
import { inProcessCli } from "./support/in-process-cli.js";

const work = mkdtempSync(join(tmpdir(), "kenges-tally-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const kenges = inProcessCli(work);

function file(name: string, text: string): string {
  const path = join(work, name);
  writeFileSync(path, text);
  return path;
}

it("blank ballots elect no one, whatever the method", async () => {
  const blank = file(
    "blank.blt",
    '3 1\n4 0\n2 0\n0\n"Asel"\n"Bolat"\n"Dana"\n"Chair"\n',
  );
  for (const method of [
    "plurality",
    "irv",
    "scottish-stv",
    "meek-stv",
    "schulze",
    "ranked-pairs",
  ]) {
    const text = await kenges(["tally", blank, "--method", method]);
    expect(text.code, `${method}: ${text.stderr}`).toBe(0);
    expect(text.stdout).toContain("No valid votes: nobody is elected");
    const json = await kenges(["tally", blank, "--method", method, "--json"]);
    expect(JSON.parse(json.stdout)).toMatchObject({ elected: [], valid: 0 });
  }
});

it("a ballot with a negative weight is named as such", async () => {
  const bad = file("negative.blt", '2 1\n-2 1 2 0\n0\n"A"\n"B"\n');
  const r = await kenges(["tally", bad, "--method", "irv"]);
  expect(r.code).not.toBe(0);
  expect(r.stderr).toContain("BLT_NEGATIVE_WEIGHT");
  expect(r.stderr).toContain("2");
});
