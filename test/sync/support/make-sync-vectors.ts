/**
 * Writes the frozen sync vectors of protocol version 2 in test/vectors/sync/v2/ — run ONCE
 * when a vector is added, never to "fix" a failing test: the vectors define the format.
 * Existing files are kept. Usage: node --import tsx test/sync/support/make-sync-vectors.ts
 */
import { existsSync, writeFileSync } from "node:fs";
import { encodeWireEvent } from "../../../src/core/index.js";
import { TestFederation } from "../../../src/core/testing.js";
import { deriveKeyPair, toHex } from "../../../src/crypto/index.js";
import { Replica } from "../../../src/replica/index.js";
import { openSqliteStore } from "../../../src/store/index.js";
import {
  bundleBytes,
  encodeFrontier,
  encodeFrontierFile,
  encodeMessage,
  encodeRanges,
  frontierDigest,
  frontiersOf,
  type HelloMessage,
  openingRanges,
  type RoundMessage,
  SYNC_PROTOCOL_VERSION,
  SyncSource,
  signMessage,
} from "../../../src/sync/index.js";

const dir = new URL("../../vectors/sync/v2/", import.meta.url);

function write(name: string, vector: Record<string, unknown>): void {
  const file = new URL(`${name}.json`, dir);
  if (existsSync(file)) {
    console.log(`kept ${name}.json (vectors are never regenerated)`);
    return;
  }
  writeFileSync(file, `${JSON.stringify(vector, null, 2)}\n`);
  console.log(`wrote ${name}.json`);
}

// A federation of two scopes: the federation scope (the genesis) and one assembly with 39 events.
const t = new TestFederation({ label: "sync-vector" });
const founder = t.founders[0]!;
const body = t.createBody(founder, { name: "Vector assembly" });
for (let i = 0; i < 38; i++)
  t.openMotion(founder, body, { title: { en: `Motion ${i}` } });
const replica = await Replica.open(await openSqliteStore(":memory:"));
const ingested = await replica.ingest(t.events);
if (ingested.rejected > 0) throw new Error("vector events refused");
const source = new SyncSource(replica);
const view = source.view("all");
const summaries = view.scopes().map((scope) => {
  const items = view.scope(scope);
  const frontier = items.frontier();
  return {
    scope,
    count: items.index.size,
    fingerprint: items.index.fingerprint(0, items.index.size),
    frontierDigest: frontierDigest(frontier),
    chains: frontier.length,
    ranges: openingRanges(items.index),
  };
});
const hello: HelloMessage = {
  type: "hello",
  version: SYNC_PROTOCOL_VERSION,
  federation: t.federation,
  all: true,
  scopes: summaries,
  auth: null,
};
const bodySummary = summaries.find((s) => s.scope === body)!;
write("01-hello", {
  description:
    "A hello offering two scopes — the federation scope (the genesis) and an assembly of 39 events — and asking for every scope it may read (all). Per scope: count, fingerprint, frontier digest, chains, and the opening ranges (the assembly: 15 equal parts below the top sixteenth, the top refined, the newest 8 as a short id list; the federation scope: one short id list).",
  hex: toHex(encodeMessage(hello)),
  federation: t.federation,
  scopes: summaries.map((s) => s.scope),
  counts: summaries.map((s) => s.count),
  bodyRanges: toHex(encodeRanges(bodySummary.ranges)),
  bodyRangeModes: bodySummary.ranges.map((r) => r.mode),
});

const vectorKey = deriveKeyPair("sync-vector-key", 0);
const time = Date.UTC(2026, 0, 1);
const signed = signMessage({ ...hello, all: false }, vectorKey, time);
write("02-hello-signed", {
  description:
    "The same hello without `all` (only the scopes offered), signed by deriveKeyPair('sync-vector-key', 0) at `time` (docs/sync.md §5).",
  hex: toHex(encodeMessage(signed)),
  key: toHex(vectorKey.publicKey),
  time,
});

const genesis = t.events[0]!;
const frontier = view.scope(body).frontier();
const round: RoundMessage = {
  type: "round",
  federation: t.federation,
  scopes: [
    {
      scope: body,
      ranges: [
        {
          upper: { end: false as const, h: 3, prefix: "" },
          mode: "skip" as const,
        },
        {
          upper: { end: false as const, h: 20, prefix: "9e" },
          mode: "fingerprint" as const,
          count: 7,
          fingerprint: bodySummary.fingerprint,
        },
        {
          upper: { end: false as const, h: 30, prefix: "" },
          mode: "ids" as const,
          ids: [genesis.id],
        },
        {
          upper: { end: false as const, h: 35, prefix: "" },
          mode: "short" as const,
          fingerprint: bodySummary.fingerprint,
          prefixes: [genesis.id.slice(0, 16)],
          reply: false,
        },
        {
          upper: { end: true as const },
          mode: "short" as const,
          fingerprint: bodySummary.fingerprint,
          prefixes: [],
          reply: true,
        },
      ],
      after: [{ author: "33".repeat(32), seq: 0, head: "00".repeat(32) }],
      frontier,
    },
  ].sort((a, b) => (a.scope < b.scope ? -1 : 1)),
  events: [encodeWireEvent(genesis)],
  want: ["ab".repeat(32)],
  have: ["cd".repeat(32)],
  auth: null,
};
write("03-round", {
  description:
    "A round with every field: one scope part (a skip, a fingerprint, a full id list, a short id list, and an empty short id list replying to one; an `af` entry asking for all of a key's events there; the full frontier of the scope), the genesis in the wire form, one wanted id and one offered id.",
  hex: toHex(encodeMessage(round)),
  scope: body,
  frontier: toHex(encodeFrontier(frontier)),
});

write("04-error", {
  description:
    "The error a responder answers to a hello of protocol version 1: SYNC_VERSION_UNSUPPORTED with the version seen and the one supported.",
  hex: toHex(
    encodeMessage({
      type: "error",
      code: "SYNC_VERSION_UNSUPPORTED",
      details: { version: 1, supported: SYNC_PROTOCOL_VERSION },
    }),
  ),
});

const frontiers = frontiersOf(view);
write("05-frontier-file", {
  description:
    "A frontier file of format 2: the magic line, then the canonical map {t, v: 2, fed, s: [{id, fr}]} with the frontier of each scope held (the federation scope, the assembly).",
  hex: toHex(encodeFrontierFile(t.federation, frontiers)),
  scopes: frontiers.map((f) => f.scope),
  seqs: frontiers.map((f) => f.frontier.map((e) => e.seq)),
});

const small = await Replica.open(await openSqliteStore(":memory:"));
await small.ingest(t.events.slice(0, 2));
write("06-bundle", {
  description:
    "A bundle of format 2 of the genesis and the assembly's founding: the magic line, the header frame (federation, count, the writer's frontier of each scope), two event frames, the trailer (count, SHA-256 of every byte before it).",
  hex: toHex(await bundleBytes(new SyncSource(small))),
  ids: t.events.slice(0, 2).map((e) => e.id),
});
await small.close();
await replica.close();
