/**
 * @module Sign-in challenges that cost the hub no memory until they are used: a challenge is
 * its expiry, a random nonce and an HMAC of both under a secret made when the hub starts, so
 * asking for challenges — any number, from anywhere — fills no table and evicts nothing. A
 * challenge is spent when a sign-in with it succeeds; only spent ones are remembered (until
 * they expire), and successful sign-ins are what the sign-in budgets limit.
 */
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { HubError } from "../hub-error.js";

const EXPIRY_BYTES = 6;
const NONCE_BYTES = 10;
const MAC_BYTES = 16;

export class ChallengeMint {
  private readonly secret: Uint8Array;
  /** Spent challenges → when they expire, oldest first (every challenge lives equally long). */
  private readonly spent = new Map<string, number>();

  constructor(
    private readonly options: {
      readonly ttlMs: number;
      /** Most spent challenges remembered at once; beyond it sign-ins wait (AUTH_BUSY). */
      readonly maxSpent: number;
      readonly now: () => number;
      /**
       * The MAC secret; default: a fresh one. Hubs sharing a database share one, so a
       * challenge one process issued is checked by another.
       */
      readonly secret?: Uint8Array;
    },
  ) {
    this.secret = options.secret ?? randomBytes(32);
  }

  /** When a well-formed challenge expires (ms), read from its own bytes. */
  static expiryOf(challenge: string): number {
    return Buffer.from(challenge, "hex").readUIntBE(0, EXPIRY_BYTES);
  }

  private mac(head: Buffer): Buffer {
    return createHmac("sha256", this.secret)
      .update(head)
      .digest()
      .subarray(0, MAC_BYTES);
  }

  /** A fresh challenge (64 hex digits) and when it expires. */
  issue(): { challenge: string; expiresAt: number } {
    const expiresAt = this.options.now() + this.options.ttlMs;
    const head = Buffer.alloc(EXPIRY_BYTES + NONCE_BYTES);
    head.writeUIntBE(expiresAt, 0, EXPIRY_BYTES);
    randomBytes(NONCE_BYTES).copy(head, EXPIRY_BYTES);
    return {
      challenge: Buffer.concat([head, this.mac(head)]).toString("hex"),
      expiresAt,
    };
  }

  /** Throws AUTH_CHALLENGE_UNKNOWN unless this hub issued the challenge, it is current and unspent. */
  check(challenge: string): void {
    const bytes = Buffer.from(challenge, "hex");
    if (bytes.length !== EXPIRY_BYTES + NONCE_BYTES + MAC_BYTES)
      throw new HubError("AUTH_CHALLENGE_UNKNOWN", {});
    const head = bytes.subarray(0, EXPIRY_BYTES + NONCE_BYTES);
    const expiresAt = head.readUIntBE(0, EXPIRY_BYTES);
    if (
      !timingSafeEqual(
        this.mac(head),
        bytes.subarray(EXPIRY_BYTES + NONCE_BYTES),
      ) ||
      expiresAt <= this.options.now() ||
      this.spent.has(challenge)
    )
      throw new HubError("AUTH_CHALLENGE_UNKNOWN", {});
  }

  /** Throws AUTH_BUSY when no more spent challenges can be remembered now. */
  checkRoom(): void {
    this.prune();
    if (this.spent.size >= this.options.maxSpent)
      throw new HubError("AUTH_BUSY", { retryAfter: this.retryAfter() });
  }

  /** Marks a checked challenge used (call {@link checkRoom} first). */
  spend(challenge: string): void {
    const bytes = Buffer.from(challenge, "hex");
    this.spent.set(challenge, bytes.readUIntBE(0, EXPIRY_BYTES));
  }

  private prune(): void {
    const now = this.options.now();
    for (const [c, expiresAt] of this.spent) {
      if (expiresAt > now) break;
      this.spent.delete(c);
    }
  }

  /** Seconds until the oldest spent challenge is forgotten. */
  private retryAfter(): number {
    const first = this.spent.values().next().value;
    return Math.max(1, Math.ceil(((first ?? 0) - this.options.now()) / 1000));
  }
}
