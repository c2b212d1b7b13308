/** @module The version of the tables every store adapter creates. */

/**
 * The version of the stored tables. Both adapters write it into their `meta` table under
 * {@link SCHEMA_VERSION_KEY} when they create a store, and refuse to open a store written by
 * another version: a newer one may hold rows this code would misread, and version 1 holds
 * events of format 1 (without scopes), which this code refuses.
 */
export const SCHEMA_VERSION = 2;

/** The `meta` key holding {@link SCHEMA_VERSION}; reserved, so `setMeta` refuses it. */
export const SCHEMA_VERSION_KEY = "schema_version";
