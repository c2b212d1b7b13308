/**
 * @module The hub: one replica served to many clients. It owns the write path (verify, gate,
 * rate-limit, group commit), the login sessions, the live feed, and the per-scope indexes and
 * per-key read sets readers need. It never holds a member's private key: every write is an
 * event a client signed. What anyone reads is decided by core's `readableScopes`
 * (read/viewer.ts), nothing else.
 */
import {
  checkEvent,
  decodeWireEvent,
  EVENT_HANDLERS,
  type Hosted,
  type KengesError,
  membersOfKey,
  SCOPE_FOUNDING_TYPES,
  type SignedEvent,
} from "../core/index.js";
import { toHex } from "../crypto/index.js";
import type { Replica } from "../replica/index.js";
import { defaultOrigins, normalOrigin } from "./auth/hub-origins.js";
import { KeyStanding } from "./auth/key-standing.js";
import { Sessions } from "./auth/sessions.js";
import type { HubConfig } from "./config.js";
import { type EventOutcome, GroupCommitter } from "./group-commit.js";
import { HubError } from "./hub-error.js";
import { LiveFeed } from "./live/live-feed.js";
import { RateLimiter } from "./rate-limiter.js";
import { FederationShape } from "./read/shape.js";
import { type Viewer, viewerOf } from "./read/viewer.js";

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
]);

/**
 * Types a key may post into a scope it does not read: asking to join, or to continue after
 * a lost key. Such an event may depend only on the scope's founding event, the federation
 * scope and events the key may read (its own among them).
 */
const OUTSIDER_TYPES = new Set([
  "member.join-requested",
  "key.rotation-requested",
]);

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
  private readonly keyLimiter: RateLimiter;
  private readonly joinLimiter: RateLimiter;
  private readonly refusedLimiter: RateLimiter;
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
    this.keyLimiter = new RateLimiter(l.keyEventsPerSecond, l.keyBurst);
    this.joinLimiter = new RateLimiter(l.joinsPerMinute / 60, l.joinBurst);
    this.refusedLimiter = new RateLimiter(
      l.refusedPerMinute / 60,
      l.refusedBurst,
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

  private committed(ids: readonly string[]): void {
    const from = this.replica.fold.size - ids.length;
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
    if (!this.refusedLimiter.has(client))
      throw new HubError("RATE_LIMITED", {
        retryAfter: this.refusedLimiter.retryAfter(client),
      });
    const events: SignedEvent[] = [];
    for (let i = 0; i < items.length; i++) {
      const decoded = decodeWireEvent(items[i]!);
      if (!decoded.ok) {
        this.refusedLimiter.charge(client);
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
   * Whether the author may post this event here, given the scopes founded earlier in the same
   * post. A member posts into scopes it reads; anyone may ask to join a scope, naming nothing
   * of it but its founding event. A held parent in a scope the author may not read refuses the
   * event just as a scope it may not read does: the hub answers nothing about such scopes.
   */
  private mayPost(
    e: SignedEvent,
    author: Viewer,
    founded: ReadonlySet<string>,
  ): boolean {
    const env = e.envelope;
    const fold = this.replica.fold;
    const fed = fold.federationScope;
    const founding = SCOPE_FOUNDING_TYPES.has(env.type);
    const scope = env.scope === null ? e.id : toHex(env.scope);
    const reads = (s: string | null) =>
      s !== null && (s === fed || author.reads.has(s) || founded.has(s));
    const belongs = author.takesPart.size > 0 || author.coordinator;
    let parentOk: (id: string) => boolean;
    if (OUTSIDER_TYPES.has(env.type))
      parentOk = (id) =>
        id === scope ||
        (fold.has(id) &&
          (reads(fold.scopeOf(id)) ||
            fold.chainSlot(id)?.author === author.key));
    else if (founding || (belongs && reads(scope)))
      parentOk = (id) => !fold.has(id) || reads(fold.scopeOf(id));
    else return false;
    const parents = env.prev === null ? env.deps : [env.prev, ...env.deps];
    return parents.every((p) => parentOk(toHex(p))) && (!founding || belongs);
  }

  /**
   * Posts client-signed events: checks each (bytes, payload, signature), lets a key post only
   * into scopes it reads (keys that are no member here: only join and rotation requests,
   * rate-limited per address), limits each member key's rate, then commits them with
   * everyone else's. Resolves once committed.
   */
  async post(
    events: readonly SignedEvent[],
    client: string,
  ): Promise<PostResult> {
    if (!this.refusedLimiter.has(client))
      throw new HubError("RATE_LIMITED", {
        retryAfter: this.refusedLimiter.retryAfter(client),
      });
    const federation = this.replica.federation;
    for (const e of events) {
      const checked = checkEvent(e, EVENT_HANDLERS, { federation });
      if (!checked.ok) {
        this.refusedLimiter.charge(client);
        throw new HubError(checked.error.code, {
          ...checked.error.details,
          id: e.id,
        });
      }
    }
    const perKey = new Map<string, number>();
    const founded = new Set<string>();
    for (const e of events) {
      const author = toHex(e.envelope.author);
      perKey.set(author, (perKey.get(author) ?? 0) + 1);
      const viewer = this.viewer(author);
      if (!this.mayPost(e, viewer, founded))
        throw new HubError("WRITE_NOT_ALLOWED", {
          id: e.id,
          type: e.envelope.type,
        });
      if (SCOPE_FOUNDING_TYPES.has(e.envelope.type)) founded.add(e.id);
      const belongs = viewer.takesPart.size > 0 || viewer.coordinator;
      if (!belongs && !this.joinLimiter.take(client))
        throw new HubError("RATE_LIMITED", {
          retryAfter: this.joinLimiter.retryAfter(client),
        });
    }
    for (const [key, n] of perKey)
      if (!this.keyLimiter.take(key, n))
        throw new HubError("RATE_LIMITED", {
          retryAfter: this.keyLimiter.retryAfter(key, n),
        });
    const results = await this.committer.submit(events);
    return { results };
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
    await this.replica.close();
  }
}
