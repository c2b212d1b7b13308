/**
 * @module The hub: one replica served to many clients. It owns the write path (verify, gate,
 * rate-limit, group commit), the login sessions, the live feed and the indexes readers need.
 * It never holds a member's private key: every write is an event a client signed.
 */
import {
  checkEvent,
  decodeWireEvent,
  EVENT_HANDLERS,
  type KengesError,
  type SignedEvent,
} from "../core/index.js";
import { toHex } from "../crypto/index.js";
import type { Replica } from "../replica/index.js";
import { Sessions } from "./auth/sessions.js";
import type { HubConfig } from "./config.js";
import { type EventOutcome, GroupCommitter } from "./group-commit.js";
import { HubError } from "./hub-error.js";
import { LiveFeed } from "./live/live-feed.js";
import { RateLimiter } from "./rate-limiter.js";
import { payloadMap, scopeOfEvent } from "./read/event-scope.js";
import { FederationIndex } from "./read/federation-index.js";
import { canSee, OUTSIDER, type Viewer, viewerOf } from "./read/viewer.js";

/** Types that change no one's membership, seat, rules or links: adding them keeps the index. */
const SHAPE_NEUTRAL = new Set([
  "ballot.cast",
  "comment.posted",
  "heads.merged",
  "motion.opened",
  "motion.withdrawn",
  "action.answered",
  "demand.forwarded",
  "event.redacted",
]);

/** Types a key that is no member here may post: asking to join, or to continue after a lost key. */
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
  readonly live: LiveFeed;
  readonly committer: GroupCommitter;
  private readonly keyLimiter: RateLimiter;
  private readonly joinLimiter: RateLimiter;
  private readonly refusedLimiter: RateLimiter;
  /** Bumped when an added event may change who belongs where. */
  private structureVersion = 0;
  private indexCache: { version: number; index: FederationIndex } | null = null;
  private readonly viewerCache = new Map<string, Viewer>();
  private viewerCacheVersion = -1;
  /** Body → causal-index numbers of the events that concern it, in arrival order. */
  private readonly eventsByBody = new Map<string, number[]>();
  private hashCache: { size: number; hash: string } | null = null;
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
    this.sessions = new Sessions({
      federation: () => replica.federation ?? "",
      hub: identity.hub,
      challengeTtlMs: config.challengeTtlMs,
      sessionTtlMs: config.sessionTtlMs,
      maxChallenges: l.challenges,
      maxSessions: l.sessions,
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
      canSee: (viewer, body) => canSee(viewer, this.index(), body),
      events: () => this.replica.fold.size,
    });
    this.committer = new GroupCommitter(replica, {
      maxQueued: l.commitQueue,
      delayMs: l.commitDelayMs,
      onCommitted: (ids) => this.committed(ids),
    });
    this.indexEvents(0);
    this.flushTimer = setInterval(() => {
      void this.replica.flush().catch(() => {});
    }, config.flushIntervalMs);
    this.flushTimer.unref();
  }

  /** The federation id this hub serves. */
  get federation(): string {
    return this.replica.federation ?? "";
  }

  /** The federation's shape in the present, rebuilt only when it may have changed. */
  index(): FederationIndex {
    if (this.indexCache?.version !== this.structureVersion)
      this.indexCache = {
        version: this.structureVersion,
        index: new FederationIndex(this.replica.fold),
      };
    return this.indexCache.index;
  }

  /** What a proven key (or an outsider, for null) may read now. */
  viewer(key: string | null): Viewer {
    if (key === null) return OUTSIDER;
    if (this.viewerCacheVersion !== this.structureVersion) {
      this.viewerCache.clear();
      this.viewerCacheVersion = this.structureVersion;
    }
    let v = this.viewerCache.get(key);
    if (v === undefined) {
      if (this.viewerCache.size > 10_000) this.viewerCache.clear();
      v = viewerOf(this.index(), key);
      this.viewerCache.set(key, v);
    }
    return v;
  }

  /** The state hash, computed at most once per fold size. */
  stateHash(): string {
    const size = this.replica.fold.size;
    if (this.hashCache?.size !== size)
      this.hashCache = { size, hash: this.replica.stateHash() };
    return this.hashCache.hash;
  }

  /**
   * A value computed at most once per fold size (read projections that cost more than a
   * lookup, such as the roll-up of a call).
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

  /** Causal-index numbers of the events concerning a body, oldest first. */
  eventsOf(body: string): readonly number[] {
    return this.eventsByBody.get(body) ?? [];
  }

  private indexEvents(from: number): {
    bodies: Set<string>;
    calls: Map<string, string>;
    members: Set<string>;
  } {
    const fold = this.replica.fold;
    const state = fold.state;
    const ids = fold.index.ids;
    const bodies = new Set<string>();
    const calls = new Map<string, string>();
    const members = new Set<string>();
    for (let i = from; i < ids.length; i++) {
      const id = ids[i]!;
      const type = fold.typeOf(id)!;
      const payload = payloadMap(fold.payloadOf(id));
      for (const b of scopeOfEvent(state, id, type, payload)) {
        let list = this.eventsByBody.get(b);
        if (list === undefined) this.eventsByBody.set(b, (list = []));
        list.push(i);
        bodies.add(b);
      }
      if (type === "action.answered" && typeof payload?.call === "string") {
        const council = state.calls.get(payload.call)?.council;
        if (council) calls.set(payload.call, council);
      }
      if (
        type === "member.admission-endorsed" &&
        typeof payload?.request === "string"
      ) {
        const requester = state.joinRequests.get(payload.request)?.member;
        if (requester) members.add(requester);
      }
      if (type === "vote.closed" && typeof payload?.motion === "string") {
        const m = state.motions.get(payload.motion);
        if (m?.subject?.kind === "admission") {
          const requester = state.joinRequests.get(m.subject.request)?.member;
          if (requester) members.add(requester);
        }
      }
      if (!SHAPE_NEUTRAL.has(type)) this.structureVersion++;
      // A close may issue a call: councils below must hear of it.
      if (type === "vote.closed") this.structureVersion++;
    }
    return { bodies, calls, members };
  }

  private committed(ids: readonly string[]): void {
    const from = this.replica.fold.size - ids.length;
    const { bodies, calls, members } = this.indexEvents(from);
    this.live.changed(bodies, calls, members);
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
   * Posts client-signed events: checks each (bytes, payload, signature), lets keys that are
   * no member here post only join and rotation requests (rate-limited per address), limits
   * each member key's rate, then commits them with everyone else's. Resolves once committed.
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
    const index = this.index();
    const state = this.replica.fold.state;
    const perKey = new Map<string, number>();
    for (const e of events) {
      const author = toHex(e.envelope.author);
      perKey.set(author, (perKey.get(author) ?? 0) + 1);
      const member = state.keys.get(author)?.member ?? author;
      const belongs =
        (index.bodiesOf.get(member)?.size ?? 0) > 0 ||
        (index.seatsOf.get(member)?.length ?? 0) > 0 ||
        index.isCoordinator(member);
      if (!belongs && !OUTSIDER_TYPES.has(e.envelope.type))
        throw new HubError("WRITE_NOT_ALLOWED", {
          id: e.id,
          type: e.envelope.type,
        });
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
