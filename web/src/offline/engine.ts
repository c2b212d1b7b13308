/**
 * @module The offline machinery, loaded when a key is unlocked (never on the first page):
 * the key's database, the sealed read cache, the outbox and the replica.
 *
 * - An action is signed on this device into the outbox (outbox.ts), then the outbox is sent
 *   (`POST /api/events`, parents first). The hub's ingest is idempotent and order-free, so
 *   sending again after a lost answer is safe. What the hub cannot be reached for waits:
 *   sent again on the browser's `online` event, when the page becomes visible, and on a timer
 *   that backs off from 2 s to a minute.
 * - The replica (replica.ts) syncs with the hub over HTTP in the member scope after unlock,
 *   after the outbox delivered something, and every few minutes.
 */
import i18next from "i18next";
import { type KeyPair, toHex } from "../../../src/crypto/index.js";
import { SyncFailure, syncWith } from "../../../src/sync/browser.js";
import {
  ApiError,
  api,
  refreshReads,
  sessionToken,
  setReadCache,
} from "../api/client.js";
import { deleteDatabase, openDatabase } from "./db.js";
import {
  type Basis,
  Outbox,
  type OutboxItem,
  pendingOf,
  type SignRequest,
} from "./outbox.js";
import { PageCache } from "./page-cache.js";
import { BrowserReplica } from "./replica.js";
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
  "comment.posted",
  "member.admission-endorsed",
  "action.answered",
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

export interface EngineHooks {
  /** Signs in to the hub with the unlocked key (throws ApiError NETWORK offline). */
  login(): Promise<void>;
  /** The hub took actions from the outbox. */
  onDelivered(): void;
}

interface PostResult {
  readonly id: string;
  readonly outcome: "added" | "duplicate" | "quarantined";
  readonly invalid: ActOutcome["invalid"];
}

interface FlushReport {
  readonly delivered: Map<string, PostResult>;
  readonly refused: Map<string, ApiError>;
}

const MAX_BATCH_EVENTS = 200;
const MAX_BATCH_BYTES = 600_000;
const RETRY_FIRST_MS = 2_000;
const RETRY_MAX_MS = 60_000;
const SYNC_EVERY_MS = 3 * 60_000;

/** Codes and statuses that say "later", not "never". */
function isTransient(e: ApiError): boolean {
  return (
    e.status === 0 ||
    e.status === 408 ||
    e.status === 429 ||
    e.status >= 500 ||
    ["NETWORK", "RATE_LIMITED", "HUB_BUSY", "QUARANTINE_FULL"].includes(e.code)
  );
}

function base64Url(bytes: Uint8Array): string {
  let s = "";
  for (let i = 0; i < bytes.length; i += 0x8000)
    s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

/** The event an action must follow: what it is about. */
function anchorOf(request: {
  type: string;
  payload: unknown;
}): string | undefined {
  const p = request.payload as Record<string, unknown> | null;
  const v =
    request.type === "ballot.cast" || request.type === "comment.posted"
      ? p?.motion
      : request.type === "member.admission-endorsed"
        ? p?.request
        : request.type === "action.answered"
          ? p?.call
          : undefined;
  return typeof v === "string" && /^[0-9a-f]{64}$/.test(v) ? v : undefined;
}

export class OfflineEngine {
  private replica: BrowserReplica | null = null;
  private replicaLoading: Promise<BrowserReplica | null> | null = null;
  private flushLock: Promise<unknown> = Promise.resolve();
  private syncing: Promise<void> | null = null;
  private retryMs = RETRY_FIRST_MS;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private syncTimer: ReturnType<typeof setInterval> | null = null;
  private stopped = false;
  private readonly outbox: Outbox;
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
  }

  /** Opens the key's database, installs the read cache, and starts sending and syncing. */
  static async start(key: KeyPair, hooks: EngineHooks): Promise<OfflineEngine> {
    const vault = new Vault(key);
    const db = await openDatabase(vault.publicKey);
    const engine = new OfflineEngine(key, vault, db, hooks);
    setReadCache(new PageCache(db, vault));
    await engine.showOutbox();
    window.addEventListener("online", engine.onOnline);
    document.addEventListener("visibilitychange", engine.onVisible);
    engine.syncTimer = setInterval(() => {
      if (document.visibilityState !== "hidden") void engine.sync();
    }, SYNC_EVERY_MS);
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
    if (this.syncTimer !== null) clearInterval(this.syncTimer);
    setReadCache(null);
    setOfflineStatus({ pending: [], sending: false, replica: null });
    this.db.close();
  }

  /** The link may be back: send now, and sync. */
  wake(): void {
    if (this.stopped) return;
    this.retryMs = RETRY_FIRST_MS;
    void this.flush().then(() => this.sync());
  }

  /**
   * Signs an action into the outbox and sends the outbox. Actions of {@link OFFLINE_TYPES}
   * are signed even when the hub cannot be reached (on the basis kept from its last answer)
   * and resolve as "waiting"; others fail then, as before.
   */
  async act(
    request: Omit<SignRequest, "anchor"> & { anchor?: string },
  ): Promise<ActOutcome> {
    let fresh: Basis | null = null;
    try {
      fresh = await this.freshBasis();
    } catch (e) {
      if (
        !(e instanceof ApiError) ||
        e.code !== "NETWORK" ||
        !OFFLINE_TYPES.has(request.type)
      )
        throw e;
    }
    const replica = await this.loadReplica();
    const item = await this.outbox.sign(
      this.key,
      fresh,
      replica?.headOf(this.vault.publicKey) ?? null,
      { ...request, anchor: request.anchor ?? anchorOf(request) },
    );
    if (item === null)
      throw new ApiError("OFFLINE_NO_BASIS", i18next.t("offline.noBasis"), 0);
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

  /** The hub's heads and this key's chain head, kept for signing offline. */
  private async freshBasis(): Promise<Basis> {
    if (sessionToken() === null) await this.hooks.login();
    const h = await api<{
      federation: string;
      heads: string[];
      chain: { seq: number; id: string } | null;
    }>("/api/heads");
    const basis: Basis = { ...h, at: Date.now() };
    await this.outbox.saveBasis(basis);
    return basis;
  }

  /** Shows what waits (and what the hub said) on the page. */
  private async showOutbox(items?: OutboxItem[]): Promise<void> {
    if (this.stopped) return;
    const list = items ?? (await this.outbox.list());
    setOfflineStatus({
      waiting: list.length,
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
        const items = await this.outbox.list();
        if (items.length === 0) {
          this.retryMs = RETRY_FIRST_MS;
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
        let posted: { results: PostResult[] };
        try {
          posted = await api<{ results: PostResult[] }>("/api/events", {
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
          if (isTransient(error)) {
            this.scheduleRetry();
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

  private scheduleRetry(): void {
    if (this.stopped || this.retryTimer !== null) return;
    const wait = this.retryMs * (0.75 + Math.random() / 2);
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

  /** The replica, loaded from the database once. */
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
        this.replica = await BrowserReplica.load(
          this.db,
          this.vault,
          typeof fed === "string" ? fed : null,
        );
        return this.replica;
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

  /** Brings the replica level with the hub (member scope), and refreshes the basis. */
  sync(): Promise<void> {
    if (this.syncing) return this.syncing;
    this.syncing = (async () => {
      const replica = await this.loadReplica();
      if (replica === null || this.stopped) return;
      const shown = offlineStatus().replica;
      setOfflineStatus({
        replica: {
          events: replica.size,
          syncedAt: shown?.syncedAt ?? null,
          syncing: true,
          error: null,
        },
      });
      let error: string | null = null;
      try {
        const basis = await this.freshBasis().catch(() => null);
        const pinned = replica.federation;
        const skew = await this.clockSkew();
        await syncWith(replica, hubTransport(), {
          key: this.key,
          scope: "member",
          federation: pinned ?? basis?.federation ?? null,
          now: () => Date.now() + skew,
          peer: "hub",
          maxSessions: 20,
        });
        if (pinned === null && replica.federation !== null) {
          const tx = this.db.transaction("meta", "readwrite");
          tx.objectStore("meta").put(
            this.vault.seal("meta:federation", replica.federation),
            "federation",
          );
        }
      } catch (e) {
        error =
          e instanceof SyncFailure
            ? e.error.code
            : e instanceof Error
              ? e.message
              : String(e);
      }
      if (this.stopped) return;
      setOfflineStatus({
        replica: {
          events: replica.size,
          syncedAt: error === null ? Date.now() : (shown?.syncedAt ?? null),
          syncing: false,
          error,
        },
      });
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
  setOfflineStatus({ waiting: 0, pending: [], notices: [], replica: null });
}
