/**
 * @module The two published layouts of symmetric input-output tables that `readIoTable` knows,
 * each saying how to recognise its header and which rows and columns hold what. A new layout is
 * one more entry here, not a branch in the reader.
 */
import type { IoTableLayoutName } from "./io-table.js";

/** Where a layout keeps the parts of a table. */
export interface IoTableLayout {
  readonly name: IoTableLayoutName;
  readonly delimiter: string;
  /** True when a header (already split) is this layout's. */
  matches(header: readonly string[]): boolean;
  /** The column holding a row's key. */
  readonly keyColumn: string;
  /**
   * The sector a row belongs to, or undefined for other rows (totals, primary inputs).
   * `cells` is the whole row, so a layout may read a second key column.
   */
  sectorOfRow(
    cells: readonly string[],
    header: readonly string[],
  ): string | undefined;
  /** Sector columns: the header cells naming a sector. */
  isSectorColumn(name: string): boolean;
  /** Row keys of gross output and of the satellite rows. */
  readonly rows: {
    readonly output: string;
    readonly valueAdded: string;
    readonly employment?: string;
    readonly compensation: string;
  };
  /** The final-use columns whose sum is final demand (subsets such as households-only left out). */
  readonly finalDemandColumns: readonly string[];
}

const isGroup = (name: string) => name.endsWith("_group");

/**
 * Eurostat Manual of Supply, Use and Input-Output Tables (Beutel 2008), Table 15.4, as the R
 * package iotables distributes it: comma-separated; rows `cpa_*` keyed again by `iotables_row`
 * (the sector column they match); gross output in row `P1` (not the `output_bp` column, which
 * differs by 46 for manufacturing in the source); `B1G`, `D1` and `EMP` rows.
 */
const beutel: IoTableLayout = {
  name: "beutel",
  delimiter: ",",
  matches: (header) =>
    header[0] === "t_rows2" &&
    header.includes("iotables_row") &&
    header.some(isGroup),
  keyColumn: "t_rows2",
  sectorOfRow(cells, header) {
    const key = cells[0] ?? "";
    if (!key.startsWith("cpa_")) return undefined;
    const sector = cells[header.indexOf("iotables_row")];
    return sector !== undefined && isGroup(sector) ? sector : undefined;
  },
  isSectorColumn: isGroup,
  rows: {
    output: "P1",
    valueAdded: "B1G",
    employment: "EMP",
    compensation: "D1",
  },
  finalDemandColumns: [
    "consumption_expenditure_household",
    "consumption_expenditure_government",
    "gross_capital_formation",
    "inventory_change",
    "export_goods_services",
  ],
};

/**
 * The Netherlands 2000 teaching table of the Spicosa project report (D'Hernoncourt, Cordier &
 * Hadley 2011, Table 1), as iotables distributes it: semicolon-separated, rows keyed by
 * `prod_na` with the sector column's name; gross output in row `output_bp`. Final demand is
 * private and government consumption, capital formation and exports — the households column
 * is a part of private consumption, so it is not added again.
 */
const spicosa: IoTableLayout = {
  name: "spicosa",
  delimiter: ";",
  matches: (header) => header[0] === "prod_na" && header.some(isGroup),
  keyColumn: "prod_na",
  sectorOfRow: (cells) => {
    const key = cells[0] ?? "";
    return isGroup(key) ? key : undefined;
  },
  isSectorColumn: isGroup,
  rows: {
    output: "output_bp",
    valueAdded: "value_added_bp",
    compensation: "compensation_employees",
  },
  finalDemandColumns: [
    "final_consumption_private",
    "final_consumption_government",
    "gross_fixed_capital_formation",
    "exports",
  ],
};

/** Every layout, in the order the reader tries them. */
export const IO_TABLE_LAYOUTS: readonly IoTableLayout[] = [beutel, spicosa];
