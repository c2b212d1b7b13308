/**
 * @module The hub's general request limit (request-limiter.ts) counted in the tables the hubs
 * over one database share: a member key's or an address's budget is one, whichever process
 * each request reaches. One statement per request (a bucket's row, updated in place).
 */
import type { HubTables } from "../store/index.js";
import {
  type RequestClient,
  RequestLimiter,
  type RequestLimits,
} from "./request-limiter.js";

export class SharedRequestLimiter {
  constructor(
    private readonly tables: HubTables,
    private readonly limits: RequestLimits,
    private readonly now: () => number = Date.now,
  ) {}

  /** Spends one request; the seconds to wait when the client's budget is spent, else null. */
  take(client: RequestClient): Promise<number | null> {
    const [perSecond, burst] =
      client.kind === "key"
        ? [this.limits.keyPerSecond, this.limits.keyBurst]
        : [this.limits.addressPerSecond, this.limits.addressBurst];
    return this.tables.take(
      `request:${RequestLimiter.nameOf(client)}`,
      1,
      perSecond,
      burst,
      this.now(),
    );
  }
}
