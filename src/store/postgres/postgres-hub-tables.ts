/**
 * @module The tables several hub processes over one PostgreSQL database share (migration
 * version 3): sessions by the SHA-256 of their token, spent challenges, named secrets and the
 * token buckets of the request limits. Each call is one statement, so no two processes'
 * updates of a bucket or a challenge interleave.
 */
import { createHash } from "node:crypto";
import type { HubTables, SharedSession } from "../hub-tables.js";
import type { PrimaryPool } from "./postgres-primary-pool.js";

function sha256(text: string): Buffer {
  return createHash("sha256").update(text).digest();
}

export class PostgresHubTables implements HubTables {
  private readonly t: {
    secrets: string;
    sessions: string;
    challenges: string;
    buckets: string;
  };

  /** `s`: the quoted schema name. */
  constructor(
    private readonly pool: PrimaryPool,
    s: string,
  ) {
    this.t = {
      secrets: `${s}.hub_secrets`,
      sessions: `${s}.hub_sessions`,
      challenges: `${s}.hub_spent_challenges`,
      buckets: `${s}.hub_rate_buckets`,
    };
  }

  async secret(name: string, make: () => Uint8Array): Promise<Uint8Array> {
    // The first process's secret stays; a later one's is discarded by the conflict.
    await this.pool.query(
      `INSERT INTO ${this.t.secrets} (name, value) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING`,
      [name, Buffer.from(make())],
    );
    const r = await this.pool.query<{ value: Buffer }>(
      `SELECT value FROM ${this.t.secrets} WHERE name = $1`,
      [name],
    );
    return new Uint8Array(r.rows[0]!.value);
  }

  async spendChallenge(challenge: string, expiresAt: number): Promise<boolean> {
    const r = await this.pool.query(
      `INSERT INTO ${this.t.challenges} (challenge, expires_at) VALUES ($1, $2) ON CONFLICT (challenge) DO NOTHING`,
      [Buffer.from(challenge, "hex"), expiresAt],
    );
    return r.rowCount === 1;
  }

  async saveSession(token: string, session: SharedSession): Promise<void> {
    await this.pool.query(
      `INSERT INTO ${this.t.sessions} (token_hash, key, stranger, expires_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (token_hash) DO NOTHING`,
      [sha256(token), session.key, session.stranger, session.expiresAt],
    );
  }

  async loadSession(token: string, now: number): Promise<SharedSession | null> {
    const r = await this.pool.query<{
      key: string;
      stranger: boolean;
      expires_at: string;
    }>({
      name: "kenges_hub_session",
      text: `SELECT key, stranger, expires_at FROM ${this.t.sessions} WHERE token_hash = $1 AND expires_at > $2`,
      values: [sha256(token), now],
    });
    const row = r.rows[0];
    return row === undefined
      ? null
      : {
          key: row.key,
          stranger: row.stranger,
          expiresAt: Number(row.expires_at),
        };
  }

  async endSession(token: string): Promise<void> {
    await this.pool.query(
      `DELETE FROM ${this.t.sessions} WHERE token_hash = $1`,
      [sha256(token)],
    );
  }

  async take(
    name: string,
    n: number,
    perSecond: number,
    burst: number,
    now: number,
  ): Promise<number | null> {
    const perMs = perSecond / 1000;
    // The bucket refilled up to now (never emptied by a clock behind another's), spent by n
    // only when that leaves it at 0 or more; no row returned: refused, nothing changed.
    const refilled = `LEAST($4::float8, b.tokens + GREATEST(0, $5::bigint - b.at) * $3::float8)`;
    const r = await this.pool.query<{ tokens: number }>({
      name: "kenges_hub_take",
      text: `INSERT INTO ${this.t.buckets} AS b (name, tokens, at, full_at)
        SELECT $1, $4::float8 - $2::float8, $5::bigint, $5::bigint + ceil($2::float8 / $3::float8)::bigint
        WHERE $4::float8 >= $2::float8
      ON CONFLICT (name) DO UPDATE SET
        tokens = ${refilled} - $2::float8,
        at = GREATEST(b.at, $5::bigint),
        full_at = GREATEST(b.at, $5::bigint) + ceil(($4::float8 - (${refilled} - $2::float8)) / $3::float8)::bigint
      WHERE ${refilled} >= $2::float8
      RETURNING tokens`,
      values: [name, n, perMs, burst, now],
    });
    if (r.rowCount === 1) return null;
    const left = await this.pool.query<{ tokens: number; at: string }>(
      `SELECT tokens, at FROM ${this.t.buckets} WHERE name = $1`,
      [name],
    );
    const row = left.rows[0];
    const tokens =
      row === undefined
        ? burst
        : Math.min(
            burst,
            row.tokens + Math.max(0, now - Number(row.at)) * perMs,
          );
    return Math.max(1, Math.ceil((n - tokens) / perSecond));
  }

  async prune(now: number): Promise<void> {
    await this.pool.query(
      `WITH s AS (DELETE FROM ${this.t.sessions} WHERE expires_at <= $1),
            c AS (DELETE FROM ${this.t.challenges} WHERE expires_at <= $1)
       DELETE FROM ${this.t.buckets} WHERE full_at <= $1`,
      [now],
    );
  }
}
