/** @module The one exception the CLI throws on purpose: an expected failure with a stable code. */

/**
 * An expected failure of a command: a stable code (listed in docs/errors.md) and details.
 * `main` turns it into one line on stderr and the exit code of `exit-codes.ts`.
 */
export class CliError extends Error {
  constructor(
    readonly code: string,
    readonly details: Readonly<Record<string, unknown>> = {},
  ) {
    super(code);
    this.name = "CliError";
  }
}
