/**
 * @module The offline machinery, loaded when a key is unlocked (never on the first page):
 * the key's database, the sealed read cache, the outbox and the folded copy.
 *
 * - An action is signed on this device in its scope into the outbox (outbox.ts), then the
 *   outbox is sent (`POST /api/events`, parents first). The hub's ingest is idempotent and
 *   order-free, so sending again after a lost answer is safe. What the hub cannot be reached
 *   for waits: sent again on the browser's `online` event, when the page becomes visible, when the
 *   live feed opens again after a drop, as soon as the hub answers again when it could not be
 *   reached at all (hub-return.ts), and on a timer that backs off from 2 s to 5 s while the
 *   page is in view (to a minute while hidden) — the back-off is for a hub that answers "later".
 * - The copy (replica.ts) syncs with the hub over HTTP as the member's key — so it receives
 *   exactly the member's scopes — after unlock, after the outbox delivered something, and
 *   every few minutes; it folds what it holds, and pages check the hub against it
 *   (local-checks.ts).
 * - A close states its result: counted here on the close's own deps when the copy holds
 *   them, otherwise the hub's count, checked here when the copy can.
 */
import i18next from "i18next";
import {
  demandClaim,
  restoredKseqFloor,
  waitingKey,
} from "../../../src/core/index.js";
import {
  type CanonicalValue,
  type KeyPair,
  toHex,
} from "../../../src/crypto/index.js";
import { SyncFailure, syncWith } from "../../../src/sync/browser.js";
import {
  ApiError,
  api,
  refreshReads,
  sessionToken,
  setReadCache,
} from "../api/client.js";
import { onLiveChange, onLiveReconnect } from "../api/live.js";
import type {
  HeadsView,
  HubInfo,
  MotionView,
  PostResult,
  PostResults,
} from "../api/types.js";
import { countCloseOn } from "./close-count.js";
import {
  committed,
  deleteDatabase,
  keepSendableCount,
  openDatabase,
} from "./db.js";
import { watchForHub } from "./hub-return.js";
import { localChecks } from "./local-checks.js";
import { setLocalChecks } from "./local-fold.js";
import { type Basis, Outbox, type OutboxItem, pendingOf } from "./outbox.js";
import { PageCache } from "./page-cache.js";
import { BrowserReplica } from "./replica.js";
import { depsWithoutSecretBallots } from "./secret-ballot-deps.js";
import { SecretBallots } from "./secret-ballots.js";
import { seenKey, setSeenMarks } from "./seen.js";
import { SeenStore } from "./seen-store.js";
import {
  type OutboxNotice,
  offlineStatus,
  setOfflineStatus,
} from "./status.js";
import { hubTransport } from "./transport.js";
import { Vault } from "./vault.js";

/** Actions a member may take while the hub is unreachable (the rest need the hub's answer). */
export const OFFLINE_TYPES: ReadonlySet<string> = new Set([
  "ballot.cast",
  // Tokens for a secret vote can be asked for offline; the registrars answer when they can.
  "token.requested",
  "comment.posted",
  "member.admission-endorsed",
  "action.answered",
  "attestation.made",
  // In a hall whose Wi-Fi drops: asking to speak, proposing an item, leaving wait to be sent.
  "meeting.item-proposed",
  "meeting.speaker-requested",
  "meeting.speaker-withdrawn",
  "meeting.checked-out",
]);

/** What became of an action. */
export interface ActOutcome {
  readonly id: string;
  /** The hub's outcome, or "waiting" while it sits in the outbox. */
  readonly outcome: "added" | "duplicate" | "quarantined" | "waiting";
  readonly invalid: {
    readonly code: string;
    readonly message: string;
    readonly details: Record<string, unknown>;
  } | null;
}

/** An action to sign: its scope, type and payload. */
export interface ActRequest {
  readonly scope: string;
  readonly type: string;
  readonly payload: CanonicalValue;
  /** The claimed time (default: now). */
  readonly time?: number;
  /** A join request (the key reads nothing of the scope yet). */
  readonly join?: boolean;
}

/** What an attester's signing did, per claim. */
export interface AttestOutcome {
  readonly council: string;
  readonly kind: string;
  readonly hash: string;
  /** Signed (the event id), or left for later: it rests on a claim still waiting for others. */
  readonly event: string | null;
  readonly outcome: ActOutcome["outcome"] | "later";
}

export interface EngineHooks {
  /** Signs in to the hub with the unlocked key (throws ApiError NETWORK offline). */
  login(): Promise<void>;
  /** The hub took actions from the outbox. */
  onDelivered(): void;
}

interface FlushReport {
  readonly delivered: Map<string, PostResult>;
  readonly refused: Map<string, ApiError>;
}

const MAX_BATCH_EVENTS = 200;
const MAX_BATCH_BYTES = 600_000;
const RETRY_FIRST_MS = 2_000;
const RETRY_MAX_MS = 60_000;
/** While the page is in view, a hub that returns is tried again within seconds. */
const RETRY_VISIBLE_MAX_MS = 5_000;
const SYNC_EVERY_MS = 3 * 60_000;
/** After the live feed tells of new events: sync once they have settled a little. */
const SYNC_AFTER_NEWS_MS = 1_500;
/** Claims about seats rest on one another, in order. */
const SEAT_KINDS = new Set(["seats", "recall", "vacancy"]);

/** Codes and statuses that say "later", not "never". */
function isTransient(e: ApiError): boolean {
  return (
    e.status === 0 ||
    e.status === 408 ||
    e.status === 429 ||
    e.status >= 500 ||
    [
      "NETWORK",
      "RATE_LIMITED",
      "HUB_BUSY",
      "QUARANTINE_FULL",
      // A restarted hub forgot the session: it says nothing about the actions.
      "SESSION_UNKNOWN",
    ].includes(e.code)
  );
}

function base64Url(bytes: Uint8Array): string {
  let s = "";
  for (let i = 0; i < bytes.length; i += 0x8000)
    s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

/** Words of this device's own refusals (the rest are the catalogue's error codes). */
const OWN_WORDS: Readonly<Record<string, string>> = {
  OFFLINE_NO_BASIS: "offline.noBasis",
  CLOSE_COUNT_DIFFERS: "offline.closeCountDiffers",
};

function failure(code: string, details: Record<string, unknown> = {}) {
  const message =
    i18next.t(OWN_WORDS[code] ?? `errors.${code}`, { defaultValue: "" }) ||
    i18next.t("problem.unknown");
  return new ApiError(code, message, 0, details);
}

export class OfflineEngine {
  private replica: BrowserReplica | null = null;
  private replicaLoading: Promise<BrowserReplica | null> | null = null;
  private flushLock: Promise<unknown> = Promise.resolve();
  private syncing: Promise<void> | null = null;
  private retryMs = RETRY_FIRST_MS;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private syncTimer: ReturnType<typeof setInterval> | null = null;
  private newsTimer: ReturnType<typeof setTimeout> | null = null;
  private stopLive: (() => void) | null = null;
  /** Asks whether an unreachable hub is back, while something waits (hub-return.ts). */
  private stopHubWatch: (() => void) | null = null;
  private stopped = false;
  private checksVersion = 0;
  private seen: SeenStore | null = null;
  private readonly outbox: Outbox;
  private readonly secret: SecretBallots;
  readonly publicKey: string;
  /** Actions whose `act` waits for the send, and what became of them. */
  private readonly awaited = new Set<string>();
  private readonly outcomes = new Map<string, PostResult | ApiError>();
  private readonly onOnline = () => this.wake();
  private readonly onVisible = () => {
    if (document.visibilityState === "visible") this.wake();
  };

  private constructor(
    readonly key: KeyPair,
    private readonly vault: Vault,
    private readonly db: IDBDatabase,
    private readonly hooks: EngineHooks,
  ) {
    this.outbox = new Outbox(db, vault);
    this.publicKey = toHex(key.publicKey);
    this.secret = new SecretBallots(db, vault, this.publicKey, {
      act: async (scope, type, payload) => {
        const done = await this.act({ scope, type, payload });
        if (done.invalid)
          throw new ApiError(
            done.invalid.code,
            done.invalid.message,
            422,
            done.invalid.details,
          );
        return done.id;
      },
      replica: () => this.loadReplica(),
      publish: (secretVotes, registrarWork) => {
        if (!this.stopped) setOfflineStatus({ secretVotes, registrarWork });
      },
      delivered: () => {
        if (this.stopped) return;
        refreshReads();
        void this.sync();
      },
    });
  }

  /** Opens the key's database, installs the read cache, and starts sending and syncing. */
  static async start(key: KeyPair, hooks: EngineHooks): Promise<OfflineEngine> {
    const vault = new Vault(key);
    const db = await openDatabase(vault.publicKey);
    const engine = new OfflineEngine(key, vault, db, hooks);
    setReadCache(new PageCache(db, vault));
    engine.seen = await SeenStore.open(db, vault, (marks) => {
      if (!engine.stopped) setSeenMarks(marks);
    });
    setSeenMarks(engine.seen.view());
    await engine.showOutbox();
    setOfflineStatus({ joins: await engine.outbox.joins() });
    window.addEventListener("online", engine.onOnline);
    document.addEventListener("visibilitychange", engine.onVisible);
    engine.syncTimer = setInterval(() => {
      if (document.visibilityState !== "hidden") void engine.sync();
    }, SYNC_EVERY_MS);
    // New events in the scopes this key reads, or a change of what it reads (admitted,
    // seated): bring the copy level, so the pages' own checks see what the hub shows.
    const stopNews = onLiveChange((change) => engine.news(change.access));
    // The live feed opened again: the hub is back — send what waits and sync at once.
    const stopReconnect = onLiveReconnect(() => engine.wake());
    engine.stopLive = () => {
      stopNews();
      stopReconnect();
    };
    void engine.flush();
    void engine.sync();
    return engine;
  }

  /** Stops (the key was locked): the database closes; what waits is sent after the next unlock. */
  stop(): void {
    this.stopped = true;
    window.removeEventListener("online", this.onOnline);
    document.removeEventListener("visibilitychange", this.onVisible);
    if (this.retryTimer !== null) clearTimeout(this.retryTimer);
    this.stopHubWatch?.();
    if (this.syncTimer !== null) clearInterval(this.syncTimer);
    if (this.newsTimer !== null) clearTimeout(this.newsTimer);
    this.stopLive?.();
    setReadCache(null);
    setLocalChecks(null);
    this.seen?.close();
    setSeenMarks(null);
    setOfflineStatus({
      pending: [],
      legacy: 0,
      joins: [],
      sending: false,
      secretVotes: [],
      registrarWork: [],
      replica: null,
    });
    this.db.close();
  }

  /** The hub has news for this key: sync soon (at once when what it reads changed). */
  private news(access: boolean): void {
    if (this.stopped) return;
    if (this.newsTimer !== null) clearTimeout(this.newsTimer);
    this.newsTimer = setTimeout(
      () => {
        this.newsTimer = null;
        void this.sync().then(() => {
          // A change that came while a sync ran is not lost: the next one takes it.
          if (this.pendingNews) {
            this.pendingNews = false;
            this.news(false);
          }
        });
      },
      access ? 0 : SYNC_AFTER_NEWS_MS,
    );
    if (this.syncing) this.pendingNews = true;
  }

  private pendingNews = false;

  /** The link may be back: send now, and sync. */
  wake(): void {
    if (this.stopped) return;
    this.retryMs = RETRY_FIRST_MS;
    void this.flush().then(() => this.sync());
  }

  /**
   * Signs an action in its scope into the outbox and sends the outbox. Actions of
   * {@link OFFLINE_TYPES} are signed even when the hub cannot be reached (on the basis
   * kept from its last answer, or the offline copy's heads) and resolve as "waiting";
   * others fail then.
   */
  async act(request: ActRequest): Promise<ActOutcome> {
    let fresh: Basis | null = null;
    try {
      fresh = await this.freshBasis(request.scope);
    } catch (e) {
      if (
        !(e instanceof ApiError) ||
        e.code !== "NETWORK" ||
        !OFFLINE_TYPES.has(request.type)
      )
        throw e;
    }
    const replica = await this.loadReplica();
    const own = await this.secret.ownBallots();
    const item = await this.outbox.sign(
      this.key,
      fresh,
      replica?.basisFor(request.scope, this.publicKey) ?? null,
      {
        scope: request.scope,
        type: request.type,
        payload: request.payload,
        time: request.time ?? Date.now(),
        ...(request.join ? { join: true } : {}),
        // The member's own secret ballot is never named (it would show whose it is).
        depsOf: (deps) =>
          depsWithoutSecretBallots(
            replica?.fold ?? null,
            request.type,
            deps,
            own,
          ),
      },
    );
    if (item === null) throw failure("OFFLINE_NO_BASIS");
    if (request.type === "member.join-requested")
      setOfflineStatus({
        joins: await this.outbox.saveJoin({
          id: item.id,
          body: request.scope,
          name: String((request.payload as { name?: unknown }).name ?? ""),
          time: item.time,
        }),
      });
    return this.send(item);
  }

  /**
   * The member's vote on a secret motion (`choice` null: only ask for the tokens, to vote
   * later — offline too). The copy is brought level first when it does not know the motion.
   */
  async secretVote(
    motion: string,
    choice: CanonicalValue | null,
  ): Promise<void> {
    const replica = await this.loadReplica();
    if (!replica?.fold.state.secretMotions.has(motion)) await this.syncFresh();
    await this.secret.vote(motion, choice);
  }

  /** Offers to be a registrar in `body` with a key made and sealed here; returns the offer id. */
  offerRegistrar(body: string): Promise<string> {
    return this.secret.offer(body);
  }

  /**
   * A key restored from a backup, before it signs anything here: its lost device may have
   * signed events nobody has seen yet, so every kseq up to RESTORE_KSEQ_GAP past the highest
   * this key is known to have signed — on the hub, in the offline copy, on this device — is
   * marked used. Offline, what this device knows is the base. Returns the kseq kept now.
   */
  async reserveAfterRestore(federation: string | null): Promise<number> {
    let seen = await this.outbox.kseq();
    if (federation !== null) {
      try {
        seen = Math.max(seen, (await this.freshBasis(federation)).kseq);
      } catch (e) {
        // Unreachable, or refusing this key: what this device and its copy know is the base.
        if (!(e instanceof ApiError)) throw e;
      }
      const replica = await this.loadReplica();
      seen = Math.max(
        seen,
        replica?.basisFor(federation, this.publicKey)?.kseq ?? 0,
      );
    }
    return this.outbox.reserveKseq(restoredKseqFloor(seen));
  }

  /** Sends the outbox and says what became of `item`. */
  private async send(item: OutboxItem): Promise<ActOutcome> {
    this.awaited.add(item.id);
    await this.showOutbox();
    try {
      await this.flush();
    } finally {
      this.awaited.delete(item.id);
    }
    const outcome = this.outcomes.get(item.id);
    this.outcomes.delete(item.id);
    if (outcome instanceof ApiError) throw outcome;
    if (outcome) return outcome;
    return { id: item.id, outcome: "waiting", invalid: null };
  }

  /**
   * Closes a motion's vote, stating its result. The count is taken on this browser's copy
   * with a draft of the close placed exactly where the close will be (its deps, its chain)
   * when the copy holds them; otherwise the hub's count (`close-draft`) is used — checked
   * on the copy first when the copy holds the hub's deps, and refused when the two differ.
   */
  async close(motion: string, time = Date.now()): Promise<ActOutcome> {
    // Earlier actions go first: the close names this key's chain, which runs through them.
    await this.flush();
    const replica = await this.loadReplica();
    const holds = (ids: readonly string[]) =>
      replica !== null && ids.every((d) => replica.fold.has(d));
    const known = replica?.fold.state.motions.get(motion)?.body ?? null;
    if (known !== null) {
      const fresh = await this.freshBasis(known);
      if (!holds(fresh.deps)) await this.sync();
      if (holds(fresh.deps)) {
        const item = await this.signClose(motion, known, fresh, null, time);
        if (item !== null) return this.send(item);
      }
    }
    // The copy does not hold what the close names: the hub's count, checked where possible.
    const draft = await api<{
      scope: string;
      deps: string[];
      result: CanonicalValue;
    }>(`/api/motions/${motion}/close-draft`);
    const fresh = { ...(await this.freshBasis(draft.scope)), deps: draft.deps };
    const item = await this.signClose(
      motion,
      draft.scope,
      fresh,
      draft.result,
      time,
    );
    if (item === null) throw failure("OFFLINE_NO_BASIS");
    return this.send(item);
  }

  /**
   * Signs a close on `basis`, its result counted on the copy at the close's own parents; with
   * the hub's count (`hub`), the copy's must agree, and the hub's is used only when the copy
   * cannot count. Null when neither can be had.
   */
  private async signClose(
    motion: string,
    scope: string,
    basis: Basis,
    hub: CanonicalValue | null,
    time: number,
  ): Promise<OutboxItem | null> {
    const replica = this.replica;
    const NO_COUNT = new Error("no count");
    try {
      return await this.outbox.sign(this.key, basis, null, {
        scope,
        type: "vote.closed",
        time,
        payload: (d) => {
          const mine =
            replica === null ? null : countCloseOn(replica.fold, motion, d);
          if (mine === null) {
            if (hub === null) throw NO_COUNT;
            return { motion, result: hub };
          }
          if (hub !== null && JSON.stringify(mine) !== JSON.stringify(hub))
            throw failure("CLOSE_COUNT_DIFFERS");
          return { motion, result: mine };
        },
      });
    } catch (e) {
      if (e === NO_COUNT) return null;
      throw e;
    }
  }

  /**
   * Signs, as an attester of `body`, every claim its log implies that the councils above do
   * not hold yet — computed on this browser's copy, never taken from the hub. Claims about
   * seats rest on one another: after one that still waits for other attesters, the later
   * ones on that council wait too.
   */
  async attest(body: string): Promise<AttestOutcome[]> {
    await this.syncFresh();
    const replica = await this.loadReplica();
    if (replica === null || !replica.holds(body))
      throw failure("OFFLINE_NO_BASIS");
    const checks = localChecks(replica, this.publicKey, this.checksVersion);
    const pending = checks.pending(body) ?? [];
    const out: AttestOutcome[] = [];
    const blocked = new Set<string>();
    for (const p of pending) {
      const seat = SEAT_KINDS.has(p.claim.kind);
      if (seat && blocked.has(p.council)) {
        out.push({
          council: p.council,
          kind: p.claim.kind,
          hash: p.hash,
          event: null,
          outcome: "later",
        });
        continue;
      }
      const done = await this.act({
        scope: p.council,
        type: "attestation.made",
        payload: { body, claim: p.claim as unknown as CanonicalValue },
      });
      if (done.invalid)
        throw new ApiError(
          done.invalid.code,
          done.invalid.message,
          422,
          done.invalid.details,
        );
      const set = checks.attesters(p.council, body);
      const signers = new Set([...p.signers, this.publicKey]);
      const enough =
        set === null ||
        [...signers].filter((k) => set.attesters.includes(k)).length >=
          Math.min(set.threshold, set.attesters.length);
      if (seat && !enough) blocked.add(p.council);
      out.push({
        council: p.council,
        kind: p.claim.kind,
        hash: p.hash,
        event: done.id,
        outcome: done.outcome,
      });
    }
    if (out.some((o) => o.event !== null)) void this.sync();
    return out;
  }

  /**
   * Carries a demand up, as an attester of `body`: the claim (`demand`) is made on this
   * browser's copy from the body's own facts — its adopted demand motion, or the council
   * demand it holds — and signed in the council above.
   */
  async carryDemand(
    body: string,
    demand: string,
    council: string,
    into?: string,
  ): Promise<ActOutcome> {
    let replica = await this.loadReplica();
    // The close that adopted the demand may be newer than the copy: level it once and retry.
    if (
      replica === null ||
      !replica.holds(body) ||
      !demandClaim(replica.fold, body, demand, into).ok
    ) {
      await this.syncFresh();
      replica = await this.loadReplica();
    }
    if (replica === null || !replica.holds(body))
      throw failure("OFFLINE_NO_BASIS");
    const claim = demandClaim(replica.fold, body, demand, into);
    if (!claim.ok) throw failure(claim.error.code, { ...claim.error.details });
    return this.act({
      scope: council,
      type: "attestation.made",
      payload: { body, claim: claim.value as unknown as CanonicalValue },
    });
  }

  /**
   * Signs again, in event format 2, each action an older version of the app signed in
   * format 1 that never reached the hub: the same action, in the scope it acts in, with its
   * time; then sends them. Those that cannot be signed again (a type that no longer exists,
   * a motion this key cannot read) are left for the member to discard.
   */
  async resignLegacy(): Promise<{ signed: number; left: number }> {
    const legacy = (await this.outbox.list()).filter((i) => i.legacy);
    let signed = 0;
    for (const item of legacy) {
      const request = await this.legacyRequest(item);
      if (request === null) continue;
      if (request.type === "vote.closed")
        await this.close(
          String((request.payload as { motion: string }).motion),
          item.time,
        );
      else {
        let fresh: Basis | null = null;
        try {
          fresh = await this.freshBasis(request.scope);
        } catch {
          fresh = null;
        }
        const replica = await this.loadReplica();
        const made = await this.outbox.sign(
          this.key,
          fresh,
          replica?.basisFor(request.scope, this.publicKey) ?? null,
          { ...request, time: item.time },
        );
        if (made === null) continue;
      }
      await this.outbox.remove([item.key]);
      signed++;
    }
    await this.showOutbox();
    void this.flush();
    return { signed, left: legacy.length - signed };
  }

  /** Forgets the format-1 actions that were never sent. */
  async discardLegacy(): Promise<void> {
    const legacy = (await this.outbox.list()).filter((i) => i.legacy);
    await this.outbox.remove(legacy.map((i) => i.key));
    await this.showOutbox();
  }

  /** The format-2 action a format-1 one stands for: its scope, and the payload without `body`. */
  private async legacyRequest(
    item: OutboxItem,
  ): Promise<(ActRequest & { time: number }) | null> {
    const p = item.payload as Record<string, CanonicalValue> | null;
    if (p === null || typeof p !== "object" || Array.isArray(p)) return null;
    const { body, ...rest } = p;
    const replica = await this.loadReplica();
    const motionBody = async (motion: unknown) => {
      if (typeof motion !== "string") return null;
      const held = replica?.fold.state.motions.get(motion)?.body;
      if (held) return held;
      try {
        return (await api<MotionView>(`/api/motions/${motion}`)).body;
      } catch {
        return null;
      }
    };
    let scope: string | null = null;
    switch (item.type) {
      case "ballot.cast":
      case "comment.posted":
      case "vote.closed":
      case "motion.withdrawn":
        scope = await motionBody(p.motion);
        break;
      case "member.admission-endorsed":
        scope =
          typeof p.request === "string"
            ? (replica?.fold.state.joinRequests.get(p.request)?.body ?? null)
            : null;
        break;
      default:
        scope = typeof body === "string" ? body : null;
    }
    if (scope === null || item.type === "demand.forwarded") return null;
    return {
      scope,
      type: item.type,
      payload: rest,
      time: item.time,
      ...(item.type === "member.join-requested" ? { join: true } : {}),
    };
  }

  /** The hub's heads of a scope and this key's chain there, kept for signing offline. */
  private async freshBasis(scope: string): Promise<Basis> {
    if (sessionToken() === null) await this.hooks.login();
    const h = await api<HeadsView>(`/api/heads?scope=${scope}`);
    const basis: Basis = {
      federation: h.federation,
      scope: h.scope,
      access: h.access,
      deps: h.deps,
      chain: h.chain,
      kseq: h.kseq ?? 0,
      at: Date.now(),
    };
    await this.outbox.saveBasis(basis);
    return basis;
  }

  /** Shows what waits (and what the hub said) on the page. */
  private async showOutbox(items?: OutboxItem[]): Promise<void> {
    if (this.stopped) return;
    const list = items ?? (await this.outbox.list());
    const legacy = list.filter((i) => i.legacy).length;
    await keepSendableCount(this.db, list.length - legacy).catch(() => {});
    setOfflineStatus({
      waiting: list.length - legacy,
      legacy,
      pending: pendingOf(list),
      notices: await this.outbox.notices(),
    });
  }

  /** Sends everything waiting, one send at a time; schedules a retry when the hub is not there. */
  flush(): Promise<FlushReport> {
    const run = this.flushLock.then(
      () => this.flushOnce(),
      () => this.flushOnce(),
    );
    this.flushLock = run.catch(() => {});
    return run;
  }

  private async flushOnce(): Promise<FlushReport> {
    const report: FlushReport = { delivered: new Map(), refused: new Map() };
    if (this.stopped) return report;
    let single = false;
    let resentWithoutSession = false;
    const notices: OutboxNotice[] = [];
    const note = (
      item: OutboxItem,
      kind: OutboxNotice["kind"],
      why: { code: string; message: string },
    ) => {
      // An action whose page waits for the answer says it there.
      if (!this.awaited.has(item.id))
        notices.push({
          id: item.id,
          type: item.type,
          kind,
          code: why.code,
          message: why.message,
          time: Date.now(),
        });
    };
    setOfflineStatus({ sending: true });
    try {
      for (;;) {
        // Format-1 actions are never sent (no replica reads them): they wait to be signed again.
        const items = (await this.outbox.list()).filter((i) => !i.legacy);
        if (items.length === 0) {
          this.retryMs = RETRY_FIRST_MS;
          this.stopHubWatch?.();
          this.stopHubWatch = null;
          break;
        }
        // Whole actions, in signing order, within the hub's limits for one post.
        const batch: OutboxItem[] = [];
        let count = 0;
        let bytes = 0;
        for (const it of items) {
          const n = it.events.length;
          const b = it.events.reduce((s, e) => s + e.wire.length, 0);
          if (
            batch.length > 0 &&
            (single ||
              count + n > MAX_BATCH_EVENTS ||
              bytes + b > MAX_BATCH_BYTES)
          )
            break;
          batch.push(it);
          count += n;
          bytes += b;
        }
        let posted: PostResults;
        try {
          posted = await api<PostResults>("/api/events", {
            method: "POST",
            body: {
              events: batch.flatMap((b) =>
                b.events.map((e) => base64Url(e.wire)),
              ),
            },
          });
        } catch (e) {
          const error =
            e instanceof ApiError ? e : new ApiError("NETWORK", String(e), 0);
          if (error.code === "SESSION_UNKNOWN" && !resentWithoutSession) {
            // The hub restarted and forgot the session (the client dropped it): sending
            // needs none, so send again at once.
            resentWithoutSession = true;
            continue;
          }
          if (isTransient(error)) {
            this.scheduleRetry();
            // Not reached at all (not a hub saying "later"): send the moment it answers again.
            if (error.code === "NETWORK") this.watchHub();
            break;
          }
          const named = String(error.details.id ?? "");
          const culprit =
            batch.find((b) => b.events.some((x) => x.id === named)) ??
            (batch.length === 1 ? batch[0]! : null);
          if (culprit === null) {
            // Find which action the hub refuses: one at a time.
            single = true;
            continue;
          }
          for (const d of await this.outbox.dropFrom(items, culprit)) {
            const why =
              d === culprit
                ? error
                : new ApiError(
                    error.code,
                    i18next.t("offline.droppedAfter"),
                    error.status,
                  );
            report.refused.set(d.id, why);
            this.remember(d.id, why);
            note(d, "refused", why);
          }
          continue;
        }
        const byId = new Map(posted.results.map((r) => [r.id, r]));
        const taken: number[] = [];
        for (const b of batch) {
          const r = byId.get(b.id);
          if (!r) continue;
          taken.push(b.key);
          const result: PostResult = {
            id: r.id,
            outcome: r.outcome,
            invalid: r.invalid ?? null,
          };
          report.delivered.set(b.id, result);
          this.remember(b.id, result);
          if (result.invalid) note(b, "invalid", result.invalid);
        }
        await this.outbox.remove(taken);
        single = false;
      }
    } finally {
      if (notices.length > 0 && !this.stopped)
        await this.outbox
          .saveNotices([...notices.reverse(), ...offlineStatus().notices])
          .catch(() => {});
      setOfflineStatus({ sending: false });
      await this.showOutbox().catch(() => {});
    }
    if (report.delivered.size > 0) {
      this.hooks.onDelivered();
      refreshReads();
      void this.sync();
    }
    return report;
  }

  /** Keeps what became of an action for its `act` (the last 200). */
  private remember(id: string, outcome: PostResult | ApiError): void {
    this.outcomes.set(id, outcome);
    if (this.outcomes.size > 200)
      this.outcomes.delete(this.outcomes.keys().next().value!);
  }

  private watchHub(): void {
    if (this.stopped || this.stopHubWatch !== null) return;
    this.stopHubWatch = watchForHub(() => {
      this.stopHubWatch = null;
      this.wake();
    });
  }

  private scheduleRetry(): void {
    if (this.stopped || this.retryTimer !== null) return;
    const cap =
      document.visibilityState === "visible"
        ? RETRY_VISIBLE_MAX_MS
        : RETRY_MAX_MS;
    const wait = Math.min(this.retryMs, cap) * (0.75 + Math.random() / 2);
    this.retryMs = Math.min(this.retryMs * 2, RETRY_MAX_MS);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      void this.flush();
    }, wait);
  }

  /** Forgets a notice the member has read. */
  async dismiss(id: string): Promise<void> {
    const left = offlineStatus().notices.filter((n) => n.id !== id);
    await this.outbox.saveNotices(left);
    setOfflineStatus({ notices: left });
  }

  /** Installs the checks of the copy as it is now for the pages. */
  private publishChecks(replica: BrowserReplica): void {
    if (this.stopped) return;
    this.checksVersion++;
    setLocalChecks(localChecks(replica, this.publicKey, this.checksVersion));
  }

  /**
   * This device's first look, once its copy first synced: everything as it is then counts as
   * seen, so unread markers and a delegate's "new ballots" tell of what changes from here on,
   * not of all the past.
   */
  private baselineSeen(replica: BrowserReplica): void {
    if (!this.seen?.first || this.baselined || replica.size === 0) return;
    this.baselined = true;
    const checks = localChecks(replica, this.publicKey, this.checksVersion);
    this.seen.markAll([
      ...[...checks.activities()].map(
        ([id, kind, n]) =>
          [kind === "body" ? seenKey.body(id) : seenKey.motion(id), n] as const,
      ),
      // A delegate's ballots before this device first looked are their record, not news.
      ...checks
        .waiting()
        .filter((i) => i.kind === "delegate-ballots")
        .map((i) => [waitingKey(i), i.ballots] as const),
    ]);
  }

  private baselined = false;

  /** The copy, loaded from the database and folded once. */
  private loadReplica(): Promise<BrowserReplica | null> {
    this.replicaLoading ??= (async () => {
      try {
        const fed = this.vault.open(
          "meta:federation",
          await new Promise((resolve, reject) => {
            const r = this.db
              .transaction("meta")
              .objectStore("meta")
              .get("federation");
            r.onsuccess = () => resolve(r.result);
            r.onerror = () => reject(r.error);
          }),
        );
        const replica = await BrowserReplica.load(
          this.db,
          this.vault,
          typeof fed === "string" ? fed : null,
        );
        this.replica = replica;
        if (typeof fed === "string") this.keptFederation = fed;
        replica.onChange(() => this.publishChecks(replica));
        this.publishChecks(replica);
        return replica;
      } catch {
        return null;
      }
    })();
    return this.replicaLoading;
  }

  /** The hub's clock minus ours (ms), so signed sync messages pass its 10-minute window. */
  private async clockSkew(): Promise<number> {
    try {
      const before = Date.now();
      const r = await fetch("/api/health", { cache: "no-store" });
      const date = Date.parse(r.headers.get("date") ?? "");
      if (!Number.isNaN(date))
        return date + 500 - Math.round((before + Date.now()) / 2);
    } catch {
      // No hub: no sync either.
    }
    return 0;
  }

  /** Writes the copy's federation into the database once it is known. */
  private async keepFederation(replica: BrowserReplica): Promise<void> {
    if (
      replica.federation === null ||
      this.keptFederation === replica.federation
    )
      return;
    const tx = this.db.transaction("meta", "readwrite");
    tx.objectStore("meta").put(
      this.vault.seal("meta:federation", replica.federation),
      "federation",
    );
    await committed(tx).catch(() => {});
    this.keptFederation = replica.federation;
  }

  private keptFederation: string | null = null;

  /**
   * Brings the copy level with the hub as it is now: a sync already under way may have begun
   * before what the member just saw, so after it another one runs.
   */
  private async syncFresh(): Promise<void> {
    if (this.syncing) await this.syncing.catch(() => {});
    await this.sync();
  }

  /**
   * Brings the copy level with the hub. The session is signed as the member's key, so the
   * hub serves exactly the scopes that key may read (docs/sync.md §5).
   */
  sync(): Promise<void> {
    if (this.syncing) return this.syncing;
    this.syncing = (async () => {
      const replica = await this.loadReplica();
      if (replica === null || this.stopped) return;
      const shown = offlineStatus().replica;
      const status = (syncing: boolean, error: string | null) => ({
        events: replica.size,
        scopes: replica.scopes(),
        syncedAt:
          !syncing && error === null ? Date.now() : (shown?.syncedAt ?? null),
        syncing,
        error,
      });
      setOfflineStatus({ replica: status(true, null) });
      let error: string | null = null;
      try {
        const pinned = replica.federation;
        const hub =
          pinned === null
            ? await api<HubInfo>("/api/hub").catch(() => null)
            : null;
        const skew = await this.clockSkew();
        await syncWith(replica, hubTransport(), {
          key: this.key,
          federation: pinned ?? hub?.federation ?? null,
          now: () => Date.now() + skew,
          peer: "hub",
          maxSessions: 20,
        });
      } catch (e) {
        // A code, never a message: the page words it (problem-words.ts).
        error =
          e instanceof SyncFailure
            ? e.error.code
            : e instanceof ApiError
              ? e.code
              : "INTERNAL";
      } finally {
        // Written down even when the sync broke off after the first events arrived: a copy
        // that holds events but not their federation would be refused by every hub.
        if (!this.stopped) await this.keepFederation(replica);
      }
      if (this.stopped) return;
      if (error === null) this.baselineSeen(replica);
      setOfflineStatus({ replica: status(false, error) });
      // Tokens that arrived, ballots waiting to be sent, requests for a registrar to answer.
      void this.secret.advance();
    })().finally(() => {
      this.syncing = null;
    });
    return this.syncing;
  }
}

let running: { publicKey: string; engine: Promise<OfflineEngine> } | null =
  null;

/** Starts the machinery for an unlocked key (once per key; another key stops the last). */
export function startOffline(
  key: KeyPair,
  hooks: EngineHooks,
): Promise<OfflineEngine> {
  const publicKey = toHex(key.publicKey);
  if (running?.publicKey === publicKey) return running.engine;
  stopOffline();
  const engine = OfflineEngine.start(key, hooks);
  running = { publicKey, engine };
  engine.catch(() => {
    if (running?.engine === engine) running = null;
  });
  return engine;
}

/** Stops the machinery (the key was locked). */
export function stopOffline(): void {
  const r = running;
  running = null;
  void r?.engine.then(
    (e) => e.stop(),
    () => {},
  );
}

/** Removes a key's data from this browser (the key was removed). */
export async function forgetOffline(publicKey: string): Promise<void> {
  const r = running;
  stopOffline();
  await r?.engine.catch(() => {});
  await deleteDatabase(publicKey);
  setOfflineStatus({
    waiting: 0,
    legacy: 0,
    pending: [],
    notices: [],
    joins: [],
    replica: null,
  });
}
