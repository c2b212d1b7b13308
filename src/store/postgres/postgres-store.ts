/** @module The shared store for a region or a country: PostgreSQL (pg), tables in one schema. */

import { randomBytes } from "node:crypto";
import type pg from "pg";
import type { HubTables } from "../hub-tables.js";
import { postgresNodeUrls } from "../postgres-nodes.js";
import {
  type AppendListener,
  type AppendWatch,
  type FoldRecord,
  PAYLOAD_CHANGES_META,
  type QuarantinedEvent,
  type Store,
  type StoredEvent,
  type UnsignedStoredEvent,
} from "../store.js";
import {
  assertFoldRecord,
  assertMetaWrite,
  assertPayload,
  assertQuarantinedEvents,
  assertScanRange,
  assertStoredEvents,
  isEventId,
} from "../store-input.js";
import {
  APPEND_CHANNEL,
  appendNotice,
  watchPostgresAppends,
} from "./postgres-append-watch.js";
import { PostgresHubTables } from "./postgres-hub-tables.js";
import { PrimaryPool } from "./postgres-primary-pool.js";
import { ensurePostgresSchema, quoteSchema } from "./postgres-schema.js";

/** Where a PostgreSQL store lives. */
export interface PostgresStoreOptions {
  /**
   * A libpq-style URL, e.g. `postgres://postgres@127.0.0.1:5432/test`. It may name several
   * nodes of a replicated database (`postgres://n1:5432,n2:5432/kenges`, as `pg_autoctl show
   * uri` prints): the store writes to whichever takes writes, and finds the new one after a
   * failover (postgres-primary-pool.ts).
   */
  readonly connectionString: string;
  /** The schema that holds the tables (created if missing); `kenges` when not given. */
  readonly schema?: string;
  /**
   * Longest wait for a connection, in ms (default: none, pg's own). A server that drops
   * packets would otherwise hold the opening forever instead of failing.
   */
  readonly connectTimeoutMs?: number;
  /**
   * The name the connections show in `pg_stat_activity` (default: pg's), so an operator sees
   * which process holds which connection — several hubs may share one database.
   */
  readonly applicationName?: string;
}

// Rows per INSERT statement. PostgreSQL allows 65,535 parameters per statement; at 4 (events)
// or 7 (quarantine) parameters a row, 1,000 rows stay well under it, and a 1,000-event
// batch — the size sync and import use — is one round trip.
const ROWS_PER_INSERT = 1_000;

interface EventRow {
  pos: string;
  id: string;
  envelope: Buffer;
  signature: Buffer;
  payload: Buffer | null;
}

interface QuarantineRow extends EventRow {
  missing: string[];
  source: string;
  received_at: string;
}

// pg accepts any Uint8Array as a parameter, but only a Buffer goes over the wire as binary
// rather than as escaped text; this view costs no copy.
function toBuffer(b: Uint8Array): Buffer {
  return Buffer.isBuffer(b)
    ? b
    : Buffer.from(b.buffer, b.byteOffset, b.byteLength);
}

// Ids are 32 raw bytes in the tables (see postgres-schema.ts); they are read back as hex
// with encode(id, 'hex') in SQL, and only well-formed ids are ever sent.
function idBuffer(id: string): Buffer {
  return Buffer.from(id, "hex");
}

function idBuffers(ids: readonly string[]): Buffer[] {
  return ids.filter(isEventId).map(idBuffer);
}

const EVENT_COLUMNS =
  "pos, encode(id, 'hex') AS id, envelope, signature, payload";

// pg decodes BYTEA into Buffers cut from Node's shared pool: copy them into their own
// Uint8Array so a caller never holds (or leaks through .buffer) a slice of unrelated memory.
function fromBuffer(b: Buffer): Uint8Array {
  return new Uint8Array(b);
}

function eventOf(row: EventRow): StoredEvent {
  return {
    id: row.id,
    envelope: fromBuffer(row.envelope),
    signature: fromBuffer(row.signature),
    payload: row.payload === null ? null : fromBuffer(row.payload),
  };
}

// The first occurrence of each id, in the order given: what a row-by-row insert with
// ON CONFLICT DO NOTHING would keep.
function firstOfEachId<T extends { readonly id: string }>(
  rows: readonly T[],
): T[] {
  const seen = new Set<string>();
  return rows.filter((r) => !seen.has(r.id) && seen.add(r.id));
}

function placeholders(rows: number, columns: number, casts?: string[]): string {
  const out: string[] = [];
  for (let r = 0; r < rows; r++) {
    const cells: string[] = [];
    for (let c = 0; c < columns; c++)
      cells.push(`$${r * columns + c + 1}${casts?.[c] ?? ""}`);
    out.push(`(${cells.join(", ")})`);
  }
  return out.join(", ");
}

function chunks<T>(rows: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += size) out.push(rows.slice(i, i + size));
  return out;
}

class PostgresStore implements Store {
  private closed = false;
  private readonly t: {
    meta: string;
    events: string;
    quarantine: string;
    fold: string;
  };
  private readonly appendText: string;
  private readonly quarantineText: string;

  constructor(
    private readonly pool: PrimaryPool,
    private readonly schema: string,
    private readonly options: PostgresStoreOptions,
  ) {
    const s = quoteSchema(schema);
    this.t = {
      meta: `${s}.meta`,
      events: `${s}.events`,
      quarantine: `${s}.quarantine`,
      fold: `${s}.fold`,
    };
    this.appendText = this.insertEventsText(ROWS_PER_INSERT);
    this.quarantineText = this.insertQuarantinedText(ROWS_PER_INSERT);
  }

  private insertEventsText(rows: number): string {
    return `INSERT INTO ${this.t.events} (id, envelope, signature, payload) VALUES ${placeholders(rows, 4)} ON CONFLICT (id) DO NOTHING RETURNING encode(id, 'hex') AS id, pos`;
  }

  // A full chunk is a named prepared statement, planned once per connection; a shorter
  // tail is parsed each time (caching every length would keep up to 1,000 texts).
  private insertEvents(rows: number): { name?: string; text: string } {
    return rows === ROWS_PER_INSERT
      ? { name: "kenges_append", text: this.appendText }
      : { text: this.insertEventsText(rows) };
  }

  async append(events: readonly StoredEvent[]): Promise<string[]> {
    assertStoredEvents(events);
    const unique = firstOfEachId(events);
    if (unique.length === 0) return [];
    const added = await this.pool.transaction(async (client) => {
      // One appender at a time. Positions come from a sequence when a row is inserted, not
      // when it commits: with two concurrent appends a reader could see position 11
      // committed before 10 and, paging by `pos > last`, skip 10 for good. The lock makes
      // positions appear in commit order; readers (ACCESS SHARE) are not blocked.
      await client.query(`LOCK TABLE ${this.t.events} IN EXCLUSIVE MODE`);
      const stored = new Set<string>();
      let highest = 0;
      for (const chunk of chunks(unique, ROWS_PER_INSERT)) {
        const values: unknown[] = [];
        for (const e of chunk)
          values.push(
            idBuffer(e.id),
            toBuffer(e.envelope),
            toBuffer(e.signature),
            e.payload === null ? null : toBuffer(e.payload),
          );
        const result = await client.query<{ id: string; pos: string }>({
          ...this.insertEvents(chunk.length),
          values,
        });
        for (const row of result.rows) {
          stored.add(row.id);
          highest = Math.max(highest, Number(row.pos));
        }
      }
      // Delivered at COMMIT, and only then: other processes fold what they can read.
      if (highest > 0)
        await client.query({
          name: "kenges_append_notify",
          text: "SELECT pg_notify($1, $2)",
          values: [
            APPEND_CHANNEL,
            appendNotice(this.schema, highest, this.writer),
          ],
        });
      return stored;
    });
    // RETURNING gives the rows inserted, in no promised order: report them in the order given.
    return unique.filter((e) => added.has(e.id)).map((e) => e.id);
  }

  async has(ids: readonly string[]): Promise<Set<string>> {
    const keys = idBuffers(ids);
    if (keys.length === 0) return new Set();
    const result = await this.pool.query<{ id: string }>({
      name: "kenges_has",
      text: `SELECT encode(id, 'hex') AS id FROM ${this.t.events} WHERE id = ANY($1::bytea[])`,
      values: [keys],
    });
    return new Set(result.rows.map((r) => r.id));
  }

  async get(id: string): Promise<StoredEvent | null> {
    if (!isEventId(id)) return null;
    const result = await this.pool.query<EventRow>({
      name: "kenges_get",
      text: `SELECT ${EVENT_COLUMNS} FROM ${this.t.events} WHERE id = $1`,
      values: [idBuffer(id)],
    });
    const row = result.rows[0];
    return row === undefined ? null : eventOf(row);
  }

  async count(): Promise<number> {
    const result = await this.pool.query<{ n: string }>(
      `SELECT count(*) AS n FROM ${this.t.events}`,
    );
    return Number(result.rows[0]?.n ?? 0);
  }

  async scanUnsigned(
    after: number,
    limit: number,
  ): Promise<{ events: UnsignedStoredEvent[]; last: number }> {
    assertScanRange(after, limit);
    if (limit === 0) return { events: [], last: after };
    const result = await this.pool.query<Omit<EventRow, "signature">>({
      name: "kenges_scan_unsigned",
      text: `SELECT pos, encode(id, 'hex') AS id, envelope, payload FROM ${this.t.events} WHERE pos > $1 ORDER BY pos LIMIT $2`,
      values: [after, limit],
    });
    const rows = result.rows;
    const last = rows.length === 0 ? after : Number(rows[rows.length - 1]!.pos);
    return {
      events: rows.map((row) => ({
        id: row.id,
        envelope: fromBuffer(row.envelope),
        payload: row.payload === null ? null : fromBuffer(row.payload),
      })),
      last,
    };
  }

  async scan(
    after: number,
    limit: number,
  ): Promise<{ events: StoredEvent[]; last: number }> {
    assertScanRange(after, limit);
    if (limit === 0) return { events: [], last: after };
    const result = await this.pool.query<EventRow>({
      name: "kenges_scan",
      text: `SELECT ${EVENT_COLUMNS} FROM ${this.t.events} WHERE pos > $1 ORDER BY pos LIMIT $2`,
      values: [after, limit],
    });
    const rows = result.rows;
    const last = rows.length === 0 ? after : Number(rows[rows.length - 1]!.pos);
    return { events: rows.map(eventOf), last };
  }

  /** Adds one to PAYLOAD_CHANGES_META when the CTE `changed` returned a row. */
  private countPayloadChangeFrom(changed: string): string {
    return `INSERT INTO ${this.t.meta} AS m (key, value) SELECT '${PAYLOAD_CHANGES_META}', '1' FROM ${changed}
       ON CONFLICT (key) DO UPDATE SET value = (m.value::bigint + 1)::text`;
  }

  async dropPayload(id: string): Promise<void> {
    if (!isEventId(id)) return;
    // One statement, so the log and the quarantine lose the payload together. Unlike
    // SQLite's secure_delete, PostgreSQL keeps the old row version on disk until VACUUM
    // reuses its space, and in WAL segments and backups: erasure there is the operator's job.
    // The change is counted in the same statement (PAYLOAD_CHANGES_META), only when the
    // log's row changed.
    await this.pool.query(
      `WITH e AS (UPDATE ${this.t.events} SET payload = NULL WHERE id = $1 AND payload IS NOT NULL RETURNING 1),
       q AS (UPDATE ${this.t.quarantine} SET payload = NULL WHERE id = $1 AND payload IS NOT NULL)
       ${this.countPayloadChangeFrom("e")}`,
      [idBuffer(id)],
    );
  }

  async restorePayload(id: string, payload: Uint8Array): Promise<void> {
    assertPayload(payload);
    if (!isEventId(id)) return;
    await this.pool.query(
      `WITH e AS (UPDATE ${this.t.events} SET payload = $1 WHERE id = $2 AND payload IS NULL RETURNING 1)
       ${this.countPayloadChangeFrom("e")}`,
      [toBuffer(payload), idBuffer(id)],
    );
  }

  async quarantine(events: readonly QuarantinedEvent[]): Promise<void> {
    assertQuarantinedEvents(events);
    const unique = firstOfEachId(events);
    if (unique.length === 0) return;
    await this.pool.transaction(async (client) => {
      for (const chunk of chunks(unique, ROWS_PER_INSERT)) {
        const values: unknown[] = [];
        for (const e of chunk)
          values.push(
            idBuffer(e.id),
            toBuffer(e.envelope),
            toBuffer(e.signature),
            e.payload === null ? null : toBuffer(e.payload),
            e.missing,
            e.source,
            e.receivedAt,
          );
        await client.query(
          chunk.length === ROWS_PER_INSERT
            ? this.quarantineText
            : this.insertQuarantinedText(chunk.length),
          values,
        );
      }
    });
  }

  private insertQuarantinedText(rows: number): string {
    const casts = [
      "::bytea",
      "::bytea",
      "::bytea",
      "::bytea",
      "::text[]",
      "::text",
      "::bigint",
    ];
    return `INSERT INTO ${this.t.quarantine} (id, envelope, signature, payload, missing, source, received_at)
      SELECT v.* FROM (VALUES ${placeholders(rows, 7, casts)})
        AS v (id, envelope, signature, payload, missing, source, received_at)
      WHERE NOT EXISTS (SELECT 1 FROM ${this.t.events} e WHERE e.id = v.id)
      ON CONFLICT (id) DO NOTHING`;
  }

  async quarantined(): Promise<QuarantinedEvent[]> {
    const result = await this.pool.query<QuarantineRow>(
      `SELECT ${EVENT_COLUMNS}, missing, source, received_at
       FROM ${this.t.quarantine} ORDER BY pos`,
    );
    return result.rows.map((row) => ({
      ...eventOf(row),
      missing: row.missing,
      source: row.source,
      receivedAt: Number(row.received_at),
    }));
  }

  async countQuarantined(source?: string): Promise<number> {
    const result =
      source === undefined
        ? await this.pool.query<{ n: string }>(
            `SELECT count(*) AS n FROM ${this.t.quarantine}`,
          )
        : await this.pool.query<{ n: string }>(
            `SELECT count(*) AS n FROM ${this.t.quarantine} WHERE source = $1`,
            [source],
          );
    return Number(result.rows[0]?.n ?? 0);
  }

  async release(ids: readonly string[]): Promise<void> {
    const keys = idBuffers(ids);
    if (keys.length === 0) return;
    await this.pool.query(
      `DELETE FROM ${this.t.quarantine} WHERE id = ANY($1::bytea[])`,
      [keys],
    );
  }

  async saveFold(record: FoldRecord): Promise<void> {
    assertFoldRecord(record);
    await this.pool.query(
      `INSERT INTO ${this.t.fold} (one, events, state_hash, snapshot, invalid)
       VALUES (true, $1, $2, $3, $4::jsonb)
       ON CONFLICT (one) DO UPDATE SET events = excluded.events, state_hash = excluded.state_hash,
         snapshot = excluded.snapshot, invalid = excluded.invalid`,
      [
        record.events,
        record.stateHash,
        toBuffer(record.snapshot),
        JSON.stringify(record.invalid.map(({ id, code }) => ({ id, code }))),
      ],
    );
  }

  async loadFold(): Promise<FoldRecord | null> {
    const result = await this.pool.query<{
      events: string;
      state_hash: string;
      snapshot: Buffer;
      invalid: { id: string; code: string }[];
    }>(
      `SELECT events, state_hash, snapshot, invalid FROM ${this.t.fold} WHERE one`,
    );
    const row = result.rows[0];
    if (row === undefined) return null;
    return {
      events: Number(row.events),
      stateHash: row.state_hash,
      snapshot: fromBuffer(row.snapshot),
      invalid: row.invalid,
    };
  }

  async getMeta(key: string): Promise<string | null> {
    const result = await this.pool.query<{ value: string }>(
      `SELECT value FROM ${this.t.meta} WHERE key = $1`,
      [key],
    );
    return result.rows[0]?.value ?? null;
  }

  async setMeta(key: string, value: string): Promise<void> {
    assertMetaWrite(key, value);
    await this.pool.query(
      `INSERT INTO ${this.t.meta} (key, value) VALUES ($1, $2)
       ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
      [key, value],
    );
  }

  private shared: { tables: HubTables; pool: PrimaryPool } | null = null;
  /** Names this store's appends in their notifications, so its own watch skips them. */
  private readonly writer = randomBytes(8).toString("hex");

  hubTables(): HubTables {
    if (this.shared === null) {
      // A pool of its own, committing without waiting for the WAL's flush: a bucket is
      // written on every request, and a session or a spent challenge lost to a crash of the
      // server in the last moments costs a sign-in again, not an event.
      const pool = primaryPoolOf(this.options, {
        options: "-c synchronous_commit=off",
      });
      this.shared = {
        tables: new PostgresHubTables(pool, quoteSchema(this.schema)),
        pool,
      };
    }
    return this.shared.tables;
  }

  watchAppends(listener: AppendListener): Promise<AppendWatch> {
    return watchPostgresAppends(
      {
        nodeUrl: () => this.pool.primaryUrl(),
        schema: this.schema,
        self: this.writer,
        ...(this.options.connectTimeoutMs === undefined
          ? {}
          : { connectTimeoutMs: this.options.connectTimeoutMs }),
        ...(this.options.applicationName === undefined
          ? {}
          : { applicationName: this.options.applicationName }),
      },
      listener,
    );
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.shared?.pool.end();
    await this.pool.end();
  }
}

/**
 * A pool on the writable node of the store's URL, with the settings every pool of a store
 * shares (and `extra`). Keep-alive probes end a connection whose node vanished without a word
 * (a cut cable, a frozen machine), so a write waits for the kernel's probes, not forever.
 */
function primaryPoolOf(
  options: PostgresStoreOptions,
  extra: Omit<pg.PoolConfig, "connectionString"> = {},
): PrimaryPool {
  const nodes = postgresNodeUrls(options.connectionString);
  if (nodes === null)
    throw new Error(
      "the store's URL is not a postgres:// URL with valid hosts",
    );
  return new PrimaryPool({
    nodes,
    config: {
      keepAlive: true,
      ...(options.connectTimeoutMs === undefined
        ? {}
        : { connectionTimeoutMillis: options.connectTimeoutMs }),
      ...(options.applicationName === undefined
        ? {}
        : { application_name: options.applicationName }),
      ...extra,
    },
  });
}

/**
 * Opens (creating if needed) a store in a PostgreSQL schema. Several processes may open
 * the same schema: appends are serialised, so every reader sees positions in commit order.
 *
 * @example
 * const store = await openPostgresStore({
 *   connectionString: "postgres://postgres@127.0.0.1:5432/kenges",
 *   schema: "region_north",
 * });
 */
export async function openPostgresStore(
  options: PostgresStoreOptions,
): Promise<Store> {
  const schema = options.schema ?? "kenges";
  quoteSchema(schema);
  const pool = primaryPoolOf(options);
  try {
    await ensurePostgresSchema(pool, schema);
    return new PostgresStore(pool, schema, options);
  } catch (error) {
    await pool.end();
    throw error;
  }
}
