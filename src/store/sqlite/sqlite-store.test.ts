import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3-multiple-ciphers";
import { afterAll, describe, expect, it } from "vitest";
import {
  describeStore,
  randomStoredEvent,
  randomStoredEvents,
} from "../store.contract.js";
import { openSqliteStore } from "./sqlite-store.js";

const dir = mkdtempSync(join(tmpdir(), "kenges-sqlite-store-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function removeDatabase(file: string): void {
  for (const suffix of ["", "-wal", "-shm"])
    rmSync(file + suffix, { force: true });
}

const contractFile = join(dir, "contract.sqlite");
describeStore(
  "sqlite (temp file)",
  () => openSqliteStore(contractFile),
  async () => removeDatabase(contractFile),
);

describe("sqlite store", () => {
  it("opens :memory: stores, each private to its opener", async () => {
    const a = await openSqliteStore(":memory:");
    const b = await openSqliteStore(":memory:");
    const events = randomStoredEvents(10);
    expect(await a.append(events)).toEqual(events.map((e) => e.id));
    expect(await a.count()).toBe(10);
    expect(await b.count()).toBe(0);
    expect(await a.getMeta("schema_version")).toBe("2");
    await a.close();
    await b.close();
  });

  it("puts the file in WAL mode and records its schema version", async () => {
    const file = join(dir, "pragmas.sqlite");
    const store = await openSqliteStore(file);
    await store.close();
    const db = new Database(file, { readonly: true });
    expect(db.pragma("journal_mode", { simple: true })).toBe("wal");
    expect(
      db
        .prepare("SELECT value FROM meta WHERE key = 'schema_version'")
        .pluck()
        .get(),
    ).toBe("2");
    db.close();
    removeDatabase(file);
  });

  it("refuses a file of format 1 (no scopes), one written by a newer schema version, and a foreign one", async () => {
    const older = join(dir, "older.sqlite");
    await (await openSqliteStore(older)).close();
    const v1 = new Database(older);
    v1.prepare(
      "UPDATE meta SET value = '1' WHERE key = 'schema_version'",
    ).run();
    v1.close();
    await expect(openSqliteStore(older)).rejects.toThrow(
      /schema version 1, which holds events of format 1/,
    );
    removeDatabase(older);
    const newer = join(dir, "newer.sqlite");
    await (await openSqliteStore(newer)).close();
    const db = new Database(newer);
    db.prepare(
      "UPDATE meta SET value = '99' WHERE key = 'schema_version'",
    ).run();
    db.close();
    await expect(openSqliteStore(newer)).rejects.toThrow(/schema version 99/);

    const foreign = join(dir, "foreign.sqlite");
    const other = new Database(foreign);
    other.exec("CREATE TABLE meta (k TEXT, v TEXT)");
    other.close();
    await expect(openSqliteStore(foreign)).rejects.toThrow(
      /not a Kenges store/,
    );
    removeDatabase(newer);
    removeDatabase(foreign);
  });

  it("the tables themselves refuse a malformed id", async () => {
    // The adapter checks ids before writing; this proves the second line holds too.
    const file = join(dir, "checks.sqlite");
    await (await openSqliteStore(file)).close();
    const db = new Database(file);
    const insert = db.prepare(
      "INSERT INTO events (id, envelope, signature) VALUES (?, x'00', x'00')",
    );
    expect(() => insert.run(Buffer.alloc(31))).toThrow(/CHECK constraint/);
    expect(() => insert.run("a".repeat(64))).toThrow(/cannot store TEXT/);
    expect(() => insert.run(Buffer.alloc(32))).not.toThrow();
    db.close();
    removeDatabase(file);
  });

  it("rolls back the whole batch when the database refuses a row half-way", async () => {
    // The adapter's own checks refuse bad rows before writing; here the database itself
    // aborts mid-transaction (a trigger on ids starting with 0xff), past rows already written.
    const file = join(dir, "rollback.sqlite");
    await (await openSqliteStore(file)).close();
    const db = new Database(file);
    db.exec(
      "CREATE TRIGGER refuse_ff BEFORE INSERT ON events WHEN substr(NEW.id, 1, 1) = x'ff' BEGIN SELECT RAISE(ABORT, 'refused by test trigger'); END",
    );
    db.close();
    const store = await openSqliteStore(file);
    // Only the one row made to start with 0xff below may meet the trigger: random ids that
    // happen to start with it (one in 256) are moved out of its way.
    const clear = (e: ReturnType<typeof randomStoredEvents>[number]) =>
      e.id.startsWith("ff") ? { ...e, id: `00${e.id.slice(2)}` } : e;
    const before = randomStoredEvents(10).map(clear);
    await store.append(before);
    const batch = randomStoredEvents(1_000).map(clear);
    batch[700] = { ...batch[700]!, id: `ff${batch[700]!.id.slice(2)}` };
    await expect(store.append(batch)).rejects.toThrow(
      /refused by test trigger/,
    );
    expect(await store.count()).toBe(10);
    expect(await store.has(batch.map((e) => e.id))).toEqual(new Set());
    expect(await store.append(batch.slice(0, 700))).toHaveLength(700);
    await store.close();
    removeDatabase(file);
  });

  it("leaves no trace of a dropped payload in the database or its WAL", async () => {
    const file = join(dir, "redaction.sqlite");
    const store = await openSqliteStore(file);
    // A payload with a marker that random bytes will not contain by chance.
    const marker = Buffer.from(
      "informer-posted: 12 Abai Avenue, flat 7 ".repeat(20),
    );
    const secret = randomStoredEvent({ payload: new Uint8Array(marker) });
    await store.append([
      ...randomStoredEvents(50),
      secret,
      ...randomStoredEvents(50),
    ]);
    const contains = () =>
      ["", "-wal"].some((suffix) => {
        try {
          return readFileSync(file + suffix).includes(marker.subarray(0, 40));
        } catch {
          return false;
        }
      });
    expect(contains()).toBe(true);
    await store.dropPayload(secret.id);
    expect(contains()).toBe(false);
    await store.close();
    expect(contains()).toBe(false);
    removeDatabase(file);
  });
});
