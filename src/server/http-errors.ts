/**
 * @module The one table from error code to HTTP status (tRPC style), and the JSON error body
 * `{code, message, details}` every failing request gets. Words come from src/i18n; no stack
 * ever reaches a client.
 */
import { INVALIDITY_CODES } from "../core/index.js";
import { formatError, type Language } from "../i18n/index.js";

/** Codes only the hub fails with (every one has a row in docs/errors.md). */
export const SERVER_ERROR_CODES = [
  "AUTH_REQUIRED",
  "AUTH_CHALLENGE_UNKNOWN",
  "AUTH_SIGNATURE_INVALID",
  "AUTH_ORIGIN_MISMATCH",
  "SESSION_UNKNOWN",
  // Retired with event format 2: a thing the viewer may not read is not found (404), so that
  // the answer never tells it exists. Kept so the code is never reused for another meaning.
  "READ_NOT_ALLOWED",
  "WRITE_NOT_ALLOWED",
  "RATE_LIMITED",
  "REQUEST_TOO_LARGE",
  "REQUEST_INVALID",
  "ROUTE_NOT_FOUND",
  "MEMBER_NOT_FOUND",
  "HUB_BUSY",
  "AUTH_FINGERPRINT_MISMATCH",
  "AUTH_KEY_REVOKED",
  "AUTH_KEY_FROZEN",
  "AUTH_BUSY",
  "REQUEST_URI_TOO_LONG",
  "REQUEST_HEADERS_TOO_LARGE",
  "REQUEST_TIMEOUT",
  "REQUEST_MEDIA_TYPE_UNSUPPORTED",
  "STORE_FULL",
  "STORE_UNAVAILABLE",
] as const;

export type ServerErrorCode = (typeof SERVER_ERROR_CODES)[number];

/** Status by code; codes not listed fall back by class (see {@link httpStatusFor}). */
const STATUS: Readonly<Record<string, number>> = {
  AUTH_REQUIRED: 401,
  AUTH_CHALLENGE_UNKNOWN: 401,
  AUTH_SIGNATURE_INVALID: 401,
  AUTH_ORIGIN_MISMATCH: 401,
  SESSION_UNKNOWN: 401,
  READ_NOT_ALLOWED: 403,
  WRITE_NOT_ALLOWED: 403,
  RATE_LIMITED: 429,
  REQUEST_TOO_LARGE: 413,
  REQUEST_INVALID: 400,
  ROUTE_NOT_FOUND: 404,
  MEMBER_NOT_FOUND: 404,
  BODY_NOT_FOUND: 404,
  MOTION_NOT_FOUND: 404,
  MEETING_NOT_FOUND: 404,
  MEETING_DEMAND_NOT_FOUND: 404,
  DOOR_KEY_NOT_HERE: 404,
  DEMAND_NOT_FOUND: 404,
  CALL_NOT_FOUND: 404,
  ID_NOT_FOUND: 404,
  HUB_BUSY: 503,
  AUTH_FINGERPRINT_MISMATCH: 401,
  AUTH_KEY_REVOKED: 401,
  AUTH_KEY_FROZEN: 401,
  AUTH_BUSY: 503,
  REQUEST_URI_TOO_LONG: 414,
  REQUEST_HEADERS_TOO_LARGE: 431,
  REQUEST_TIMEOUT: 408,
  REQUEST_MEDIA_TYPE_UNSUPPORTED: 415,
  SYNC_SOCKETS_FULL: 503,
  QUARANTINE_FULL: 503,
  FEDERATION_MISMATCH: 409,
  STORE_EMPTY: 503,
  // 507 Insufficient Storage (RFC 4918): the hub cannot store now; nothing was kept.
  STORE_FULL: 507,
  // No database node takes writes now (a failover under way): nothing was acknowledged; the
  // same post is safe to send again (appends are idempotent).
  STORE_UNAVAILABLE: 503,
  INTERNAL: 500,
  // Rejected before storage: the bytes, envelope, payload or signature are wrong.
  SIGNATURE_INVALID: 422,
  CHAIN_BROKEN: 422,
  PAYLOAD_INVALID: 422,
  NAME_NOT_NORMALIZED: 422,
  PLAN_DECLARATION_INVALID: 422,
  EVENT_TOO_LARGE: 413,
};

const INVALIDITY = new Set<string>(INVALIDITY_CODES);

/**
 * The HTTP status for a code: the table, else 422 for the fold's invalidity codes (the
 * action is not allowed by the rules), else 400 (malformed input: encoding codes).
 */
export function httpStatusFor(code: string): number {
  return STATUS[code] ?? (INVALIDITY.has(code) ? 422 : 400);
}

/** The JSON body of a failed request. */
export interface ErrorBody {
  readonly code: string;
  readonly message: string;
  readonly details: Readonly<Record<string, unknown>>;
}

/** The error body for a code, its message in the asker's language. */
export function errorBody(
  lang: Language,
  code: string,
  details: Readonly<Record<string, unknown>> = {},
): ErrorBody {
  return { code, message: formatError(lang, code, details), details };
}
