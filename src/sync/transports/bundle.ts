/**
 * @module Bundles for the sneakernet (docs/sync.md, "Bundles"): a file holding the events a
 * peer's frontier does not cover, or all of them, parents first, behind a header naming the
 * federation and the writer's frontier, and closed by a trailer with the count and a
 * SHA-256 of everything before it — so a truncated or damaged stick is noticed. Importing
 * goes through the one ingest pipeline: idempotent, any order, any number of times.
 * Frontier files tell a writer what a reader already has.
 */
import { sha256 as sha256Stream } from "@noble/hashes/sha2.js";
import {
  type CanonicalValue,
  decodeCanonical,
  encodeCanonical,
  fromHex,
  toHex,
  utf8,
} from "../../crypto/index.js";
import { ByteWriter } from "../byte-codec.js";
import {
  decodeFrontier,
  encodeFrontier,
  type FrontierEntry,
  frontierDigest,
} from "../frontier.js";
import { ALL_SCOPE, type Scope } from "../scope.js";
import { compareKeys, type SortKey } from "../sort-key.js";
import { SyncFailure, syncFail } from "../sync-error.js";
import { addIngest, emptySyncReport, type SyncReport } from "../sync-report.js";
import type { SyncSource } from "../sync-source.js";

/** The first bytes of every bundle file. */
export const BUNDLE_MAGIC = utf8("kenges-bundle/1\n");
/** The first bytes of every frontier file. */
export const FRONTIER_MAGIC = utf8("kenges-frontier/1\n");

/** What a bundle's header says. */
export interface BundleHeader {
  readonly federation: string;
  /** Events in the bundle. */
  readonly count: number;
  /** The writer's frontier when it wrote the bundle. */
  readonly frontier: readonly FrontierEntry[];
  /** The digest of the frontier it was written for, or null for "everything". */
  readonly forDigest: Uint8Array | null;
}

const MAX_FRAME = 65_536 + 256;
const MAX_HEADER = 64 * 1024 * 1024;

/** The events of a view that a frontier does not cover (all of them without one), parents first. */
export function keysNotCoveredBy(
  source: SyncSource,
  scope: Scope,
  frontier: readonly FrontierEntry[] | null,
): SortKey[] {
  const view = source.view(scope);
  const index = view.items.index;
  if (frontier === null) return index.keys(0, index.size);
  const theirs = new Map(frontier.map((e) => [e.author, e.seq]));
  const out: SortKey[] = [];
  for (const mine of view.frontier()) {
    const seq = theirs.get(mine.author) ?? 0;
    if (mine.seq > seq) out.push(...view.eventsAfter(mine.author, seq));
  }
  return out.sort(compareKeys);
}

function frame(w: ByteWriter, bytes: Uint8Array): void {
  w.varint(bytes.length);
  w.bytes(bytes);
}

/**
 * Writes a bundle through `sink` (called with chunks in order). Returns the header written.
 */
export async function writeBundle(
  source: SyncSource,
  sink: (chunk: Uint8Array) => void | Promise<void>,
  options: {
    readonly for?: readonly FrontierEntry[] | null;
    readonly scope?: Scope;
  } = {},
): Promise<BundleHeader> {
  const federation = source.federation;
  if (federation === null) syncFail("SYNC_PEER_ERROR", { reason: "empty" });
  const scope = options.scope ?? ALL_SCOPE;
  const keys = keysNotCoveredBy(source, scope, options.for ?? null);
  const frontier = source.view(scope).frontier();
  const forDigest = options.for ? frontierDigest(options.for) : null;
  const header: Record<string, CanonicalValue> = {
    t: "bundle",
    v: 1,
    fed: fromHex(federation)!,
    n: keys.length,
    fr: encodeFrontier(frontier),
    ...(forDigest ? { for: forDigest } : {}),
  };
  const hash = sha256Stream.create();
  const emit = async (bytes: Uint8Array) => {
    hash.update(bytes);
    await sink(bytes);
  };
  const head = new ByteWriter();
  head.bytes(BUNDLE_MAGIC);
  frame(head, encodeCanonical(header));
  await emit(head.finish());
  const batch = 512;
  for (let i = 0; i < keys.length; i += batch) {
    const w = new ByteWriter();
    for (const e of await source.wireEvents(keys.slice(i, i + batch)))
      if (e !== null) frame(w, e);
    await emit(w.finish());
  }
  const trailer = new ByteWriter();
  frame(
    trailer,
    encodeCanonical({ t: "end", n: keys.length, sha: hash.digest() }),
  );
  await sink(trailer.finish());
  return { federation, count: keys.length, frontier, forDigest };
}

/** Reads a bundle from chunks: the header, then events in batches, then checks the trailer. */
export class BundleReader {
  private buf = new Uint8Array(0);
  private pos = 0;
  private readonly hash = sha256Stream.create();
  private header: BundleHeader | null = null;
  private events = 0;
  private ended = false;

  constructor(private readonly chunks: AsyncIterable<Uint8Array>) {}

  private fail(reason: string, details: Record<string, unknown> = {}): never {
    return syncFail("BUNDLE_UNREADABLE", { reason, ...details });
  }

  private iterator: AsyncIterator<Uint8Array> | null = null;

  /** Ensures n unread bytes are buffered; false at the end of input. */
  private async fill(n: number): Promise<boolean> {
    this.iterator ??= this.chunks[Symbol.asyncIterator]();
    while (this.buf.length - this.pos < n) {
      const next = await this.iterator.next();
      if (next.done) return false;
      const rest = this.buf.subarray(this.pos);
      const joined = new Uint8Array(rest.length + next.value.length);
      joined.set(rest);
      joined.set(next.value, rest.length);
      this.buf = joined;
      this.pos = 0;
    }
    return true;
  }

  /** The next frame's bytes (counted into the hash unless it is the trailer), or null at the end. */
  private async nextFrame(): Promise<{
    bytes: Uint8Array;
    raw: Uint8Array;
  } | null> {
    if (!(await this.fill(1))) return null;
    let len = 0;
    let scale = 1;
    let used = 0;
    for (;;) {
      if (!(await this.fill(used + 1))) this.fail("truncated");
      const b = this.buf[this.pos + used]!;
      used++;
      len += (b & 0x7f) * scale;
      if ((b & 0x80) === 0) break;
      scale *= 0x80;
      if (used > 4) this.fail("frame-length");
    }
    if (len > MAX_HEADER) this.fail("frame-length");
    if (!(await this.fill(used + len))) this.fail("truncated");
    const raw = this.buf.subarray(this.pos, this.pos + used + len);
    const bytes = raw.subarray(used);
    this.pos += used + len;
    return { bytes, raw };
  }

  /** Reads the magic and the header. */
  async readHeader(): Promise<BundleHeader> {
    if (this.header) return this.header;
    if (!(await this.fill(BUNDLE_MAGIC.length))) this.fail("not-a-bundle");
    const magic = this.buf.subarray(this.pos, this.pos + BUNDLE_MAGIC.length);
    if (toHex(magic) !== toHex(BUNDLE_MAGIC)) this.fail("not-a-bundle");
    this.hash.update(magic);
    this.pos += BUNDLE_MAGIC.length;
    const f = await this.nextFrame();
    if (f === null) this.fail("truncated");
    this.hash.update(f.raw);
    const decoded = decodeCanonical(f.bytes);
    if (!decoded.ok) this.fail("header", { code: decoded.error.code });
    const h = decoded.value as Record<string, CanonicalValue>;
    if (
      h === null ||
      typeof h !== "object" ||
      h.t !== "bundle" ||
      h.v !== 1 ||
      !(h.fed instanceof Uint8Array) ||
      h.fed.length !== 32 ||
      typeof h.n !== "number" ||
      !(h.fr instanceof Uint8Array) ||
      (h.for !== undefined && !(h.for instanceof Uint8Array))
    )
      this.fail("header");
    let frontier: FrontierEntry[];
    try {
      frontier = decodeFrontier(h.fr as Uint8Array, 10_000_000);
    } catch (e) {
      if (e instanceof SyncFailure) this.fail("header-frontier");
      throw e;
    }
    this.header = {
      federation: toHex(h.fed as Uint8Array),
      count: h.n as number,
      frontier,
      forDigest: (h.for as Uint8Array | undefined) ?? null,
    };
    return this.header;
  }

  /** Yields the events (wire form) in batches of up to `size`; checks the trailer at the end. */
  async *batches(size = 2_000): AsyncGenerator<Uint8Array[]> {
    const header = await this.readHeader();
    let batch: Uint8Array[] = [];
    for (;;) {
      const f = await this.nextFrame();
      if (f === null) this.fail("no-trailer");
      if (this.events === header.count) {
        this.checkTrailer(f.bytes, header.count);
        break;
      }
      if (f.bytes.length > MAX_FRAME)
        this.fail("event-too-large", { index: this.events });
      this.hash.update(f.raw);
      this.events++;
      batch.push(f.bytes.slice());
      if (batch.length >= size) {
        yield batch;
        batch = [];
      }
    }
    if (batch.length > 0) yield batch;
  }

  private checkTrailer(bytes: Uint8Array, count: number): void {
    const decoded = decodeCanonical(bytes);
    if (!decoded.ok) this.fail("trailer");
    const t = decoded.value as Record<string, CanonicalValue>;
    if (
      t === null ||
      typeof t !== "object" ||
      t.t !== "end" ||
      t.n !== count ||
      !(t.sha instanceof Uint8Array)
    )
      this.fail("trailer");
    if (toHex(t.sha as Uint8Array) !== toHex(this.hash.digest()))
      this.fail("checksum");
    this.ended = true;
  }

  /** True once the trailer was read and matched. */
  get complete(): boolean {
    return this.ended;
  }
}

/** Encodes a frontier file. */
export function encodeFrontierFile(
  federation: string,
  frontier: readonly FrontierEntry[],
): Uint8Array {
  const w = new ByteWriter();
  w.bytes(FRONTIER_MAGIC);
  w.bytes(
    encodeCanonical({
      t: "frontier",
      v: 1,
      fed: fromHex(federation)!,
      fr: encodeFrontier(frontier),
    }),
  );
  return w.finish();
}

/** Decodes a frontier file; FRONTIER_UNREADABLE for anything else. */
export function decodeFrontierFile(bytes: Uint8Array): {
  federation: string;
  frontier: FrontierEntry[];
} {
  const fail = (reason: string): never =>
    syncFail("FRONTIER_UNREADABLE", { reason });
  if (
    bytes.length < FRONTIER_MAGIC.length ||
    toHex(bytes.subarray(0, FRONTIER_MAGIC.length)) !== toHex(FRONTIER_MAGIC)
  )
    fail("not-a-frontier");
  const decoded = decodeCanonical(bytes.subarray(FRONTIER_MAGIC.length));
  if (!decoded.ok) return fail(decoded.error.code);
  const m = decoded.value as Record<string, CanonicalValue>;
  if (
    m === null ||
    typeof m !== "object" ||
    m.t !== "frontier" ||
    m.v !== 1 ||
    !(m.fed instanceof Uint8Array) ||
    m.fed.length !== 32 ||
    !(m.fr instanceof Uint8Array)
  )
    fail("fields");
  try {
    return {
      federation: toHex(m.fed as Uint8Array),
      frontier: decodeFrontier(m.fr as Uint8Array, 10_000_000),
    };
  } catch (e) {
    if (e instanceof SyncFailure) return fail("entries");
    throw e;
  }
}

/** A whole bundle in memory (tests, small exports). */
export async function bundleBytes(
  source: SyncSource,
  options: {
    readonly for?: readonly FrontierEntry[] | null;
    readonly scope?: Scope;
  } = {},
): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  await writeBundle(
    source,
    (c) => {
      parts.push(c.slice());
    },
    options,
  );
  const w = new ByteWriter();
  for (const p of parts) w.bytes(p);
  return w.finish();
}

/** Chunks of a byte array, as a bundle reader takes them. */
export async function* chunksOf(
  bytes: Uint8Array,
  size = 1 << 16,
): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < bytes.length; i += size)
    yield bytes.subarray(i, i + size);
}

/**
 * Imports a bundle: checks the federation (a replica holding one refuses another; an empty
 * replica takes the bundle's, unless `federation` pins another), then ingests the events
 * batch by batch through the one pipeline and checks the trailer.
 */
export async function importBundle(
  source: SyncSource,
  chunks: AsyncIterable<Uint8Array>,
  options: {
    readonly federation?: string | null;
    readonly peer?: string;
    readonly onProgress?: (
      done: number,
      total: number,
      report: SyncReport,
    ) => void;
  } = {},
): Promise<{ header: BundleHeader; report: SyncReport }> {
  const reader = new BundleReader(chunks);
  const header = await reader.readHeader();
  const expected = source.federation ?? options.federation ?? null;
  if (expected !== null && expected !== header.federation)
    syncFail("FEDERATION_MISMATCH", { expected, got: header.federation });
  if (source.federation === null) await source.pinFederation(header.federation);
  const report = emptySyncReport();
  let done = 0;
  for await (const batch of reader.batches()) {
    addIngest(report, await source.ingest(batch, options.peer ?? "bundle"));
    done += batch.length;
    options.onProgress?.(done, header.count, report);
  }
  return { header, report };
}
