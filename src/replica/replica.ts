/**
 * @module A replica: a store plus the fold over it. Everything that enters goes through
 * one pipeline — check → quarantine (missing parents) → store → fold — whether it comes
 * from the CLI, the hub, a peer or a USB bundle. Idempotent and order-free.
 */

import {
  checkEvent,
  decodeEnvelope,
  decodeWireEvent,
  EVENT_HANDLERS,
  type EventDraft,
  eventFromParts,
  FoldEngine,
  type FoldInput,
  foldInputOf,
  type KengesError,
  planMerges,
  type Result,
  SCOPE_FOUNDING_TYPES,
  type SignedEvent,
  type Snapshot,
  signEvent,
} from "../core/index.js";
import {
  type CanonicalValue,
  encodeCanonical,
  type KeyPair,
  toHex,
} from "../crypto/index.js";
import {
  PAYLOAD_CHANGES_META,
  type QuarantinedEvent,
  type Store,
  type StoredEvent,
  type UnsignedStoredEvent,
} from "../store/index.js";
import { foldCodeVersion } from "./fold-code-version.js";
import {
  decodeFoldImage,
  encodeFoldImage,
  type FoldImageProvenance,
  type FoldImageRefusal,
} from "./fold-image-codec.js";
import type { FoldImageStore } from "./fold-image-file.js";
import {
  CHECKSUM_SEAL,
  piecesToChunks,
  SavedPieces,
} from "./fold-image-pieces.js";
import { emptyReport, type IngestReport } from "./ingest-report.js";
import { depsWithoutSecretBallots } from "./secret-ballot-deps.js";
import type { SignaturePool } from "./signature-pool.js";

/** How one ingest goes. */
export interface IngestOptions {
  /**
   * All or nothing (a bundle): when any event is refused, nothing is stored and the fold is
   * left as it was; the report lists the refusals. Orphans still wait in quarantine.
   */
  readonly whole?: boolean;
}

export interface ReplicaOptions {
  /** Most events one source may leave waiting in quarantine. */
  readonly quarantinePerSource?: number;
  /**
   * Most events in quarantine from one kind of source (the part of the source name before
   * its first ":", e.g. `outsider:<address>`, `member:<key>`, `peer:<key>`): a flood from
   * outsiders fills only the outsiders' share, never the one members' events wait in.
   */
  readonly quarantineTotal?: number;
  /** How long an event may wait in quarantine for its parents, in ms (default 24 hours). */
  readonly quarantineTtlMs?: number;
  /** Verifies signatures of large batches on worker threads. */
  readonly pool?: SignaturePool;
  /** Local clock (ms), for quarantine arrival times only. */
  readonly now?: () => number;
  /**
   * Where the events this replica signs go when another process writes its store (a hub
   * holding the data directory): `sign` hands them over instead of storing them, and keeps
   * them only when the writer committed them (null), else takes them back and returns why.
   */
  readonly publish?: (
    events: readonly SignedEvent[],
  ) => Promise<KengesError | null>;
  /**
   * Where the fold image is kept: opening restores it (checked against the store) instead of
   * refolding every event, and flush saves it (docs/architecture.md, "The saved fold image").
   */
  readonly image?: FoldImageStore;
  /**
   * Least time between two image saves by {@link Replica.flush}, in ms (default 0: every
   * flush that follows a change). A hub flushes every few seconds and sets this higher: an
   * image a little stale still restores, with the events after it folded on top. close()
   * always saves.
   */
  readonly imageIntervalMs?: number;
}

/** How a replica's fold came to be when it opened (for logs, benchmarks and tests). */
export interface FoldOrigin {
  /** "restored": from the saved image (plus `folded` events stored after it); "refolded": every event. */
  readonly how: "restored" | "refolded";
  /** Why the image was not used, when refolded ("NONE": there was none, "IO": it could not be read). */
  readonly refusal: FoldImageRefusal | "NONE" | "IO" | null;
  /** Events folded from the store (all of them when refolded, those after the image when restored). */
  readonly folded: number;
}

const META_FEDERATION = "federation";
const SCAN_BATCH = 20_000;
const MAX_REJECTIONS_LISTED = 100;

/** The kind of a quarantine source: its name up to the first ":" (`outsider:1.2.3.4` → `outsider`). */
function sourceKind(source: string): string {
  const colon = source.indexOf(":");
  return colon < 0 ? source : source.slice(0, colon);
}

/** The fold's view of a stored event, trusting the store's id (see Replica.open). */
function storedFoldInput(s: UnsignedStoredEvent): FoldInput | null {
  const env = decodeEnvelope(s.envelope);
  if (!env.ok) return null;
  const e = env.value;
  return {
    id: s.id,
    author: toHex(e.author),
    scope: e.scope === null ? s.id : toHex(e.scope),
    seq: e.seq,
    kseq: e.kseq,
    prev: e.prev === null ? null : toHex(e.prev),
    deps: e.deps.map(toHex),
    time: e.time,
    type: e.type,
    payload: s.payload,
    checked: true,
  };
}

function storedOf(e: SignedEvent): StoredEvent {
  return {
    id: e.id,
    envelope: e.envelopeBytes,
    signature: e.signature,
    payload: e.payloadBytes,
  };
}

/** A stored event does not decode: the store was damaged behind the replica's back. */
export class StoreCorruptError extends Error {
  readonly code = "STORE_CORRUPT";
  constructor(
    readonly event: string,
    readonly reason: string,
  ) {
    super(`stored event ${event} is damaged (${reason})`);
    this.name = "StoreCorruptError";
  }
}

export class Replica {
  private engine = new FoldEngine(EVENT_HANDLERS);
  private federationId: string | null = null;
  /** The store position up to which every stored event is in the fold. */
  private coveredTo = 0;
  /**
   * The store position up to which {@link catchUp} looked at every stored event: the ones
   * other processes stored (PostgreSQL) are folded once they are read from the store.
   */
  private seenTo = 0;
  private lastImageAt = Number.NEGATIVE_INFINITY;
  /** The restored image's pieces, while the fold may still ask for a table it has not read. */
  private savedPieces: SavedPieces | null = null;
  /** A piece of the restored image did not open when the fold first wanted it. */
  private imageDamaged = false;
  /** True when the fold changed since the image was saved (or there is none). */
  private imageStale = false;
  private originOf: FoldOrigin = {
    how: "refolded",
    refusal: "NONE",
    folded: 0,
  };
  /** Quarantine index: missing parent id → ids waiting for it. */
  private readonly waitingFor = new Map<string, Set<string>>();
  private readonly quarantineBySource = new Map<string, number>();
  private readonly quarantineByKind = new Map<string, number>();
  private quarantineSize = 0;
  /** Quarantined id → its source and arrival time (for shares and expiry). */
  private readonly quarantinedIds = new Map<
    string,
    { source: string; receivedAt: number }
  >();
  private lastExpirySweep = 0;
  /** Kseq reservations of this session that the store could not take (see reserveKseq). */
  private readonly heldKseq = new Map<string, number>();
  private readonly redactionsDone = new Set<string>();
  private dirty = false;

  private constructor(
    readonly store: Store,
    private readonly options: ReplicaOptions,
  ) {}

  /**
   * Opens a replica over a store: restores the saved fold image when it matches the store
   * (folding on top the events stored after it), else reads every event and folds them.
   */
  static async open(
    store: Store,
    options: ReplicaOptions = {},
  ): Promise<Replica> {
    const replica = new Replica(store, options);
    replica.federationId = await store.getMeta(META_FEDERATION);
    const restored = await replica.restoreImage();
    if (restored.how === "refolded") await replica.refold();
    replica.originOf =
      restored.how === "restored"
        ? restored
        : { ...restored, folded: replica.engine.size };
    for (const id of replica.engine.state.redactions.keys())
      replica.redactionsDone.add(id);
    replica.seenTo = replica.coveredTo;
    for (const q of await store.quarantined()) replica.indexQuarantined(q);
    replica.imageStale = replica.originOf.folded > 0;
    // An image is saved after the conclusion it was flushed with: restored with nothing on
    // top, the saved conclusion is this fold's (and reading it back costs what the restore does).
    replica.dirty =
      replica.imageStale ||
      (restored.how === "refolded" &&
        (await store.loadFold())?.events !== replica.engine.size);
    return replica;
  }

  /** The fold over the store. */
  get fold(): FoldEngine {
    return this.engine;
  }

  /** How the fold came to be when the replica opened. */
  get origin(): FoldOrigin {
    return this.originOf;
  }

  /** Reads stored events after a position and folds them (import mode: one pass for many). */
  private async foldFrom(after: number, bulk: boolean): Promise<number> {
    // The store holds only events that passed every check when they arrived, so opening it
    // decodes envelopes without re-hashing or re-verifying (kenges verify does all of that).
    let count = 0;
    if (bulk) this.engine.beginImport();
    for (;;) {
      const { events, last } = await this.store.scanUnsigned(after, SCAN_BATCH);
      const inputs: FoldInput[] = [];
      for (const s of events) {
        const input = storedFoldInput(s);
        if (input === null)
          throw new StoreCorruptError(s.id, "ENVELOPE_INVALID");
        inputs.push(input);
      }
      if (inputs.length > 0) count += this.engine.add(inputs).added.length;
      after = last;
      if (events.length < SCAN_BATCH) break;
    }
    if (bulk) this.engine.endImport();
    this.coveredTo = after;
    return count;
  }

  /** Folds every stored event from nothing. */
  private async refold(): Promise<void> {
    this.engine = new FoldEngine(EVENT_HANDLERS);
    await this.foldFrom(0, true);
  }

  /**
   * Restores the saved fold image when it was made from this store by this code, then folds
   * the events stored after it. Anything amiss — no image, damage, other code, a store whose
   * events or payloads changed other than by appends, any error — and the fold is left for a
   * full refold: a bad image is never trusted.
   */
  private async restoreImage(): Promise<FoldOrigin> {
    const source = this.options.image;
    const refused = (why: FoldOrigin["refusal"]): FoldOrigin => ({
      how: "refolded",
      refusal: why,
      folded: 0,
    });
    if (source === undefined) return refused("NONE");
    let pieces: SavedPieces | null = null;
    try {
      const file = await source.open();
      if (file === null) return refused("NONE");
      const read = SavedPieces.read(file, source.seal ?? CHECKSUM_SEAL);
      if (typeof read === "string") return refused(read);
      pieces = read;
      const decoded = decodeFoldImage(pieces, foldCodeVersion());
      if (!decoded.ok) {
        pieces.close();
        return refused(decoded.why);
      }
      const { provenance: p, fold } = decoded.value;
      const changes = Number(
        (await this.store.getMeta(PAYLOAD_CHANGES_META)) ?? "0",
      );
      if (
        p.federation !== this.federationId ||
        p.payloadChanges !== changes ||
        (await this.idAt(p.last)) !== p.lastId
      )
        return refused("STORE_CHANGED");
      const engine = FoldEngine.fromImage(EVENT_HANDLERS, fold);
      if (engine === null || engine.size !== p.events) return refused("TABLES");
      this.engine = engine;
      // Events stored after the image (by another process, or before a crash): on top.
      const folded = await this.foldFrom(p.last, false);
      // Every stored event up to `last` was in the image, every later one is now folded (or
      // was already held): equal counts mean the fold holds exactly the stored events.
      if (engine.size !== (await this.store.count())) {
        this.engine = new FoldEngine(EVENT_HANDLERS);
        return refused("STORE_CHANGED");
      }
      // A redaction folded on top names an event whose payload the store already dropped
      // (the image's own redactions had dropped theirs before it was taken).
      if (folded > 0)
        for (const target of engine.state.redactions.keys())
          if (engine.payloadOf(target) !== null) engine.dropPayload(target);
      this.savedPieces = pieces;
      return { how: "restored", refusal: null, folded };
    } catch (e) {
      if (this.savedPieces !== pieces) pieces?.close();
      if (e instanceof StoreCorruptError) throw e;
      this.engine = new FoldEngine(EVENT_HANDLERS);
      return refused("IO");
    }
  }

  /** The id of the stored event at a position (null for position 0 or none there). */
  private async idAt(position: number): Promise<string | null> {
    if (position <= 0) return null;
    const { events, last } = await this.store.scanUnsigned(position - 1, 1);
    return last === position ? (events[0]?.id ?? null) : null;
  }

  /**
   * Saves the fold image: the engine as plain data, with the store position it covers. The
   * covered position moves on over the events this replica stored since; it stops at the
   * first stored event the fold does not hold (another process's, folded on the next open).
   */
  private async saveImage(): Promise<void> {
    const target = this.options.image;
    if (target === undefined || !target.writable) return;
    if (this.imageDamaged || this.savedPieces?.damaged) {
      // A table of the restored image did not open: the fold is missing it, so no image is
      // taken from this fold again; the damaged one goes, and the next open refolds.
      if (!this.imageDamaged) await target.erase();
      this.imageDamaged = true;
      this.savedPieces?.close();
      this.savedPieces = null;
      return;
    }
    let after = this.coveredTo;
    scan: for (;;) {
      const { events, last } = await this.store.scanUnsigned(after, SCAN_BATCH);
      for (let k = 0; k < events.length; k++) {
        if (!this.engine.has(events[k]!.id)) {
          if (k > 0) after = await this.positionAfter(after, k);
          break scan;
        }
      }
      after = last;
      if (events.length < SCAN_BATCH) break;
    }
    this.coveredTo = after;
    const provenance: FoldImageProvenance = {
      events: this.engine.size,
      last: after,
      lastId: await this.idAt(after),
      payloadChanges: Number(
        (await this.store.getMeta(PAYLOAD_CHANGES_META)) ?? "0",
      ),
      federation: this.federationId,
    };
    await target.write(
      piecesToChunks(
        encodeFoldImage(this.engine.toImage(), provenance, foldCodeVersion()),
        target.seal ?? CHECKSUM_SEAL,
      ),
    );
    // Taking the image read every table: nothing more is wanted from the restored file.
    this.savedPieces?.close();
    this.savedPieces = null;
    this.imageStale = false;
    this.lastImageAt = this.options.now?.() ?? Date.now();
  }

  /** The position of the k-th stored event after a position (k ≥ 1). */
  private async positionAfter(after: number, k: number): Promise<number> {
    return (await this.store.scanUnsigned(after, k)).last;
  }

  /** The signature worker pool, when the replica has one. */
  get pool(): SignaturePool | undefined {
    return this.options.pool;
  }

  /** The federation id (the genesis event id), or null for an empty replica. */
  get federation(): string | null {
    return this.federationId;
  }

  /**
   * Fixes the federation of a replica that holds none yet, before its genesis arrives (a
   * bundle or a peer may deliver later events first; they wait in quarantine until the
   * genesis comes). Does nothing when the replica already holds this federation; refuses
   * another (FEDERATION_MISMATCH).
   */
  async pinFederation(id: string): Promise<KengesError | null> {
    if (this.federationId === id) return null;
    if (this.federationId !== null)
      return {
        code: "FEDERATION_MISMATCH",
        details: { expected: this.federationId, got: id },
      };
    this.federationId = id;
    await this.store.setMeta(META_FEDERATION, id);
    return null;
  }

  get quarantined(): number {
    return this.quarantineSize;
  }

  private indexQuarantined(q: QuarantinedEvent): void {
    for (const m of q.missing) {
      let set = this.waitingFor.get(m);
      if (set === undefined) this.waitingFor.set(m, (set = new Set()));
      set.add(q.id);
    }
    this.quarantineBySource.set(
      q.source,
      (this.quarantineBySource.get(q.source) ?? 0) + 1,
    );
    const kind = sourceKind(q.source);
    this.quarantineByKind.set(kind, (this.quarantineByKind.get(kind) ?? 0) + 1);
    this.quarantineSize++;
    this.quarantinedIds.set(q.id, {
      source: q.source,
      receivedAt: q.receivedAt,
    });
  }

  /** Forgets a quarantined event in the in-memory index (the store is the caller's). */
  private unindexQuarantined(id: string): void {
    const q = this.quarantinedIds.get(id);
    if (q === undefined) return;
    this.quarantinedIds.delete(id);
    this.quarantineSize--;
    const n = (this.quarantineBySource.get(q.source) ?? 1) - 1;
    if (n > 0) this.quarantineBySource.set(q.source, n);
    else this.quarantineBySource.delete(q.source);
    const kind = sourceKind(q.source);
    this.quarantineByKind.set(kind, (this.quarantineByKind.get(kind) ?? 1) - 1);
  }

  /** The store position up to which every stored event has been looked at ({@link catchUp}). */
  get seenPosition(): number {
    return this.seenTo;
  }

  /**
   * Folds the events other processes stored since the last look (a store several processes
   * write: PostgreSQL), read in storage order — a causal order, since every process stores
   * parents before children — and releases this replica's quarantined events they were
   * waiting for. Events this replica stored itself are skipped (held already). Returns the
   * ids newly folded. The caller runs it between ingests (GroupCommitter.between): an event
   * staged but not yet stored must not meet the same event read back from the store.
   */
  async catchUp(): Promise<string[]> {
    // Another process may have stored the genesis of a replica that held none.
    if (this.federationId === null)
      this.federationId = await this.store.getMeta(META_FEDERATION);
    const folded: string[] = [];
    let after = this.seenTo;
    for (;;) {
      const { events, last } = await this.store.scanUnsigned(after, SCAN_BATCH);
      const inputs: FoldInput[] = [];
      for (const s of events) {
        if (this.engine.has(s.id)) continue;
        const input = storedFoldInput(s);
        if (input === null)
          throw new StoreCorruptError(s.id, "ENVELOPE_INVALID");
        inputs.push(input);
      }
      if (inputs.length > 0) {
        const result = this.engine.add(inputs);
        folded.push(...result.added);
        // A parent not held cannot happen in storage order; should it, the batch is read
        // again next time rather than skipped for good.
        if (result.missing.size > 0) break;
      }
      after = last;
      this.seenTo = last;
      if (events.length < SCAN_BATCH) break;
    }
    if (folded.length === 0) return folded;
    this.dirty = this.imageStale = true;
    await this.applyRedactions();
    const report = emptyReport();
    await this.releaseWaiting(new Set(folded), report);
    return folded;
  }

  /**
   * Drops quarantined events that waited longer than the time to live: parents that never
   * came (an outsider's orphans) must not hold a source's share for ever. The waiting index
   * keeps stale ids, which release skips.
   */
  async expireQuarantine(): Promise<number> {
    const now = this.options.now?.();
    if (now === undefined) return 0;
    const ttl = this.options.quarantineTtlMs ?? 24 * 3_600_000;
    const expired: string[] = [];
    for (const [id, q] of this.quarantinedIds)
      if (q.receivedAt + ttl <= now) expired.push(id);
    this.lastExpirySweep = now;
    if (expired.length === 0) return 0;
    await this.store.release(expired);
    for (const id of expired) this.unindexQuarantined(id);
    return expired.length;
  }

  /** Decodes wire-form events and ingests them; undecodable ones are counted as rejected. */
  async ingestWire(
    items: readonly Uint8Array[],
    source = "local",
    options: IngestOptions = {},
  ): Promise<IngestReport> {
    const events: SignedEvent[] = [];
    const undecodable: IngestReport["rejections"] = [];
    for (const [index, bytes] of items.entries()) {
      const e = decodeWireEvent(bytes);
      if (e.ok) events.push(e.value);
      else
        undecodable.push({
          id: null,
          code: e.error.code,
          details: { ...e.error.details, index },
        });
    }
    if (options.whole && undecodable.length > 0) {
      const report = emptyReport();
      report.rejected = undecodable.length;
      report.rejections.push(...undecodable.slice(0, MAX_REJECTIONS_LISTED));
      return report;
    }
    const report = await this.ingest(events, source, undefined, options);
    report.rejected += undecodable.length;
    report.rejections.unshift(...undecodable.slice(0, MAX_REJECTIONS_LISTED));
    report.rejections.length = Math.min(
      report.rejections.length,
      MAX_REJECTIONS_LISTED,
    );
    return report;
  }

  /**
   * Checks, stores and folds events in any order. Events whose parents are missing wait in
   * quarantine (capped per source) and are released when the parents arrive.
   */
  async ingest(
    events: readonly SignedEvent[],
    source: string | ((id: string) => string) = "local",
    verified?: readonly boolean[],
    options: IngestOptions = {},
  ): Promise<IngestReport> {
    const report = emptyReport();
    const reject = (id: string | null, error: KengesError) => {
      report.rejected++;
      if (report.rejections.length < MAX_REJECTIONS_LISTED)
        report.rejections.push({
          id,
          code: error.code,
          details: { ...error.details },
        });
    };
    // A genesis fixes the federation of an empty replica.
    let federation = this.federationId;
    if (federation === null) {
      const genesis = events.find((e) => e.envelope.fed === null);
      if (genesis) federation = genesis.id;
    }
    const fresh: SignedEvent[] = [];
    const repairs: SignedEvent[] = [];
    const seen = new Set<string>();
    for (const e of events) {
      if (seen.has(e.id) || this.fold.has(e.id)) {
        report.duplicate++;
        if (e.payloadBytes !== null && this.fold.has(e.id)) repairs.push(e);
        continue;
      }
      seen.add(e.id);
      fresh.push(e);
    }
    let signatureOk: readonly boolean[] | null = null;
    if (verified !== undefined) {
      // Verified ahead (ingestBatches): map the results onto the fresh events.
      const byId = new Map(events.map((e, i) => [e.id, verified[i] === true]));
      signatureOk = fresh.map((e) => byId.get(e.id) === true);
    } else if (this.options.pool && fresh.length >= 512)
      signatureOk = await this.options.pool.verify(fresh);
    const accepted: SignedEvent[] = [];
    for (let i = 0; i < fresh.length; i++) {
      const e = fresh[i]!;
      if (signatureOk && !signatureOk[i]) {
        reject(e.id, { code: "SIGNATURE_INVALID", details: {} });
        continue;
      }
      const checked = checkEvent(e, EVENT_HANDLERS, {
        federation,
        signatureChecked: signatureOk !== null,
        payloadPending: true,
      });
      if (!checked.ok) reject(e.id, checked.error);
      else accepted.push(e);
    }
    // All or nothing: one refused event and nothing of the rest is stored either.
    if (options.whole && report.rejected > 0) return report;
    for (const e of repairs) await this.repairPayload(e);
    if (accepted.length === 0) return report;
    if (this.federationId === null && federation !== null) {
      this.federationId = federation;
      await this.store.setMeta(META_FEDERATION, federation);
    }
    await this.admit(
      accepted,
      typeof source === "string" ? () => source : source,
      report,
      options.whole === true,
    );
    return report;
  }

  /**
   * Ingests a stream of batches, verifying the signatures of the next batch on the worker
   * threads while the main thread stores and folds the current one.
   */
  async ingestBatches(
    batches:
      | Iterable<readonly SignedEvent[]>
      | AsyncIterable<readonly SignedEvent[]>,
    source = "local",
    onBatch?: (report: IngestReport) => void,
    options: { import?: boolean } = {},
  ): Promise<IngestReport> {
    const total = emptyReport();
    const pool = this.options.pool;
    const sizeBefore = this.fold.size;
    // A large import folds once at the end instead of after every batch.
    if (options.import) this.fold.beginImport();
    let current: {
      events: readonly SignedEvent[];
      verified: Promise<boolean[]> | null;
    } | null = null;
    const finish = async () => {
      if (current === null) return;
      const verified = current.verified ? await current.verified : undefined;
      const r = await this.ingest(current.events, source, verified);
      for (const k of [
        "added",
        "duplicate",
        "invalid",
        "rejected",
        "quarantined",
        "released",
      ] as const)
        total[k] += r[k];
      if (total.rejections.length < MAX_REJECTIONS_LISTED)
        total.rejections.push(
          ...r.rejections.slice(
            0,
            MAX_REJECTIONS_LISTED - total.rejections.length,
          ),
        );
      onBatch?.(total);
    };
    try {
      for await (const events of batches) {
        const next = { events, verified: pool ? pool.verify(events) : null };
        await finish();
        current = next;
      }
      await finish();
    } finally {
      if (options.import) {
        this.fold.endImport();
        // Events are indexed in arrival order: the new ones are at the end of the index.
        total.invalid = 0;
        for (const id of this.fold.index.ids.slice(sizeBefore))
          if (this.fold.invalidReason(id)) total.invalid++;
        await this.applyRedactions();
      }
    }
    return total;
  }

  /**
   * Orders accepted events parents-first, quarantines orphans, checks the chain and scope
   * rules against their parents (the fold stages them), stores what passed and folds it.
   * A store that refuses the write leaves the fold as it was.
   */
  private async admit(
    accepted: readonly SignedEvent[],
    sourceOf: (id: string) => string,
    report: IngestReport,
    whole = false,
  ): Promise<void> {
    const byId = new Map(accepted.map((e) => [e.id, e]));
    const ready: SignedEvent[] = [];
    const readyIds = new Set<string>();
    const isPresent = (id: string) => readyIds.has(id) || this.fold.has(id);
    let pending = [...accepted];
    for (;;) {
      const next: SignedEvent[] = [];
      for (const e of pending) {
        const input = foldInputOf(e);
        const parents =
          input.prev === null ? input.deps : [input.prev, ...input.deps];
        if (parents.every(isPresent)) {
          ready.push(e);
          readyIds.add(e.id);
        } else next.push(e);
      }
      if (next.length === pending.length) {
        pending = next;
        break;
      }
      pending = next;
    }
    // Every event here passed checkEvent (schema included) before it was accepted.
    const staged = this.fold.stage(
      ready.map((e) => ({ ...foldInputOf(e), checked: true })),
    );
    for (const [id, error] of staged.rejected) {
      report.rejected++;
      if (report.rejections.length < MAX_REJECTIONS_LISTED)
        report.rejections.push({
          id,
          code: error.code,
          details: { ...error.details },
        });
    }
    if (whole && staged.rejected.size > 0) {
      this.fold.abortStaged();
      return;
    }
    // Events that depend on a refused event are orphans: they wait like any other.
    const orphans = [
      ...pending,
      ...[...staged.missing.keys()].map((id) => byId.get(id)!),
    ];
    const added = staged.added.map((id) => byId.get(id)!);
    try {
      if (added.length > 0) await this.store.append(added.map(storedOf));
    } catch (error) {
      this.fold.abortStaged();
      throw error;
    }
    this.fold.commitStaged();
    const addedIds = new Set(staged.added);
    if (orphans.length > 0)
      await this.putInQuarantine(orphans, sourceOf, report, (id) =>
        this.fold.has(id),
      );
    if (added.length === 0) return;
    report.added += added.length;
    for (const id of staged.added)
      if (this.fold.invalidReason(id)) report.invalid++;
    this.dirty = this.imageStale = true;
    await this.applyRedactions();
    await this.releaseWaiting(addedIds, report);
  }

  private async putInQuarantine(
    orphans: readonly SignedEvent[],
    sourceOf: (id: string) => string,
    report: IngestReport,
    isPresent: (id: string) => boolean,
  ): Promise<void> {
    const perSource = this.options.quarantinePerSource ?? 10_000;
    const total = this.options.quarantineTotal ?? 100_000;
    const now = this.options.now?.() ?? 0;
    const ttl = this.options.quarantineTtlMs ?? 24 * 3_600_000;
    if (this.options.now && now - this.lastExpirySweep >= ttl / 24)
      await this.expireQuarantine();
    const put: QuarantinedEvent[] = [];
    const usedBySource = new Map<string, number>();
    const usedByKind = new Map<string, number>();
    for (const e of orphans) {
      if (this.quarantinedIds.has(e.id)) {
        report.duplicate++;
        continue;
      }
      const source = sourceOf(e.id);
      const kind = sourceKind(source);
      const used =
        usedBySource.get(source) ?? this.quarantineBySource.get(source) ?? 0;
      const usedOfKind =
        usedByKind.get(kind) ?? this.quarantineByKind.get(kind) ?? 0;
      if (used >= perSource || usedOfKind >= total) {
        report.rejected++;
        if (report.rejections.length < MAX_REJECTIONS_LISTED)
          report.rejections.push({
            id: e.id,
            code: "QUARANTINE_FULL",
            details: {
              source,
              limit: used >= perSource ? perSource : total,
            },
          });
        continue;
      }
      const input = foldInputOf(e);
      const parents =
        input.prev === null ? input.deps : [input.prev, ...input.deps];
      const q: QuarantinedEvent = {
        ...storedOf(e),
        missing: parents.filter((p) => !isPresent(p)),
        source,
        receivedAt: now,
      };
      put.push(q);
      usedBySource.set(source, used + 1);
      usedByKind.set(kind, usedOfKind + 1);
    }
    if (put.length === 0) return;
    await this.store.quarantine(put);
    for (const q of put) this.indexQuarantined(q);
    report.quarantined += put.length;
  }

  /** Releases quarantined events whose missing parents have now arrived. */
  private async releaseWaiting(
    arrived: ReadonlySet<string>,
    report: IngestReport,
  ): Promise<void> {
    const candidates = new Set<string>();
    for (const id of arrived) {
      const waiting = this.waitingFor.get(id);
      if (waiting === undefined) continue;
      for (const w of waiting) candidates.add(w);
      this.waitingFor.delete(id);
    }
    if (candidates.size === 0) return;
    const all = await this.store.quarantined();
    const releasable: SignedEvent[] = [];
    const sources = new Map<string, string>();
    for (const q of all) {
      if (!candidates.has(q.id)) continue;
      if (q.missing.some((m) => !this.fold.has(m) && !candidates.has(m)))
        continue;
      const e = eventFromParts(q.envelope, q.signature, q.payload);
      if (e.ok) {
        releasable.push(e.value);
        sources.set(q.id, q.source);
      }
    }
    if (releasable.length === 0) return;
    await this.store.release(releasable.map((e) => e.id));
    for (const e of releasable) this.unindexQuarantined(e.id);
    // Released events wait again, if they must, under the source that sent them.
    const bySource = new Map<string, SignedEvent[]>();
    for (const e of releasable) {
      const s = sources.get(e.id)!;
      let list = bySource.get(s);
      if (list === undefined) bySource.set(s, (list = []));
      list.push(e);
    }
    for (const [s, list] of bySource) await this.admit(list, () => s, report);
    for (const e of releasable) if (this.fold.has(e.id)) report.released++;
  }

  /**
   * A peer offers the payload of an event held without one. Unless a redaction in force
   * removed it, the payload is taken back (checked against the envelope's hash) and the
   * fold re-judges from that event: a redaction it trusted blindly may not hold.
   */
  private async repairPayload(e: SignedEvent): Promise<void> {
    if (this.fold.payloadOf(e.id) !== null) return;
    const stored = await this.store.get(e.id);
    if (stored === null || stored.payload !== null) return;
    const checked = eventFromParts(
      stored.envelope,
      stored.signature,
      e.payloadBytes,
    );
    if (!checked.ok) return;
    await this.store.restorePayload(e.id, e.payloadBytes!);
    this.fold.restorePayload(e.id, e.payloadBytes!);
    this.redactionsDone.delete(e.id);
    this.dirty = this.imageStale = true;
    await this.applyRedactions();
  }

  /** Drops, in the store and the fold, the payloads of events that a valid redaction names. */
  private async applyRedactions(): Promise<void> {
    for (const target of this.fold.state.redactions.keys()) {
      if (this.redactionsDone.has(target)) continue;
      this.redactionsDone.add(target);
      if (this.fold.payloadOf(target) === null) continue;
      await this.store.dropPayload(target);
      this.fold.dropPayload(target);
      // The saved image still holds the payload: wiped now, saved anew at the next flush.
      // The fold may still want tables it has not read from it: read into memory first.
      this.savedPieces?.detach();
      await this.options.image?.erase();
      this.imageStale = true;
    }
  }

  /**
   * The deps a new event of `scope` names by default: the heads of its scope, of every scope
   * above it and of the federation scope (for an event founding a scope: the federation
   * scope's, and for a committee its parent body's and what is above that).
   */
  defaultDeps(scope: string | null, parent: string | null = null): string[] {
    const scopes = new Set<string>();
    if (this.federationId !== null) scopes.add(this.federationId);
    const base = scope ?? parent;
    if (base !== null) {
      scopes.add(base);
      for (const s of this.fold.scopesAbove(base)) scopes.add(s);
    }
    const deps = new Set<string>();
    for (const s of scopes) for (const h of this.fold.headsOf(s)) deps.add(h);
    return [...deps].sort();
  }

  /**
   * Marks every kseq up to `floor` as used by `author` here (a key restored from a backup
   * skips past what its lost device may have signed): the next event it signs here has a
   * higher kseq. Never lowers what is kept. Returns the floor now in force.
   */
  async reserveKseq(author: string, floor: number): Promise<number> {
    const kept = await this.keptKseq(author);
    const next = Math.max(kept, floor);
    if (next <= kept) return next;
    // Signing through the writer (publish), this process cannot write the store: the
    // reservation holds for this session, and the first event signed carries it to the log.
    if (this.options.publish) this.heldKseq.set(author, next);
    else await this.store.setMeta(`kseq:${author}`, String(next));
    return next;
  }

  /** The highest kseq of a key this replica saw or signed (0 for none). */
  async highestKseq(author: string): Promise<number> {
    return Math.max(await this.keptKseq(author), this.fold.topKseq(author));
  }

  /** The next kseq for a key: above every kseq it signed that this replica saw or signed. */
  private async nextKseq(author: string): Promise<number> {
    return (await this.highestKseq(author)) + 1;
  }

  /** The kseq reserved for a key: in the store, or for this session when signing through the writer. */
  private async keptKseq(author: string): Promise<number> {
    const stored = Number((await this.store.getMeta(`kseq:${author}`)) ?? "0");
    return Math.max(stored, this.heldKseq.get(author) ?? 0);
  }

  /**
   * Signs an event as `key` in `scope` (null for an event that founds a scope) on top of
   * the heads of the scope and the scopes above it (merging heads first when there are more
   * than 16), and stores it — unless it is rejected or the fold finds it invalid, in which
   * case nothing is stored and the reason is returned: a failed command leaves no trace.
   * `payloadFor` computes the payload from a draft placed where the event will be (a close
   * states the count of its own causal past).
   */
  async sign(
    key: KeyPair,
    scope: string | null,
    type: string,
    payload: CanonicalValue,
    time: number,
    options: {
      readonly after?: readonly string[];
      readonly payloadFor?: (
        fold: FoldEngine,
        draft: number,
      ) => Result<CanonicalValue>;
    } = {},
  ): Promise<{ event: SignedEvent; error: KengesError | null }> {
    const author = toHex(key.publicKey);
    const isGenesis = type === "federation.created";
    const founding = SCOPE_FOUNDING_TYPES.has(type);
    const federation = isGenesis ? null : this.federationId;
    const head =
      founding || scope === null ? null : this.fold.chainHead(author, scope);
    let seq = (head?.seq ?? 0) + 1;
    let prev = head?.id ?? null;
    let kseq = await this.nextKseq(author);
    const parent =
      type === "body.created"
        ? (((payload as { accountableTo?: unknown } | null)?.accountableTo as
            | string
            | undefined) ?? null)
        : null;
    const wanted = depsWithoutSecretBallots(this.fold, type, [
      ...(isGenesis ? [] : this.defaultDeps(founding ? null : scope, parent)),
      ...(options.after ?? []),
    ]);
    const { merges, deps } = planMerges(
      wanted,
      prev,
      founding || scope === null || prev !== null
        ? []
        : depsWithoutSecretBallots(this.fold, type, this.fold.headsOf(scope)),
    );
    const signed: SignedEvent[] = [];
    if (founding && merges.length > 0)
      return {
        event: signEvent(key, {
          federation,
          scope: null,
          seq,
          kseq,
          prev,
          deps: deps.slice(0, 16),
          time,
          type,
          payload,
        }),
        error: { code: "DEPS_TOO_MANY", details: { count: wanted.length } },
      };
    for (const m of merges) {
      const merge = signEvent(key, {
        federation,
        scope,
        seq,
        kseq,
        prev,
        deps: m,
        time,
        type: "heads.merged",
        payload: {},
      });
      signed.push(merge);
      prev = merge.id;
      seq++;
      kseq++;
    }
    const draft = {
      federation,
      scope: founding ? null : scope,
      seq,
      kseq,
      prev,
      deps,
      time,
      type,
    };
    if (options.payloadFor) {
      // Place a draft (with the merges before it) where the event will be, to compute its payload.
      const computed = this.withDrafts(
        key,
        signed,
        { ...draft, payload },
        options.payloadFor,
      );
      if (!computed.ok)
        return {
          event: signEvent(key, { ...draft, payload }),
          error: computed.error,
        };
      payload = computed.value;
    }
    const event = signEvent(key, { ...draft, payload });
    signed.push(event);
    const error = await this.keepOwn(signed, {
      federation: isGenesis ? null : this.federationId,
    });
    if (error !== null) return { event, error };
    // Through a hub, the hub keeps the counters and the federation of the store it writes.
    if (this.options.publish) return { event, error: null };
    await this.store.setMeta(`kseq:${author}`, String(kseq));
    if (isGenesis) {
      this.federationId = event.id;
      await this.store.setMeta(META_FEDERATION, event.id);
    }
    return { event, error: null };
  }

  /**
   * Keeps events signed here by other means than {@link sign} — a secret ballot, signed by a
   * one-time key with the envelope its rule fixes — exactly as `sign` keeps its own: checked,
   * folded, and stored (or handed to the hub that writes the store) only when the fold finds
   * the last one valid; else nothing is kept and the reason is returned.
   */
  async keepSigned(
    events: readonly SignedEvent[],
  ): Promise<KengesError | null> {
    return this.keepOwn(events, { federation: this.federationId });
  }

  private async keepOwn(
    signed: readonly SignedEvent[],
    options: { readonly federation: string | null },
  ): Promise<KengesError | null> {
    const event = signed.at(-1)!;
    for (const e of signed) {
      const checked = checkEvent(e, EVENT_HANDLERS, {
        federation: options.federation,
      });
      if (!checked.ok) return checked.error;
    }
    const staged = this.fold.stage(signed.map(foldInputOf));
    const refused =
      [...staged.rejected.values()][0] ??
      (staged.added.length !== signed.length
        ? ({
            code: "CHAIN_BROKEN",
            details: { reason: "parents" },
          } as KengesError)
        : null);
    if (refused) {
      this.fold.abortStaged();
      return refused;
    }
    this.fold.commitStaged();
    const error = this.fold.invalidReason(event.id);
    if (error !== null) {
      this.fold.retractLast(signed.map((e) => e.id));
      return error;
    }
    if (this.options.publish) {
      // The writer stores them (and applies redactions, releases quarantine) on its side.
      let refused: KengesError | null;
      try {
        refused = await this.options.publish(signed);
      } catch (failure) {
        this.fold.retractLast(signed.map((e) => e.id));
        throw failure;
      }
      if (refused !== null) {
        this.fold.retractLast(signed.map((e) => e.id));
        return refused;
      }
      return null;
    }
    await this.store.append(signed.map(storedOf));
    this.dirty = this.imageStale = true;
    await this.applyRedactions();
    await this.releaseWaiting(new Set(signed.map((e) => e.id)), emptyReport());
    return null;
  }

  /**
   * Stages the merges signed so far and a draft of the event (with a placeholder payload),
   * runs `payloadFor` on the draft, and takes everything back.
   */
  private withDrafts(
    key: KeyPair,
    merges: readonly SignedEvent[],
    draft: EventDraft,
    payloadFor: (fold: FoldEngine, draft: number) => Result<CanonicalValue>,
  ): Result<CanonicalValue> {
    const placeholder = signEvent(key, draft);
    const staged = this.fold.stage([...merges, placeholder].map(foldInputOf));
    try {
      if (staged.added.length !== merges.length + 1) {
        const why = staged.rejected.get(placeholder.id);
        return {
          ok: false,
          error: why ?? {
            code: "CHAIN_BROKEN",
            details: { reason: "parents" },
          },
        };
      }
      return payloadFor(this.fold, this.fold.index.indexOf(placeholder.id));
    } finally {
      this.fold.abortStaged();
    }
  }

  /** The state as plain data: one scope's, or every held scope's by scope id. */
  snapshot(scope?: string): Snapshot {
    if (scope !== undefined) return this.fold.snapshot(scope);
    return Object.fromEntries(this.fold.snapshots());
  }

  stateHash(): string {
    return this.fold.stateHash();
  }

  /**
   * Saves the fold's conclusion to the store when it changed, and the fold image (at most
   * once per `imageIntervalMs`, always when `final`).
   */
  async flush(options: { final?: boolean } = {}): Promise<void> {
    if (this.dirty) {
      const snapshot = this.snapshot();
      const invalid = [...this.fold.state.invalid.entries()]
        .map(([id, e]) => ({ id, code: e.code }))
        .sort((a, b) => (a.id < b.id ? -1 : 1));
      const bytes = encodeCanonical(snapshot);
      await this.store.saveFold({
        events: this.fold.size,
        stateHash: this.fold.stateHash(),
        snapshot: bytes,
        invalid,
      });
      this.dirty = false;
    }
    const now = this.options.now?.() ?? Date.now();
    if (
      this.imageStale &&
      (options.final === true ||
        now - this.lastImageAt >= (this.options.imageIntervalMs ?? 0))
    ) {
      try {
        await this.saveImage();
      } catch {
        // The image only saves time: when it cannot be written (a full disk), the next open
        // refolds, and the command that changed the fold has already succeeded.
      }
    }
  }

  async close(): Promise<void> {
    try {
      if (this.savedPieces?.damaged) {
        // A table of the restored image did not open: the fold lacks it, so nothing is
        // concluded from it; the image goes, and the next open refolds.
        await this.saveImage();
      } else await this.flush({ final: true });
    } finally {
      this.savedPieces?.close();
      this.savedPieces = null;
      await this.store.close();
    }
  }
}
