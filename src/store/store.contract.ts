/**
 * @module The one contract suite every Store adapter must pass (Hono's shared router tests):
 * the SQLite and PostgreSQL tests call {@link describeStore}, and so may tests of other
 * layers that bring their own store.
 */

import { createHash, randomBytes, randomInt } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import { POSTGRES_SCHEMA_VERSION, SCHEMA_VERSION } from "./schema-version.js";
import {
  type FoldRecord,
  PAYLOAD_CHANGES_META,
  type QuarantinedEvent,
  type Store,
  type StoredEvent,
} from "./store.js";
import { StoreInputError } from "./store-input-error.js";

/**
 * A random event as a store sees it: an envelope of 150–400 bytes, a 64-byte signature, a
 * payload of 0–600 bytes (or none), and id = SHA-256 of the envelope, as in a real log.
 */
export function randomStoredEvent(
  options: { payload?: Uint8Array | null; envelopeBytes?: number } = {},
): StoredEvent {
  const envelope = randomBytes(options.envelopeBytes ?? randomInt(150, 401));
  return {
    id: createHash("sha256").update(envelope).digest("hex"),
    envelope: new Uint8Array(envelope),
    signature: new Uint8Array(randomBytes(64)),
    payload:
      options.payload !== undefined
        ? options.payload
        : new Uint8Array(randomBytes(randomInt(0, 601))),
  };
}

/** `n` random events (see {@link randomStoredEvent}). */
export function randomStoredEvents(n: number): StoredEvent[] {
  return Array.from({ length: n }, () => randomStoredEvent());
}

function randomQuarantined(
  source: string,
  receivedAt = 1_700_000_000_000 + randomInt(0, 1_000_000),
): QuarantinedEvent {
  return {
    ...randomStoredEvent(),
    missing: [randomStoredEvent().id, randomStoredEvent().id],
    source,
    receivedAt,
  };
}

// Stores hand back plain bytes; compare them as arrays of numbers so that a Buffer and a
// Uint8Array with the same bytes are equal, and a failure shows the bytes.
function plain(e: StoredEvent | null): unknown {
  if (e === null) return null;
  return {
    id: e.id,
    envelope: [...e.envelope],
    signature: [...e.signature],
    payload: e.payload === null ? null : [...e.payload],
  };
}

function plainQuarantined(q: QuarantinedEvent): unknown {
  return {
    ...(plain(q) as object),
    missing: [...q.missing],
    source: q.source,
    receivedAt: q.receivedAt,
  };
}

async function scanAll(
  store: Store,
  limit: number,
): Promise<{ events: StoredEvent[]; pages: number; positions: number[] }> {
  const events: StoredEvent[] = [];
  const positions: number[] = [];
  let after = 0;
  let pages = 0;
  for (;;) {
    const page = await store.scan(after, limit);
    pages++;
    events.push(...page.events);
    if (page.events.length === 0) {
      expect(page.last).toBe(after);
      break;
    }
    expect(page.last).toBeGreaterThan(after);
    positions.push(page.last);
    after = page.last;
  }
  return { events, pages, positions };
}

function foldRecord(events: number, invalid: number): FoldRecord {
  return {
    events,
    stateHash: createHash("sha256").update(randomBytes(32)).digest("hex"),
    snapshot: new Uint8Array(randomBytes(randomInt(1_000, 20_000))),
    invalid: randomStoredEvents(invalid)
      .map((e) => ({ id: e.id, code: "NOT_A_MEMBER" }))
      .sort((a, b) => (a.id < b.id ? -1 : 1)),
  };
}

/**
 * Registers the Store contract suite for one adapter.
 *
 * `open` must open the store under test at one fixed place (a file, a schema): every call
 * opens the same data, so reopening can be tested. `cleanup` runs after each test, once the
 * stores it opened are closed, and must destroy that data so the next test starts empty.
 *
 * @example
 * describeStore("sqlite", () => openSqliteStore(file), () => rm(file, { force: true }));
 */
export function describeStore(
  name: string,
  open: () => Promise<Store>,
  cleanup?: () => Promise<void>,
): void {
  describe(`Store contract: ${name}`, () => {
    const opened: Store[] = [];
    const openStore = async (): Promise<Store> => {
      const store = await open();
      opened.push(store);
      return store;
    };

    afterEach(async () => {
      for (const store of opened.splice(0)) await store.close();
      await cleanup?.();
    });

    it("starts empty", async () => {
      const store = await openStore();
      expect(await store.count()).toBe(0);
      expect(await store.scan(0, 10)).toEqual({ events: [], last: 0 });
      expect(await store.has([randomStoredEvent().id])).toEqual(new Set());
      expect(await store.quarantined()).toEqual([]);
      expect(await store.countQuarantined()).toBe(0);
      expect(await store.loadFold()).toBeNull();
      expect(await store.getMeta("federation")).toBeNull();
    });

    describe("append", () => {
      it("stores the exact bytes and returns the new ids in the order given", async () => {
        const store = await openStore();
        const events = [
          ...randomStoredEvents(20),
          randomStoredEvent({ payload: null }),
          randomStoredEvent({ payload: new Uint8Array(0) }),
          // An inline payload at the 64 KiB limit, so large values round-trip too.
          randomStoredEvent({
            payload: new Uint8Array(randomBytes(64 * 1024)),
          }),
        ];
        expect(await store.append(events)).toEqual(events.map((e) => e.id));
        expect(await store.count()).toBe(events.length);
        for (const e of events)
          expect(plain(await store.get(e.id))).toEqual(plain(e));
        const empty = await store.get(events[21]!.id);
        expect(empty?.payload).toEqual(new Uint8Array(0));
        expect((await store.get(events[20]!.id))?.payload).toBeNull();
      });

      it("returns plain Uint8Arrays", async () => {
        const store = await openStore();
        const [e] = randomStoredEvents(1);
        await store.append([e!]);
        const got = (await store.get(e!.id))!;
        for (const b of [got.envelope, got.signature, got.payload!]) {
          expect(Object.getPrototypeOf(b)).toBe(Uint8Array.prototype);
          expect(b.byteOffset).toBe(0);
          expect(b.buffer.byteLength).toBe(b.byteLength);
        }
      });

      it("of an empty batch stores nothing and returns no ids", async () => {
        const store = await openStore();
        expect(await store.append([])).toEqual([]);
        expect(await store.count()).toBe(0);
      });

      it("stores an id given twice in one batch once", async () => {
        const store = await openStore();
        const [a, b, c] = randomStoredEvents(3);
        const added = await store.append([a!, b!, a!, c!, b!]);
        expect(added).toEqual([a!.id, b!.id, c!.id]);
        expect(await store.count()).toBe(3);
        const { events } = await scanAll(store, 10);
        expect(events.map((e) => e.id)).toEqual([a!.id, b!.id, c!.id]);
      });

      it("skips ids stored by an earlier batch and keeps the first bytes", async () => {
        const store = await openStore();
        const first = randomStoredEvents(50);
        await store.append(first);
        const fresh = randomStoredEvents(30);
        // The same ids again, interleaved with new ones, one with another payload.
        const again = first.map((e, i) =>
          i === 7 ? { ...e, payload: new Uint8Array([1, 2, 3]) } : e,
        );
        const mixed = fresh.flatMap((e, i) => [e, again[i]!]);
        expect(await store.append(mixed)).toEqual(fresh.map((e) => e.id));
        expect(await store.append(first)).toEqual([]);
        expect(await store.count()).toBe(80);
        expect(plain(await store.get(first[7]!.id))).toEqual(plain(first[7]!));
      });

      it("keeps storage order: the order of first arrival, across batches", async () => {
        const store = await openStore();
        const batches = [
          randomStoredEvents(7),
          randomStoredEvents(1),
          randomStoredEvents(300),
        ];
        const expected: string[] = [];
        for (const batch of batches) {
          await store.append(batch);
          expected.push(...batch.map((e) => e.id));
          // A late duplicate of the very first event must not move it.
          await store.append([batches[0]![0]!]);
        }
        const { events, positions } = await scanAll(store, 64);
        expect(events.map((e) => e.id)).toEqual(expected);
        expect([...positions].sort((x, y) => x - y)).toEqual(positions);
      });

      it("stores nothing of a batch with a malformed id, wherever it is", async () => {
        const store = await openStore();
        const before = randomStoredEvents(5);
        await store.append(before);
        for (const bad of [
          "A".repeat(64), // upper-case hex
          "ab".repeat(31), // too short
          `${"0".repeat(63)}g`, // not hex
          `${"0".repeat(64)} `, // trailing space
          "",
        ]) {
          const batch = randomStoredEvents(1_000);
          const at = randomInt(0, 1_001);
          batch.splice(at, 0, { ...randomStoredEvent(), id: bad });
          await expect(store.append(batch)).rejects.toThrow(StoreInputError);
          expect(await store.count()).toBe(5);
          expect(await store.has(batch.map((e) => e.id))).toEqual(new Set());
        }
        // The store is still usable after the refusals.
        const after = randomStoredEvents(3);
        expect(await store.append(after)).toEqual(after.map((e) => e.id));
        expect(await store.count()).toBe(8);
      });

      it("stores nothing of a batch with a row whose bytes are not bytes", async () => {
        const store = await openStore();
        const rows: unknown[] = [
          { ...randomStoredEvent(), envelope: "not bytes" },
          { ...randomStoredEvent(), signature: null },
          { ...randomStoredEvent(), payload: [1, 2, 3] },
          { ...randomStoredEvent(), payload: undefined },
          null,
        ];
        for (const row of rows) {
          const batch = [...randomStoredEvents(500), row as StoredEvent];
          await expect(store.append(batch)).rejects.toThrow(StoreInputError);
          expect(await store.count()).toBe(0);
        }
      });
    });

    describe("has / get / count", () => {
      it("has answers the stored subset of 5,000 ids", async () => {
        const store = await openStore();
        const stored = randomStoredEvents(2_500);
        await store.append(stored);
        const unknown = randomStoredEvents(2_500).map((e) => e.id);
        const asked = [...stored.map((e) => e.id), ...unknown];
        asked.sort();
        const got = await store.has([...asked, asked[0]!, "not an id"]);
        expect(got).toEqual(new Set(stored.map((e) => e.id)));
        expect(await store.has([])).toEqual(new Set());
      });

      it("get of a missing or malformed id is null", async () => {
        const store = await openStore();
        await store.append(randomStoredEvents(3));
        expect(await store.get(randomStoredEvent().id)).toBeNull();
        expect(await store.get("not an id")).toBeNull();
      });

      it("count follows appends", async () => {
        const store = await openStore();
        for (const n of [1, 10, 100]) await store.append(randomStoredEvents(n));
        expect(await store.count()).toBe(111);
      });
    });

    describe("scan", () => {
      it("pages through every event to the end", async () => {
        const store = await openStore();
        const events = randomStoredEvents(1_234);
        for (let i = 0; i < events.length; i += 400)
          await store.append(events.slice(i, i + 400));
        const { events: got, pages } = await scanAll(store, 100);
        expect(pages).toBe(14); // 13 pages of events, then an empty one
        expect(got.map(plain)).toEqual(events.map(plain));
      });

      it("continues from the position it returned, and past the end gives nothing", async () => {
        const store = await openStore();
        const events = randomStoredEvents(10);
        await store.append(events);
        const first = await store.scan(0, 4);
        expect(first.events.map((e) => e.id)).toEqual(
          events.slice(0, 4).map((e) => e.id),
        );
        const rest = await store.scan(first.last, 100);
        expect(rest.events.map((e) => e.id)).toEqual(
          events.slice(4).map((e) => e.id),
        );
        expect(await store.scan(rest.last, 100)).toEqual({
          events: [],
          last: rest.last,
        });
        expect(await store.scan(rest.last + 1_000, 5)).toEqual({
          events: [],
          last: rest.last + 1_000,
        });
        expect(await store.scan(0, 0)).toEqual({ events: [], last: 0 });
      });

      it("refuses a negative or fractional position or limit", async () => {
        const store = await openStore();
        await expect(store.scan(-1, 10)).rejects.toThrow(StoreInputError);
        await expect(store.scan(0, -1)).rejects.toThrow(StoreInputError);
        await expect(store.scan(0.5, 10)).rejects.toThrow(StoreInputError);
      });
    });

    describe("scanUnsigned", () => {
      it("gives what scan gives without the signatures, payloads empty, absent and dropped included", async () => {
        const store = await openStore();
        const events = [
          ...randomStoredEvents(300),
          randomStoredEvent({ payload: new Uint8Array(0) }),
          randomStoredEvent({ payload: null }),
          ...randomStoredEvents(50),
        ];
        await store.append(events);
        await store.dropPayload(events[7]!.id);
        const unsigned = (e: Omit<StoredEvent, "signature">) => ({
          id: e.id,
          envelope: [...e.envelope],
          payload: e.payload === null ? null : [...e.payload],
        });
        const { events: scanned } = await scanAll(store, 64);
        const got: unknown[] = [];
        let after = 0;
        for (;;) {
          const page = await store.scanUnsigned(after, 64);
          got.push(...page.events.map(unsigned));
          if (page.events.length === 0) {
            expect(page.last).toBe(after);
            break;
          }
          after = page.last;
        }
        expect(got).toEqual(scanned.map(unsigned));
        expect(got[7]).toMatchObject({ payload: null });
        expect(got[300]).toMatchObject({ payload: [] });
        expect(got[301]).toMatchObject({ payload: null });
        expect(await store.scanUnsigned(0, 0)).toEqual({ events: [], last: 0 });
        await expect(store.scanUnsigned(-1, 10)).rejects.toThrow(
          StoreInputError,
        );
      });
    });

    describe("dropPayload", () => {
      it("keeps envelope and signature and makes the payload null", async () => {
        const store = await openStore();
        const events = randomStoredEvents(10);
        await store.append(events);
        const target = events[4]!;
        await store.dropPayload(target.id);
        expect(plain(await store.get(target.id))).toEqual(
          plain({ ...target, payload: null }),
        );
        const { events: all } = await scanAll(store, 3);
        expect(all.map(plain)).toEqual(
          events.map((e) => plain(e === target ? { ...e, payload: null } : e)),
        );
        // Twice, or for an id not stored: nothing happens.
        await store.dropPayload(target.id);
        await store.dropPayload(randomStoredEvent().id);
        expect(await store.count()).toBe(10);
      });

      it("is not undone by appending the event again with its payload", async () => {
        const store = await openStore();
        const [e] = randomStoredEvents(1);
        await store.append([e!]);
        await store.dropPayload(e!.id);
        expect(await store.append([e!])).toEqual([]);
        expect((await store.get(e!.id))?.payload).toBeNull();
      });

      it("restorePayload puts a dropped payload back, and touches nothing else", async () => {
        const store = await openStore();
        const [a, b] = randomStoredEvents(2);
        await store.append([a!, b!]);
        await store.dropPayload(a!.id);
        await store.restorePayload(a!.id, a!.payload!);
        expect(plain(await store.get(a!.id))).toEqual(plain(a!));
        // A payload that is there stays as it was; an unknown id is no error.
        await store.restorePayload(b!.id, new Uint8Array([9, 9]));
        expect(plain(await store.get(b!.id))).toEqual(plain(b!));
        await store.restorePayload(randomStoredEvent().id, new Uint8Array(3));
        expect(await store.count()).toBe(2);
        await expect(
          store.restorePayload(a!.id, "bytes" as unknown as Uint8Array),
        ).rejects.toThrow(StoreInputError);
      });

      it("counts each payload it dropped or restored, and nothing else", async () => {
        const store = await openStore();
        const [a, b] = randomStoredEvents(2);
        const changes = async () =>
          Number((await store.getMeta(PAYLOAD_CHANGES_META)) ?? "0");
        await store.append([a!, b!]);
        expect(await changes()).toBe(0);
        await store.dropPayload(a!.id);
        expect(await changes()).toBe(1);
        // Nothing changed: no count (already dropped, unknown id, payload still there).
        await store.dropPayload(a!.id);
        await store.dropPayload(randomStoredEvent().id);
        await store.restorePayload(b!.id, new Uint8Array([1]));
        await store.append([a!]);
        expect(await changes()).toBe(1);
        await store.restorePayload(a!.id, a!.payload!);
        expect(await changes()).toBe(2);
        await store.dropPayload(a!.id);
        expect(await changes()).toBe(3);
      });

      it("also drops the payload of a quarantined copy", async () => {
        const store = await openStore();
        const q = randomQuarantined("peer-a");
        await store.quarantine([q]);
        await store.dropPayload(q.id);
        const [got] = await store.quarantined();
        expect(got?.payload).toBeNull();
        expect([...got!.envelope]).toEqual([...q.envelope]);
      });
    });

    describe("quarantine", () => {
      it("puts and lists events with their missing parents, source and arrival", async () => {
        const store = await openStore();
        const qs = [
          randomQuarantined("peer-a"),
          {
            ...randomQuarantined("file:/media/usb/north.kenges"),
            payload: null,
          },
          { ...randomQuarantined("local"), missing: [] },
        ];
        await store.quarantine(qs);
        expect((await store.quarantined()).map(plainQuarantined)).toEqual(
          qs.map(plainQuarantined),
        );
        // Quarantine is not the log.
        expect(await store.count()).toBe(0);
        expect(await store.has(qs.map((q) => q.id))).toEqual(new Set());
      });

      it("counts per source and in all", async () => {
        const store = await openStore();
        await store.quarantine([
          ...Array.from({ length: 5 }, () => randomQuarantined("peer-a")),
          ...Array.from({ length: 3 }, () => randomQuarantined("peer-b")),
        ]);
        await store.quarantine([randomQuarantined("peer-a")]);
        expect(await store.countQuarantined()).toBe(9);
        expect(await store.countQuarantined("peer-a")).toBe(6);
        expect(await store.countQuarantined("peer-b")).toBe(3);
        expect(await store.countQuarantined("nobody")).toBe(0);
      });

      it("skips ids already stored and ids already quarantined", async () => {
        const store = await openStore();
        const stored = randomStoredEvent();
        await store.append([stored]);
        const waiting = randomQuarantined("peer-a");
        await store.quarantine([waiting]);
        const fresh = randomQuarantined("peer-b");
        await store.quarantine([
          { ...stored, missing: [], source: "peer-b", receivedAt: 1 },
          { ...waiting, source: "peer-b" },
          fresh,
          fresh,
        ]);
        const all = await store.quarantined();
        expect(all.map((q) => q.id)).toEqual([waiting.id, fresh.id]);
        // The first arrival is kept as it was.
        expect(all[0]?.source).toBe("peer-a");
        expect(await store.countQuarantined("peer-b")).toBe(1);
      });

      it("release removes the given ids and ignores unknown ones", async () => {
        const store = await openStore();
        const qs = Array.from({ length: 6 }, () => randomQuarantined("peer-a"));
        await store.quarantine(qs);
        await store.release([qs[1]!.id, qs[4]!.id, randomStoredEvent().id]);
        await store.release([]);
        expect((await store.quarantined()).map((q) => q.id)).toEqual(
          [qs[0], qs[2], qs[3], qs[5]].map((q) => q!.id),
        );
        expect(await store.countQuarantined("peer-a")).toBe(4);
        // A released event can be stored, and then cannot be quarantined again.
        await store.append([qs[1]!]);
        await store.quarantine([qs[1]!]);
        expect(await store.countQuarantined()).toBe(4);
      });

      it("stores nothing of a put with a malformed row", async () => {
        const store = await openStore();
        const good = Array.from({ length: 20 }, () => randomQuarantined("p"));
        for (const bad of [
          { ...randomQuarantined("p"), id: "xyz" },
          { ...randomQuarantined("p"), missing: ["nope"] },
          { ...randomQuarantined("p"), receivedAt: Number.NaN },
          { ...randomQuarantined("p"), source: 7 as unknown as string },
        ]) {
          await expect(store.quarantine([...good, bad])).rejects.toThrow(
            StoreInputError,
          );
          expect(await store.countQuarantined()).toBe(0);
        }
      });
    });

    describe("fold record", () => {
      it("round-trips exactly, and a save replaces the previous one", async () => {
        const store = await openStore();
        const first = foldRecord(120, 3);
        await store.saveFold(first);
        const loaded = (await store.loadFold())!;
        expect({ ...loaded, snapshot: [...loaded.snapshot] }).toEqual({
          ...first,
          snapshot: [...first.snapshot],
        });
        const second = foldRecord(4_000, 0);
        await store.saveFold(second);
        const again = (await store.loadFold())!;
        expect(again.events).toBe(4_000);
        expect(again.stateHash).toBe(second.stateHash);
        expect(again.invalid).toEqual([]);
        expect([...again.snapshot]).toEqual([...second.snapshot]);
      });

      it("refuses a malformed record and keeps the saved one", async () => {
        const store = await openStore();
        const saved = foldRecord(1, 1);
        await store.saveFold(saved);
        await expect(store.saveFold({ ...saved, events: -1 })).rejects.toThrow(
          StoreInputError,
        );
        await expect(
          store.saveFold({ ...saved, invalid: [{ id: "x", code: "C" }] }),
        ).rejects.toThrow(StoreInputError);
        expect((await store.loadFold())?.stateHash).toBe(saved.stateHash);
      });
    });

    describe("meta", () => {
      it("gets, sets and overwrites named values", async () => {
        const store = await openStore();
        expect(await store.getMeta("federation")).toBeNull();
        await store.setMeta("federation", "a".repeat(64));
        await store.setMeta("peer:north", "https://north.example/ کینگز кеңес");
        expect(await store.getMeta("federation")).toBe("a".repeat(64));
        await store.setMeta("federation", "b".repeat(64));
        expect(await store.getMeta("federation")).toBe("b".repeat(64));
        expect(await store.getMeta("peer:north")).toBe(
          "https://north.example/ کینگز кеңес",
        );
        await store.setMeta("empty", "");
        expect(await store.getMeta("empty")).toBe("");
      });

      it("keeps schema_version for the store itself", async () => {
        const store = await openStore();
        // SQLite's tables are of SCHEMA_VERSION, PostgreSQL's of its own (it has more tables).
        const version = await store.getMeta("schema_version");
        expect([
          String(SCHEMA_VERSION),
          String(POSTGRES_SCHEMA_VERSION),
        ]).toContain(version);
        await expect(store.setMeta("schema_version", "99")).rejects.toThrow(
          StoreInputError,
        );
        expect(await store.getMeta("schema_version")).toBe(version);
      });
    });

    describe("lifetime", () => {
      it("keeps everything across close and reopen, and appends after it", async () => {
        const store = await openStore();
        const events = randomStoredEvents(500);
        await store.append(events.slice(0, 300));
        await store.append(events.slice(300));
        await store.dropPayload(events[10]!.id);
        const qs = [randomQuarantined("peer-a"), randomQuarantined("peer-b")];
        await store.quarantine(qs);
        const fold = foldRecord(500, 2);
        await store.saveFold(fold);
        await store.setMeta("federation", events[0]!.id);
        const { positions } = await scanAll(store, 100);
        await store.close();

        const reopened = await openStore();
        expect(await reopened.count()).toBe(500);
        const { events: got, positions: again } = await scanAll(reopened, 100);
        expect(again).toEqual(positions);
        expect(got.map(plain)).toEqual(
          events.map((e, i) => plain(i === 10 ? { ...e, payload: null } : e)),
        );
        expect((await reopened.quarantined()).map(plainQuarantined)).toEqual(
          qs.map(plainQuarantined),
        );
        const loaded = (await reopened.loadFold())!;
        expect([...loaded.snapshot]).toEqual([...fold.snapshot]);
        expect(loaded.invalid).toEqual(fold.invalid);
        expect(await reopened.getMeta("federation")).toBe(events[0]!.id);

        const more = randomStoredEvents(5);
        expect(await reopened.append([events[0]!, ...more])).toEqual(
          more.map((e) => e.id),
        );
        const tail = await reopened.scan(positions[positions.length - 1]!, 10);
        expect(tail.events.map((e) => e.id)).toEqual(more.map((e) => e.id));
      });

      it("lets two handles append at once: each id once, one order for both", async () => {
        const a = await openStore();
        const b = await openStore();
        const shared = randomStoredEvents(200);
        const onlyA = randomStoredEvents(300);
        const onlyB = randomStoredEvents(300);
        const [addedA, addedB] = await Promise.all([
          Promise.all([
            a.append([...shared, ...onlyA.slice(0, 150)]),
            a.append(onlyA.slice(150)),
          ]),
          Promise.all([
            b.append([...onlyB.slice(0, 150), ...shared]),
            b.append(onlyB.slice(150)),
          ]),
        ]);
        const added = [...addedA.flat(), ...addedB.flat()];
        expect(added.length).toBe(800);
        expect(new Set(added).size).toBe(800);
        const fromA = await scanAll(a, 128);
        const fromB = await scanAll(b, 128);
        expect(fromA.events.map((e) => e.id)).toEqual(
          fromB.events.map((e) => e.id),
        );
        expect(new Set(fromA.events.map((e) => e.id))).toEqual(
          new Set([...shared, ...onlyA, ...onlyB].map((e) => e.id)),
        );
      });

      it("closes once; a closed store refuses work", async () => {
        const store = await openStore();
        await store.close();
        await store.close();
        await expect(store.count()).rejects.toThrow();
      });
    });
  });
}
