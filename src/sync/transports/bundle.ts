/**
 * @module Bundles for the sneakernet (docs/sync.md, "Bundles"): a file holding the events of
 * the scopes its reader may read — those a peer's frontiers do not cover, or all of them —
 * parents first, behind a header naming the federation and the writer's frontier of each
 * scope, and closed by a trailer with the count and a SHA-256 of everything before it — so a
 * truncated or damaged stick is noticed. Importing goes through the one ingest pipeline:
 * idempotent, any order, any number of times. Frontier files tell a writer what a reader
 * already has.
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
} from "../frontier.js";
import { compareKeys, type SortKey } from "../sort-key.js";
import { SyncFailure, syncFail } from "../sync-error.js";
import { addIngest, emptySyncReport, type SyncReport } from "../sync-report.js";
import type { SyncStore, SyncViewLike } from "../sync-store.js";

/** The first bytes of every bundle file (format 2: scopes). */
export const BUNDLE_MAGIC = utf8("kenges-bundle/2\n");
/** The first bytes of every frontier file (format 2: scopes). */
export const FRONTIER_MAGIC = utf8("kenges-frontier/2\n");
const BUNDLE_FAMILY = "kenges-bundle/";
const FRONTIER_FAMILY = "kenges-frontier/";

/** One scope's frontier (a chain per key signing there). */
export interface ScopeFrontier {
  readonly scope: string;
  readonly frontier: readonly FrontierEntry[];
}

/** What a bundle's header says. */
export interface BundleHeader {
  readonly federation: string;
  /** Events in the bundle. */
  readonly count: number;
  /** The writer's frontier of each scope the bundle covers, when it wrote it. */
  readonly frontiers: readonly ScopeFrontier[];
  /** The digest of the frontiers it was written for, or null for "everything". */
  readonly forDigest: Uint8Array | null;
}

/** A list of scope frontiers as canonical data (sorted by scope). */
function frontiersValue(list: readonly ScopeFrontier[]): CanonicalValue {
  return [...list]
    .sort((a, b) => (a.scope < b.scope ? -1 : 1))
    .map((x) => ({ id: fromHex(x.scope)!, fr: encodeFrontier(x.frontier) }));
}

/** Reads a list of scope frontiers; null when it is not one (ascending scopes, valid entries). */
function frontiersFrom(
  value: CanonicalValue | undefined,
): ScopeFrontier[] | null {
  if (!Array.isArray(value)) return null;
  const out: ScopeFrontier[] = [];
  for (const x of value) {
    if (x === null || typeof x !== "object" || Array.isArray(x)) return null;
    const m = x as Record<string, CanonicalValue>;
    if (Object.keys(m).length !== 2) return null;
    if (!(m.id instanceof Uint8Array) || m.id.length !== 32) return null;
    if (!(m.fr instanceof Uint8Array)) return null;
    const scope = toHex(m.id);
    if (out.length > 0 && scope <= out[out.length - 1]!.scope) return null;
    try {
      out.push({ scope, frontier: decodeFrontier(m.fr, 10_000_000) });
    } catch (e) {
      if (e instanceof SyncFailure) return null;
      throw e;
    }
  }
  return out;
}

/** The digest of a list of scope frontiers (a bundle names the one it was written for). */
export function frontiersDigest(list: readonly ScopeFrontier[]): Uint8Array {
  return frontierDigestOfBytes(encodeCanonical(frontiersValue(list)));
}

function frontierDigestOfBytes(bytes: Uint8Array): Uint8Array {
  return sha256Stream(bytes).subarray(0, 16);
}

/** Each scope of a view with its frontier. */
export function frontiersOf(view: SyncViewLike): ScopeFrontier[] {
  return view.scopes().map((scope) => ({
    scope,
    frontier: view.scope(scope).frontier(),
  }));
}

const MAX_FRAME = 65_536 + 256;
const MAX_HEADER = 64 * 1024 * 1024;

/**
 * The events of a view that the given frontiers do not cover (all of them without any; all
 * of a scope the frontiers do not name), parents first.
 */
export function keysNotCoveredBy(
  view: SyncViewLike,
  since: readonly ScopeFrontier[] | null,
): SortKey[] {
  const theirs = new Map(
    (since ?? []).map((x) => [
      x.scope,
      new Map(x.frontier.map((e) => [e.author, e.seq])),
    ]),
  );
  const out: SortKey[] = [];
  for (const scope of view.scopes()) {
    const items = view.scope(scope);
    const known = since === null ? undefined : theirs.get(scope);
    if (known === undefined) {
      out.push(...items.index.keys(0, items.index.size));
      continue;
    }
    for (const mine of items.frontier()) {
      const seq = known.get(mine.author) ?? 0;
      if (mine.seq > seq) out.push(...items.eventsAfter(mine.author, seq));
    }
  }
  return out.sort(compareKeys);
}

function frame(w: ByteWriter, bytes: Uint8Array): void {
  w.varint(bytes.length);
  w.bytes(bytes);
}

/** What a bundle holds. */
export interface BundleOptions {
  /** The scopes its reader may read (`SyncStore.readableScopes`); default every one held. */
  readonly readable?: ReadonlySet<string> | "all";
  /** The reader's frontiers (a frontier file): only what they do not cover. */
  readonly since?: readonly ScopeFrontier[] | null;
  /** Leave out events kept for peers only (a bundle for a member's key, not a peer's). */
  readonly withhold?: boolean;
}

/**
 * Writes a bundle through `sink` (called with chunks in order). Returns the header written.
 */
export async function writeBundle(
  source: SyncStore,
  sink: (chunk: Uint8Array) => void | Promise<void>,
  options: BundleOptions = {},
): Promise<BundleHeader> {
  const federation = source.federation;
  if (federation === null) syncFail("SYNC_PEER_ERROR", { reason: "empty" });
  const view = source.view(options.readable ?? "all", {
    withhold: options.withhold === true,
  });
  const since = options.since ?? null;
  const keys = keysNotCoveredBy(view, since);
  const frontiers = frontiersOf(view);
  const forDigest = since ? frontiersDigest(since) : null;
  const header: Record<string, CanonicalValue> = {
    t: "bundle",
    v: 2,
    fed: fromHex(federation)!,
    n: keys.length,
    s: frontiersValue(frontiers),
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
  return { federation, count: keys.length, frontiers, forDigest };
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
    if (toHex(magic) !== toHex(BUNDLE_MAGIC))
      this.fail(
        startsWithText(magic, BUNDLE_FAMILY) ? "version" : "not-a-bundle",
      );
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
      h.v !== 2 ||
      !(h.fed instanceof Uint8Array) ||
      h.fed.length !== 32 ||
      typeof h.n !== "number" ||
      (h.for !== undefined && !(h.for instanceof Uint8Array))
    )
      this.fail("header");
    const frontiers = frontiersFrom(h.s);
    if (frontiers === null) this.fail("header-frontier");
    this.header = {
      federation: toHex(h.fed as Uint8Array),
      count: h.n as number,
      frontiers,
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

function startsWithText(bytes: Uint8Array, text: string): boolean {
  const t = utf8(text);
  return (
    bytes.length >= t.length && toHex(bytes.subarray(0, t.length)) === toHex(t)
  );
}

/** Encodes a frontier file: the frontier of each scope a replica holds. */
export function encodeFrontierFile(
  federation: string,
  frontiers: readonly ScopeFrontier[],
): Uint8Array {
  const w = new ByteWriter();
  w.bytes(FRONTIER_MAGIC);
  w.bytes(
    encodeCanonical({
      t: "frontier",
      v: 2,
      fed: fromHex(federation)!,
      s: frontiersValue(frontiers),
    }),
  );
  return w.finish();
}

/** Decodes a frontier file; FRONTIER_UNREADABLE for anything else (a format-1 file: reason "version"). */
export function decodeFrontierFile(bytes: Uint8Array): {
  federation: string;
  frontiers: ScopeFrontier[];
} {
  const fail = (reason: string): never =>
    syncFail("FRONTIER_UNREADABLE", { reason });
  if (
    bytes.length < FRONTIER_MAGIC.length ||
    toHex(bytes.subarray(0, FRONTIER_MAGIC.length)) !== toHex(FRONTIER_MAGIC)
  )
    fail(startsWithText(bytes, FRONTIER_FAMILY) ? "version" : "not-a-frontier");
  const decoded = decodeCanonical(bytes.subarray(FRONTIER_MAGIC.length));
  if (!decoded.ok) return fail(decoded.error.code);
  const m = decoded.value as Record<string, CanonicalValue>;
  if (
    m === null ||
    typeof m !== "object" ||
    Object.keys(m).length !== 4 ||
    m.t !== "frontier" ||
    m.v !== 2 ||
    !(m.fed instanceof Uint8Array) ||
    m.fed.length !== 32
  )
    fail("fields");
  const frontiers = frontiersFrom(m.s);
  if (frontiers === null) return fail("entries");
  return { federation: toHex(m.fed as Uint8Array), frontiers };
}

/** A whole bundle in memory (tests, small exports). */
export async function bundleBytes(
  source: SyncStore,
  options: BundleOptions = {},
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
  source: SyncStore,
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
