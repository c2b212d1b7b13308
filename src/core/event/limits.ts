/** @module The limits every event is checked against before it is hashed or stored. */

/** Envelope plus inline payload, in bytes. */
export const MAX_EVENT_BYTES = 64 * 1024;
/** Causal dependencies besides the author's own previous event. */
export const MAX_DEPS = 16;
/** Length of an event type such as `ballot.cast`. */
export const MAX_TYPE_LENGTH = 48;
/** The envelope version this code writes and reads. */
export const ENVELOPE_VERSION = 2;
/** Highest sequence number of one key in one scope, and highest `kseq` (2^32 − 1: more than a key will ever sign). */
export const MAX_SEQ = 0xffffffff;
