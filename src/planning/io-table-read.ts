/**
 * @module Reading a symmetric input-output table from delimited text: the layout is recognised
 * from the header (io-table-layouts.ts); anything that fits neither, or has a cell that is not a
 * number where a number belongs, is a coded failure naming the line and column.
 */
import type { IoTable } from "./io-table.js";
import { IO_TABLE_LAYOUTS, type IoTableLayout } from "./io-table-layouts.js";
import { fail, ok, type PlanningResult } from "./planning-error.js";

/** A decimal number as the tables write it: optional sign, digits, optional fraction and exponent. */
const NUMBER = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;

/** Splits one line on `delimiter`, honouring double-quoted cells (`""` is a quote inside one). */
function splitLine(line: string, delimiter: string): string[] {
  if (!line.includes('"')) return line.split(delimiter).map((c) => c.trim());
  const cells: string[] = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === delimiter) {
      cells.push(cell.trim());
      cell = "";
    } else cell += ch;
  }
  cells.push(cell.trim());
  return cells;
}

interface Row {
  readonly line: number;
  readonly cells: readonly string[];
}

/**
 * Reads a table in one of the known layouts.
 * @example readIoTable(text) // { ok: true, value: { layout: "beutel", sectors: [...], ... } }
 */
export function readIoTable(text: string): PlanningResult<IoTable> {
  const lines = text
    .replace(/^\uFEFF/, "")
    .split(/\r?\n/)
    .map((content, i) => ({ content, line: i + 1 }))
    .filter((l) => l.content.trim() !== "");
  const first = lines[0];
  if (first === undefined) return fail("IO_TABLE_EMPTY");
  let layout: IoTableLayout | undefined;
  let header: string[] = [];
  for (const candidate of IO_TABLE_LAYOUTS) {
    const cells = splitLine(first.content, candidate.delimiter);
    if (candidate.matches(cells)) {
      layout = candidate;
      header = cells;
      break;
    }
  }
  if (layout === undefined)
    return fail("IO_TABLE_LAYOUT_UNKNOWN", {
      line: first.line,
      start: first.content.slice(0, 40),
      known: IO_TABLE_LAYOUTS.map((l) => l.name),
    });
  const rows: Row[] = [];
  for (const l of lines.slice(1)) {
    const cells = splitLine(l.content, layout.delimiter);
    if (cells.length !== header.length)
      return fail("IO_TABLE_RAGGED_ROW", {
        line: l.line,
        cells: cells.length,
        expected: header.length,
      });
    rows.push({ line: l.line, cells });
  }
  return extract(layout, header, rows);
}

function extract(
  layout: IoTableLayout,
  header: readonly string[],
  rows: readonly Row[],
): PlanningResult<IoTable> {
  const sectorColumns = header
    .map((name, index) => ({ name, index }))
    .filter((c) => c.index > 0 && layout.isSectorColumn(c.name));
  const sectors = sectorColumns.map((c) => c.name);
  const n = sectors.length;
  const sectorRows = new Map<string, Row>();
  for (const row of rows) {
    const sector = layout.sectorOfRow(row.cells, header);
    if (sector !== undefined && !sectorRows.has(sector))
      sectorRows.set(sector, row);
  }
  const missing = sectors.filter((s) => !sectorRows.has(s));
  const extra = [...sectorRows.keys()].filter((s) => !sectors.includes(s));
  if (missing.length > 0 || extra.length > 0)
    return fail("IO_TABLE_NOT_SQUARE", {
      rows: sectorRows.size,
      columns: n,
      unmatched: [...missing, ...extra],
    });

  /** The number in `row` under `column`, or a failure naming where it is. */
  const numberAt = (row: Row, column: number): PlanningResult<number> => {
    const cell = row.cells[column] ?? "";
    if (!NUMBER.test(cell))
      return fail("IO_TABLE_CELL_NOT_NUMERIC", {
        line: row.line,
        column: header[column] ?? String(column + 1),
        value: cell,
      });
    return ok(Number(cell));
  };
  /** The sector cells of a row, as a vector. */
  const vectorOf = (row: Row): PlanningResult<Float64Array> => {
    const v = new Float64Array(n);
    for (let j = 0; j < n; j++) {
      const cell = numberAt(row, sectorColumns[j]!.index);
      if (!cell.ok) return cell as PlanningResult<never>;
      v[j] = cell.value;
    }
    return ok(v);
  };
  const keyed = (key: string | undefined) =>
    key === undefined ? undefined : rows.find((r) => r.cells[0] === key);

  const flows = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    const row = vectorOf(sectorRows.get(sectors[i]!)!);
    if (!row.ok) return row as PlanningResult<never>;
    flows.set(row.value, i * n);
  }

  const outputRow = keyed(layout.rows.output);
  if (outputRow === undefined)
    return fail("IO_TABLE_OUTPUT_MISSING", { row: layout.rows.output });
  const output = vectorOf(outputRow);
  if (!output.ok) return output;
  for (let j = 0; j < n; j++)
    if (!(output.value[j]! > 0))
      return fail("IO_TABLE_OUTPUT_NOT_POSITIVE", {
        line: outputRow.line,
        sector: sectors[j]!,
        value: output.value[j]!,
      });

  const satellite = (
    key: string | undefined,
  ): PlanningResult<Float64Array | undefined> => {
    const row = keyed(key);
    return row === undefined ? ok(undefined) : vectorOf(row);
  };
  const valueAdded = satellite(layout.rows.valueAdded);
  if (!valueAdded.ok) return valueAdded as PlanningResult<never>;
  const employment = satellite(layout.rows.employment);
  if (!employment.ok) return employment as PlanningResult<never>;
  const compensation = satellite(layout.rows.compensation);
  if (!compensation.ok) return compensation as PlanningResult<never>;

  const demandColumns = layout.finalDemandColumns
    .map((name) => header.indexOf(name))
    .filter((index) => index > 0);
  let finalDemand: Float64Array | undefined;
  if (demandColumns.length > 0) {
    finalDemand = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const row = sectorRows.get(sectors[i]!)!;
      for (const column of demandColumns) {
        const cell = numberAt(row, column);
        if (!cell.ok) return cell as PlanningResult<never>;
        finalDemand[i] = finalDemand[i]! + cell.value;
      }
    }
  }

  return ok({
    layout: layout.name,
    sectors,
    flows,
    output: output.value,
    ...(finalDemand && { finalDemand }),
    ...(valueAdded.value && { valueAdded: valueAdded.value }),
    ...(employment.value && { employment: employment.value }),
    ...(compensation.value && { compensation: compensation.value }),
  });
}
