/**
 * @module The embedded store: one SQLite file, the default for one machine — encrypted when
 * given a key (better-sqlite3-multiple-ciphers, in one of the ciphers of `sqlite-cipher.ts`:
 * every page of the file and of its WAL is ciphertext with a tag, and the header too).
 */

import Database from "better-sqlite3-multiple-ciphers";
import {
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
import { applyCipher, type StoreCipher } from "./sqlite-cipher.js";
import { rawKey } from "./sqlite-encrypt.js";
import { ensureSqliteSchema } from "./sqlite-schema.js";

interface EventRow {
  pos: number;
  id: string;
  envelope: Buffer;
  signature: Buffer;
  payload: Buffer | null;
}

interface QuarantineRow extends EventRow {
  missing: string;
  source: string;
  received_at: number;
}

interface FoldRow {
  events: number;
  state_hash: string;
  snapshot: Buffer;
  invalid: string;
}

// better-sqlite3 gives each BLOB its own ArrayBuffer, so a plain view costs no copy; callers
// get a Uint8Array, as from every adapter, not a Node Buffer (whose equals/toString differ).
function bytes(b: Buffer): Uint8Array {
  return new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
}

// Ids are kept as 32 raw bytes (see sqlite-schema.ts) and cross this boundary as hex:
// written with idBytes, read back with lower(hex(id)) in SQL (quicker than in JS).
function idBytes(id: string): Buffer {
  return Buffer.from(id, "hex");
}

function idsJson(ids: readonly string[]): string {
  // Only well-formed ids can be stored; unhex() would also accept upper case and match.
  return JSON.stringify(ids.filter(isEventId));
}

function eventOf(row: EventRow): StoredEvent {
  return {
    id: row.id,
    envelope: bytes(row.envelope),
    signature: bytes(row.signature),
    payload: row.payload === null ? null : bytes(row.payload),
  };
}

/** How to open the store's file. */
export interface SqliteStoreOptions {
  /**
   * 32 bytes that encrypt the file (a data directory's key, src/at-rest); without it the file
   * is plain (in-memory and test stores). A file made with a key opens only with that key.
   */
  readonly key?: Uint8Array;
  /**
   * The cipher the file is encrypted with (with `key`): a data directory's key file names it;
   * a file whose owner named none is in SQLCipher 4's format.
   */
  readonly cipher?: StoreCipher;
}

function applyKey(
  db: Database.Database,
  key: Uint8Array,
  cipher: StoreCipher | undefined,
): void {
  applyCipher(db, cipher);
  // The raw key, not a passphrase: it is already random, so the cipher's own KDF (SQLCipher's
  // PBKDF2 at 256,000 rounds, AEGIS's Argon2) at every open would add time and no strength.
  db.pragma(`key = "${rawKey(key)}"`);
  // The first read checks the key: a wrong one fails here (SQLITE_NOTADB), not at some later query.
  db.prepare("SELECT count(*) FROM sqlite_master").pluck().get();
}

function openDatabase(
  path: string,
  options: SqliteStoreOptions,
): Database.Database {
  const db = new Database(path);
  if (options.key !== undefined) {
    try {
      applyKey(db, options.key, options.cipher);
    } catch (error) {
      db.close();
      throw error;
    }
  }
  // WAL: readers never block the writer, and a commit is one append to the -wal file.
  // Atomicity and crash safety come from the journal, whichever `synchronous` we choose:
  // a transaction is in the log whole or not at all, and a crash (process or power) never
  // corrupts the file in WAL mode with NORMAL or FULL.
  //  - NORMAL syncs only at checkpoints: a process crash loses nothing committed, but a
  //    power cut can roll back the last commits (the log stays valid, just shorter).
  //  - FULL syncs the WAL at every commit: once append() resolves, the events survive a
  //    power cut too.
  // We take FULL. Losing an acknowledged event is not harmless here: if a member's own
  // signed event vanished after it was sent to a peer, their device would sign the next
  // event with the same sequence number — a fork, which freezes their key. The cost is one
  // fsync per transaction, negligible for batched appends.
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = FULL");
  // Another process (the CLI beside a running hub) waits for the write lock instead of
  // failing at once with SQLITE_BUSY.
  db.pragma("busy_timeout = 5000");
  // Redaction must remove the bytes, not just unlink them: freed cells and pages are zeroed
  // so a seized disk does not give back a dropped payload.
  db.pragma("secure_delete = ON");
  // Appends insert random ids into the id index, dirtying pages all over it. A page cache
  // that holds the index (64 MiB, used only as needed) keeps a transaction from spilling
  // pages to the WAL twice, and checkpointing every ~40 MiB of WAL instead of 4 MiB writes
  // each hot index page back to the file once per many commits instead of once per commit.
  // The WAL file is cut back to 64 MiB after a checkpoint that let it grow beyond that.
  db.pragma("cache_size = -65536");
  db.pragma("wal_autocheckpoint = 10000");
  db.pragma("journal_size_limit = 67108864");
  return db;
}

function prepareStatements(db: Database.Database) {
  return {
    insertEvent: db.prepare<
      [Buffer, Uint8Array, Uint8Array, Uint8Array | null]
    >(
      // ON CONFLICT (id) DO NOTHING, not INSERT OR IGNORE: OR IGNORE would also skip rows
      // that break a CHECK or NOT NULL constraint, silently dropping part of a batch.
      "INSERT INTO events (id, envelope, signature, payload) VALUES (?, ?, ?, ?) ON CONFLICT (id) DO NOTHING",
    ),
    // One statement for any number of ids: the ids travel as one JSON array.
    hasEvents: db
      .prepare<[string], string>(
        "SELECT lower(hex(id)) FROM events WHERE id IN (SELECT unhex(value) FROM json_each(?))",
      )
      .pluck(),
    getEvent: db.prepare<[Buffer], EventRow>(
      "SELECT pos, lower(hex(id)) AS id, envelope, signature, payload FROM events WHERE id = ?",
    ),
    countEvents: db.prepare<[], number>("SELECT count(*) FROM events").pluck(),
    scanEvents: db.prepare<[number, number], EventRow>(
      "SELECT pos, lower(hex(id)) AS id, envelope, signature, payload FROM events WHERE pos > ? ORDER BY pos LIMIT ?",
    ),
    // Envelope and payload as one blob, split into views in JS: better-sqlite3 allocates a
    // Buffer for every blob it returns, and on a million rows one blob instead of two (and no
    // signature) reads in half the time (docs/benchmarks.md). `||` concatenates the bytes
    // as they are in a UTF-8 database; the CAST makes the result a blob again.
    scanUnsigned: db
      .prepare<[number, number], [number, string, number, Buffer, number]>(
        "SELECT pos, lower(hex(id)), length(envelope), CAST(envelope || coalesce(payload, x'') AS BLOB), payload IS NULL FROM events WHERE pos > ? ORDER BY pos LIMIT ?",
      )
      .raw(true),
    dropPayload: db.prepare<[Buffer]>(
      "UPDATE events SET payload = NULL WHERE id = ? AND payload IS NOT NULL",
    ),
    restorePayload: db.prepare<[Uint8Array, Buffer]>(
      "UPDATE events SET payload = ? WHERE id = ? AND payload IS NULL",
    ),
    dropQuarantinedPayload: db.prepare<[Buffer]>(
      "UPDATE quarantine SET payload = NULL WHERE id = ? AND payload IS NOT NULL",
    ),
    insertQuarantined: db.prepare<
      [
        {
          id: Buffer;
          envelope: Uint8Array;
          signature: Uint8Array;
          payload: Uint8Array | null;
          missing: string;
          source: string;
          receivedAt: number;
        },
      ]
    >(
      // The WHERE is also what lets SQLite parse an upsert after a SELECT.
      `INSERT INTO quarantine (id, envelope, signature, payload, missing, source, received_at)
       SELECT @id, @envelope, @signature, @payload, @missing, @source, @receivedAt
       WHERE NOT EXISTS (SELECT 1 FROM events WHERE id = @id)
       ON CONFLICT (id) DO NOTHING`,
    ),
    listQuarantined: db.prepare<[], QuarantineRow>(
      "SELECT pos, lower(hex(id)) AS id, envelope, signature, payload, missing, source, received_at FROM quarantine ORDER BY pos",
    ),
    countQuarantined: db
      .prepare<[], number>("SELECT count(*) FROM quarantine")
      .pluck(),
    countQuarantinedFrom: db
      .prepare<[string], number>(
        "SELECT count(*) FROM quarantine WHERE source = ?",
      )
      .pluck(),
    releaseQuarantined: db.prepare<[string]>(
      "DELETE FROM quarantine WHERE id IN (SELECT unhex(value) FROM json_each(?))",
    ),
    saveFold: db.prepare<[number, string, Uint8Array, string]>(
      `INSERT INTO fold (one, events, state_hash, snapshot, invalid) VALUES (1, ?, ?, ?, ?)
       ON CONFLICT (one) DO UPDATE SET events = excluded.events, state_hash = excluded.state_hash,
         snapshot = excluded.snapshot, invalid = excluded.invalid`,
    ),
    loadFold: db.prepare<[], FoldRow>(
      "SELECT events, state_hash, snapshot, invalid FROM fold WHERE one = 1",
    ),
    getMeta: db
      .prepare<[string], string>("SELECT value FROM meta WHERE key = ?")
      .pluck(),
    countPayloadChange: db.prepare<[string]>(
      "INSERT INTO meta (key, value) VALUES (?, '1') ON CONFLICT (key) DO UPDATE SET value = CAST(CAST(value AS INTEGER) + 1 AS TEXT)",
    ),
    setMeta: db.prepare<[string, string]>(
      "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
    ),
  };
}

class SqliteStore implements Store {
  private readonly sql: ReturnType<typeof prepareStatements>;
  private closed = false;

  // IMMEDIATE takes the write lock at BEGIN: a deferred transaction that reads first and
  // writes later can fail with SQLITE_BUSY half-way when another process writes meanwhile.
  private readonly appendAll: (events: readonly StoredEvent[]) => string[];
  private readonly quarantineAll: (events: readonly QuarantinedEvent[]) => void;
  private readonly dropEverywhere: (id: string) => number;
  private readonly restoreOne: (id: string, payload: Uint8Array) => void;

  constructor(private readonly db: Database.Database) {
    this.sql = prepareStatements(db);
    const sql = this.sql;
    const appendTx = db.transaction((events: readonly StoredEvent[]) => {
      const added: string[] = [];
      for (const e of events) {
        if (
          sql.insertEvent.run(idBytes(e.id), e.envelope, e.signature, e.payload)
            .changes === 1
        )
          added.push(e.id);
      }
      return added;
    });
    this.appendAll = (events) => appendTx.immediate(events);
    const quarantineTx = db.transaction(
      (events: readonly QuarantinedEvent[]) => {
        for (const e of events)
          sql.insertQuarantined.run({
            id: idBytes(e.id),
            envelope: e.envelope,
            signature: e.signature,
            payload: e.payload,
            missing: JSON.stringify(e.missing),
            source: e.source,
            receivedAt: e.receivedAt,
          });
      },
    );
    this.quarantineAll = (events) => quarantineTx.immediate(events);
    const dropTx = db.transaction((id: string) => {
      const key = idBytes(id);
      const dropped = sql.dropPayload.run(key).changes;
      if (dropped > 0) sql.countPayloadChange.run(PAYLOAD_CHANGES_META);
      return dropped + sql.dropQuarantinedPayload.run(key).changes;
    });
    this.dropEverywhere = (id) => dropTx.immediate(id);
    const restoreTx = db.transaction((id: string, payload: Uint8Array) => {
      if (sql.restorePayload.run(payload, idBytes(id)).changes > 0)
        sql.countPayloadChange.run(PAYLOAD_CHANGES_META);
    });
    this.restoreOne = (id, payload) => restoreTx.immediate(id, payload);
  }

  async append(events: readonly StoredEvent[]): Promise<string[]> {
    assertStoredEvents(events);
    if (events.length === 0) return [];
    return this.appendAll(events);
  }

  async has(ids: readonly string[]): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    return new Set(this.sql.hasEvents.all(idsJson(ids)));
  }

  async get(id: string): Promise<StoredEvent | null> {
    if (!isEventId(id)) return null;
    const row = this.sql.getEvent.get(idBytes(id));
    return row === undefined ? null : eventOf(row);
  }

  async count(): Promise<number> {
    return this.sql.countEvents.get() ?? 0;
  }

  async scan(
    after: number,
    limit: number,
  ): Promise<{ events: StoredEvent[]; last: number }> {
    assertScanRange(after, limit);
    if (limit === 0) return { events: [], last: after };
    const rows = this.sql.scanEvents.all(after, limit);
    const last = rows.length === 0 ? after : rows[rows.length - 1]!.pos;
    return { events: rows.map(eventOf), last };
  }

  async scanUnsigned(
    after: number,
    limit: number,
  ): Promise<{ events: UnsignedStoredEvent[]; last: number }> {
    assertScanRange(after, limit);
    if (limit === 0) return { events: [], last: after };
    const rows = this.sql.scanUnsigned.all(after, limit);
    const events = rows.map(
      ([, id, envelopeLength, joined, noPayload]): UnsignedStoredEvent => {
        const all = bytes(joined);
        return {
          id,
          envelope: all.subarray(0, envelopeLength),
          payload: noPayload ? null : all.subarray(envelopeLength),
        };
      },
    );
    return { events, last: rows.length === 0 ? after : rows.at(-1)![0] };
  }

  async dropPayload(id: string): Promise<void> {
    if (!isEventId(id)) return;
    if (this.dropEverywhere(id) === 0) return;
    // The old payload may still sit in WAL frames until they are overwritten; a TRUNCATE
    // checkpoint copies the WAL into the (securely deleted) main file and empties it.
    // Redactions are rare, so the extra sync is affordable. If a reader holds the WAL, the
    // checkpoint does what it can; the next one finishes the job.
    this.db.pragma("wal_checkpoint(TRUNCATE)");
  }

  async restorePayload(id: string, payload: Uint8Array): Promise<void> {
    assertPayload(payload);
    if (!isEventId(id)) return;
    this.restoreOne(id, payload);
  }

  async quarantine(events: readonly QuarantinedEvent[]): Promise<void> {
    assertQuarantinedEvents(events);
    if (events.length === 0) return;
    this.quarantineAll(events);
  }

  async quarantined(): Promise<QuarantinedEvent[]> {
    return this.sql.listQuarantined.all().map((row) => ({
      ...eventOf(row),
      missing: JSON.parse(row.missing) as string[],
      source: row.source,
      receivedAt: row.received_at,
    }));
  }

  async countQuarantined(source?: string): Promise<number> {
    return (
      (source === undefined
        ? this.sql.countQuarantined.get()
        : this.sql.countQuarantinedFrom.get(source)) ?? 0
    );
  }

  async release(ids: readonly string[]): Promise<void> {
    if (ids.length === 0) return;
    this.sql.releaseQuarantined.run(idsJson(ids));
  }

  async saveFold(record: FoldRecord): Promise<void> {
    assertFoldRecord(record);
    this.sql.saveFold.run(
      record.events,
      record.stateHash,
      record.snapshot,
      JSON.stringify(record.invalid.map(({ id, code }) => ({ id, code }))),
    );
  }

  async loadFold(): Promise<FoldRecord | null> {
    const row = this.sql.loadFold.get();
    if (row === undefined) return null;
    return {
      events: row.events,
      stateHash: row.state_hash,
      snapshot: bytes(row.snapshot),
      invalid: JSON.parse(row.invalid) as { id: string; code: string }[],
    };
  }

  async getMeta(key: string): Promise<string | null> {
    return this.sql.getMeta.get(key) ?? null;
  }

  async setMeta(key: string, value: string): Promise<void> {
    assertMetaWrite(key, value);
    this.sql.setMeta.run(key, value);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.db.close();
  }
}

/**
 * Opens (creating if needed) a store in one SQLite file; `":memory:"` gives a private,
 * in-memory store for tests. The file is in WAL mode with `synchronous = FULL`: each
 * `append` is one transaction, whole or absent after any crash, and durable once it resolves.
 *
 * @example
 * const store = await openSqliteStore("kenges-data/kenges.sqlite");
 * await store.append(events);
 * await store.close();
 */
export async function openSqliteStore(
  path: string,
  options: SqliteStoreOptions = {},
): Promise<Store> {
  const db = openDatabase(path, options);
  try {
    ensureSqliteSchema(db);
    return new SqliteStore(db);
  } catch (error) {
    db.close();
    throw error;
  }
}
