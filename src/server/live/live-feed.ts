/**
 * @module The live feed: every open page holds a WebSocket; after each commit the hub tells
 * each socket which scopes it may read have new events, and the page fetches what it shows
 * again. A socket hears of a scope only when its key may read that scope (the viewer's
 * `reads`, core's `readableScopes`), and the event count it is told counts only those scopes:
 * an event elsewhere changes nothing it hears, not even the timing of a message. Ids only,
 * never content. Messages are coalesced to one per turn.
 */
import type { Viewer } from "../read/viewer.js";

/** What a page hears. */
export type LiveMessage =
  | {
      readonly type: "hello";
      /** Events in the scopes the socket's viewer reads. */
      readonly events: number;
      readonly member: string | null;
    }
  | {
      readonly type: "changed";
      /** Events in the scopes the socket's viewer reads, now. */
      readonly events: number;
      /** Scopes (body ids, or the federation id) with new events, among those the viewer reads. */
      readonly scopes: readonly string[];
      /** True when the set of scopes the viewer reads changed (admitted, removed, seated…). */
      readonly access: boolean;
    };

/** One open socket, as the feed needs it. */
export interface LiveClient {
  /** The proven key of the socket, or null for an outsider's. */
  key: string | null;
  /** The session token that proved the key, or null. */
  token?: string | null;
  /** Closes the socket (its session ended). */
  close?(): void;
  /** The scopes it read when last told anything (set by the feed). */
  reads?: ReadonlySet<string>;
  send(message: LiveMessage): void;
}

function sameSet(a: ReadonlySet<string>, b: ReadonlySet<string>): boolean {
  if (a.size !== b.size) return false;
  for (const x of a) if (!b.has(x)) return false;
  return true;
}

export class LiveFeed {
  private readonly clients = new Set<LiveClient>();
  private readonly pending = new Set<string>();
  private scheduled = false;

  constructor(
    private readonly options: {
      readonly maxClients: number;
      /** What a key (or an outsider, for null) may read now. */
      readonly viewerOf: (key: string | null) => Viewer;
      /** How many events the viewer reads. */
      readonly events: (viewer: Viewer) => number;
      /** False once a session token has ended (expired, signed out, its key barred). */
      readonly sessionLive?: (token: string) => boolean;
    },
  ) {}

  get size(): number {
    return this.clients.size;
  }

  /** Adds a socket; false when the feed is full. */
  add(client: LiveClient): boolean {
    if (this.clients.size >= this.options.maxClients) return false;
    this.clients.add(client);
    client.reads = this.options.viewerOf(client.key).reads;
    return true;
  }

  remove(client: LiveClient): void {
    this.clients.delete(client);
  }

  /** The socket's viewer changed (it signed in): what it reads is taken from now. */
  reset(client: LiveClient): void {
    client.reads = this.options.viewerOf(client.key).reads;
  }

  /**
   * Closes the sockets signed in with these sessions (ended: logged out, or their key was
   * revoked or frozen): a page that still holds one hears nothing more as that key.
   */
  endSessions(tokens: readonly string[]): void {
    const ended = new Set(tokens);
    for (const c of [...this.clients])
      if (c.token != null && ended.has(c.token)) {
        this.clients.delete(c);
        c.close?.();
      }
  }

  /** Notes scopes with new events; the messages go out once per turn. */
  changed(scopes: Iterable<string>): void {
    for (const s of scopes) this.pending.add(s);
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => this.broadcast());
  }

  private broadcast(): void {
    this.scheduled = false;
    const scopes = [...this.pending];
    this.pending.clear();
    for (const c of [...this.clients]) {
      // A socket outliving its session (it expired, or ended elsewhere) hears no more as it.
      if (
        c.token != null &&
        this.options.sessionLive !== undefined &&
        !this.options.sessionLive(c.token)
      ) {
        this.clients.delete(c);
        c.close?.();
        continue;
      }
      const viewer = this.options.viewerOf(c.key);
      const visible = scopes.filter((s) => viewer.reads.has(s));
      const access = c.reads !== undefined && !sameSet(c.reads, viewer.reads);
      c.reads = viewer.reads;
      if (visible.length === 0 && !access) continue;
      c.send({
        type: "changed",
        events: this.options.events(viewer),
        scopes: visible.sort(),
        access,
      });
    }
  }
}
