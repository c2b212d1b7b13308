/**
 * @module Continuous sync of a hub with its peers (`kenges peer add <url>`): the peer list
 * lives in the store's meta values; a loop syncs with each peer in turn every interval (and
 * at once when nudged, e.g. after local events), backing off from a peer that fails.
 */
import type { Hosted, Reader } from "../core/index.js";
import type { KeyPair } from "../crypto/index.js";
import type { Store } from "../store/index.js";
import { type SyncOptions, syncWith } from "./initiator.js";
import { type SyncError, SyncFailure } from "./sync-error.js";
import type { SyncReport } from "./sync-report.js";
import type { SyncSource } from "./sync-source.js";
import type { SyncTransport } from "./transport.js";
import { httpTransport } from "./transports/http.js";

/** The meta key under which a replica keeps its peers (a JSON array of URLs). */
export const PEERS_META_KEY = "sync.peers";
/** The meta key under which a hub keeps the keys of peered hubs and what each hosts. */
export const PEER_KEYS_META_KEY = "sync.peer-keys";

/**
 * The keys of peered hubs this replica trusts, each with the scopes its hub hosts ("all",
 * or a list): such a key reads as `{ kind: "peer", hosts }`, the scopes both hubs host.
 */
export async function loadPeerKeys(store: Store): Promise<Map<string, Hosted>> {
  const raw = await store.getMeta(PEER_KEYS_META_KEY);
  const out = new Map<string, Hosted>();
  if (raw === null) return out;
  const parsed: unknown = JSON.parse(raw);
  if (parsed === null || typeof parsed !== "object") return out;
  for (const [key, hosts] of Object.entries(parsed as Record<string, unknown>))
    if (/^[0-9a-f]{64}$/.test(key))
      out.set(
        key,
        Array.isArray(hosts)
          ? new Set(hosts.filter((h): h is string => typeof h === "string"))
          : "all",
      );
  return out;
}

/** Replaces the trusted peer keys. */
export async function savePeerKeys(
  store: Store,
  keys: ReadonlyMap<string, Hosted>,
): Promise<void> {
  const out: Record<string, "all" | string[]> = {};
  for (const [key, hosts] of [...keys].sort(([a], [b]) => (a < b ? -1 : 1)))
    out[key] = hosts === "all" ? "all" : [...hosts].sort();
  await store.setMeta(PEER_KEYS_META_KEY, JSON.stringify(out));
}

/** The peers a replica syncs with. */
export async function loadPeers(store: Store): Promise<string[]> {
  const raw = await store.getMeta(PEERS_META_KEY);
  if (raw === null) return [];
  const parsed: unknown = JSON.parse(raw);
  return Array.isArray(parsed)
    ? parsed.filter((p): p is string => typeof p === "string")
    : [];
}

/** Replaces the peer list. */
export async function savePeers(
  store: Store,
  peers: readonly string[],
): Promise<void> {
  await store.setMeta(
    PEERS_META_KEY,
    JSON.stringify([...new Set(peers)].sort()),
  );
}

/** How the loop runs. */
export interface PeerSyncOptions {
  /** Time between rounds over all peers (ms). Default 30 s. */
  readonly intervalMs?: number;
  /** Signs as this key (peers serve what it may read). */
  readonly key?: KeyPair | null;
  /**
   * What a peer may read of this replica (default: a peer hosting everything — all this
   * replica hosts is offered; the peer's own rule decides what it takes and gives).
   */
  readonly peerReader?: (url: string) => Reader;
  /** The scopes this replica hosts (default: every one it holds). */
  readonly hosted?: Hosted;
  /** Makes the transport for a peer URL (default HTTP). */
  readonly transport?: (url: string) => SyncTransport | Promise<SyncTransport>;
  /** Told the outcome of each peer's sync. */
  readonly onResult?: (url: string, result: SyncReport | SyncError) => void;
  readonly sync?: SyncOptions;
}

/** The loop. `start` it once the hub listens; `stop` it before closing the replica. */
export class PeerSync {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private stopped = true;
  /** Peer → rounds to skip after failures (doubling, at most 32). */
  private readonly backoff = new Map<string, { skip: number; next: number }>();

  constructor(
    private readonly source: SyncSource,
    private readonly options: PeerSyncOptions = {},
  ) {}

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.schedule(0);
  }

  /** Syncs soon (after local events), unless a round is running. */
  nudge(): void {
    if (!this.stopped && this.running === null) this.schedule(0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running;
  }

  private schedule(delay: number): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      this.running = this.syncAll()
        .then(() => undefined)
        .finally(() => {
          this.running = null;
          if (!this.stopped) this.schedule(this.options.intervalMs ?? 30_000);
        });
    }, delay);
    this.timer.unref?.();
  }

  /** One round over every peer; returns each peer's outcome. */
  async syncAll(): Promise<Map<string, SyncReport | SyncError>> {
    const out = new Map<string, SyncReport | SyncError>();
    for (const url of await loadPeers(this.source.replica.store)) {
      if (this.stopped && this.timer === null && this.running !== null) break;
      const b = this.backoff.get(url);
      if (b && b.skip > 0) {
        b.skip--;
        continue;
      }
      let result: SyncReport | SyncError;
      let transport: SyncTransport | null = null;
      try {
        transport = await (this.options.transport ?? httpTransport)(url);
        result = await syncWith(this.source, transport, {
          ...this.options.sync,
          key: this.options.key ?? null,
          peer: `peer:${url}`,
          ...(this.options.peerReader
            ? { peerReader: this.options.peerReader(url) }
            : {}),
          ...(this.options.hosted ? { hosted: this.options.hosted } : {}),
        });
        this.backoff.delete(url);
      } catch (e) {
        if (!(e instanceof SyncFailure)) throw e;
        result = e.error;
        const next = Math.min(32, (b?.next ?? 1) * 2);
        this.backoff.set(url, { skip: next - 1, next });
      } finally {
        await transport?.close();
      }
      out.set(url, result);
      this.options.onResult?.(url, result);
    }
    await this.source.replica.flush();
    return out;
  }
}
