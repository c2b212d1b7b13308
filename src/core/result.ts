/** @module Expected failure as data: every validator and apply returns a Result. */
import type { ErrorCode } from "./errors.js";

/** A failure with a stable code and typed details (never English: words come from src/i18n). */
export interface KengesError {
  readonly code: ErrorCode;
  readonly details: Readonly<Record<string, unknown>>;
}

export type Result<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly error: KengesError };

/** A success. */
export function ok<T>(value: T): Result<T> {
  return { ok: true, value };
}

/** A failure with its code and details. */
export function fail<T = never>(
  code: ErrorCode,
  details: Readonly<Record<string, unknown>> = {},
): Result<T> {
  return { ok: false, error: { code, details } };
}

/** Marks a branch the types say cannot be reached; throwing here is a bug, not bad input. */
export function unreachable(value: never): never {
  throw new Error(`unreachable: ${JSON.stringify(value)}`);
}
