/**
 * @module The hub: one replica served to many clients. It owns the write path (verify, gate,
 * rate-limit, group commit), the login sessions, the live feed, and the per-scope indexes and
 * per-key read sets readers need. It never holds a member's private key: every write is an
 * event a client signed. What anyone reads is decided by core's `readableScopes`
 * (read/viewer.ts), nothing else.
 */
import {
  decodeWireEvent,
  type Hosted,
  type KengesError,
  membersOfKey,
  type SignedEvent,
  withheldEvents,
} from "../core/index.js";
import type { KeyPair } from "../crypto/index.js";
import type { Replica } from "../replica/index.js";
import type { HubTables } from "../store/index.js";
import { defaultOrigins, normalOrigin } from "./auth/hub-origins.js";
import { KeyStanding } from "./auth/key-standing.js";
import { Sessions } from "./auth/sessions.js";
import type { HubConfig } from "./config.js";
import { type EventOutcome, GroupCommitter } from "./group-commit.js";
import { HubError } from "./hub-error.js";
import { LiveFeed } from "./live/live-feed.js";
import { FederationShape } from "./read/shape.js";
import { type Viewer, viewerOf } from "./read/viewer.js";
import { StoreFollower } from "./store-follower.js";
import {
  SECRET_BALLOT_SOURCE,
  SecretBallotBatch,
} from "./write/secret-ballot-batch.js";
import { HELD_BACK, WriteGate, type WriteOrigin } from "./write/write-gate.js";

/**
 * Types that never change who reads or takes part where: adding one keeps every cached
 * read set. Anything else — and any rewind of the fold, which may re-judge earlier events —
 * drops them.
 */
const SHAPE_NEUTRAL = new Set([
  "ballot.cast",
  "comment.posted",
  "heads.merged",
  "motion.opened",
  "motion.withdrawn",
  "action.answered",
  // A meeting changes who is present, never who reads or takes part.
  "meeting.convened",
  "meeting.item-proposed",
  "meeting.agenda-set",
  "meeting.item-opened",
  "meeting.checked-in",
  "meeting.checked-out",
  "meeting.speaker-requested",
  "meeting.speaker-withdrawn",
  "meeting.floor-given",
  "meeting.speaking-time-set",
  "meeting.closed",
]);

/** How often a hub sharing a database prunes the shared tables, in ms. */
const SHARED_PRUNE_MS = 60_000;

/** The door keys of meetings kept where the hub runs (its data directory). */
export interface DoorKeys {
  /** The secret of a meeting's door key by its public half (hex), or null when this hub has none. */
  load(door: string): KeyPair | null;
  /** Makes a fresh door key and keeps it, for a meeting a chair is about to convene here. */
  create(): KeyPair;
}

/** What a post of events got: one outcome per event, in order. */
export interface PostResult {
  readonly results: readonly EventOutcome[];
}

export class Hub {
  readonly sessions: Sessions;
  /** Keys revoked or frozen by a fork: they sign in nowhere here, by HTTP or by sync. */
  readonly standing: KeyStanding;
  readonly live: LiveFeed;
  readonly committer: GroupCommitter;
  /** The scopes this hub serves. */
  readonly hosted: Hosted;
  /** The one write gate every road in passes (post, sync, peers). */
  readonly gate: WriteGate;
  /** Secret ballots waiting to be committed in a shuffled batch. */
  readonly secretBallots: SecretBallotBatch;
  /**
   * The door keys of meetings convened from this hub's data directory (write/meeting-door.ts),
   * set by whoever opened that directory (`kenges serve`); null: this hub signs no passes.
   */
  doorKeys: DoorKeys | null = null;
  /** Bumped when an added event may change who reads or takes part where. */
  private structureVersion = 0;
  private shapeCache: { version: number; shape: FederationShape } | null = null;
  private readonly viewerCache = new Map<string | null, Viewer>();
  private viewerCacheVersion = -1;
  /** Scope → causal-index numbers of its events, in arrival order. */
  private readonly eventsByScope = new Map<string, number[]>();
  private rewindsSeen = 0;
  private memoSize = -1;
  private readonly memos = new Map<string, unknown>();
  private flushTimer: NodeJS.Timeout | null = null;
  private withheldCache: { at: string; ids: ReadonlySet<string> } | null = null;
  /** Folds what other processes store in the same database (null: this hub owns its store). */
  private follower: StoreFollower | null = null;
  /**
   * The tables shared with the other hubs over the same database: sessions and request
   * limits (null: this hub keeps them in its memory).
   */
  shared: HubTables | null = null;
  private pruneTimer: NodeJS.Timeout | null = null;

  constructor(
    readonly replica: Replica,
    readonly config: HubConfig,
    readonly identity: {
      readonly hub: string;
      readonly fingerprint: string | null;
    },
  ) {
    const l = config.limits;
    this.hosted = config.hosted === null ? "all" : new Set(config.hosted);
    this.standing = new KeyStanding(replica.fold);
    this.sessions = new Sessions({
      federation: () => replica.federation ?? "",
      hub: identity.hub,
      fingerprint: identity.fingerprint,
      origins: this.originsOn(config.port),
      standing: this.standing,
      actsForMember: (key) => {
        // A key that never signed here and is registered for no one is a stranger, known
        // without computing what it reads: a flood of fresh keys costs a lookup each.
        if (
          replica.fold.index.findKey(key) < 0 &&
          membersOfKey(replica.fold, key).size === 1
        )
          return false;
        const v = this.viewer(key);
        return v.takesPart.size > 0 || v.coordinator;
      },
      challengeTtlMs: config.challengeTtlMs,
      sessionTtlMs: config.sessionTtlMs,
      maxChallenges: l.challenges,
      maxSessions: l.sessions,
      maxStrangerSessions: Math.floor(l.sessions * l.strangerSessionShare),
      sessionsPerKey: l.sessionsPerKey,
      rates: {
        memberKey: {
          perMinute: l.memberSignInsPerMinute,
          burst: l.memberSignInBurst,
        },
        strangerAddress: {
          perMinute: l.strangerSignInsPerMinute,
          burst: l.strangerSignInBurst,
        },
        strangers: {
          perMinute: l.hubStrangerSignInsPerMinute,
          burst: l.hubStrangerSignInBurst,
        },
      },
    });
    this.gate = new WriteGate(
      {
        fold: replica.fold,
        get federation() {
          return replica.federation;
        },
        viewer: (key) => this.viewer(key),
        isSecretBallotWaiting: (key, id) =>
          this.secretBallots.isOtherWaiting(key, id),
      },
      l,
    );
    this.live = new LiveFeed({
      maxClients: l.sockets,
      viewerOf: (key) => this.viewer(key),
      events: (viewer) => this.eventCount(viewer),
      sessionLive: (token) => this.sessions.session(token) !== null,
    });
    this.committer = new GroupCommitter(replica, {
      maxQueued: l.commitQueue,
      delayMs: l.commitDelayMs,
      onCommitted: (ids) => this.committed(ids),
    });
    this.secretBallots = new SecretBallotBatch(this.committer, {
      size: config.secretBallots.batchSize,
      delayMs: config.secretBallots.batchMs,
    });
    this.indexEvents(0);
    this.rewindsSeen = replica.fold.stats.rewinds;
    this.flushTimer = setInterval(() => {
      void this.replica.flush().catch(() => {});
    }, config.flushIntervalMs);
    this.flushTimer.unref();
  }

  /**
   * The origins sign-ins may be bound to when the hub listens on `port`: the configured ones,
   * else what it listens on. Throws on a configured value that is not an origin (a usage bug).
   */
  originsOn(port: number): string[] {
    if (this.config.origins === null)
      return defaultOrigins(this.config.host, port, this.config.tls);
    return this.config.origins.map((o) => {
      const origin = normalOrigin(o);
      if (origin === null) throw new Error(`not an origin: ${o}`);
      return origin;
    });
  }

  /** The federation id this hub serves. */
  get federation(): string {
    return this.replica.federation ?? "";
  }

  /** The federation's shape in the present, rebuilt only when it may have changed. */
  shape(): FederationShape {
    if (this.shapeCache?.version !== this.structureVersion)
      this.shapeCache = {
        version: this.structureVersion,
        shape: new FederationShape(this.replica.fold),
      };
    return this.shapeCache.shape;
  }

  /**
   * What a proven key (or an outsider, for null) may read now: computed by core's
   * `readableScopes` once per change of the federation's shape.
   */
  viewer(key: string | null): Viewer {
    if (this.viewerCacheVersion !== this.structureVersion) {
      this.viewerCache.clear();
      this.viewerCacheVersion = this.structureVersion;
    }
    let v = this.viewerCache.get(key);
    if (v === undefined) {
      if (this.viewerCache.size > 10_000) this.viewerCache.clear();
      v = viewerOf(this.replica.fold, key, this.hosted);
      this.viewerCache.set(key, v);
    }
    return v;
  }

  /**
   * Events served to trusted peers only (core's `withheldEvents`: revoked and frozen keys'
   * events nothing else depends on); HTTP serves no peer, so every listing leaves them out.
   */
  withheld(): ReadonlySet<string> {
    const fold = this.replica.fold;
    const at = `${fold.size} ${fold.stats.rewinds} ${fold.state.invalid.size}`;
    if (this.withheldCache?.at !== at)
      this.withheldCache = { at, ids: withheldEvents(fold) };
    return this.withheldCache.ids;
  }

  /** Causal-index numbers of a scope's events, oldest first. */
  eventsOf(scope: string): readonly number[] {
    return this.eventsByScope.get(scope) ?? [];
  }

  /** How many events the viewer may read here: the only event count a viewer is told. */
  eventCount(viewer: Viewer): number {
    let n = 0;
    for (const s of viewer.reads) n += this.eventsByScope.get(s)?.length ?? 0;
    return n;
  }

  /**
   * A value computed at most once per fold size (read projections that cost more than a
   * lookup and do not depend on the viewer, such as the roll-up of a call).
   */
  memo<T>(key: string, compute: () => T): T {
    const size = this.replica.fold.size;
    if (this.memoSize !== size) {
      this.memos.clear();
      this.memoSize = size;
    }
    if (this.memos.has(key)) return this.memos.get(key) as T;
    const value = compute();
    if (this.memos.size < 1000) this.memos.set(key, value);
    return value;
  }

  /** Indexes events from causal-index number `from` on; returns the scopes they are in. */
  private indexEvents(from: number): Set<string> {
    const fold = this.replica.fold;
    const index = fold.index;
    const scopes = new Set<string>();
    for (let i = from; i < index.size; i++) {
      const scope = index.scopeIdOf(i);
      let list = this.eventsByScope.get(scope);
      if (list === undefined) this.eventsByScope.set(scope, (list = []));
      list.push(i);
      scopes.add(scope);
      if (!SHAPE_NEUTRAL.has(fold.typeOf(index.ids[i]!)!))
        this.structureVersion++;
    }
    if (fold.stats.rewinds !== this.rewindsSeen) {
      this.rewindsSeen = fold.stats.rewinds;
      this.structureVersion++;
    }
    return scopes;
  }

  /**
   * Follows the store's appends when other processes may write it (several hubs over one
   * PostgreSQL database): what they store is folded here and announced on this hub's live
   * feed as if posted here. Call once, before listening.
   */
  async followStore(): Promise<void> {
    this.follower = await StoreFollower.start(this.replica, this.committer, {
      folded: (sizeBefore) => this.added(sizeBefore),
    });
    const tables = this.replica.store.hubTables?.() ?? null;
    if (tables === null) return;
    await this.sessions.share(tables);
    this.shared = tables;
    // Expired sessions and challenges, and buckets full again, go: any process may prune.
    this.pruneTimer = setInterval(() => {
      void tables.prune(Date.now()).catch(() => {});
    }, SHARED_PRUNE_MS);
    this.pruneTimer.unref();
  }

  /** Catch-ups of other processes' appends so far (null: this hub follows none). */
  get followed(): StoreFollower["stats"] | null {
    return this.follower?.stats ?? null;
  }

  private committed(ids: readonly string[]): void {
    this.added(this.replica.fold.size - ids.length);
  }

  /** Indexes and announces the events the fold holds from causal-index number `from` on. */
  private added(from: number): void {
    this.live.changed(this.indexEvents(from));
    // A revocation or a fork just folded ends the key's sessions, live sockets included.
    const ended = this.sessions.endBarred();
    if (ended.length > 0) this.live.endSessions(ended);
  }

  /** Decodes wire-form events and posts them; undecodable bytes count against the client. */
  async postWire(
    items: readonly Uint8Array[],
    client: string,
  ): Promise<PostResult> {
    const limited = this.gate.checkClient(client);
    if (limited) throw new HubError(limited.code, { ...limited.details });
    const events: SignedEvent[] = [];
    for (let i = 0; i < items.length; i++) {
      const decoded = decodeWireEvent(items[i]!);
      if (!decoded.ok) {
        this.gate.chargeRefused(client);
        throw new HubError(decoded.error.code, {
          ...decoded.error.details,
          index: i,
        });
      }
      events.push(decoded.value);
    }
    return this.post(events, client);
  }

  /**
   * Posts client-signed events through the write gate (validity, the write rule, the rate
   * limits) and commits them with everyone else's; a post is refused whole with the first
   * refusal. Resolves once committed.
   */
  async post(
    events: readonly SignedEvent[],
    client: string,
  ): Promise<PostResult> {
    const limited = this.gate.checkClient(client);
    if (limited) throw new HubError(limited.code, { ...limited.details });
    const verdicts = this.gate.admit(
      events,
      { address: client, peer: null },
      { whole: true },
    );
    const refused = verdicts.findIndex((v) => !v.ok && v !== HELD_BACK);
    const v = verdicts[refused];
    if (v !== undefined && !v.ok)
      throw new HubError(
        v.error.code,
        v.error.code === "RATE_LIMITED"
          ? { ...v.error.details }
          : { ...v.error.details, id: events[refused]!.id },
      );
    const sources = verdicts.map((r) => (r.ok ? r.source : "post"));
    const results = await this.commit(events, sources);
    return { results };
  }

  /**
   * Events that arrived by sync (or from a peer): each passes the same gate as a post; the
   * refused ones are answered with their code and never reach the store.
   */
  async admitSynced(
    events: readonly SignedEvent[],
    origin: WriteOrigin,
  ): Promise<EventOutcome[]> {
    const verdicts = this.gate.admit(events, origin);
    const passed: SignedEvent[] = [];
    const sources: string[] = [];
    verdicts.forEach((v, i) => {
      if (!v.ok) return;
      passed.push(events[i]!);
      sources.push(v.source);
    });
    const committed =
      passed.length > 0 ? await this.commit(passed, sources) : [];
    const byId = new Map(committed.map((r) => [r.id, r]));
    return verdicts.map((v, i) => {
      const id = events[i]!.id;
      if (!v.ok)
        return { id, outcome: "rejected", invalid: null, rejection: v.error };
      return byId.get(id)!;
    });
  }

  /**
   * Commits events the gate passed: secret ballots (from clients; a trusted peer's come in the
   * order its own batches gave them) wait for a shuffled batch, the rest go to the group
   * committer at once. One outcome per event, in the order given.
   */
  private async commit(
    events: readonly SignedEvent[],
    sources: readonly string[],
  ): Promise<EventOutcome[]> {
    // A ballot held already (a client's resend) waits for nothing: it is stored nothing new.
    const fold = this.replica.fold;
    const isBallot = sources.map(
      (s, i) => s === SECRET_BALLOT_SOURCE && !fold.has(events[i]!.id),
    );
    const ballots = events.filter((_, i) => isBallot[i]);
    if (ballots.length === 0) return this.committer.submit(events, sources);
    const others = events.filter((_, i) => !isBallot[i]);
    const [held, rest] = await Promise.all([
      this.secretBallots.hold(ballots),
      others.length > 0
        ? this.committer.submit(
            others,
            sources.filter((_, i) => !isBallot[i]),
          )
        : Promise.resolve([]),
    ]);
    let b = 0;
    let o = 0;
    return events.map((_, i) => (isBallot[i] ? held[b++]! : rest[o++]!));
  }

  /** The first invalidity among outcomes, for callers that want one answer. */
  static firstInvalid(results: readonly EventOutcome[]): KengesError | null {
    for (const r of results) if (r.invalid) return r.invalid;
    return null;
  }

  /** Stops the timers and closes the replica (saving the fold). */
  async close(): Promise<void> {
    if (this.flushTimer) clearInterval(this.flushTimer);
    this.flushTimer = null;
    if (this.pruneTimer) clearInterval(this.pruneTimer);
    this.pruneTimer = null;
    // Kept (closed) for its counters: a benchmark reads them after the hub stopped.
    await this.follower?.close();
    // Ballots still waiting are committed: their posters are answered, nothing is dropped.
    await this.secretBallots.commitNow();
    await this.replica.close();
  }
}
