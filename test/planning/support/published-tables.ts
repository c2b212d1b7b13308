/** @module The published input-output tables of test/vectors/io-tables, for tests. */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { type IoTable, readIoTable } from "../../../src/planning/index.js";

const dir = new URL("../../vectors/io-tables/", import.meta.url);

/** Germany 1995, Beutel (2008) Table 15.4. */
export const GERMANY_1995 = "germany_1995_beutel_15_4.csv";
/** Netherlands 2000, Spicosa report Table 1. */
export const NETHERLANDS_2000 = "netherlands_2000_spicosa.csv";

/** The path of a published table. */
export function publishedTablePath(name: string): string {
  return fileURLToPath(new URL(name, dir));
}

/** The text of a published table. */
export function publishedTableText(name: string): string {
  return readFileSync(new URL(name, dir), "utf8");
}

/** A published table, read; throws if it does not read (a broken fixture, not a test result). */
export function publishedTable(name: string): IoTable {
  const read = readIoTable(publishedTableText(name));
  if (!read.ok) throw new Error(`${name}: ${read.error.code}`);
  return read.value;
}
