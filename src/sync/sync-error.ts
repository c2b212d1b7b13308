/**
 * @module The stable codes of sync failures. Words live in `src/i18n/catalog/<lang>.json`;
 * the CLI's exit codes and the hub's HTTP statuses map them in one table each.
 */

/** Every code a sync session, a bundle or a transport can fail with. */
export const SYNC_ERROR_CODES = [
  "SYNC_MESSAGE_MALFORMED",
  "SYNC_MESSAGE_TOO_LARGE",
  "SYNC_VERSION_UNSUPPORTED",
  "SYNC_RANGES_INVALID",
  "SYNC_BUDGET_EXCEEDED",
  "SYNC_PEER_CUT_OFF",
  "SYNC_SOCKETS_FULL",
  "SYNC_AUTH_INVALID",
  "SYNC_PEER_UNREACHABLE",
  "SYNC_TLS_FINGERPRINT_MISMATCH",
  "SYNC_PEER_ERROR",
  "SYNC_UNFINISHED",
  "BUNDLE_UNREADABLE",
  "FRONTIER_UNREADABLE",
] as const;

export type SyncErrorCode = (typeof SYNC_ERROR_CODES)[number];

/** An expected sync failure as data: a stable code and typed details, no English. */
export interface SyncError {
  readonly code: SyncErrorCode | "FEDERATION_MISMATCH";
  readonly details: Readonly<Record<string, unknown>>;
}

/**
 * Thrown inside a session to end it with a code; caught at the session's edge and turned
 * into an `error` message or a failed report — never shown as a stack.
 */
export class SyncFailure extends Error {
  constructor(readonly error: SyncError) {
    super(error.code);
    this.name = "SyncFailure";
  }
}

/** Ends the current session with a code. */
export function syncFail(
  code: SyncError["code"],
  details: Record<string, unknown> = {},
): never {
  throw new SyncFailure({ code, details });
}
