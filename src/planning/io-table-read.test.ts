/** Reading tables: both published layouts are recognised; anything else fails with a code that says what was wrong. */
import { describe, expect, it } from "vitest";
import {
  GERMANY_1995,
  NETHERLANDS_2000,
  publishedTableText,
} from "../../test/planning/support/published-tables.js";
import { readIoTable } from "./io-table-read.js";

const germany = publishedTableText(GERMANY_1995);
const netherlands = publishedTableText(NETHERLANDS_2000);

/** The published text with one line's `from` replaced by `to` (the first match). */
const edited = (text: string, from: string | RegExp, to: string) => {
  const out = text.replace(from, to);
  if (out === text) throw new Error(`no ${String(from)} in the table`);
  return out;
};

describe("the published layouts", () => {
  it("reads the Beutel table: six sectors, gross output from P1, three satellite rows", () => {
    const r = readIoTable(germany);
    if (!r.ok) throw new Error(r.error.code);
    expect(r.value.layout).toBe("beutel");
    expect(r.value.sectors).toEqual([
      "agriculture_group",
      "manufacturing_group",
      "construction_group",
      "trade_group",
      "business_services_group",
      "other_services_group",
    ]);
    expect(r.value.flows[0]).toBe(1131);
    expect(r.value.flows[1]).toBe(25480);
    // P1, not the output_bp column (1,079,400 there).
    expect(r.value.output[1]).toBe(1079446);
    expect(r.value.valueAdded?.[0]).toBe(21664);
    expect(r.value.employment?.[5]).toBe(10206);
    expect(r.value.compensation?.[0]).toBe(9382);
    expect(r.value.finalDemand?.[0]).toBe(8500 + 16 + 2975 - 6 + 3734);
  });

  it("reads the Spicosa table: semicolons, output_bp, no employment row", () => {
    const r = readIoTable(netherlands);
    if (!r.ok) throw new Error(r.error.code);
    expect(r.value.layout).toBe("spicosa");
    expect(r.value.sectors).toHaveLength(6);
    expect(r.value.sectors[1]).toBe("mining_group");
    expect(r.value.output[0]).toBe(21863);
    expect(r.value.compensation?.[5]).toBe(151784);
    expect(r.value.employment).toBeUndefined();
    // Private consumption already holds the households' part: not counted twice.
    expect(r.value.finalDemand?.[0]).toBe(962 + 62 + 567 + 8568);
  });

  it("takes Windows line ends and a byte-order mark", () => {
    const r = readIoTable(`\uFEFF${netherlands.replace(/\n/g, "\r\n")}`);
    expect(r.ok && r.value.layout).toBe("spicosa");
  });
});

describe("a file that fits neither", () => {
  it("an empty file is IO_TABLE_EMPTY", () => {
    expect(readIoTable(" \n\n")).toEqual({
      ok: false,
      error: { code: "IO_TABLE_EMPTY", details: {} },
    });
  });

  it("an unknown header is IO_TABLE_LAYOUT_UNKNOWN, naming the layouts known", () => {
    const r = readIoTable("name,a,b\nx,1,2\n");
    expect(r).toEqual({
      ok: false,
      error: {
        code: "IO_TABLE_LAYOUT_UNKNOWN",
        details: { line: 1, start: "name,a,b", known: ["beutel", "spicosa"] },
      },
    });
  });

  it("the Dutch header with commas is not the Dutch layout", () => {
    const r = readIoTable(netherlands.replace(/;/g, ","));
    expect(!r.ok && r.error.code).toBe("IO_TABLE_LAYOUT_UNKNOWN");
  });

  it("a row with a cell too few is IO_TABLE_RAGGED_ROW", () => {
    const r = readIoTable(edited(netherlands, "2731;3;", "2731;"));
    expect(!r.ok && r.error).toEqual({
      code: "IO_TABLE_RAGGED_ROW",
      details: { line: 2, cells: 13, expected: 14 },
    });
  });

  it("a flow that is not a number is IO_TABLE_CELL_NOT_NUMERIC, naming line and column", () => {
    const r = readIoTable(edited(germany, ",1131,", ",11x1,"));
    expect(!r.ok && r.error).toEqual({
      code: "IO_TABLE_CELL_NOT_NUMERIC",
      details: { line: 2, column: "agriculture_group", value: "11x1" },
    });
  });

  it("an empty flow is not a zero", () => {
    const r = readIoTable(edited(netherlands, "2731;3;", "2731;;"));
    expect(!r.ok && r.error).toEqual({
      code: "IO_TABLE_CELL_NOT_NUMERIC",
      details: { line: 2, column: "mining_group", value: "" },
    });
  });

  it("a sector column without its row is IO_TABLE_NOT_SQUARE", () => {
    const r = readIoTable(
      netherlands
        .split("\n")
        .filter((l) => !l.startsWith("utilities_group;"))
        .join("\n"),
    );
    expect(!r.ok && r.error).toEqual({
      code: "IO_TABLE_NOT_SQUARE",
      details: { rows: 5, columns: 6, unmatched: ["utilities_group"] },
    });
  });

  it("no gross output row is IO_TABLE_OUTPUT_MISSING", () => {
    const r = readIoTable(edited(germany, /\nP1,/, "\nP1X,"));
    expect(!r.ok && r.error).toEqual({
      code: "IO_TABLE_OUTPUT_MISSING",
      details: { row: "P1" },
    });
  });

  it("a sector with zero output is IO_TABLE_OUTPUT_NOT_POSITIVE (its coefficients would divide by zero)", () => {
    const r = readIoTable(
      edited(netherlands, "output_bp;21863;12292;", "output_bp;21863;0;"),
    );
    expect(!r.ok && r.error).toEqual({
      code: "IO_TABLE_OUTPUT_NOT_POSITIVE",
      details: { line: 14, sector: "mining_group", value: 0 },
    });
  });
});
