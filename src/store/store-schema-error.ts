/** @module The error a store throws when its tables are not ones this code may open. */

/** Why a store's tables were refused; each is a stable code with words in src/i18n. */
export type StoreSchemaErrorCode =
  /** Written by a newer Kenges: rows this code might misread. */
  | "STORE_SCHEMA_NEWER"
  /** Version 1 holds events of format 1 (no scopes), which nothing migrates. */
  | "STORE_SCHEMA_OLD"
  /** Tables without a schema_version: not a Kenges store. */
  | "STORE_SCHEMA_FOREIGN";

/**
 * Thrown when a store opens on tables of another version or of another program: an I/O
 * failure of the adapter in the sense of the style guide, caught at the edge (the CLI turns
 * it into its code). The message says the same in English for logs.
 */
export class StoreSchemaError extends Error {
  override readonly name = "StoreSchemaError";
  constructor(
    readonly code: StoreSchemaErrorCode,
    readonly details: {
      /** The version found (absent for a foreign store). */
      readonly found?: number;
      /** The newest version this code knows. */
      readonly known: number;
      /** The SQLite file or the PostgreSQL schema. */
      readonly where: string;
    },
    message: string,
  ) {
    super(message);
  }
}
