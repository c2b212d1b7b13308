/**
 * @module The one table from error code to process exit status. Scripts can rely on it:
 * 0 success, 1 integrity failure found by `verify`, 2 usage, 3 not found, 4 refused by the
 * rules (the fold found the action invalid), 5 bad input data, 6 keys and passphrases,
 * 7 conflict with what is stored, 70 internal error.
 */

export const CLI_ERROR_CODES = [
  "USAGE",
  "COMMAND_UNKNOWN",
  "FLAG_INVALID",
  "KEY_NOT_FOUND",
  "KEY_EXISTS",
  "PASSPHRASE_REQUIRED",
  "PASSPHRASE_WRONG",
  "SEALED_BOX_MALFORMED",
  "FILE_NOT_FOUND",
  "ID_AMBIGUOUS",
  "ID_NOT_FOUND",
] as const;

export type CliErrorCode = (typeof CLI_ERROR_CODES)[number];

const BY_CODE: Readonly<Record<string, number>> = {
  USAGE: 2,
  COMMAND_UNKNOWN: 2,
  FLAG_INVALID: 2,
  SEATS_REQUIRED: 2,
  FILE_NOT_FOUND: 3,
  ID_NOT_FOUND: 3,
  ID_AMBIGUOUS: 3,
  STORE_EMPTY: 3,
  KEY_NOT_FOUND: 6,
  KEY_EXISTS: 7,
  PASSPHRASE_REQUIRED: 6,
  PASSPHRASE_WRONG: 6,
  SEALED_BOX_MALFORMED: 6,
  STORE_NOT_EMPTY: 7,
  STORE_CORRUPT: 1,
  INTERNAL: 70,
};

/** The exit status for an error code: the table above, 4 for the fold's invalidity codes, 5 for bad input. */
export function exitCodeFor(code: string, isInvalidity: boolean): number {
  const known = BY_CODE[code];
  if (known !== undefined) return known;
  return isInvalidity ? 4 : 5;
}
