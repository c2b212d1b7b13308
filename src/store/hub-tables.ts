/**
 * @module What several hub processes over one database share besides the log: sign-in
 * sessions, spent sign-in challenges, the secret challenges are made with, and the buckets of
 * the request limits. A store several processes write (PostgreSQL) offers these tables
 * ({@link Store.hubTables}); a hub that owns its store (SQLite) keeps them in its memory.
 * Times are the hubs' clocks in ms: processes sharing a database keep their clocks in step (NTP).
 */

/** A session as every process sees it. */
export interface SharedSession {
  readonly key: string;
  /** The key acted for no member when it signed in. */
  readonly stranger: boolean;
  readonly expiresAt: number;
}

export interface HubTables {
  /**
   * The secret named `name`, made by `make` by the first process that asks and kept for every
   * other (challenges minted by one process are checked by another).
   */
  secret(name: string, make: () => Uint8Array): Promise<Uint8Array>;
  /** Marks a sign-in challenge spent; false when some process spent it already. */
  spendChallenge(challenge: string, expiresAt: number): Promise<boolean>;
  /** Keeps a session (tokens are kept as their SHA-256, never as themselves). */
  saveSession(token: string, session: SharedSession): Promise<void>;
  /** The session of a token, or null when there is none or it expired by `now`. */
  loadSession(token: string, now: number): Promise<SharedSession | null>;
  endSession(token: string): Promise<void>;
  /**
   * Spends `n` tokens of the bucket `name` (refilled at `perSecond` up to `burst`) when it
   * has them: null. Otherwise nothing is spent and the answer is the seconds to wait.
   */
  take(
    name: string,
    n: number,
    perSecond: number,
    burst: number,
    now: number,
  ): Promise<number | null>;
  /** Drops expired sessions and challenges, and buckets full again (as good as none). */
  prune(now: number): Promise<void>;
}
