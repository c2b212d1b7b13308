/**
 * @module The hub's general request limit: a token bucket per member key for requests that
 * carry a member's session, and per address only for the rest. Many members share one
 * address behind a NAT or a café's router, so an address's bucket is large, and a member
 * signed in from it never spends from it: one abuser behind the address runs dry alone.
 * Keys that are no member here (anyone can make one) spend from their address's bucket,
 * so a fresh key per request buys no fresh budget.
 */
import { RateLimiter } from "./rate-limiter.js";

/** The client a request is counted as: a member key, or an address. */
export type RequestClient =
  | { readonly kind: "key"; readonly key: string }
  | { readonly kind: "address"; readonly address: string };

/** The limiter's rates; the defaults are in config.ts. */
export interface RequestLimits {
  readonly keyPerSecond: number;
  readonly keyBurst: number;
  readonly addressPerSecond: number;
  readonly addressBurst: number;
}

export class RequestLimiter {
  private readonly keys: RateLimiter;
  private readonly addresses: RateLimiter;

  constructor(limits: RequestLimits, now: () => number = Date.now) {
    this.keys = new RateLimiter(limits.keyPerSecond, limits.keyBurst, now);
    this.addresses = new RateLimiter(
      limits.addressPerSecond,
      limits.addressBurst,
      now,
    );
  }

  /** The bucket name of a client (also the `client` of the hub's per-client write limits). */
  static nameOf(client: RequestClient): string {
    return client.kind === "key"
      ? `key:${client.key}`
      : `addr:${client.address}`;
  }

  /** Spends one request; the seconds to wait when the client's budget is spent, else null. */
  take(client: RequestClient): number | null {
    const limiter = client.kind === "key" ? this.keys : this.addresses;
    const name = RequestLimiter.nameOf(client);
    if (limiter.take(name)) return null;
    return limiter.retryAfter(name);
  }
}
