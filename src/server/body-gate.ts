/**
 * @module The bytes of request bodies the hub receives at once. Each body is counted before
 * it is read — at its declared length, or its route's limit when it declares none (chunked) —
 * and given back when the request ends, however it ends. Past the cap a request is refused
 * with HUB_BUSY unread, so many parallel maximal bodies cannot take the hub's memory, while
 * each route's own limit still says how large one body may be.
 */
export class BodyGate {
  private bytes = 0;

  constructor(readonly maxBytes: number) {}

  /** Bytes counted now. */
  get held(): number {
    return this.bytes;
  }

  /** Counts n bytes; a function that gives them back (once), or null when they do not fit. */
  hold(n: number): (() => void) | null {
    if (n <= 0) return () => {};
    if (this.bytes + n > this.maxBytes) return null;
    this.bytes += n;
    let given = false;
    return () => {
      if (given) return;
      given = true;
      this.bytes -= n;
    };
  }
}
