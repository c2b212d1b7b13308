/** @module The one error the at-rest layer throws: a stable code and its details, words elsewhere. */

/** Codes of {@link AtRestError}; each has words in the i18n catalogues and a line in docs/errors.md. */
export type AtRestErrorCode =
  | "DATA_PASSPHRASE_WRONG"
  | "DATA_KEY_FILE_MALFORMED"
  | "DATA_KEY_MISSING"
  | "DATA_NOT_ENCRYPTED"
  | "DATA_SEALED_FILE_DAMAGED"
  | "BUNDLE_PASSPHRASE_WRONG";

/** An expected failure of opening encrypted data; the CLI and the hub turn it into their own error. */
export class AtRestError extends Error {
  constructor(
    readonly code: AtRestErrorCode,
    readonly details: Readonly<Record<string, unknown>> = {},
  ) {
    super(code);
    this.name = "AtRestError";
  }
}
