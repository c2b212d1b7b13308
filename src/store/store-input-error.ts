/** @module The error a store throws when handed rows it must not keep. */

/**
 * Thrown by a store when a call carries a row of the wrong shape (an id that is not 64
 * lower-case hex characters, bytes that are not a Uint8Array…). It is a bug in the caller —
 * the replica checks events before storing them — so it is thrown, never returned, and
 * the whole call is refused: nothing of the batch is stored.
 */
export class StoreInputError extends Error {
  override readonly name = "StoreInputError";
}
