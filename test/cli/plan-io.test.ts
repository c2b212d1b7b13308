/**
 * `kenges plan io <table.csv>`: the published tables' model as JSON in the shape the issue fixes
 * (#15), as a readable table in the reader's language, and coded failures in words.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { say, term } from "../../src/cli/words.js";
import { formatError } from "../../src/i18n/index.js";
import {
  GERMANY_1995,
  NETHERLANDS_2000,
  publishedTablePath,
} from "../planning/support/published-tables.js";
import { inProcessCli } from "./support/in-process-cli.js";

const work = mkdtempSync(join(tmpdir(), "kenges-plan-io-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const kenges = inProcessCli(work);

const GERMANY = publishedTablePath(GERMANY_1995);
const NETHERLANDS = publishedTablePath(NETHERLANDS_2000);

describe("--json", () => {
  it("prints sectors, A, the Leontief inverse and every multiplier the German table allows", async () => {
    const r = await kenges(["plan", "io", GERMANY, "--json"]);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(Object.keys(out)).toEqual([
      "sectors",
      "A",
      "leontief",
      "multipliers",
    ]);
    expect(out.sectors[0]).toBe("agriculture_group");
    expect(out.A).toHaveLength(6);
    expect(out.A[0][1]).toBeCloseTo(25480 / 1079446, 15);
    // Beutel (2008) Table 15.10: manufacturing's own entry of L, to its printed four decimals.
    expect(out.leontief[1][1].toFixed(4)).toBe("1.4292");
    expect(Object.keys(out.multipliers)).toEqual([
      "output",
      "gva",
      "employment",
      "income",
    ]);
    expect(out.multipliers.output[0].toFixed(4)).toBe("1.7048");
  });

  it("leaves out the employment multiplier for the Dutch table, which has no employment row", async () => {
    const r = await kenges(["plan", "io", NETHERLANDS, "--json"]);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(Object.keys(out.multipliers)).toEqual(["output", "gva", "income"]);
    // The Spicosa report's Type I income multiplier of agriculture, to its printed three decimals.
    expect(out.multipliers.income[0].toFixed(3)).toBe("2.466");
  });
});

describe.each(["en", "ru", "kk", "ur"] as const)(
  "without --json, --lang %s",
  (lang) => {
    it("prints the multipliers and both matrices under the language's headings", async () => {
      const r = await kenges(["plan", "io", GERMANY, "--lang", lang]);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toContain(
        say(lang, "plan.io.title", {
          file: GERMANY,
          sectors: 6,
          layout: term(lang, "io-layout", "beutel"),
        }),
      );
      for (const key of [
        "plan.io.multipliers",
        "plan.io.coefficients",
        "plan.io.leontief",
        "plan.io.column.income",
      ])
        expect(r.stdout).toContain(say(lang, key));
      expect(r.stdout).toContain("1.4292");
      expect(r.stdout).toContain("0.0326");
    });
  },
);

describe("failures", () => {
  it("a file in neither layout is IO_TABLE_LAYOUT_UNKNOWN, in the reader's words and in JSON", async () => {
    const file = join(work, "other.csv");
    writeFileSync(file, "name,a,b\nx,1,2\n");
    const r = await kenges(["plan", "io", file, "--lang", "ru"]);
    expect(r.code).toBe(5);
    const message = formatError("ru", "IO_TABLE_LAYOUT_UNKNOWN", {
      file,
      line: 1,
      start: "name,a,b",
      known: "beutel, spicosa",
    });
    expect(r.stderr).toBe(`kenges: IO_TABLE_LAYOUT_UNKNOWN: ${message}\n`);
    const json = await kenges(["plan", "io", file, "--json"]);
    expect(JSON.parse(json.stdout).error).toMatchObject({
      code: "IO_TABLE_LAYOUT_UNKNOWN",
      details: { file, known: "beutel, spicosa" },
    });
  });

  it("a cell that is not a number names its line and column", async () => {
    const file = join(work, "bad-cell.csv");
    writeFileSync(
      file,
      "prod_na;a_group;b_group\na_group;1;x\nb_group;2;3\noutput_bp;10;10\n",
    );
    const r = await kenges(["plan", "io", file, "--json"]);
    expect(r.code).toBe(5);
    expect(JSON.parse(r.stdout).error).toMatchObject({
      code: "IO_TABLE_CELL_NOT_NUMERIC",
      details: { line: 2, column: "b_group", value: "x" },
    });
  });

  it("no file, a missing file, an unknown flag and an unknown verb are refused with their codes", async () => {
    const none = await kenges(["plan", "io"]);
    expect([none.code, none.stderr]).toEqual([
      2,
      `kenges: PLAN_IO_FILE_REQUIRED: ${formatError("en", "PLAN_IO_FILE_REQUIRED")}\n`,
    ]);
    const missing = await kenges(["plan", "io", join(work, "nothing.csv")]);
    expect(missing.code).toBe(5);
    expect(missing.stderr).toContain("PLAN_FILE_UNREADABLE");
    expect(missing.stderr).toContain("ENOENT");
    const flag = await kenges(["plan", "io", GERMANY, "--jsn"]);
    expect(flag.code).toBe(2);
    expect(flag.stderr).toMatch(/FLAG_UNKNOWN.*--jsn.*--json/);
    const verb = await kenges(["plan", "draw", GERMANY]);
    expect(verb.code).toBe(2);
    expect(verb.stderr).toContain("USAGE");
  });
});
