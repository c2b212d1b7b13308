/**
 * @module The hub's general request limit (request-limiter.ts) counted in the tables the hubs
 * over one database share: a member key's or an address's budget is one, whichever process
 * each request reaches. One statement per request (a bucket's row, updated in place). While no
 * database node takes writes (a failover: STORE_UNAVAILABLE), requests are counted in this
 * process alone, as a hub without a database counts them: reads from the fold go on, and a
 * client may get as many times its budget as there are processes for that minute.
 */
import { type HubTables, isStoreUnavailable } from "../store/index.js";
import {
  type RequestClient,
  RequestLimiter,
  type RequestLimits,
} from "./request-limiter.js";

export class SharedRequestLimiter {
  /** The count while the tables cannot be written (see the module's note). */
  private readonly local: RequestLimiter;

  constructor(
    private readonly tables: HubTables,
    private readonly limits: RequestLimits,
    private readonly now: () => number = Date.now,
  ) {
    this.local = new RequestLimiter(limits, now);
  }

  /** Spends one request; the seconds to wait when the client's budget is spent, else null. */
  async take(client: RequestClient): Promise<number | null> {
    const [perSecond, burst] =
      client.kind === "key"
        ? [this.limits.keyPerSecond, this.limits.keyBurst]
        : [this.limits.addressPerSecond, this.limits.addressBurst];
    try {
      return await this.tables.take(
        `request:${RequestLimiter.nameOf(client)}`,
        1,
        perSecond,
        burst,
        this.now(),
      );
    } catch (error) {
      if (!isStoreUnavailable(error)) throw error;
      return this.local.take(client);
    }
  }
}
