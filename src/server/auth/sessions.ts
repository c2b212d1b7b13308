/**
 * @module Login by signed challenge: the hub hands out a challenge (stateless, see
 * challenge-mint.ts); the client signs {@link hubAuthMessage} with its key, bound to an
 * origin the hub answers on or to the hub's certificate; the hub checks it once and issues a
 * bearer token for a while. Sessions live in their own bounded table: a full table refuses
 * new sign-ins (AUTH_BUSY) and never evicts anyone's live session; keys that act for no
 * member here may fill only a share of it; each key keeps a few sessions (its own oldest
 * goes). A revoked or frozen key cannot sign in, and its sessions end as soon as the fold
 * holds the revocation or the fork.
 */
import { randomBytes } from "node:crypto";
import { fromHex, verifyEd25519 } from "../../crypto/index.js";
import { type HubTables, isStoreUnavailable } from "../../store/index.js";
import { HubError } from "../hub-error.js";
import { hubAuthMessage } from "./auth-message.js";
import { ChallengeMint } from "./challenge-mint.js";
import { normalOrigin } from "./hub-origins.js";
import type { KeyStanding } from "./key-standing.js";
import { SignInBudget, type SignInRate } from "./sign-in-budget.js";

/** A proven key, as a request carries it. */
export interface Session {
  readonly key: string;
  readonly expiresAt: number;
  /** The key acted for no member here when it signed in. */
  readonly stranger: boolean;
}

/** What a client sends to prove its key. */
export interface LoginProof {
  readonly key: string;
  readonly challenge: string;
  readonly origin: string;
  /** The certificate fingerprint the client saw and signed, when it could see one. */
  readonly fingerprint?: string | null | undefined;
  readonly signature: string;
}

export interface SessionsOptions {
  readonly federation: () => string;
  readonly hub: string;
  /** The hub's TLS certificate fingerprint, or null without TLS. */
  readonly fingerprint: string | null;
  /** The origins this hub answers on (hub-origins.ts). */
  readonly origins: readonly string[];
  readonly standing: KeyStanding;
  /** True when the key acts for a member here (it has a sign-in budget of its own). */
  readonly actsForMember: (key: string) => boolean;
  readonly challengeTtlMs: number;
  readonly sessionTtlMs: number;
  /** Spent challenges remembered until they expire. */
  readonly maxChallenges: number;
  readonly maxSessions: number;
  /** Sessions of keys that act for no member, at most. */
  readonly maxStrangerSessions: number;
  readonly sessionsPerKey: number;
  readonly rates: {
    readonly memberKey: SignInRate;
    readonly strangerAddress: SignInRate;
    readonly strangers: SignInRate;
  };
  readonly now?: () => number;
}

const HEX64 = /^[0-9a-f]{64}$/;
const HEX128 = /^[0-9a-f]{128}$/;

/** A certificate fingerprint as `kenges serve` prints it: upper-case hex pairs joined by colons. */
function fingerprintForm(text: string): string {
  return text.replace(/:/g, "").toUpperCase();
}

/**
 * How long a process trusts what it knows of a shared session before asking the table again:
 * a session ended through another process (a sign-out) ends here within this time.
 */
const SHARED_RECHECK_MS = 1_000;

/** The name of the challenges' MAC secret in the shared tables. */
const CHALLENGE_SECRET = "challenge-mac";

export class Sessions {
  private mint: ChallengeMint;
  /** The tables shared with the other hubs over the same database (null: this hub's alone). */
  private shared: HubTables | null = null;
  /** Token → when the shared table last confirmed it (shared sessions only). */
  private readonly confirmedAt = new Map<string, number>();
  private readonly budget: SignInBudget;
  /** Token → session, oldest first (every session lives equally long). */
  private readonly sessions = new Map<string, Session>();
  /** Key → its tokens, oldest first. */
  private readonly byKey = new Map<string, string[]>();
  private strangers = 0;
  private origins: ReadonlySet<string>;

  constructor(private readonly options: SessionsOptions) {
    const now = () => this.now();
    this.mint = new ChallengeMint({
      ttlMs: options.challengeTtlMs,
      maxSpent: options.maxChallenges,
      now,
    });
    this.budget = new SignInBudget(options.rates, now);
    this.origins = new Set(options.origins);
  }

  private now(): number {
    return this.options.now?.() ?? Date.now();
  }

  /** Sets the origins sign-ins may be bound to (once the hub knows the port it listens on). */
  setOrigins(origins: readonly string[]): void {
    this.origins = new Set(origins);
  }

  /** The origins sign-ins may be bound to. */
  get allowedOrigins(): readonly string[] {
    return [...this.origins];
  }

  /** Open sessions. */
  get size(): number {
    return this.sessions.size;
  }

  /** A fresh single-use challenge. Costs no memory: any number may be asked for. */
  challenge(): { challenge: string; expiresAt: number } {
    return this.mint.issue();
  }

  /** Throws unless the proof is bound to this hub: its certificate, or an origin it answers on. */
  private checkBinding(proof: LoginProof): void {
    if (proof.fingerprint !== undefined && proof.fingerprint !== null) {
      const own = this.options.fingerprint;
      if (
        own === null ||
        fingerprintForm(proof.fingerprint) !== fingerprintForm(own)
      )
        throw new HubError("AUTH_FINGERPRINT_MISMATCH", {});
      return;
    }
    const origin = normalOrigin(proof.origin);
    if (origin === null || !this.origins.has(origin))
      throw new HubError("AUTH_ORIGIN_MISMATCH", { origin: origin ?? "?" });
  }

  /**
   * Checks a signed challenge and opens a session. `address` is the client's network address:
   * keys that act for no member spend its budget.
   */
  login(
    proof: LoginProof,
    address: string,
  ): { token: string; expiresAt: number } {
    if (
      !HEX64.test(proof.key) ||
      !HEX64.test(proof.challenge) ||
      !HEX128.test(proof.signature)
    )
      throw new HubError("REQUEST_INVALID", { problem: "proof" });
    this.mint.check(proof.challenge);
    this.checkBinding(proof);
    const bar = this.options.standing.barOf(proof.key);
    if (bar === "revoked") throw new HubError("AUTH_KEY_REVOKED", {});
    if (bar === "frozen") throw new HubError("AUTH_KEY_FROZEN", {});
    const stranger = !this.options.actsForMember(proof.key);
    if (stranger) this.budget.spendStranger(address);
    const message = hubAuthMessage({
      federation: this.options.federation(),
      hub: this.options.hub,
      origin: proof.origin,
      fingerprint: proof.fingerprint ?? null,
      challenge: proof.challenge,
      key: proof.key,
    });
    if (!verifyEd25519(fromHex(proof.key)!, message, fromHex(proof.signature)!))
      throw new HubError("AUTH_SIGNATURE_INVALID", {});
    if (!stranger) this.budget.spendMember(proof.key);
    this.makeRoom(proof.key, stranger);
    this.mint.spend(proof.challenge);
    const token = randomBytes(32).toString("base64url");
    const expiresAt = this.now() + this.options.sessionTtlMs;
    this.add(token, { key: proof.key, expiresAt, stranger });
    return { token, expiresAt };
  }

  /**
   * Shares sessions with the other hubs over one database: challenges are made with their
   * common secret, spent once for all of them, and every session is kept in the shared table,
   * so a token from one process works on any. The caps on sessions stay per process.
   */
  async share(tables: HubTables): Promise<void> {
    const secret = await tables.secret(CHALLENGE_SECRET, () => randomBytes(32));
    this.mint = new ChallengeMint({
      ttlMs: this.options.challengeTtlMs,
      maxSpent: this.options.maxChallenges,
      now: () => this.now(),
      secret,
    });
    this.shared = tables;
  }

  /**
   * With shared sessions, after a {@link login}: spends the challenge for every process (one
   * another process took first ends this session: AUTH_CHALLENGE_UNKNOWN) and keeps the session
   * in the shared table. Does nothing for a hub alone.
   */
  async publish(token: string, challenge: string): Promise<void> {
    const shared = this.shared;
    const session = this.sessions.get(token);
    if (shared === null || session === undefined) return;
    try {
      if (
        !(await shared.spendChallenge(
          challenge,
          ChallengeMint.expiryOf(challenge),
        ))
      )
        throw new HubError("AUTH_CHALLENGE_UNKNOWN", {});
      await shared.saveSession(token, session);
    } catch (error) {
      this.end(token);
      throw error;
    }
    this.confirmedAt.set(token, this.now());
  }

  /**
   * With shared sessions, before {@link session}: learns a token another process issued, and
   * forgets one another process ended (asking the table at most every second per token).
   */
  async recall(token: string): Promise<void> {
    const shared = this.shared;
    if (shared === null) return;
    const now = this.now();
    const confirmed = this.confirmedAt.get(token);
    if (
      confirmed !== undefined &&
      now - confirmed < SHARED_RECHECK_MS &&
      this.sessions.has(token)
    )
      return;
    let row: Awaited<ReturnType<typeof shared.loadSession>>;
    try {
      row = await shared.loadSession(token, now);
    } catch (error) {
      // No database node takes writes (a failover): go on with what this process knows; a
      // sign-out through another process reaches this one once the database is back.
      if (isStoreUnavailable(error)) return;
      throw error;
    }
    if (row === null) {
      this.end(token);
      return;
    }
    if (!this.sessions.has(token)) this.add(token, row);
    this.confirmedAt.set(token, now);
  }

  /** Ends a session here and, shared, for every process. */
  async logoutEverywhere(token: string): Promise<void> {
    this.end(token);
    await this.shared?.endSession(token);
  }

  /** Frees what may be freed for one more session of `key`; throws AUTH_BUSY when the tables are full. */
  private makeRoom(key: string, stranger: boolean): void {
    this.mint.checkRoom();
    this.pruneExpired();
    const own = this.byKey.get(key);
    if (own !== undefined && own.length >= this.options.sessionsPerKey)
      this.end(own[0]!);
    if (
      stranger &&
      (this.options.maxStrangerSessions === 0 ||
        this.strangers >= this.options.maxStrangerSessions)
    )
      throw new HubError("AUTH_BUSY", { retryAfter: this.retryAfter(true) });
    if (this.sessions.size >= this.options.maxSessions)
      throw new HubError("AUTH_BUSY", { retryAfter: this.retryAfter(false) });
  }

  /** Seconds until the oldest session (of a stranger, with `strangers`) expires. */
  private retryAfter(strangers: boolean): number {
    for (const s of this.sessions.values())
      if (!strangers || s.stranger)
        return Math.max(1, Math.ceil((s.expiresAt - this.now()) / 1000));
    return 1;
  }

  private add(token: string, session: Session): void {
    this.sessions.set(token, session);
    const own = this.byKey.get(session.key);
    if (own === undefined) this.byKey.set(session.key, [token]);
    else own.push(token);
    if (session.stranger) this.strangers++;
  }

  private end(token: string): void {
    this.confirmedAt.delete(token);
    const s = this.sessions.get(token);
    if (s === undefined) return;
    this.sessions.delete(token);
    if (s.stranger) this.strangers--;
    const own = this.byKey.get(s.key);
    if (own === undefined) return;
    const i = own.indexOf(token);
    if (i >= 0) own.splice(i, 1);
    if (own.length === 0) this.byKey.delete(s.key);
  }

  private pruneExpired(): void {
    const now = this.now();
    for (const [token, s] of this.sessions) {
      if (s.expiresAt > now) break;
      this.end(token);
    }
  }

  /** The session of a bearer token, or null when unknown, expired, or its key was revoked or frozen. */
  session(token: string): Session | null {
    const s = this.sessions.get(token);
    if (s === undefined) return null;
    if (
      s.expiresAt <= this.now() ||
      this.options.standing.barOf(s.key) !== null
    ) {
      this.end(token);
      return null;
    }
    return s;
  }

  /** Ends a session. */
  logout(token: string): void {
    this.end(token);
  }

  /** Ends every session of a key the fold now holds revoked or frozen; returns their tokens. */
  endBarred(): string[] {
    const ended: string[] = [];
    for (const key of this.options.standing.barred().keys()) {
      const own = this.byKey.get(key);
      if (own === undefined) continue;
      for (const token of [...own]) {
        this.end(token);
        ended.push(token);
      }
    }
    return ended;
  }
}
