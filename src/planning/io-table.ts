/** @module A symmetric input-output table as the planning layer reads it: flows between sectors, gross output, satellite rows. */

/** The layouts `readIoTable` recognises (see io-table-layouts.ts). */
export type IoTableLayoutName = "beutel" | "spicosa";

/**
 * A product-by-product table of n sectors, all in one unit (a currency's millions; employment in
 * persons, thousands in the Beutel table). Vectors are indexed like `sectors`.
 */
export interface IoTable {
  readonly layout: IoTableLayoutName;
  readonly sectors: readonly string[];
  /** Intermediate flows Z, row-major n×n: `flows[i * n + j]` is what sector j uses of sector i's product. */
  readonly flows: Float64Array;
  /** Gross output x per sector. */
  readonly output: Float64Array;
  /** Final demand d per sector (the sum of the final-use columns), when the table has them. */
  readonly finalDemand?: Float64Array;
  /** Gross value added per sector, when the table has the row. */
  readonly valueAdded?: Float64Array;
  /** Employment per sector, when the table has the row. */
  readonly employment?: Float64Array;
  /** Compensation of employees per sector, when the table has the row. */
  readonly compensation?: Float64Array;
}
