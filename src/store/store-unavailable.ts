/**
 * @module A store that cannot take a write now because its database is changing hands: the
 * node that took writes is gone (killed, restarted, cut off) or no longer writable (demoted),
 * and no node answers as the writable one yet — a failover under way. Nothing of the write was
 * acknowledged: it may or may not have been kept, so the writer sends it again, and an append
 * of an event already stored changes nothing. The hub answers STORE_UNAVAILABLE (HTTP 503)
 * at once rather than holding the request, and looks for the new primary on the next write.
 */

/** The stable code of a write refused during a failover (docs/errors.md). */
export const STORE_UNAVAILABLE = "STORE_UNAVAILABLE";

/** A store operation refused because no database node takes writes now. */
export class StoreUnavailableError extends Error {
  readonly code = STORE_UNAVAILABLE;
  constructor(
    /** The driver's words for the last failure (for logs; never sent to clients). */
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super(`no writable database node: ${reason}`, options);
    this.name = "StoreUnavailableError";
  }
}

/** True when `error` is a store's refusal during a failover. */
export function isStoreUnavailable(error: unknown): boolean {
  return error instanceof StoreUnavailableError;
}
