/** @module The one exception route handlers throw on purpose: an expected failure with a stable code. */

/**
 * An expected failure of a request (a code of docs/errors.md with details). The app's error
 * handler turns it into `{code, message, details}` with the status of http-errors.ts.
 */
export class HubError extends Error {
  constructor(
    readonly code: string,
    readonly details: Readonly<Record<string, unknown>> = {},
  ) {
    super(code);
    this.name = "HubError";
  }
}
