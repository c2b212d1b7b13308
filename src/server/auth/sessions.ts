/**
 * @module Login by signed challenge: the hub hands out a fresh random challenge; the client
 * signs {@link hubAuthMessage} with its key; the hub checks it once and issues a bearer
 * token for a while. Challenges are single-use; both tables are capped and expire.
 */
import { randomBytes } from "node:crypto";
import { fromHex, verifyEd25519 } from "../../crypto/index.js";
import { HubError } from "../hub-error.js";
import { hubAuthMessage } from "./auth-message.js";

/** A proven key, as a request carries it. */
export interface Session {
  readonly key: string;
  readonly expiresAt: number;
}

/** What a client sends to prove its key. */
export interface LoginProof {
  readonly key: string;
  readonly challenge: string;
  readonly origin: string;
  readonly signature: string;
}

const HEX64 = /^[0-9a-f]{64}$/;
const HEX128 = /^[0-9a-f]{128}$/;

/** Drops entries past their time, oldest first, and the oldest beyond the cap. */
function prune<V extends { expiresAt: number }>(
  table: Map<string, V>,
  now: number,
  cap: number,
): void {
  for (const [k, v] of table) {
    if (v.expiresAt > now && table.size < cap) break;
    table.delete(k);
  }
}

export class Sessions {
  private readonly challenges = new Map<string, { expiresAt: number }>();
  private readonly sessions = new Map<string, Session>();

  constructor(
    private readonly options: {
      readonly federation: () => string;
      readonly hub: string;
      readonly challengeTtlMs: number;
      readonly sessionTtlMs: number;
      readonly maxChallenges: number;
      readonly maxSessions: number;
      readonly now?: () => number;
    },
  ) {}

  private now(): number {
    return this.options.now?.() ?? Date.now();
  }

  /** A fresh single-use challenge. */
  challenge(): { challenge: string; expiresAt: number } {
    const now = this.now();
    prune(this.challenges, now, this.options.maxChallenges);
    const challenge = randomBytes(32).toString("hex");
    const expiresAt = now + this.options.challengeTtlMs;
    this.challenges.set(challenge, { expiresAt });
    return { challenge, expiresAt };
  }

  /**
   * Checks a signed challenge and opens a session. `host` is the Host header the request
   * came with: the origin the client signed must name it (a relaying hub cannot reuse it).
   */
  login(proof: LoginProof, host: string): { token: string; expiresAt: number } {
    const now = this.now();
    if (
      !HEX64.test(proof.key) ||
      !HEX64.test(proof.challenge) ||
      !HEX128.test(proof.signature)
    )
      throw new HubError("REQUEST_INVALID", { problem: "proof" });
    const waiting = this.challenges.get(proof.challenge);
    this.challenges.delete(proof.challenge);
    if (waiting === undefined || waiting.expiresAt <= now)
      throw new HubError("AUTH_CHALLENGE_UNKNOWN", {});
    // Both sides parsed the same way, so a default port written or left out compares equal.
    let same = false;
    try {
      const origin = new URL(proof.origin);
      same = origin.host === new URL(`${origin.protocol}//${host}`).host;
    } catch {
      same = false;
    }
    if (!same)
      throw new HubError("AUTH_ORIGIN_MISMATCH", { origin: proof.origin });
    const message = hubAuthMessage({
      federation: this.options.federation(),
      hub: this.options.hub,
      origin: proof.origin,
      challenge: proof.challenge,
      key: proof.key,
    });
    if (!verifyEd25519(fromHex(proof.key)!, message, fromHex(proof.signature)!))
      throw new HubError("AUTH_SIGNATURE_INVALID", {});
    prune(this.sessions, now, this.options.maxSessions);
    const token = randomBytes(32).toString("base64url");
    const expiresAt = now + this.options.sessionTtlMs;
    this.sessions.set(token, { key: proof.key, expiresAt });
    return { token, expiresAt };
  }

  /** The session of a bearer token, or null when unknown or expired. */
  session(token: string): Session | null {
    const s = this.sessions.get(token);
    if (s === undefined) return null;
    if (s.expiresAt <= this.now()) {
      this.sessions.delete(token);
      return null;
    }
    return s;
  }

  /** Ends a session. */
  logout(token: string): void {
    this.sessions.delete(token);
  }
}
