/** @module The one interface every transport implements: send a message, get the answer. */

/** A link to one peer that carries request/answer pairs of sync messages. */
export interface SyncTransport {
  /** Sends one message and resolves with the peer's answer (an `error` message included). */
  exchange(message: Uint8Array): Promise<Uint8Array>;
  /** Releases the link. */
  close(): Promise<void>;
}
