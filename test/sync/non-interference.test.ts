/**
 * Receiving is reading, for sync: two hubs whose logs differ only in scopes a reader may not
 * read give that reader byte-identical transcripts (every message both ways) and
 * byte-identical bundles — so no count, fingerprint, frontier or error tells an unreadable
 * scope from one that does not exist — in process and over real HTTP and WebSocket. And in
 * everything the reader received, no id and no name or text of an unreadable scope appears,
 * beyond the references the design shows a council (a body's id on its card, the events a
 * claim cites, an elected delegate's name).
 */
import { afterAll, describe, expect, it } from "vitest";
import {
  type Reader,
  readableScopes,
  type SignedEvent,
} from "../../src/core/index.js";
import type { KeyPair } from "../../src/crypto/index.js";
import { decodeCanonical, toHex } from "../../src/crypto/index.js";
import { Replica } from "../../src/replica/index.js";
import { openSqliteStore } from "../../src/store/index.js";
import {
  bundleBytes,
  frontiersOf,
  httpTransport,
  memoryTransport,
  SyncResponder,
  SyncSource,
  type SyncTransport,
  syncWith,
  wsTransport,
} from "../../src/sync/index.js";
import { scopedFederation } from "./support/scoped-federation.js";
import { type Exchange, recording, startSyncHub } from "./support/sync-hub.js";

const world = scopedFederation();
const { t } = world;
const hubEvents = t.events.filter((e) => e.id !== world.kComment.id);
const NOW = Date.now();

async function replicaOf(events: readonly SignedEvent[]): Promise<Replica> {
  const r = await Replica.open(await openSqliteStore(":memory:"));
  const report = await r.ingest(events);
  expect(report.rejected).toBe(0);
  expect(r.quarantined).toBe(0);
  return r;
}

function scopeOf(e: SignedEvent): string {
  return e.envelope.scope === null ? e.id : toHex(e.envelope.scope);
}

interface Case {
  readonly name: string;
  readonly key: KeyPair | null;
  readonly reader: Reader;
}

const CASES: Case[] = [
  {
    name: "member K",
    key: world.k,
    reader: { kind: "key", key: toHex(world.k.publicKey) },
  },
  {
    name: "the coordinator",
    key: world.coordinator,
    reader: { kind: "key", key: toHex(world.coordinator.publicKey) },
  },
  { name: "an outsider", key: null, reader: { kind: "outsider" } },
];

/** The full hub's readable set for a reader, and two hubs that differ only outside it. */
async function hubsFor(c: Case): Promise<{
  readable: ReadonlySet<string>;
  full: Replica;
  partial: Replica;
  unreadable: SignedEvent[];
}> {
  const full = await replicaOf(hubEvents);
  const readable = readableScopes(full.fold, c.reader);
  // The other hub holds the readable scopes and only part of the rest: the tenants'
  // assembly's founding, none of the hospital's.
  const partial = await replicaOf(
    hubEvents.filter((e) => readable.has(scopeOf(e)) || e.id === world.tenants),
  );
  expect([...readableScopes(partial.fold, c.reader)].sort()).toEqual(
    [...readable].sort(),
  );
  expect(partial.fold.size).toBeLessThan(full.fold.size);
  return {
    readable,
    full,
    partial,
    unreadable: hubEvents.filter((e) => !readable.has(scopeOf(e))),
  };
}

/**
 * What the reader's own replica holds before it syncs: nothing; a lagging part of its scopes
 * and its own event; or that and the tenants' assembly, a scope it may not read on the hub
 * (a tenant gave it the events) — which it offers, and which the hub must answer like a
 * scope it does not hold.
 */
type Start = "empty" | "lagging" | "foreign";
const STARTS: readonly Start[] = ["empty", "lagging", "foreign"];

function startingEvents(
  c: Case,
  readable: ReadonlySet<string>,
  start: Start,
): SignedEvent[] {
  if (start === "empty") return [];
  const older = hubEvents
    .slice(0, hubEvents.length - world.tail)
    .filter((e) => readable.has(scopeOf(e)));
  const own = c.key === world.k ? [...older, world.kComment] : older;
  if (start === "lagging") return own;
  return [
    ...own,
    ...hubEvents.filter(
      (e) => scopeOf(e) === world.tenants && !readable.has(world.tenants),
    ),
  ];
}

/** Runs a sync of the reader against one hub; returns the transcript and the reader's replica. */
async function session(
  c: Case,
  start: readonly SignedEvent[],
  connect: () => Promise<SyncTransport>,
): Promise<{ transcript: Exchange[]; replica: Replica }> {
  const replica = await replicaOf(start);
  const transcript: Exchange[] = [];
  await syncWith(
    new SyncSource(replica),
    recording(await connect(), transcript),
    {
      key: c.key,
      federation: t.federation,
      now: () => NOW,
    },
  );
  return { transcript, replica };
}

function hexOf(transcript: readonly Exchange[]): string[] {
  return transcript.flatMap((x) => [toHex(x.sent), toHex(x.received)]);
}

/** Every string and every 64-hex id inside a canonical payload. */
function stringsIn(payload: Uint8Array | null, out: Set<string>): void {
  if (payload === null) return;
  const d = decodeCanonical(payload);
  if (!d.ok) return;
  const walk = (v: unknown): void => {
    if (typeof v === "string") out.add(v);
    else if (Array.isArray(v)) v.forEach(walk);
    else if (v !== null && typeof v === "object" && !(v instanceof Uint8Array))
      Object.values(v).forEach(walk);
  };
  walk(d.value);
}

/**
 * Searches the raw bytes a reader received for every unreadable event: its id as bytes must
 * never appear; its id as text, the ids its payload names and its names and texts (strings
 * with a space: schema words such as "delegate" are in every body's events) only where a
 * readable event's payload carries them too (a reference the design shows).
 */
function expectNoForeignBytes(
  received: readonly Uint8Array[],
  unreadable: readonly SignedEvent[],
  readableEvents: readonly SignedEvent[],
): { checked: number; byDesign: string[] } {
  const haystack = Buffer.concat(received.map((b) => Buffer.from(b)));
  const shown = new Set<string>();
  for (const e of readableEvents) stringsIn(e.payloadBytes, shown);
  let checked = 0;
  const byDesign = new Set<string>();
  for (const e of unreadable) {
    expect(
      haystack.indexOf(Buffer.from(e.id, "hex")),
      `id bytes of ${e.envelope.type}`,
    ).toBe(-1);
    const strings = new Set<string>([e.id]);
    stringsIn(e.payloadBytes, strings);
    for (const s of strings) {
      if (!/\s/.test(s) && !/^[0-9a-f]{64}$/.test(s)) continue;
      if (shown.has(s)) {
        byDesign.add(s);
        continue;
      }
      checked++;
      expect(
        haystack.indexOf(Buffer.from(s, "utf8")),
        `"${s}" of ${e.envelope.type}`,
      ).toBe(-1);
    }
  }
  return { checked, byDesign: [...byDesign] };
}

describe.each(CASES)("non-interference for $name", (c) => {
  it("in process: identical transcripts from an empty replica, a lagging one that pushes its own event, and one that offers a scope it may not read", async () => {
    const { readable, full, partial } = await hubsFor(c);
    for (const mode of STARTS) {
      const start = startingEvents(c, readable, mode);
      const a = await session(c, start, async () =>
        memoryTransport(new SyncResponder(new SyncSource(full)), "reader"),
      );
      const b = await session(c, start, async () =>
        memoryTransport(new SyncResponder(new SyncSource(partial)), "reader"),
      );
      expect(a.transcript.length).toBeGreaterThan(0);
      expect(hexOf(b.transcript)).toEqual(hexOf(a.transcript));
      // The reader ends with its scopes (and what it brought), each equal to the full hub's.
      expect(
        a.replica.fold.heldScopes().filter((s) => s !== world.tenants),
      ).toEqual(full.fold.heldScopes().filter((s) => readable.has(s)));
      const fullHashes = full.fold.scopeHashes();
      for (const [scope, hash] of a.replica.fold.scopeHashes())
        if (scope !== world.depot || mode === "empty" || c.key !== world.k)
          expect({ scope, hash }).toEqual({
            scope,
            hash: fullHashes.get(scope),
          });
      if (mode !== "empty" && c.key === world.k)
        expect(full.fold.has(world.kComment.id)).toBe(true);
    }
  });

  it("bundles written for the reader are byte-identical, and hold only its scopes", async () => {
    const { readable, full, partial } = await hubsFor(c);
    const a = new SyncSource(full);
    const b = new SyncSource(partial);
    const reader = c.reader;
    const whole = await bundleBytes(a, {
      readable: a.readableScopes(reader, "all"),
    });
    expect(
      toHex(
        await bundleBytes(b, { readable: b.readableScopes(reader, "all") }),
      ),
    ).toBe(toHex(whole));
    const lagging = await replicaOf(startingEvents(c, readable, "lagging"));
    const since = frontiersOf(new SyncSource(lagging).view("all"));
    const part = await bundleBytes(a, {
      readable: a.readableScopes(reader, "all"),
      since,
    });
    expect(
      toHex(
        await bundleBytes(b, {
          readable: b.readableScopes(reader, "all"),
          since,
        }),
      ),
    ).toBe(toHex(part));
    expect(part.length).toBeLessThan(whole.length);
  });

  it("nothing of an unreadable scope is in what the reader received", async () => {
    const { readable, full, unreadable } = await hubsFor(c);
    const received: Uint8Array[] = [];
    // (Not from the "foreign" start: the hub answers a scope it may not show by asking for
    // the ids the reader offered — the reader's own bytes, echoed.)
    for (const mode of ["empty", "lagging"] as const) {
      const s = await session(c, startingEvents(c, readable, mode), async () =>
        memoryTransport(new SyncResponder(new SyncSource(full)), "reader"),
      );
      received.push(...s.transcript.map((x) => x.received));
    }
    const source = new SyncSource(full);
    received.push(
      await bundleBytes(source, {
        readable: source.readableScopes(c.reader, "all"),
      }),
    );
    const readableEvents = hubEvents.filter((e) => readable.has(scopeOf(e)));
    const { checked, byDesign } = expectNoForeignBytes(
      received,
      unreadable,
      readableEvents,
    );
    expect(unreadable.length).toBeGreaterThan(10);
    expect(checked).toBeGreaterThan(20);
    // What a council shows by design of a body below it: its id, the closes its claims cite,
    // the delegate's name — never its real name, its members' names or its texts.
    expect(byDesign).not.toContain("Hospital Workers Secret Assembly");
    expect(byDesign).not.toContain(
      "Meet at the back gate of ward seven at five",
    );
    // An outsider reads no council: no id of a private scope reaches it even by reference.
    if (c.key === null)
      expect(byDesign.filter((s) => /^[0-9a-f]{64}$/.test(s))).toEqual([]);
  });
});

describe("non-interference over real transports", () => {
  const hubs: { close(): Promise<void> }[] = [];
  afterAll(async () => {
    for (const h of hubs) await h.close();
  });

  it.each([
    ["http", (url: string) => Promise.resolve(httpTransport(url))],
    ["ws", (url: string) => wsTransport(url)],
  ] as const)(
    "over %s, member K and an outsider get identical transcripts from both hubs",
    async (_name, connect) => {
      for (const c of [CASES[0]!, CASES[2]!]) {
        const { readable, full, partial } = await hubsFor(c);
        const one = await startSyncHub(full);
        const two = await startSyncHub(partial);
        hubs.push(one, two);
        for (const mode of STARTS) {
          const start = startingEvents(c, readable, mode);
          const a = await session(c, start, () => connect(one.url));
          const b = await session(c, start, () => connect(two.url));
          expect(a.transcript.length).toBeGreaterThan(0);
          expect(hexOf(b.transcript)).toEqual(hexOf(a.transcript));
          expect(
            a.replica.fold.heldScopes().filter((s) => s !== world.tenants),
          ).toEqual(full.fold.heldScopes().filter((s) => readable.has(s)));
        }
      }
    },
  );
});

describe("an outsider", () => {
  it("receives the federation scope and public bodies only, and still nothing private after pushing its own join request and a merge", async () => {
    const full = await replicaOf(hubEvents);
    const responder = new SyncResponder(new SyncSource(full));
    const mine = await replicaOf([]);
    await syncWith(new SyncSource(mine), memoryTransport(responder, "o"), {
      federation: t.federation,
    });
    expect(mine.fold.heldScopes().sort()).toEqual(
      [t.federation, world.circle].sort(),
    );
    const { error } = await mine.sign(
      world.outsider,
      world.circle,
      "member.join-requested",
      { name: "Curious Reader" },
      NOW,
    );
    expect(error).toBeNull();
    const merged = await mine.sign(
      world.outsider,
      world.circle,
      "heads.merged",
      {},
      NOW + 1,
    );
    expect(merged.error).toBeNull();
    const transcript: Exchange[] = [];
    await syncWith(
      new SyncSource(mine),
      recording(memoryTransport(responder, "o"), transcript),
      {
        federation: t.federation,
      },
    );
    expect(full.fold.has(merged.event.id)).toBe(true);
    expect(mine.fold.heldScopes().sort()).toEqual(
      [t.federation, world.circle].sort(),
    );
    const readable = new Set([t.federation, world.circle]);
    expectNoForeignBytes(
      transcript.map((x) => x.received),
      hubEvents.filter((e) => !readable.has(scopeOf(e))),
      hubEvents.filter((e) => readable.has(scopeOf(e))),
    );
  });
});
