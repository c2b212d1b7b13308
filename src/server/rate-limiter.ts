/**
 * @module Token buckets per client: a key or an address may spend `burst` at once and
 * earns tokens back at a steady rate. The table is capped so a flood of fresh addresses
 * cannot grow memory without bound (the oldest buckets are forgotten, which only forgives).
 */

interface Bucket {
  tokens: number;
  at: number;
}

export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();

  constructor(
    private readonly perSecond: number,
    private readonly burst: number,
    private readonly now: () => number = Date.now,
    private readonly maxClients = 100_000,
  ) {}

  private bucket(client: string): Bucket {
    const t = this.now();
    let b = this.buckets.get(client);
    if (b === undefined) {
      if (this.buckets.size >= this.maxClients) {
        const oldest = this.buckets.keys().next().value;
        if (oldest !== undefined) this.buckets.delete(oldest);
      }
      b = { tokens: this.burst, at: t };
      this.buckets.set(client, b);
    } else {
      b.tokens = Math.min(
        this.burst,
        b.tokens + ((t - b.at) / 1000) * this.perSecond,
      );
      b.at = t;
    }
    return b;
  }

  /** True when the client has at least `n` tokens left (spends nothing). */
  has(client: string, n = 1): boolean {
    return this.bucket(client).tokens >= n;
  }

  /** Spends `n` tokens when the client has them; false (nothing spent) otherwise. */
  take(client: string, n = 1): boolean {
    const b = this.bucket(client);
    if (b.tokens < n) return false;
    b.tokens -= n;
    return true;
  }

  /** Spends `n` tokens even into debt (for a penalty after the fact). */
  charge(client: string, n = 1): void {
    this.bucket(client).tokens -= n;
  }

  /** Seconds until the client has `n` tokens again. */
  retryAfter(client: string, n = 1): number {
    const b = this.bucket(client);
    return Math.max(1, Math.ceil((n - b.tokens) / this.perSecond));
  }
}
