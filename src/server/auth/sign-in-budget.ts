/**
 * @module How many sign-ins a hub accepts, shaped so a flood cannot lock members out. A key
 * that acts for a member here has its own budget, spent only by sign-ins it proved (an
 * attacker without the key cannot spend it), so members behind one NAT address — or behind
 * an address an attacker floods from — sign in as usual. Keys that act for no one here
 * (self-made keys: a newcomer about to ask to join, or a flood) share a budget per address
 * and one for the whole hub, spent before their signature is checked.
 */
import { HubError } from "../hub-error.js";
import { RateLimiter } from "../rate-limiter.js";

/** Sign-ins allowed per minute, and at once. */
export interface SignInRate {
  readonly perMinute: number;
  readonly burst: number;
}

export class SignInBudget {
  private readonly memberKeys: RateLimiter;
  private readonly strangerAddresses: RateLimiter;
  private readonly strangers: RateLimiter;

  constructor(
    rates: {
      readonly memberKey: SignInRate;
      readonly strangerAddress: SignInRate;
      readonly strangers: SignInRate;
    },
    now: () => number,
  ) {
    const limiter = (r: SignInRate) =>
      new RateLimiter(r.perMinute / 60, r.burst, now);
    this.memberKeys = limiter(rates.memberKey);
    this.strangerAddresses = limiter(rates.strangerAddress);
    this.strangers = limiter(rates.strangers);
  }

  /** Spends a stranger's sign-in attempt from `address`; throws RATE_LIMITED when none is left. */
  spendStranger(address: string): void {
    if (!this.strangerAddresses.has(address))
      throw new HubError("RATE_LIMITED", {
        retryAfter: this.strangerAddresses.retryAfter(address),
      });
    if (!this.strangers.take("all"))
      throw new HubError("RATE_LIMITED", {
        retryAfter: this.strangers.retryAfter("all"),
      });
    this.strangerAddresses.take(address);
  }

  /** Spends a member key's proven sign-in; throws RATE_LIMITED when none is left. */
  spendMember(key: string): void {
    if (!this.memberKeys.take(key))
      throw new HubError("RATE_LIMITED", {
        retryAfter: this.memberKeys.retryAfter(key),
      });
  }
}
