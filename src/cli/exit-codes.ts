/**
 * @module The one table from error code to process exit status. Scripts can rely on it:
 * 0 success, 1 integrity failure found by `verify`, 2 usage, 3 not found, 4 refused by the
 * rules (the fold found the action invalid), 5 bad input data, 6 keys and passphrases,
 * 7 conflict with what is stored, 9 a peer failed or refused (sync), 70 internal error.
 */
import { SYNC_ERROR_CODES } from "../sync/index.js";

export const CLI_ERROR_CODES = [
  "USAGE",
  "PLAN_IO_FILE_REQUIRED",
  "PLAN_FILE_UNREADABLE",
  "PLAN_SOLVE_FILE_REQUIRED",
  "PLAN_MODEL_NOT_JSON",
  "PLAN_VARIANTS_FILES_REQUIRED",
  "PLAN_PROPOSAL_TOO_LARGE",
  "PLAN_NOT_ADOPTED",
  "COMMAND_UNKNOWN",
  "FLAG_INVALID",
  "FLAG_UNKNOWN",
  "DATA_DIR_HELD",
  "HUB_UNREACHABLE",
  "DATA_DIR_BUSY",
  "KEY_NOT_FOUND",
  "KEY_EXISTS",
  "PASSPHRASE_REQUIRED",
  "PASSPHRASE_WRONG",
  "SEALED_BOX_MALFORMED",
  "FILE_NOT_FOUND",
  "ID_AMBIGUOUS",
  "ID_NOT_FOUND",
  "DEVICE_LINK_INVALID",
  "DEVICE_LINK_OTHER_MEMBER",
  "DEVICE_CODE_REQUIRED",
  "DEVICE_CODE_MISMATCH",
  // The data directory's encryption (src/at-rest, data-key.ts, data-passphrase.ts).
  "DATA_PASSPHRASE_REQUIRED",
  "DATA_PASSPHRASE_WRONG",
  "DATA_PASSPHRASE_MISMATCH",
  "DATA_PASSPHRASE_EMPTY",
  "DATA_KEY_FILE_MALFORMED",
  "DATA_KEY_MISSING",
  "DATA_KEY_NOT_THIS_STORE",
  "DATA_NOT_ENCRYPTED",
  "DATA_ALREADY_ENCRYPTED",
  "DATA_SEALED_FILE_DAMAGED",
  "FOLD_IMAGE_DAMAGED",
  // The event store in PostgreSQL (database-url.ts, database-store.ts) and a store's tables
  // of another version (src/store/store-schema-error.ts).
  "DB_URL_INVALID",
  "DB_UNREACHABLE",
  "DB_NOT_EMPTY",
  "STORE_SCHEMA_NEWER",
  "STORE_SCHEMA_OLD",
  "STORE_SCHEMA_FOREIGN",
  "STORE_FULL",
  "STORE_UNAVAILABLE",
  "BUNDLE_PASSPHRASE_REQUIRED",
  "BUNDLE_PASSPHRASE_WRONG",
  // Secret ballots from the command line (src/cli/secret-vote.ts).
  "SECRET_BALLOT_ALREADY_CAST",
  "TOKEN_ISSUANCE_BAD",
  // Meetings from the command line (src/cli/commands/meeting.ts).
  "DOOR_KEY_NOT_HERE",
  "SPEAKERS_QUEUE_EMPTY",
  // Sync, bundles and frontier files (src/sync/sync-error.ts).
  ...SYNC_ERROR_CODES,
] as const;

export type CliErrorCode = (typeof CLI_ERROR_CODES)[number];

const BY_CODE: Readonly<Record<string, number>> = {
  USAGE: 2,
  COMMAND_UNKNOWN: 2,
  FLAG_INVALID: 2,
  FLAG_UNKNOWN: 2,
  SEATS_REQUIRED: 2,
  PLAN_IO_FILE_REQUIRED: 2,
  PLAN_SOLVE_FILE_REQUIRED: 2,
  PLAN_VARIANTS_FILES_REQUIRED: 2,
  PLAN_NOT_ADOPTED: 3,
  PLAN_PROPOSAL_TOO_LARGE: 5,
  FILE_NOT_FOUND: 3,
  ID_NOT_FOUND: 3,
  ID_AMBIGUOUS: 3,
  DOOR_KEY_NOT_HERE: 3,
  SPEAKERS_QUEUE_EMPTY: 3,
  STORE_EMPTY: 3,
  KEY_NOT_FOUND: 6,
  KEY_EXISTS: 7,
  DATA_DIR_HELD: 7,
  HUB_UNREACHABLE: 9,
  DATA_DIR_BUSY: 7,
  DEVICE_LINK_INVALID: 5,
  DEVICE_LINK_OTHER_MEMBER: 5,
  DEVICE_CODE_REQUIRED: 2,
  DEVICE_CODE_MISMATCH: 6,
  PASSPHRASE_REQUIRED: 6,
  PASSPHRASE_WRONG: 6,
  SEALED_BOX_MALFORMED: 6,
  DATA_PASSPHRASE_REQUIRED: 6,
  DATA_PASSPHRASE_WRONG: 6,
  DATA_PASSPHRASE_MISMATCH: 6,
  DATA_PASSPHRASE_EMPTY: 6,
  DATA_KEY_FILE_MALFORMED: 6,
  DATA_KEY_MISSING: 6,
  DATA_KEY_NOT_THIS_STORE: 6,
  DATA_NOT_ENCRYPTED: 6,
  DATA_ALREADY_ENCRYPTED: 7,
  DATA_SEALED_FILE_DAMAGED: 6,
  FOLD_IMAGE_DAMAGED: 1,
  DB_URL_INVALID: 2,
  DB_UNREACHABLE: 9,
  DB_NOT_EMPTY: 7,
  STORE_SCHEMA_NEWER: 7,
  STORE_SCHEMA_OLD: 7,
  STORE_SCHEMA_FOREIGN: 7,
  // The disk (or the database) has no room: nothing was written; like a conflict with what
  // is stored, the same command succeeds once there is room.
  STORE_FULL: 7,
  // No database node takes writes (a failover under way): like an unreachable database.
  STORE_UNAVAILABLE: 9,
  BUNDLE_PASSPHRASE_REQUIRED: 6,
  BUNDLE_PASSPHRASE_WRONG: 6,
  STORE_NOT_EMPTY: 7,
  SECRET_BALLOT_ALREADY_CAST: 7,
  TOKEN_ISSUANCE_BAD: 5,
  STORE_CORRUPT: 1,
  SYNC_MESSAGE_MALFORMED: 9,
  SYNC_MESSAGE_TOO_LARGE: 9,
  SYNC_VERSION_UNSUPPORTED: 9,
  SYNC_RANGES_INVALID: 9,
  SYNC_BUDGET_EXCEEDED: 9,
  SYNC_PEER_CUT_OFF: 9,
  SYNC_SOCKETS_FULL: 9,
  SYNC_AUTH_INVALID: 9,
  SYNC_PEER_UNREACHABLE: 9,
  SYNC_TLS_FINGERPRINT_MISMATCH: 9,
  SYNC_PEER_ERROR: 9,
  SYNC_UNFINISHED: 9,
  BUNDLE_UNREADABLE: 5,
  FRONTIER_UNREADABLE: 5,
  INTERNAL: 70,
};

/** The exit status for an error code: the table above, 4 for the fold's invalidity codes, 5 for bad input. */
export function exitCodeFor(code: string, isInvalidity: boolean): number {
  const known = BY_CODE[code];
  if (known !== undefined) return known;
  return isInvalidity ? 4 : 5;
}
